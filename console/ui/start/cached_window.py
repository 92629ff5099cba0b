"""The window as the agent left it, painted from the start-up snapshot before the rest of
the program loads: the main window's docks in their saved places, the inbox's first page
and the open conversation's newest messages drawn by the live window's own delegates.

The agent works in it while the rest loads: the inbox is navigable, opening a conversation
reads its newest messages from the database (`read`, plain sqlite3), and the composer takes
typing. Sending waits for the workspace: Send keeps the text in the composer and says so.
What the agent typed and the conversation they opened go to the live window
(`start.live.take_place`), which then takes this window's place.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QObject, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPalette, QShortcut
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
SEND_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # as the live sender pane's
VIEWPORT_NAME = "qt_scrollarea_viewport"  # the name Qt gives the viewport it makes itself
# A conversation's newest messages, oldest first; None when they cannot be read before the workspace.
ReadConversation = Callable[[int], list[ChatMessage] | None]


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


def _viewport() -> QWidget:
    """A list's viewport as Qt makes its own (`QAbstractScrollAreaPrivate::init`).

    Qt's own would reach Python (the delegates and the paint watch ask for it) as a widget of
    no known class: the bindings then build every widget class to find its own, some 8 ms
    before the first paint. One made here is known already."""
    viewport = QWidget(objectName=VIEWPORT_NAME, autoFillBackground=True)
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    return viewport


def _no_reads(_conversation_id: int) -> None:
    return None


class CachedWindow(QMainWindow):
    closed = Signal()  # the agent closed it before the live window came: they are quitting
    opened = Signal(object)  # the InboxRow the agent opened here: the live window opens on it

    def __init__(
        self,
        inbox: list[InboxRow],
        conversation_id: int | None,
        messages: list[ChatMessage],
        parent: QWidget | None = None,
        *,
        read: ReadConversation = _no_reads,
    ) -> None:
        """`inbox`: the open conversations' first page; `messages`: the newest of `conversation_id`'s;
        `read`: another conversation's newest messages, when the agent opens it here."""
        super().__init__(parent)
        self._read = read
        self.opened_row: InboxRow | None = None  # the conversation the agent opened here, if any
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
        self.send_button.setToolTip(self.tr("Sending is possible once the workspace is open: a moment."))
        self.send_button.clicked.connect(self.hold_send)
        self.send_notice = QLabel()
        self.send_notice.setWordWrap(True)
        self.send_notice.hide()

        self.header = QLabel(next((row.contact_title for row in inbox if row.conversation_id == conversation_id), ""))
        chat = QWidget()
        chat_layout = QVBoxLayout(chat)
        chat_layout.setContentsMargins(4, 4, 4, 4)
        chat_layout.addWidget(self.header)
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
        view.setViewport(_viewport())
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
        column = QVBoxLayout(pane)
        row = QHBoxLayout()
        row.addWidget(self.composer, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        column.addLayout(row, 1)
        column.addWidget(self.send_notice)
        for keys in SEND_KEYS:
            QShortcut(QKeySequence(keys), pane, self.hold_send, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return pane

    def hold_send(self) -> None:
        """Send before the workspace is open: nothing is sent or lost; the text stays in the
        composer (and moves to the live one) and the agent is told to send it in a moment."""
        if not self.composer.toPlainText().strip():
            return
        text = self.tr("Not sent yet: the workspace is still opening. Your message stays here; send it again in a moment.")
        self.send_notice.setText(text)
        self.send_notice.show()
        self.statusBar().showMessage(text)
        self.composer.setFocus()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if not isinstance(row, InboxRow) or row.conversation_id == self._open_conversation:
            return
        messages = self._read(row.conversation_id)
        if messages is None:
            return  # the live window opens it once it is up
        self._open_conversation = row.conversation_id
        self.opened_row = row
        self.header.setText(row.contact_title)
        self.chat_model.replace(messages)
        self.chat_list.scrollToBottom()
        self.opened.emit(row)

    def show_rows(self) -> None:
        """Put the rows in the lists: once the window is shown, so each list lays its rows
        out once, at its final width (a list laid out in a layout measures all its rows)."""
        self.inbox_list.setModel(self.inbox_model)
        self.chat_list.setModel(self.chat_model)
        for number in range(self.inbox_model.rowCount()):
            if self.inbox_model.index(number).data(ROW_ROLE).conversation_id == self._open_conversation:
                self.inbox_list.setCurrentIndex(self.inbox_model.index(number))
                break
        self.inbox_list.selectionModel().currentChanged.connect(self._on_current)
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
