"""Accounts pane: the accounts with a live health line; add, edit, remove, test, callbacks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QListView, QMenu, QMessageBox, QPushButton, QToolButton, QVBoxLayout, QWidget

from console.domain.accounts import PROVIDER_TITLES, Account, ProviderKind
from console.domain.capabilities import Operation
from console.domain.notices import Notice
from console.providers.registry import capabilities
from console.services.accounts import AccountService
from console.services.callback_setup import CallbackSetup
from console.services.client_pool import ClientPool
from console.services.topics import HealthChanged
from console.ui.accounts.account_form import AccountFormDialog
from console.ui.accounts.callbacks_dialog import CallbacksDialog
from console.ui.bridge import TopicsBridge
from console.ui.labels import connection_state
from console.ui.models.accounts import AccountListModel
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder
from console.ui.wording import say

REFRESH_MS = 30_000  # the token's time left is shown to the minute


class AccountsPane(QWidget):
    notice = Signal(str)

    def __init__(
        self,
        accounts: AccountService,
        clients: ClientPool,
        callbacks: CallbackSetup,
        bridge: TopicsBridge,
        selection: Selection,
        team_problem: Notice | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._clients = clients
        self._callbacks = callbacks
        self._selection = selection
        self._tasks = TaskHolder(self)
        self.dialog: AccountFormDialog | CallbacksDialog | QMessageBox | None = None
        self.model = AccountListModel(self)
        self.model.set_expiry_source(clients.session_expires_at)

        self.list = QListView()
        self.list.setAccessibleName(self.tr("Accounts"))
        self.list.setModel(self.model)
        self.list.setIconSize(QSize(12, 12))
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Room for about four accounts of two lines each before the list scrolls.
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 2 * 4 + 32)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        selection.account_changed.connect(self._show_account)
        self.list.doubleClicked.connect(lambda _: self.edit_current())

        self.add_button = QToolButton(text=self.tr("Add"), popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        self.add_actions: dict[ProviderKind, QAction] = {}
        for provider in ProviderKind:
            action = menu.addAction(PROVIDER_TITLES[provider])
            action.triggered.connect(lambda _=False, chosen=provider: self.add(chosen))
            self.add_actions[provider] = action
        self.add_button.setMenu(menu)
        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_current)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self._on_test)
        self.callbacks_button = QPushButton(self.tr("Callbacks…"))
        self.callbacks_button.clicked.connect(self.configure_callbacks)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addWidget(self.callbacks_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        layout.addLayout(actions)

        self._refresh = QTimer(self, interval=REFRESH_MS)
        self._refresh.timeout.connect(self.model.refresh)
        self._refresh.start()
        bridge.accounts_changed.connect(self.reload)
        bridge.account_health.connect(self._on_health)
        self.model.set_team_problem(team_problem)
        bridge.team_offline.connect(self.model.set_team_problem)
        self._update_buttons(None)
        self.reload()

    def reload(self) -> None:
        self._tasks.start("load", self._load())

    async def _load(self) -> None:
        accounts = await self._accounts.list()
        self.model.replace(accounts, {account.id: self._clients.health(account.id) for account in accounts})
        current = self._selection.account
        row = self.model.row_of(current.id) if current is not None else None
        if row is None and accounts:
            # Open on an account whose agenda the panes can show, else the first one.
            with_agenda = [i for i, a in enumerate(accounts) if capabilities(a.provider).supports(Operation.DOWNLOAD_AGENDA)]
            row = with_agenda[0] if with_agenda else 0
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
            self._selection.set_account(self.model.account(row))  # the stored account may have new settings
        else:
            self._selection.set_account(None)
        self._update_buttons(self._selection.account)

    def _on_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        account = self.model.account(index.row()) if index.isValid() else None
        self._update_buttons(account)
        self._selection.set_account(account)

    def _show_account(self, account: Account | None) -> None:
        """An account chosen elsewhere (a search result's) is the one the list shows."""
        row = None if account is None else self.model.row_of(account.id)
        if row is not None and self.list.currentIndex().row() != row:
            self.list.setCurrentIndex(self.model.index(row))

    def _update_buttons(self, account: Account | None) -> None:
        for button in (self.edit_button, self.remove_button, self.test_button):
            button.setEnabled(account is not None)
        pushes = account is not None and capabilities(account.provider).supports(Operation.PUSH_CALLBACKS)
        self.callbacks_button.setEnabled(pushes)

    def _on_health(self, change: HealthChanged) -> None:
        self.model.set_health(change.account_id, change.health)

    def add(self, provider: ProviderKind) -> None:
        self._open_form(AccountFormDialog(self._accounts, provider, parent=self))

    def offer_first_account(self) -> None:
        """With no account yet, open the Add menu so the first one is a click away."""
        if self.model.rowCount() == 0:
            self.notice.emit(self.tr("Add your first account: pick its provider."))
            self.add_button.menu().popup(self.add_button.mapToGlobal(self.add_button.rect().bottomLeft()))

    def edit_current(self) -> None:
        account = self._selection.account
        if account is not None:
            self._open_form(AccountFormDialog(self._accounts, account.provider, account, parent=self))

    def _open_form(self, dialog: AccountFormDialog) -> None:
        dialog.saved.connect(self._after_save)
        self._open(dialog)

    def _after_save(self, account: Account) -> None:
        self.notice.emit(self.tr("{account} saved; testing the connection…").format(account=account.name))
        self._selection.set_account(account)
        self._tasks.start(f"test:{account.id}", self._test(account.id))

    def remove_current(self) -> None:
        account = self._selection.account
        if account is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Remove {account}?").format(account=account.name),
            self.tr(
                "Its contacts, conversations and message history are deleted from this computer, and its "
                "passwords and keys from the {where}. Nothing changes at the provider."
            ).format(where=say(self._accounts.secrets_description)),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _: self._confirmed(account) if box.clickedButton() is remove else None)
        self._open(box)

    def _confirmed(self, account: Account) -> None:
        self._tasks.start(f"remove:{account.id}", self._remove(account))

    async def _remove(self, account: Account) -> None:
        self._selection.set_account(None)
        await self._accounts.remove_account(account)
        self.notice.emit(self.tr("{account} removed").format(account=account.name))

    def configure_callbacks(self) -> None:
        account = self._selection.account
        if account is not None:
            self._open(CallbacksDialog(self._callbacks, self._accounts, account, parent=self))

    def _open(self, dialog: AccountFormDialog | CallbacksDialog | QMessageBox) -> None:
        """Window-modal and non-blocking: the asyncio loop keeps running behind it."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _on_test(self) -> None:
        account = self._selection.account
        if account is not None:
            self._tasks.start(f"test:{account.id}", self._test(account.id))

    async def _test(self, account_id: int) -> None:
        self.test_button.setEnabled(False)
        try:
            account = await self._accounts.by_id(account_id)
            health = await self._clients.test_connection(account)
        finally:
            self.test_button.setEnabled(self._selection.account is not None)
        self.model.refresh()
        self.notice.emit(self.tr("{account}: {state}").format(account=account.name, state=connection_state(health.state)))
