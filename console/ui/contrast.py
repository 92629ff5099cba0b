"""Colour contrast as WCAG 2 measures it, to keep marks legible on any palette (light, dark,
high contrast): graphics need 3:1 against what lies behind them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

GRAPHICS = 3.0  # WCAG 2.1, non-text contrast
HIGH_CONTRAST = 15.0  # light text this far from a dark base: a high-contrast dark theme


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(one: QColor, other: QColor) -> float:
    """From 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def legible(preferred: QColor, backgrounds: tuple[QColor, ...], fallback: QColor) -> QColor:
    """`preferred` when it stands out from every background, else `fallback`."""
    return preferred if all(contrast(preferred, back) >= GRAPHICS for back in backgrounds) else fallback


def is_high_contrast(palette: QPalette) -> bool:
    """The desktop asks for high contrast, or the palette is one: light text on a black base.
    (Black text on white is every ordinary light palette: the light colours serve it.)"""
    hints = QGuiApplication.styleHints()
    if hints is not None and hints.accessibility().contrastPreference() is Qt.ContrastPreference.HighContrast:
        return True
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    return base.lightness() < 20 and contrast(text, base) >= HIGH_CONTRAST


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
