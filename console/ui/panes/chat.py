"""Chat pane: the selected contact's conversation, live as message states change."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from console.domain.messages import MessageSummary
from console.services.conversations import ConversationService
from console.store.contacts import ContactView
from console.ui.bridge import TopicsBridge
from console.ui.labels import contact_title
from console.ui.models.messages import MessageListModel
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder

LOAD = "load"


class ChatPane(QWidget):
    def __init__(
        self, conversations: ConversationService, bridge: TopicsBridge, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._selection = selection
        self._tasks = TaskHolder()
        self._conversation_id: int | None = None
        self._arrived_while_loading: list[MessageSummary] = []
        self.model = MessageListModel(self)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-weight: bold; padding: 4px 2px;")
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setStyleSheet("QListView::item:selected { background: #cfe3f5; color: palette(text); }")
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.model.rowsInserted.connect(lambda *_: self.list.scrollToBottom())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)

        bridge.message_changed.connect(self._on_message_changed)
        selection.contact_changed.connect(self._on_contact)
        selection.message_changed.connect(self._show_selected_message)
        self._on_contact(selection.contact)

    def _on_contact(self, contact: ContactView | None) -> None:
        self._tasks.cancel(LOAD)
        self._conversation_id = None
        self.model.replace([])
        if contact is None:
            self.header.setText(self.tr("Select a contact in the agenda to see the conversation."))
            return
        self.header.setText(contact_title(contact))
        self._start_load(contact)

    def _start_load(self, contact: ContactView) -> None:
        self._arrived_while_loading.clear()
        self._tasks.start(LOAD, self._load(contact))

    async def _load(self, contact: ContactView) -> None:
        conversation_id = await self._conversations.conversation_id(contact.account_id, contact.id)
        messages = [] if conversation_id is None else await self._conversations.messages(conversation_id)
        self._conversation_id = conversation_id
        self.model.replace(messages)
        # Changes published while the query ran may be newer than what it read.
        for message in self._arrived_while_loading:
            if message.conversation_id == conversation_id:
                self.model.upsert(message)
        self._arrived_while_loading.clear()
        self.list.scrollToBottom()
        self._show_selected_message(self._selection.message_id)

    def _on_message_changed(self, message: MessageSummary) -> None:
        contact = self._selection.contact
        if contact is None:
            return
        if self._tasks.running(LOAD):
            self._arrived_while_loading.append(message)
        elif message.conversation_id == self._conversation_id:
            self.model.upsert(message)
            if message.id == self._selection.message_id:
                self._show_selected_message(message.id)
        elif self._conversation_id is None:
            # The first message to this contact may just have opened its conversation.
            self._start_load(contact)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._selection.set_message(self.model.message(current.row()).id)

    def _show_selected_message(self, message_id: int | None) -> None:
        row = None if message_id is None else self.model.row_of(message_id)
        if row is None:
            return
        index = self.model.index(row)
        if self.list.currentIndex() != index:
            self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def shutdown(self) -> None:
        self._tasks.cancel_all()
