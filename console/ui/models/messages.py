"""A window of one conversation's messages, oldest first: older pages are prepended as the
agent scrolls up, newer messages appended (a page at a time below a chat opened at an
older message), states updated in place. The pane keeps the window bounded by dropping
rows at the far end (`drop_newest`, `drop_oldest`), so its cost never grows with how far
back the agent has scrolled."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt

from console.domain.lifecycle import DeliveryState
from console.domain.messages import MessageSummary
from console.domain.views import ChatMessage
from console.ui.chat.days import day_label, local_day
from console.ui.chat.template_text import template_tooltip
from console.ui.labels import clock, delivery_state
from console.ui.models.common import ROOT, Index

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the ChatMessage
DAY_ROLE = Qt.ItemDataRole.UserRole + 2  # the day separator above the row, or None


class MessageListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[ChatMessage] = []
        self._days: list[date] = []  # each row's local day, read at every layout of every row
        self._rows_by_id: dict[int, int] = {}

    def replace(self, items: list[ChatMessage]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._days = [local_day(item.message.created_at) for item in self._items]
        self._reindex()
        self.endResetModel()

    def prepend(self, items: list[ChatMessage]) -> None:
        """Add an older page above the loaded rows."""
        if not items:
            return
        self.beginInsertRows(QModelIndex(), 0, len(items) - 1)
        self._items[:0] = items
        self._days[:0] = [local_day(item.message.created_at) for item in items]
        self._reindex()
        self.endInsertRows()
        # The former first row may now share its day with the page above it.
        first_old = self.index(len(items))
        self.dataChanged.emit(first_old, first_old, [DAY_ROLE])

    def extend(self, items: list[ChatMessage]) -> None:
        """Add a newer page below the loaded rows (a chat opened at an older message)."""
        if not items:
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
        self._items.extend(items)
        self._days.extend(local_day(item.message.created_at) for item in items)
        self._rows_by_id.update((item.message.id, first + n) for n, item in enumerate(items))
        self.endInsertRows()

    def drop_newest(self, count: int) -> None:
        """Forget the `count` newest rows (far below what the agent reads)."""
        count = min(count, len(self._items))
        if count <= 0:
            return
        first = len(self._items) - count
        self.beginRemoveRows(QModelIndex(), first, len(self._items) - 1)
        for item in self._items[first:]:
            del self._rows_by_id[item.message.id]
        del self._items[first:], self._days[first:]
        self.endRemoveRows()

    def drop_oldest(self, count: int) -> None:
        """Forget the `count` oldest rows (far above what the agent reads)."""
        count = min(count, len(self._items))
        if count <= 0:
            return
        self.beginRemoveRows(QModelIndex(), 0, count - 1)
        del self._items[:count], self._days[:count]
        self._reindex()
        self.endRemoveRows()
        # The new first row always shows its day.
        self.dataChanged.emit(self.index(0), self.index(0), [DAY_ROLE])

    def append(self, item: ChatMessage) -> None:
        """Add a message that is new to the view (messages only arrive newer)."""
        if item.message.id in self._rows_by_id:
            self.update(item.message)
            return
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self._days.append(local_day(item.message.created_at))
        self._rows_by_id[item.message.id] = row
        self.endInsertRows()

    def update(self, message: MessageSummary) -> bool:
        """Refresh a shown message's state; False when it is not loaded."""
        row = self._rows_by_id.get(message.id)
        if row is None:
            return False
        self._items[row] = replace(self._items[row], message=message)
        self.dataChanged.emit(self.index(row), self.index(row))
        return True

    def _reindex(self) -> None:
        self._rows_by_id = {item.message.id: row for row, item in enumerate(self._items)}

    def row_of(self, message_id: int) -> int | None:
        return self._rows_by_id.get(message_id)

    def message(self, row: int) -> MessageSummary:
        return self._items[row].message

    def item(self, row: int) -> ChatMessage:
        return self._items[row]

    @property
    def oldest_id(self) -> int | None:
        return self._items[0].message.id if self._items else None

    @property
    def newest_id(self) -> int | None:
        return self._items[-1].message.id if self._items else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def separators(self, items: list[ChatMessage], after: ChatMessage | None = None) -> list[str | None]:
        """The day labels `items` would show as rows, following `after` (None: as the first rows)."""
        today = datetime.now().astimezone().date()
        labels: list[str | None] = []
        previous = None if after is None else local_day(after.message.created_at)
        for item in items:
            day = local_day(item.message.created_at)
            labels.append(None if day == previous else day_label(day, today))
            previous = day
        return labels

    def day_separator(self, row: int, today: datetime | None = None) -> str | None:
        """The label above `row` when it starts a new day (always for the first loaded row)."""
        day = self._days[row]
        if row > 0 and self._days[row - 1] == day:
            return None
        return day_label(day, (today or datetime.now()).astimezone().date())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        message = item.message
        if role == ITEM_ROLE:
            return item
        if role == DAY_ROLE:
            return self.day_separator(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return message.body
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.AccessibleTextRole:  # what the bubble paints, for a screen reader
            state = delivery_state(message.state) if message.sent_by_us else None
            if message.queued_for_team:
                state = self.tr("Queued for the team server")
            said = message.body
            if item.note is not None:  # a notice, in the reader's language (Babel loads with the first one)
                from console.ui.wording import say

                said = say(item.note)
            parts = (self.day_separator(index.row()), said, clock(message.created_at), state)
            return ", ".join(part for part in parts if part)
        return None

    def _tooltip(self, item: ChatMessage) -> str | None:
        state = self._state_tooltip(item.message)
        if item.template is None:
            return state
        return "\n".join(filter(None, (template_tooltip(item.template), state)))

    def _state_tooltip(self, message: MessageSummary) -> str | None:
        if not message.sent_by_us:
            return None
        from console.ui.wording import say  # Babel: only once a failure is hovered, not before the first paint

        if message.state is DeliveryState.FAILED:
            return say(message.failure_reason) if message.failure_reason else self.tr("The provider gave no reason.")
        if message.state is DeliveryState.UNKNOWN:
            hint = self.tr("Right-click and choose Verify… before sending it again.")
            return f"{say(message.failure_reason)}\n{hint}" if message.failure_reason else hint
        if message.queued_for_team:
            return self.tr("Queued: the team server has not taken it yet; it is posted again when the server answers.")
        return delivery_state(message.state)
