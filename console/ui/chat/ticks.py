"""Delivery ticks drawn from the canonical state, as in WhatsApp: clock, ✓, ✓✓, blue ✓✓, plus
a red mark for failed and a question mark for an outcome nobody knows yet."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from console.domain.lifecycle import DeliveryState

TICK_WIDTH = 18
TICK_HEIGHT = 12

# The light palette's ticks; the bubble delegate passes others for dark and high-contrast ones.
GREY = QColor("#667781")
READ_BLUE = QColor("#027eb5")
FAILED_RED = QColor("#d13438")
UNKNOWN_AMBER = QColor("#c27c0e")


def _check(painter: QPainter, rect: QRectF, left: float) -> None:
    """One ✓ whose short stroke starts at `left`."""
    path = QPainterPath()
    path.moveTo(left, rect.center().y() + 0.5)
    path.lineTo(left + rect.height() * 0.3, rect.bottom() - 1)
    path.lineTo(left + rect.height() * 0.95, rect.top() + 1.5)
    painter.drawPath(path)


def _mark(painter: QPainter, rect: QRectF, colour: QColor, symbol: str) -> None:
    """A filled circle with a symbol: `!` for failed, `?` for unknown."""
    side = min(rect.width(), rect.height()) + 1
    circle = QRectF(rect.right() - side, rect.center().y() - side / 2, side, side)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(circle)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(7, int(side * 0.8)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, symbol)


def _clock(painter: QPainter, rect: QRectF) -> None:
    side = rect.height() - 1
    circle = QRectF(rect.right() - side, rect.top() + 0.5, side, side)
    painter.drawEllipse(circle)
    centre = circle.center()
    painter.drawLine(centre, QPointF(centre.x(), circle.top() + 2.5))
    painter.drawLine(centre, QPointF(circle.right() - 2.5, centre.y()))


def paint_ticks(
    painter: QPainter, rect: QRectF, state: DeliveryState, plain: QColor = GREY, read: QColor = READ_BLUE
) -> None:
    """Draw the mark for `state` right-aligned in `rect` (TICK_WIDTH × TICK_HEIGHT), its ticks
    in `plain`, or `read` once read."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    colour = read if state is DeliveryState.READ else plain
    painter.setPen(QPen(colour, 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    if state is DeliveryState.PENDING:
        _clock(painter, rect)
    elif state in (DeliveryState.ACCEPTED, DeliveryState.SENT):
        _check(painter, rect, rect.right() - rect.height())
    elif state in (DeliveryState.DELIVERED, DeliveryState.READ):
        _check(painter, rect, rect.right() - rect.height() - 5)
        _check(painter, rect, rect.right() - rect.height())
    elif state is DeliveryState.FAILED:
        _mark(painter, rect, FAILED_RED, "!")
    elif state is DeliveryState.UNKNOWN:
        _mark(painter, rect, UNKNOWN_AMBER, "?")
    else:  # deleted or expired: a struck-through circle
        circle = QRectF(rect.right() - rect.height() + 1, rect.top() + 0.5, rect.height() - 1, rect.height() - 1)
        painter.drawEllipse(circle)
        painter.drawLine(circle.bottomLeft(), circle.topRight())
    painter.restore()
