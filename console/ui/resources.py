"""Files the window ships with: icons and translations under `resources/`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"
ICONS_DIR = RESOURCES_DIR / "icons"


def app_icon() -> QIcon:
    return QIcon(str(ICONS_DIR / "centralita.svg"))
