"""Messages found by their text across conversations, newest first, a page at a time: the
view asks for the next page (`fetchMore`) as the agent scrolls to the end of the list.

The store bounds each page's work, so a page may come back short while older matches may
still follow (a phrase few messages hold): the model then asks for the next one by itself
until it has gathered a page or the store says it reached the end, showing each piece as it
arrives.

Each query runs on the database thread; a newer query cancels the older one's task, so
typing never queues searches nor shows an older query's answer."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QObject, Qt, Signal

from console.domain.errors import InvalidInput
from console.domain.search_views import SearchHit
from console.services.message_search import MessageSearch
from console.ui.models.common import ROOT, Index
from console.ui.tasks import TaskHolder
from console.ui.wording import say

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH = "search"
PAGE = 50


class SearchHitsModel(QAbstractListModel):
    searched = Signal()  # a page arrived (or the query found nothing)
    refused = Signal(str)  # the search service turned the query down, with its reason

    def __init__(self, search: MessageSearch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._tasks = TaskHolder(self)
        self._hits: list[SearchHit] = []
        self._query = ""
        self._account_id: int | None = None
        self._has_more = False
        self._next_before: int | None = None
        self._continuing = False

    @property
    def query(self) -> str:
        return self._query

    @property
    def account_id(self) -> int | None:
        return self._account_id

    @property
    def has_more(self) -> bool:
        """The store said older matches may follow."""
        return self._has_more

    @property
    def continuing(self) -> bool:
        """The page so far is short and the model is asking for older matches by itself."""
        return self._continuing

    @property
    def loading(self) -> bool:
        return self._tasks.running(SEARCH)

    def set_query(self, query: str, account_id: int | None) -> None:
        """Search anew (all accounts: `account_id` None); an empty query clears the list."""
        self._query, self._account_id = query, account_id
        self._tasks.cancel(SEARCH)
        self.beginResetModel()
        self._hits, self._has_more, self._next_before, self._continuing = [], False, None, False
        self.endResetModel()
        if query:
            self._tasks.start(SEARCH, self._page(query, account_id, None))

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and self.has_more and not self.loading

    def fetchMore(self, parent: Index = ROOT) -> None:
        if self.canFetchMore(parent):
            self._tasks.start(SEARCH, self._page(self._query, self._account_id, self._next_before))

    async def _page(self, query: str, account_id: int | None, before: int | None) -> None:
        """Pages from `before` down until PAGE hits are gathered or the store reached the end;
        `searched` after each one."""
        gathered = 0
        while True:
            try:
                page = await self._search.search(query, account_id=account_id, before_message_id=before, limit=PAGE)
            except InvalidInput as refused:
                self.refused.emit(say(refused))
                return
            gathered += len(page.hits)
            self._has_more, self._next_before = page.more, page.next_before
            self._continuing = page.more and gathered < PAGE
            if page.hits:
                first = len(self._hits)
                self.beginInsertRows(ROOT, first, first + len(page.hits) - 1)
                self._hits.extend(page.hits)
                self.endInsertRows()
            self.searched.emit()
            if not self._continuing:
                return
            before = page.next_before

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.contact_title} · {hit.account_name}: {hit.snippet}"
        return None
