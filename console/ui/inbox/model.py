"""The inbox as a list model: loaded a page at a time from the top (fetchMore), kept live
one row at a time.

`conversation_changed` names the conversations whose rows changed; a burst of them (a
bulk run announces every recipient) is gathered for `COALESCE_MS` and then each row is
read back with `InboxService.locate` and moved, inserted, updated or removed in place.
The list is never reset for a message.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import QAbstractListModel, QObject, Qt, QTimer, Signal

from console.domain.inbox import InboxFilter
from console.domain.views import InboxRow
from console.services.topics import ConversationChanged
from console.ui.inbox.roles import ROW_ROLE
from console.ui.inbox.texts import bot_text, holder_text, row_time, summary, window_text
from console.ui.models.common import ROOT, Index
from console.ui.tasks import TaskHolder

PAGE_SIZE = 100
COALESCE_MS = 60
RELOAD_AFTER = 50  # changed rows in one burst beyond which the list is read again whole
CLOCK_MS = 60_000  # the window left counts down


class InboxSource(Protocol):
    async def page(self, chosen: InboxFilter, offset: int, limit: int) -> list[InboxRow]: ...
    async def count(self, chosen: InboxFilter) -> int: ...
    async def locate(self, conversation_id: int, chosen: InboxFilter) -> tuple[int, InboxRow] | None: ...


class InboxListModel(QAbstractListModel):
    counted = Signal(int)  # conversations matching the filter, once known

    def __init__(self, source: InboxSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._tasks = TaskHolder(self)
        self._filter = InboxFilter()
        self._rows: list[InboxRow] = []
        self._total = 0
        self._changed: set[int] = set()
        self._gather = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._gather.timeout.connect(self._apply_changes)
        self._clock = QTimer(self, interval=CLOCK_MS)
        self._clock.timeout.connect(self._time_moved)
        self._clock.start()

    @property
    def filter(self) -> InboxFilter:
        return self._filter

    @property
    def loading(self) -> bool:
        return self._tasks.running("load")

    def show(self, chosen: InboxFilter) -> None:
        """List the conversations `chosen` keeps: the first page, then more as the view scrolls."""
        self._tasks.cancel_all()
        self._changed.clear()
        self._filter = chosen
        self._tasks.start("load", self._load(chosen))

    def reload(self) -> None:
        self.show(self._filter)

    async def _load(self, chosen: InboxFilter) -> None:
        total = await self._source.count(chosen)
        rows = await self._source.page(chosen, 0, PAGE_SIZE)
        self.beginResetModel()
        self._rows, self._total = rows, total
        self.endResetModel()
        self.counted.emit(total)

    def row(self, row: int) -> InboxRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, conversation_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.conversation_id == conversation_id), None)

    def row_of_contact(self, contact_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.contact_id == contact_id), None)

    # -- paging --------------------------------------------------------------------

    def canFetchMore(self, parent: Index = ROOT) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and len(self._rows) < self._total and not self._tasks.running("load")

    def fetchMore(self, parent: Index = ROOT) -> None:  # noqa: N802 - Qt's name
        if self.canFetchMore(parent) and not self._tasks.running("more"):
            self._tasks.start("more", self._more(self._filter, len(self._rows)))

    async def _more(self, chosen: InboxFilter, offset: int) -> None:
        rows = await self._source.page(chosen, offset, PAGE_SIZE)
        known = {row.conversation_id for row in self._rows}
        fresh = [row for row in rows if row.conversation_id not in known]
        if fresh:
            self.beginInsertRows(ROOT, len(self._rows), len(self._rows) + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()

    # -- live: one row at a time ---------------------------------------------------

    def conversation_changed(self, change: ConversationChanged) -> None:
        self._changed.add(change.conversation_id)
        if not self._gather.isActive():
            self._gather.start()

    def _apply_changes(self) -> None:
        if self._tasks.running("load") or self._tasks.running("changes"):
            self._gather.start()  # read once the list or the previous burst is in place
            return
        changed, self._changed = self._changed, set()
        if len(changed) > RELOAD_AFTER:
            self.reload()  # a bulk run touched many rows: one fresh read beats moving each
        elif changed:
            self._tasks.start("changes", self._place_all(self._filter, changed))

    async def _place_all(self, chosen: InboxFilter, changed: set[int]) -> None:
        located = [(conversation_id, await self._source.locate(conversation_id, chosen)) for conversation_id in changed]
        total = await self._source.count(chosen)
        if chosen != self._filter or self._tasks.running("load"):
            return
        # Top rows first, so each lands where the rows above it already are.
        for conversation_id, found in sorted(located, key=lambda pair: pair[1][0] if pair[1] else -1):
            self._place(conversation_id, found)
        if total != self._total:
            self._total = total
            self.counted.emit(total)
        if len(self._rows) < min(total, PAGE_SIZE):
            self.fetchMore()

    def _place(self, conversation_id: int, found: tuple[int, InboxRow] | None) -> None:
        old = self.row_of(conversation_id)
        # A row that lands below the loaded ones is left for paging to read.
        new = None if found is None or found[0] > len(self._rows) - (old is not None) else found[0]
        if new is None:
            if old is not None:
                self.beginRemoveRows(ROOT, old, old)
                del self._rows[old]
                self.endRemoveRows()
            return
        row = found[1]  # type: ignore[index]
        if old is None:
            self.beginInsertRows(ROOT, new, new)
            self._rows.insert(new, row)
            self.endInsertRows()
        elif old == new:
            self._rows[old] = row
            self.dataChanged.emit(self.index(old), self.index(old))
        else:
            self.beginMoveRows(ROOT, old, old, ROOT, new if new < old else new + 1)
            del self._rows[old]
            self._rows.insert(new, row)
            self.endMoveRows()
            self.dataChanged.emit(self.index(new), self.index(new))

    def _time_moved(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    # -- Qt ------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return row.contact_title
        if role == Qt.ItemDataRole.AccessibleTextRole:  # what the delegate paints, for a screen reader
            now = datetime.now(UTC)
            parts = (
                row.contact_title,
                row.account_name,
                row_time(row.last_at, now),
                summary(row),
                window_text(row, now),
                bot_text(row),
                holder_text(row),
            )
            return ", ".join(part for part in parts if part)
        return None
