"""One colour per canonical state, shared by the timeline rows and the day chart.

Mid-tone colours, readable on light and dark palettes alike.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from console.domain.lifecycle import DeliveryState

STATE_COLORS = {
    DeliveryState.PENDING: QColor("#a0a0a0"),
    DeliveryState.UNKNOWN: QColor("#e8a317"),
    DeliveryState.ACCEPTED: QColor("#8fb3d9"),
    DeliveryState.SENT: QColor("#4f7fc0"),
    DeliveryState.DELIVERED: QColor("#2e9d48"),
    DeliveryState.READ: QColor("#22a6e0"),
    DeliveryState.FAILED: QColor("#d13438"),
    DeliveryState.DELETED: QColor("#6d6d6d"),
}
