"""The agenda as a table that knows its size and loads pages of rows on demand."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QAbstractTableModel, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from console.store.contacts import ContactView
from console.ui.labels import has_name, readable_phone
from console.ui.models.common import ROOT, Index
from console.ui.tasks import TaskHolder

PAGE_SIZE = 200
SECONDARY = QColor("#808080")
_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
})


class AgendaSource(Protocol):
    async def count(self, account_id: int, query: str = "") -> int: ...
    async def page(self, account_id: int, query: str, offset: int, limit: int) -> list[ContactView]: ...


class AgendaTableModel(QAbstractTableModel):
    """Rows come from `count`; a page is fetched when a row of it is first asked for.

    A new account or filter supersedes every request in flight, so a late answer for an
    older filter never lands in the table.
    """

    NAME, PHONE, IN_AGENDA = range(3)
    counted = Signal(int)  # rows matching the current filter, once known

    def __init__(self, source: AgendaSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._tasks = TaskHolder()
        self._account_id: int | None = None
        self._query = ""
        self._rows = 0
        self._pages: dict[int, list[ContactView]] = {}

    @property
    def query(self) -> str:
        return self._query

    def show(self, account_id: int | None, query: str = "") -> None:
        """Count (and then page) the contacts of `account_id` matching `query`."""
        self._tasks.cancel_all()
        self._account_id = account_id
        self._query = query
        if account_id is None:
            self._reset(0)
            self.counted.emit(0)
            return
        self._tasks.start("count", self._count(account_id, query))

    def reload(self) -> None:
        self.show(self._account_id, self._query)

    def cancel(self) -> None:
        self._tasks.cancel_all()

    async def _count(self, account_id: int, query: str) -> None:
        rows = await self._source.count(account_id, query)
        self._reset(rows)
        self.counted.emit(rows)

    def _reset(self, rows: int) -> None:
        self.beginResetModel()
        self._rows = rows
        self._pages.clear()
        self.endResetModel()

    def contact(self, row: int) -> ContactView | None:
        """The contact at `row`, or None while its page is still loading."""
        page = self._pages.get(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        if page is None:
            self._request(row // PAGE_SIZE)
            return None
        return page[offset] if offset < len(page) else None

    def _request(self, page: int) -> None:
        key = f"page:{page}"
        if self._account_id is None or self._tasks.running(key) or self._tasks.running("count"):
            return
        self._tasks.start(key, self._fetch(self._account_id, self._query, page))

    async def _fetch(self, account_id: int, query: str, page: int) -> None:
        contacts = await self._source.page(account_id, query, page * PAGE_SIZE, PAGE_SIZE)
        self._pages[page] = contacts
        first = page * PAGE_SIZE
        last = min(self._rows, first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Name"), self.tr("Phone"), self.tr("In agenda"))[section]
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in _ROLES:
            return None
        contact = self.contact(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            unnamed = column == self.NAME and (contact is None or not has_name(contact))
            return self._unnamed_style(role) if unnamed else None
        if contact is None:
            return self.tr("Loading…") if column == self.NAME else ""
        if column == self.NAME:
            return contact.display_name if has_name(contact) else self.tr("(no name)")
        if column == self.PHONE:
            return readable_phone(contact.phone)
        if role == Qt.ItemDataRole.ToolTipRole:
            return None if contact.in_agenda else self.tr("No longer listed in the provider's agenda")
        return self.tr("yes") if contact.in_agenda else self.tr("no")

    @staticmethod
    def _unnamed_style(role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole:
            return SECONDARY
        font = QFont()
        font.setItalic(True)
        return font
