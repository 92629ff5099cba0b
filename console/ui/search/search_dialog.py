"""Search › Messages (Ctrl+Shift+F): the text of every message, on all accounts or one.

Typing is debounced; Enter or a click on a result asks the window to open that
conversation at that message (`hit_chosen`). Down moves from the box into the results."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from console.domain.text_search import MIN_SEARCH_LENGTH, searchable
from console.services.accounts import AccountService
from console.services.message_search import MessageSearch
from console.ui.search.hit_delegate import SearchHitDelegate
from console.ui.search.hits_model import SearchHitsModel
from console.ui.tasks import TaskHolder

DEBOUNCE_MS = 250
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class MessageSearchDialog(QDialog):
    hit_chosen = Signal(object)  # SearchHit

    def __init__(self, search: MessageSearch, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Search messages"))
        self._accounts = accounts
        self._tasks = TaskHolder(self)
        self._open_first = False  # Enter was pressed before the results arrived
        self.model = SearchHitsModel(search, self)
        self.query_edit = QLineEdit()
        self.query_edit.setAccessibleName(self.tr("Search messages"))
        self.query_edit.setPlaceholderText(self.tr("Words of a message, on every conversation"))
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.installEventFilter(self)
        self.account_box = QComboBox()
        self.account_box.addItem(self.tr("All accounts"), None)
        self.status_label = QLabel()
        self.results = QListView()
        self.results.setAccessibleName(self.tr("Messages found"))
        self.results.setModel(self.model)
        self.results.setItemDelegate(SearchHitDelegate(self.results))
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrap to a new width
        self.results.clicked.connect(self._choose)
        self.results.installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(self.query_edit, 1)
        top.addWidget(self.account_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results, 1)
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 30)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        self.query_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.account_box.currentIndexChanged.connect(lambda _index: self.search_now())
        self.model.searched.connect(self._on_searched)
        self.model.refused.connect(self.status_label.setText)
        self._tasks.start("accounts", self._load_accounts())

    async def _load_accounts(self) -> None:
        for account in await self._accounts.list():
            self.account_box.addItem(account.name, account.id)

    def search_now(self) -> None:
        """Search what is typed now (the debounce's end; Enter does not wait for it)."""
        self._debounce.stop()
        self._open_first = False
        text = self.query_edit.text()
        needle = searchable(text)
        account_id = self.account_box.currentData()
        if needle == searchable(self.model.query) and account_id == self.model.account_id:
            return
        if 0 < len(needle) < MIN_SEARCH_LENGTH:
            self.model.set_query("", account_id)
            self.status_label.setText(self.tr("Type at least %n characters to search every conversation.", "", MIN_SEARCH_LENGTH))
            return
        self.model.set_query(text if needle else "", account_id)
        self.status_label.setText(self.tr("Searching…") if needle else "")

    def _on_searched(self) -> None:
        rows = self.model.rowCount()
        if self.model.continuing:
            self.status_label.setText(self.tr("%n message(s) found so far; searching older messages…", "", rows))
        elif rows == 0:
            self.status_label.setText(self.tr("No message contains “{query}”.").format(query=self.model.query.strip()))
        elif self.model.has_more:
            self.status_label.setText(self.tr("%n message(s) found; scroll for older ones.", "", rows))
        else:
            self.status_label.setText(self.tr("%n message(s) found.", "", rows))
        if rows and not self.results.currentIndex().isValid():
            self.results.setCurrentIndex(self.model.index(0))
        if self._open_first and (rows or not self.model.continuing):
            self._open_first = False
            self._choose(self.results.currentIndex())

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.hit_chosen.emit(self.model.hit(index.row()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.query_edit and event.key() in ENTER_KEYS:
            self.search_now()
            if self.model.loading:
                self._open_first = True
            else:
                self._choose(self.results.currentIndex())
            return True
        if watched is self.results and event.key() in ENTER_KEYS:
            self._choose(self.results.currentIndex())
            return True
        if watched is self.query_edit and event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self.results.setFocus()
            return True
        return False
