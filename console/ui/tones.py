"""The colours that say how something went (an error, a warning, done), one set for light
palettes and one for dark ones: a dark red that reads on white vanishes on dark grey."""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from console.ui.contrast import is_dark, is_high_contrast


class Tone(Enum):
    ERROR = "error"
    WARNING = "warning"
    OK = "ok"


ON_LIGHT = {Tone.ERROR: QColor("#b3261e"), Tone.WARNING: QColor("#8a5a00"), Tone.OK: QColor("#1e7b34")}
ON_DARK = {Tone.ERROR: QColor("#ff8a80"), Tone.WARNING: QColor("#ffc46b"), Tone.OK: QColor("#7bd88f")}


def tone_color(tone: Tone, palette: QPalette | None = None) -> QColor:
    """`tone`'s colour on `palette` (the application's when not given)."""
    shown = palette if palette is not None else QGuiApplication.palette()
    if is_high_contrast(shown):
        return shown.color(QPalette.ColorRole.Text)  # the theme's own: words say the rest
    return ON_DARK[tone] if is_dark(shown) else ON_LIGHT[tone]


def tone_style(tone: Tone, palette: QPalette | None = None) -> str:
    return f"color: {tone_color(tone, palette).name()};"
