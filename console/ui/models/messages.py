"""One conversation's messages, oldest first, updated in place as their states change."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageSummary
from console.ui.labels import delivery_state, local_time
from console.ui.models.common import ROOT, Index

OUTGOING_TINT = QColor("#e3f4dc")
FAILED_TINT = QColor("#fbe3e3")


class MessageListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._messages: list[MessageSummary] = []
        self._rows_by_id: dict[int, int] = {}

    def replace(self, messages: list[MessageSummary]) -> None:
        self.beginResetModel()
        self._messages = list(messages)
        self._rows_by_id = {message.id: row for row, message in enumerate(self._messages)}
        self.endResetModel()

    def upsert(self, message: MessageSummary) -> None:
        """Update a shown message, or append a new one (messages only arrive newer)."""
        row = self._rows_by_id.get(message.id)
        if row is not None:
            self._messages[row] = message
            self.dataChanged.emit(self.index(row), self.index(row))
            return
        row = len(self._messages)
        self.beginInsertRows(QModelIndex(), row, row)
        self._messages.append(message)
        self._rows_by_id[message.id] = row
        self.endInsertRows()

    def row_of(self, message_id: int) -> int | None:
        return self._rows_by_id.get(message_id)

    def message(self, row: int) -> MessageSummary:
        return self._messages[row]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._messages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        message = self._messages[index.row()]
        outgoing = message.direction is Direction.OUTGOING
        if role == Qt.ItemDataRole.DisplayRole:
            meta = local_time(message.created_at)
            if outgoing:
                meta = f"{meta} · {delivery_state(message.state)}"
            elif message.direction is Direction.BOT:
                meta = f"{self.tr('Bot')} · {meta}"
            return f"{message.body}\n{meta}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return message.failure_reason
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if outgoing else Qt.AlignmentFlag.AlignLeft
            return side | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            if message.state is DeliveryState.FAILED:
                return FAILED_TINT
            return OUTGOING_TINT if outgoing else None
        return None
