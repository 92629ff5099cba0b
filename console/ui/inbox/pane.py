"""The inbox pane: the filter buttons, the account or label to show, a name or number to
look for, and the conversations list. Opening a row makes it the `Selection`, so the chat,
the sender and the timeline follow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.views import InboxRow
from console.services.accounts import AccountService
from console.services.contact_notes import ContactNotes
from console.services.conversations import ConversationService
from console.services.inbox import InboxService
from console.ui.bridge import TopicsBridge
from console.ui.flow_layout import FlowLayout
from console.ui.inbox.delegate import InboxRowDelegate
from console.ui.inbox.filters import Hold, View, inbox_filter
from console.ui.inbox.model import InboxListModel
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder

FILTER_DELAY_MS = 150
ACCOUNT_SCOPE, LABEL_SCOPE = "account:", "label:"  # the scope combo's data: one account, or one label
_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class InboxPane(QWidget):
    opened = Signal()  # the agent opened a conversation with the keyboard: the composer is next

    def __init__(
        self,
        inbox: InboxService,
        accounts: AccountService,
        conversations: ConversationService,
        notes: ContactNotes,
        bridge: TopicsBridge,
        selection: Selection,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._inbox = inbox
        self._accounts = accounts
        self._conversations = conversations
        self._notes = notes
        self._selection = selection
        self._tasks = TaskHolder(self)
        self._open_first = False  # Enter was pressed before the filter's rows were known
        self._agent: str | None = None  # team mode: the name the team server knows this agent by
        self.model = InboxListModel(inbox, self)
        self.model.counted.connect(self._on_counted)
        # The open conversation leaving the list (answered, resolved elsewhere) stays open:
        # the list must not hand the agent its neighbour's chat.
        self._removing_current = False
        self._opening: int | None = None  # the conversation asked for, not yet the selection's
        self.model.rowsAboutToBeRemoved.connect(self._before_rows_removed)
        self.model.rowsRemoved.connect(self._after_rows_removed)

        self.view_buttons = QButtonGroup(self)
        buttons = FlowLayout(spacing=2)  # wraps on a narrow pane instead of widening it
        for view in View:
            button = QPushButton(view.title, checkable=True)
            button.setToolTip(f"{view.help} (Alt+{view.value + 1})")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.view_buttons.addButton(button, view.value)
            buttons.addWidget(button)
        self.view_buttons.button(View.OPEN.value).setChecked(True)
        self.view_buttons.idClicked.connect(lambda _: self._apply_filter())

        # Team mode only: whose conversations, combined with the view, the scope and the search.
        self.hold_buttons = QButtonGroup(self)
        self.hold_bar = QWidget()
        holds = QHBoxLayout(self.hold_bar)
        holds.setContentsMargins(0, 0, 0, 0)
        holds.setSpacing(2)
        for hold in Hold:
            button = QPushButton(hold.title, checkable=True)
            button.setToolTip(f"{hold.help} ({hold.keys})")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.hold_buttons.addButton(button, hold.value)
            holds.addWidget(button)
        holds.addStretch(1)
        self.hold_buttons.button(Hold.ALL.value).setChecked(True)
        self.hold_buttons.idClicked.connect(lambda _: self._apply_filter())
        self.hold_bar.hide()

        self.scope_combo = QComboBox()
        # Its share of the row, not its longest account name (loaded later), sets its width.
        self.scope_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope_combo.setMinimumContentsLength(6)
        self.scope_combo.setToolTip(self.tr("Show one account, or the contacts with one label"))
        self.scope_combo.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName(self.tr("Find a conversation"))
        self.filter_edit.setPlaceholderText(self.tr("Name or number (Ctrl+K)"))
        self.filter_edit.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._debounce.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(self._debounce.start)
        self.filter_edit.returnPressed.connect(self._on_filter_return)
        self.filter_edit.installEventFilter(self)
        self.count_label = QLabel()

        self.list = QListView()
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(InboxRowDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setTabKeyNavigation(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.list.installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.scope_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.hold_bar)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.list, 1)

        bridge.conversation_changed.connect(self.model.conversation_changed)
        bridge.accounts_changed.connect(self.reload_scopes)
        self.reload_scopes()
        self._apply_filter()

    # ---- public: the window's keys ---------------------------------------------------

    def focus_filter(self) -> None:
        """Ctrl+K: the search field, its text selected to type over."""
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def focus_list(self) -> None:
        """Esc: back to the list, on the open conversation."""
        if not self.list.currentIndex().isValid() and self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))
        self.list.setFocus()

    def show_view(self, view: View) -> None:
        self.view_buttons.button(view.value).setChecked(True)
        self._apply_filter()

    @property
    def view(self) -> View:
        return View(self.view_buttons.checkedId())

    def show_hold(self, hold: Hold) -> None:
        """Mine, unassigned or all (team mode; nothing in solo mode)."""
        if self._agent is not None:
            self.hold_buttons.button(hold.value).setChecked(True)
            self._apply_filter()

    @property
    def hold(self) -> Hold:
        return Hold(self.hold_buttons.checkedId())

    def set_team_agent(self, agent: str | None) -> None:
        """Team mode began as `agent`, or ended (None): the hold buttons show or go, all again."""
        if agent == self._agent:
            return
        self._agent = agent
        self.hold_bar.setVisible(agent is not None)
        if agent is None:
            self.hold_buttons.button(Hold.ALL.value).setChecked(True)
        self._apply_filter()

    def current_row(self) -> InboxRow | None:
        index = self.list.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def open_conversation(self, conversation_id: int, then: Callable[[], None] | None = None) -> None:
        """Select the conversation's row when listed, open it in any case, then call `then`."""
        self._start_opening(conversation_id, then)
        row = self.model.row_of(conversation_id)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
            self.list.scrollTo(self.model.index(row))

    def select_relative(self, step: int) -> None:
        rows = self.model.rowCount()
        if rows == 0:
            return
        current = self.list.currentIndex()
        start = current.row() if current.isValid() else (-1 if step > 0 else rows)
        index = self.model.index(min(max(start + step, 0), rows - 1))
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    # ---- filter ---------------------------------------------------------------------

    def reload_scopes(self) -> None:
        self._tasks.start("scopes", self._load_scopes())

    async def _load_scopes(self) -> None:
        accounts = await self._accounts.list()
        labels = await self._notes.labels_in_use()
        chosen = self.scope_combo.currentData()
        self.scope_combo.blockSignals(True)
        self.scope_combo.clear()
        self.scope_combo.addItem(self.tr("All accounts"), None)
        for account in accounts:
            self.scope_combo.addItem(account.name, f"{ACCOUNT_SCOPE}{account.id}")
        for label in labels:
            self.scope_combo.addItem(self.tr("Label: {label}").format(label=label), f"{LABEL_SCOPE}{label}")
        found = self.scope_combo.findData(chosen)
        self.scope_combo.setCurrentIndex(max(found, 0))
        self.scope_combo.blockSignals(False)
        if found < 0 and chosen is not None:
            self._apply_filter()

    def _apply_filter(self) -> None:
        scope = self.scope_combo.currentData() or ""
        account_id = int(scope.removeprefix(ACCOUNT_SCOPE)) if scope.startswith(ACCOUNT_SCOPE) else None
        label = scope.removeprefix(LABEL_SCOPE) if scope.startswith(LABEL_SCOPE) else None
        chosen = inbox_filter(self.view, account_id, label, self.filter_edit.text(), self.hold, self._agent)
        if chosen != self.model.filter or not self.model.rowCount():
            self.model.show(chosen)

    def _on_filter_return(self) -> None:
        """Enter in the search field opens the first match: Ctrl+K, a name, Enter."""
        self._debounce.stop()
        self._apply_filter()
        if self.model.loading:
            self._open_first = True
        else:
            self._open_selected_or_first()

    def _open_selected_or_first(self) -> None:
        if not self.model.rowCount():
            return
        if not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.model.index(0))
        self.list.scrollTo(self.list.currentIndex())
        self.opened.emit()

    def _on_counted(self, total: int) -> None:
        self.count_label.setText(self.tr("%n conversation(s)", "", total))
        if self._opening is not None:  # the agent's latest choice, still opening, wins over the selection
            row = self.model.row_of(self._opening)
        else:
            current = self._selection.contact
            row = None if current is None else self.model.row_of_contact(current.id)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
        if self._open_first:
            self._open_first = False
            self._open_selected_or_first()

    # ---- opening a conversation ---------------------------------------------------

    def _before_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        current = self.list.currentIndex()
        self._removing_current = current.isValid() and first <= current.row() <= last

    def _after_rows_removed(self) -> None:
        if self._removing_current:
            self._removing_current = False
            self.list.selectionModel().clearCurrentIndex()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._removing_current:
            return
        row = self.model.row(current.row()) if current.isValid() else None
        if row is not None and row.conversation_id != self._opening:  # being opened already: keep its `then`
            self._start_opening(row.conversation_id)

    def _start_opening(self, conversation_id: int, then: Callable[[], None] | None = None) -> None:
        self._opening = conversation_id
        self._tasks.start("open", self._open(conversation_id, then))

    async def _open(self, conversation_id: int, then: Callable[[], None] | None = None) -> None:
        try:
            row = await self._inbox.row(conversation_id)
            contact = await self._conversations.contact(conversation_id)
            if row is None or contact is None:
                return
            account = await self._accounts.by_id(row.account_id)
        finally:
            if self._opening == conversation_id:
                self._opening = None
        self._selection.set_account(account)
        self._selection.set_contact(contact)
        if then is not None:
            then()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.filter_edit and event.key() == Qt.Key.Key_Down:
            self.focus_list()
            return True
        if watched is self.list and event.key() in _OPEN_KEYS and self.list.currentIndex().isValid():
            self.opened.emit()
            return True
        return False
