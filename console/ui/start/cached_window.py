"""The window as the agent left it, painted from the start-up snapshot before the rest of
the program loads: the main window's docks in their saved places, the inbox's first page
and the open conversation's newest messages drawn by the live window's own delegates.

Nothing in it acts: the lists are read-only and sending waits for the workspace (the Send
button says so). What the agent types meanwhile is handed to the live window's composer
(`hand_over`), which then takes this window's place.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QObject, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.content import MediaContent
from console.domain.views import ChatMessage, InboxRow
from console.ui.chat.bubble_delegate import BubbleDelegate
from console.ui.flow_layout import FlowLayout
from console.ui.inbox.delegate import InboxRowDelegate
from console.ui.inbox.filters import View
from console.ui.inbox.roles import ROW_ROLE
from console.ui.models.common import ROOT, Index
from console.ui.models.messages import MessageListModel
from console.ui.preferences import SavedLayout
from console.ui.screen_fit import first_geometry, same_screen

# The main window's docks, by object name (their saved state is restored by these names).
DOCKS = (
    ("Accounts", "accountsDock", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("Inbox", "inboxDock", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("Agenda", "agendaDock", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("Sender", "senderDock", Qt.DockWidgetArea.BottomDockWidgetArea),
    ("Timeline", "timelineDock", Qt.DockWidgetArea.RightDockWidgetArea),
    ("Contact", "contactDock", Qt.DockWidgetArea.RightDockWidgetArea),
)
MENUS = ("&File", "&Go", "&View", "&Help")


def _as_in(context: str, text: str) -> str:
    """`text` as the live window's `context` (a class's name) translates it: both windows read the same."""
    return QCoreApplication.translate(context, text)


def _main(text: str) -> str:
    return _as_in("MainWindow", text)


class CachedInboxModel(QAbstractListModel):
    """The snapshot's inbox rows, for the live list's delegate."""

    def __init__(self, rows: list[InboxRow], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = rows

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        return row.contact_title if role == Qt.ItemDataRole.DisplayRole else None


class NoMedia:
    """Files are not fetched before the workspace opens: bubbles show their placeholders."""

    def thumbnail(self, _message_id: int, _media: MediaContent) -> None:
        return None

    def failed(self, _message_id: int, _media: MediaContent) -> bool:
        return False

    def size(self, _message_id: int, _media: MediaContent) -> None:
        return None


class CachedWindow(QMainWindow):
    closed = Signal()  # the agent closed it before the live window came: they are quitting

    def __init__(
        self, inbox: list[InboxRow], conversation_id: int | None, messages: list[ChatMessage], parent: QWidget | None = None
    ) -> None:
        """`inbox`: the open conversations' first page; `messages`: the newest of `conversation_id`'s."""
        super().__init__(parent)
        self.setWindowTitle(_main("Centralita"))  # its icon is the application's (`app.create_application`)
        for title in MENUS:
            self.menuBar().addMenu(_main(title)).setEnabled(False)

        self.inbox_model = CachedInboxModel(inbox, self)
        self.inbox_list = self._list(_as_in("InboxPane", "Conversations"))
        self.inbox_list.setItemDelegate(InboxRowDelegate(self.inbox_list))
        self.inbox_list.setUniformItemSizes(True)
        self.inbox_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.chat_list = self._list(_as_in("ChatPane", "Conversation"))
        self.chat_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.chat_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chat_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.chat_list.setStyleSheet("QListView { background: palette(window); border: none; }")
        self.chat_list.setItemDelegate(BubbleDelegate(self.chat_list, NoMedia()))
        self.chat_model = MessageListModel(self)
        self.chat_model.replace(messages)
        self._open_conversation = conversation_id

        self.composer = QPlainTextEdit()
        self.composer.setAccessibleName(_as_in("ComposerTab", "Message"))
        self.send_button = QPushButton(_as_in("ComposerTab", "Send"))
        self.send_button.setEnabled(False)
        self.send_button.setToolTip(self.tr("Sending is possible once the workspace is open: a moment."))

        header = QLabel(next((row.contact_title for row in inbox if row.conversation_id == conversation_id), ""))
        chat = QWidget()
        chat_layout = QVBoxLayout(chat)
        chat_layout.setContentsMargins(4, 4, 4, 4)
        chat_layout.addWidget(header)
        chat_layout.addWidget(self.chat_list, 1)
        self.setCentralWidget(chat)

        panes = {"inboxDock": self._inbox_pane(), "senderDock": self._sender_pane()}
        self.docks = []
        for title, name, area in DOCKS:
            dock = QDockWidget(_main(title), self, objectName=name)
            dock.setWidget(panes.get(name) or QWidget())
            dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
            self.addDockWidget(area, dock)
            self.docks.append(dock)
        self.tabifyDockWidget(self.docks[1], self.docks[2])
        self.docks[1].raise_()
        self.statusBar().showMessage(self.tr("Opening the workspace…"))

    def _list(self, name: str) -> QListView:
        view = QListView()
        view.setAccessibleName(name)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        return view

    def _inbox_pane(self) -> QWidget:
        """The live inbox pane's controls in their places (inactive), then the list."""
        buttons = FlowLayout(spacing=2)
        for view in View:
            button = QPushButton(view.title, checkable=True, checked=view is View.OPEN, enabled=False)
            buttons.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(QLineEdit(placeholderText=_as_in("InboxPane", "Name or number (Ctrl+K)"), enabled=False), 1)
        scope = QComboBox(enabled=False)
        scope.addItem(_as_in("InboxPane", "All accounts"))
        top.addWidget(scope, 1)
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addLayout(top)
        layout.addWidget(QLabel())
        layout.addWidget(self.inbox_list, 1)
        return pane

    def _sender_pane(self) -> QWidget:
        pane = QWidget()
        layout = QHBoxLayout(pane)
        layout.addWidget(self.composer, 1)
        layout.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        return pane

    def show_rows(self) -> None:
        """Put the rows in the lists: once the window is shown, so each list lays its rows
        out once, at its final width (a list laid out in a layout measures all its rows)."""
        self.inbox_list.setModel(self.inbox_model)
        self.chat_list.setModel(self.chat_model)
        for number in range(self.inbox_model.rowCount()):
            if self.inbox_model.index(number).data(ROW_ROLE).conversation_id == self._open_conversation:
                self.inbox_list.setCurrentIndex(self.inbox_model.index(number))
                break
        self.chat_list.scrollToBottom()

    def restore_layout(self, saved: SavedLayout, available: QRect) -> None:
        """The docks and the window where the main window will put them (`MainWindow.restore_layout`)."""
        if saved.state is not None:
            self.restoreState(saved.state)
        fits = saved.geometry is not None and same_screen(saved.screen, available.size())
        if not (fits and saved.geometry is not None and self.restoreGeometry(saved.geometry)):
            self.setGeometry(first_geometry(available))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        super().closeEvent(event)
        self.closed.emit()

    def typed(self) -> str:
        """What the agent wrote in the composer meanwhile."""
        return self.composer.toPlainText()
