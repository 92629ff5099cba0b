"""Ctrl+F over the chat: the open conversation's messages containing the typed text, counted,
each one scrolled to and marked in turn (the chat loads the pages around a match not loaded yet)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from console.domain.contact_views import ContactView
from console.domain.search_views import SearchHit
from console.services.conversations import ConversationService
from console.services.message_search import MessageSearch
from console.ui.panes.chat import ChatPane
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder

FIND = "find"
DEBOUNCE_MS = 250
MOST_MATCHES = 1000  # counted up to this many; a conversation rarely holds more


class FindBar(QWidget):
    closed = Signal()  # Esc: the agent is back to writing

    def __init__(
        self,
        search: MessageSearch,
        conversations: ConversationService,
        chat: ChatPane,
        selection: Selection,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._conversations = conversations
        self._chat = chat
        self._selection = selection
        self._tasks = TaskHolder(self)
        self._matches: list[int] = []  # message ids, newest first
        self._more = False  # the conversation holds more matches than were counted
        self._at = -1
        self.edit = QLineEdit()
        self.edit.setAccessibleName(self.tr("Find in this conversation"))
        self.edit.setPlaceholderText(self.tr("Find in this conversation"))
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.count_label = QLabel()
        self.older_button = QToolButton(text="▲", toolTip=self.tr("Older match (Enter)"))
        self.newer_button = QToolButton(text="▼", toolTip=self.tr("Newer match (Shift+Enter)"))
        self.close_button = QToolButton(text="✕", toolTip=self.tr("Close (Esc)"))
        self.older_button.clicked.connect(self.older)
        self.newer_button.clicked.connect(self.newer)
        self.close_button.clicked.connect(self.close_bar)
        for button in (self.older_button, self.newer_button, self.close_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        for button in (self.older_button, self.newer_button, self.close_button):
            layout.addWidget(button)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._find)
        self.edit.textChanged.connect(lambda _text: self._debounce.start())
        selection.contact_changed.connect(self._on_contact)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self._tasks.cancel(FIND)
        self._debounce.stop()
        self.hide()
        self.closed.emit()

    @property
    def position(self) -> tuple[int, int]:
        """(the match shown, counted from the newest, 1-based; the number of matches)."""
        return self._at + 1, len(self._matches)

    def older(self) -> None:
        self._step(1)

    def newer(self) -> None:
        self._step(-1)

    def _step(self, by: int) -> None:
        if self._debounce.isActive():  # typed but not searched yet: search first, from the newest
            self._debounce.stop()
            self._find()
            return
        if self._matches:
            self._at = (self._at + by) % len(self._matches)
            self._show_match()

    def _on_contact(self, _contact: ContactView | None) -> None:
        self._matches, self._at = [], -1
        self.count_label.clear()
        if self.isVisible() and self.edit.text():
            self._debounce.start()

    def _find(self) -> None:
        self._tasks.start(FIND, self._run(self.edit.text()))

    async def _run(self, text: str) -> None:
        contact = self._selection.contact
        found: tuple[SearchHit, ...] = ()
        more = False
        if text.strip() and contact is not None:
            # Asked here, not of the chat: a conversation just picked may still be loading there.
            conversation_id = await self._conversations.conversation_id(contact.account_id, contact.id)
            if conversation_id is not None:
                page = await self._search.search(text, conversation_id=conversation_id, limit=MOST_MATCHES)
                found, more = page.hits, page.more
        self._matches, self._more = [hit.message_id for hit in found], more
        self._at = 0 if self._matches else -1
        if not text.strip():
            self.count_label.clear()
        elif not self._matches:
            self.count_label.setText(self.tr("No matches"))
        else:
            self._show_match()

    def _show_match(self) -> None:
        at, total = self.position
        more = "+" if self._more else ""
        self.count_label.setText(self.tr("{at} of {total}").format(at=at, total=f"{total}{more}"))
        self._chat.reveal(self._matches[self._at])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.edit
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()  # Esc closes this bar first, before the window's "back to the list"
            return True
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                if shift:
                    self.newer()
                else:
                    self.older()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return False
