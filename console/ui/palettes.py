"""A dark and a high-contrast palette like the desktops' own, for the screenshots' dark
variant and the legibility tests: the window itself follows whatever palette the system gives."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

Role = QPalette.ColorRole


def _palette(colours: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return palette


def dark_palette() -> QPalette:
    return _palette(
        {
            Role.Window: "#2d2d2d",
            Role.WindowText: "#e6e6e6",
            Role.Base: "#1e1e1e",
            Role.AlternateBase: "#262626",
            Role.Text: "#e6e6e6",
            Role.Button: "#3a3a3a",
            Role.ButtonText: "#e6e6e6",
            Role.Highlight: "#2a82da",
            Role.HighlightedText: "#ffffff",
            Role.Link: "#6cb4ff",
            Role.ToolTipBase: "#3f3f3f",
            Role.ToolTipText: "#f0f0f0",
            Role.PlaceholderText: "#9a9a9a",
            Role.Mid: "#4a4a4a",
            Role.Dark: "#1a1a1a",
            Role.Light: "#505050",
        },
        "#808080",
    )


def high_contrast_palette() -> QPalette:
    """Light text on black and a cyan highlight, as the usual high-contrast themes have."""
    return _palette(
        {
            Role.Window: "#000000",
            Role.WindowText: "#ffffff",
            Role.Base: "#000000",
            Role.AlternateBase: "#000000",
            Role.Text: "#ffffff",
            Role.Button: "#000000",
            Role.ButtonText: "#ffffff",
            Role.Highlight: "#1aebff",
            Role.HighlightedText: "#000000",
            Role.Link: "#ffff00",
            Role.ToolTipBase: "#000000",
            Role.ToolTipText: "#ffffff",
            Role.PlaceholderText: "#c0c0c0",
        },
        "#3ff23f",
    )
