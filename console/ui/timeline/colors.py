"""One colour per canonical state, shared by the timeline rows and the day chart.

Two sets: darker tones on light palettes, lighter ones on dark palettes, each at least 3:1
against the pane behind it (`tests/ui/test_ui_palettes.py`).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from console.domain.lifecycle import DeliveryState
from console.ui.contrast import is_dark

ON_LIGHT = {
    DeliveryState.PENDING: QColor("#767676"),
    DeliveryState.UNKNOWN: QColor("#a86b00"),
    DeliveryState.ACCEPTED: QColor("#5a82b0"),
    DeliveryState.SENT: QColor("#2f5f9e"),
    DeliveryState.DELIVERED: QColor("#1e7b34"),
    DeliveryState.READ: QColor("#0a6fa8"),
    DeliveryState.FAILED: QColor("#c42b1c"),
    DeliveryState.DELETED: QColor("#4a4a4a"),
}
ON_DARK = {
    DeliveryState.PENDING: QColor("#b8b8b8"),
    DeliveryState.UNKNOWN: QColor("#e8a317"),
    DeliveryState.ACCEPTED: QColor("#8fb3d9"),
    DeliveryState.SENT: QColor("#6f9be0"),
    DeliveryState.DELIVERED: QColor("#3cb45a"),
    DeliveryState.READ: QColor("#22a6e0"),
    DeliveryState.FAILED: QColor("#ff6b6b"),
    DeliveryState.DELETED: QColor("#8c8c8c"),
}


def state_colors(palette: QPalette) -> dict[DeliveryState, QColor]:
    return ON_DARK if is_dark(palette) else ON_LIGHT
