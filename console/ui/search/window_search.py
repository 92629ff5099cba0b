"""The window's searches: Ctrl+Shift+F across every message, Ctrl+F in the open chat, and
opening a found message in its conversation."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from console.domain.search_views import SearchHit
from console.services.accounts import AccountService
from console.services.conversations import ConversationService
from console.services.message_search import MessageSearch
from console.ui.panes.chat import ChatPane
from console.ui.panes.sender import SenderPane
from console.ui.search.find_bar import FindBar
from console.ui.search.search_dialog import MessageSearchDialog
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder

SEARCH_KEYS = "Ctrl+Shift+F"
FIND_KEYS = "Ctrl+F"
OPEN = "open hit"


class WindowSearch(QObject):
    """Owns the two search actions (added to `menu` and to the window) and the find bar."""

    def __init__(
        self,
        search: MessageSearch,
        accounts: AccountService,
        conversations: ConversationService,
        selection: Selection,
        chat: ChatPane,
        sender: SenderPane,
        menu: QMenu,
    ) -> None:
        super().__init__(chat)
        self._search = search
        self._accounts = accounts
        self._conversations = conversations
        self._selection = selection
        self._chat = chat
        self._tasks = TaskHolder(self)
        self.dialog: MessageSearchDialog | None = None
        self.find_bar = FindBar(search, conversations, chat, selection)
        chat.add_bar(self.find_bar)
        self._sender = sender
        self.find_bar.closed.connect(self._back_to_writing)
        window = chat.window()
        self.search_action = QAction(self.tr("Search all messages…"), window)
        self.search_action.setShortcut(QKeySequence(SEARCH_KEYS))
        self.search_action.triggered.connect(self.open_dialog)
        self.find_action = QAction(self.tr("Find in this conversation"), window)
        self.find_action.setShortcut(QKeySequence(FIND_KEYS))
        self.find_action.triggered.connect(self.find_bar.open_bar)
        for action in self.actions:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
            menu.addAction(action)

    def _back_to_writing(self) -> None:
        """After Esc in the find bar: the composer, or the chat when the composer is closed (24 h)."""
        self._sender.show_composer()
        if not self._sender.text_edit.isEnabled():
            self._chat.list.setFocus()

    @property
    def actions(self) -> list[QAction]:
        return [self.search_action, self.find_action]

    def open_dialog(self) -> MessageSearchDialog:
        """The search dialog, kept between uses so the last query and results are still there."""
        if self.dialog is None:
            self.dialog = MessageSearchDialog(self._search, self._accounts, self._chat.window())
            self.dialog.hit_chosen.connect(self.open_hit)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.query_edit.setFocus()
        self.dialog.query_edit.selectAll()
        return self.dialog

    def open_hit(self, hit: SearchHit) -> None:
        """Open the hit's conversation at its message, marked; the dialog steps aside."""
        if self.dialog is not None:
            self.dialog.hide()
        self._chat.window().activateWindow()  # the keys go back to the window, not to nowhere
        self._tasks.start(OPEN, self._open(hit))

    async def _open(self, hit: SearchHit) -> None:
        account = await self._accounts.by_id(hit.account_id)
        contact = await self._conversations.contact(hit.conversation_id)
        if contact is None:
            return
        self._selection.set_account(account)
        self._selection.set_contact(contact)
        self._chat.reveal(hit.message_id)
        self._chat.list.setFocus()
