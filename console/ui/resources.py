"""Files the window ships with: icons and translations under `resources/`.

They sit in the source checkout's `resources/`; an installed wheel carries a copy as
`console/resources/` (see setup.py) and the packaged app one in its bundle folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

_PACKAGE = Path(__file__).resolve().parents[1]


def _resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "resources"] if getattr(sys, "frozen", False) and bundle else []
    candidates += [_PACKAGE / "resources", _PACKAGE.parent / "resources"]
    return next((path for path in candidates if path.is_dir()), candidates[-1])


RESOURCES_DIR = _resources_dir()
ICONS_DIR = RESOURCES_DIR / "icons"
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The SVG; the PNGs rendered from it where no SVG icon engine is available.

    Not both: the SVG engine reads every PNG added to it at once (a few milliseconds of the
    first paint), while PNGs added with their size are read only when that size is drawn."""
    icon = QIcon(str(ICONS_DIR / "centralita.svg"))
    if not icon.isNull():
        return icon
    icon = QIcon()
    for size in ICON_SIZES:
        png = ICONS_DIR / f"centralita-{size}.png"
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    return icon
