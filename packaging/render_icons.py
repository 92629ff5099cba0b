"""Render resources/icons/centralita.svg into the PNG sizes desktops ask for.

The PNGs are committed; run this again after editing the SVG:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def render(svg: Path, size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"could not write {target}")


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 - QPainter needs one
    for size in SIZES:
        render(ICONS / "centralita.svg", size, ICONS / f"centralita-{size}.png")
        print(ICONS / f"centralita-{size}.png")


if __name__ == "__main__":
    main()
