"""Timeline pane: every state event of the selected message, live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from console.domain.messages import MessageSummary
from console.services.conversations import ConversationService
from console.ui.bridge import TopicsBridge
from console.ui.labels import delivery_state
from console.ui.models.timeline import TimelineTableModel
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder

LOAD = "load"
PREVIEW_WIDTH = 320


class TimelinePane(QWidget):
    def __init__(
        self, conversations: ConversationService, bridge: TopicsBridge, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._tasks = TaskHolder()
        self._message_id: int | None = None
        self.model = TimelineTableModel(self)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (TimelineTableModel.TIME, TimelineTableModel.STATE, TimelineTableModel.RAW, TimelineTableModel.SOURCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TimelineTableModel.DETAIL, QHeaderView.ResizeMode.Stretch)
        self.model.modelReset.connect(self.table.resizeRowsToContents)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)

        bridge.message_changed.connect(self._on_message_changed)
        selection.message_changed.connect(self._on_selected)
        self._on_selected(selection.message_id)

    def _on_selected(self, message_id: int | None) -> None:
        self._message_id = message_id
        self._tasks.cancel(LOAD)
        self.model.replace([])
        if message_id is None:
            self.header.setText(self.tr("Select a message in the chat to see its delivery timeline."))
            return
        self.header.setText(self.tr("Message {id}").format(id=message_id))
        self._tasks.start(LOAD, self._load(message_id))

    def _on_message_changed(self, message: MessageSummary) -> None:
        if message.id == self._message_id:
            # A newer reload supersedes one in flight, so the last event is never missed.
            self._tasks.start(LOAD, self._load(message.id))

    async def _load(self, message_id: int) -> None:
        message = await self._conversations.message(message_id)
        events = await self._conversations.timeline(message_id)
        if message is not None:
            preview = self.fontMetrics().elidedText(" ".join(message.body.split()), Qt.TextElideMode.ElideRight, PREVIEW_WIDTH)
            self.header.setText(self.tr("“{text}” · now {state}").format(text=preview, state=delivery_state(message.state)))
        self.model.replace(events)

    def shutdown(self) -> None:
        self._tasks.cancel_all()
