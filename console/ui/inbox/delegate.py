"""Paints an inbox row on two lines: who and when; the account's tag, the last message,
the 24 h window left and the unread badge. In team mode the first line also names who has it."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from console.domain.inbox import BotHandling, ConversationStatus
from console.domain.views import InboxRow
from console.ui.inbox.roles import ROW_ROLE
from console.ui.inbox.texts import PROVIDER_COLORS, bot_text, row_time, summary, window_text
from console.ui.labels import readable_phone

PADDING = 6
BADGE = QColor("#2e9d48")
CLOSED = QColor("#b03030")
RESOLVED = QColor("#808080")
HOLDER = QColor("#6a3d9a")  # team mode: who has the conversation
BOT_COLORS = {BotHandling.BOT: QColor("#2c7fb8"), BotHandling.HANDED_OVER: QColor("#d35400")}


class InboxRowDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        line = option.fontMetrics.lineSpacing()
        return QSize(option.rect.width() or 300, 2 * line + 3 * PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(ROW_ROLE)
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        if not isinstance(row, InboxRow):
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        now = datetime.now(UTC)
        painter.save()
        area = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        line = option.fontMetrics.lineSpacing()
        top = QRect(area.left(), area.top(), area.width(), line)
        bottom = QRect(area.left(), area.top() + line + PADDING, area.width(), line)

        bold = QFont(option.font)
        bold.setBold(row.unread > 0)
        painter.setFont(option.font)
        painter.setPen(text_color)
        when = row_time(row.last_at, now)
        when_width = option.fontMetrics.horizontalAdvance(when) + PADDING
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        if row.holder:  # at most a third of the line, shortened with "…": the contact's name keeps the rest
            holder = option.fontMetrics.elidedText(row.holder, Qt.TextElideMode.ElideRight, top.width() // 3)
            holder_rect = top.adjusted(0, 0, -when_width, 0)
            painter.setPen(text_color if selected else HOLDER)
            painter.drawText(holder_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, holder)
            painter.setPen(text_color)
            when_width += option.fontMetrics.horizontalAdvance(holder) + PADDING
        painter.setFont(bold)
        name_rect = top.adjusted(0, 0, -when_width, 0)
        title = row.contact_title if row.named else readable_phone(row.contact_phone)
        name = QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, name_rect.width())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

        painter.setFont(option.font)
        right = bottom.right()
        if row.unread:
            right = self._badge(painter, option, bottom, str(row.unread))
        window = window_text(row, now)
        if window:
            width = option.fontMetrics.horizontalAdvance(window)
            left = row.window_left(now)
            painter.setPen(text_color if selected or left is not None else CLOSED)
            painter.drawText(QRect(right - width, bottom.top(), width, line), Qt.AlignmentFlag.AlignVCenter, window)
            right -= width + PADDING
        tag_right = self._account_tag(painter, option, bottom, row)
        handling = bot_text(row)
        if handling:
            # At most half of what is left beside the tag, shortened with "…": the preview keeps the rest.
            room = max(0, (right - tag_right - 2 * PADDING) // 2)
            handling = option.fontMetrics.elidedText(handling, Qt.TextElideMode.ElideRight, room)
            width = option.fontMetrics.horizontalAdvance(handling)
            painter.setPen(text_color if selected else BOT_COLORS[row.bot])
            painter.drawText(QRect(right - width, bottom.top(), width, line), Qt.AlignmentFlag.AlignVCenter, handling)
            right -= width + PADDING
        painter.setPen(text_color if row.status is ConversationStatus.OPEN or selected else RESOLVED)
        preview_rect = QRect(tag_right + PADDING, bottom.top(), right - tag_right - PADDING, line)
        preview = option.fontMetrics.elidedText(summary(row), Qt.TextElideMode.ElideRight, preview_rect.width())
        painter.drawText(preview_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, preview)
        painter.restore()

    @staticmethod
    def _badge(painter: QPainter, option: QStyleOptionViewItem, line: QRect, text: str) -> int:
        """The unread count in a green pill at the line's right end; returns where it begins."""
        width = max(option.fontMetrics.horizontalAdvance(text) + 10, line.height())
        pill = QRect(line.right() - width, line.top(), width, line.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE)
        painter.drawRoundedRect(pill, line.height() / 2, line.height() / 2)
        painter.setPen(QColor("white"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        return pill.left() - PADDING

    @staticmethod
    def _account_tag(painter: QPainter, option: QStyleOptionViewItem, line: QRect, row: InboxRow) -> int:
        """The account's name on its provider's colour; returns where it ends."""
        metrics = option.fontMetrics
        name = metrics.elidedText(row.account_name, Qt.TextElideMode.ElideRight, line.width() // 3)
        tag = QRect(line.left(), line.top(), metrics.horizontalAdvance(name) + 8, line.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PROVIDER_COLORS[row.provider])
        painter.drawRoundedRect(tag, 3, 3)
        painter.setPen(QColor("white"))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, name)
        return tag.right()
