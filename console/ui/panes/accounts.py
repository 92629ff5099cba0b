"""Accounts pane: the accounts, their connection state, and a connection test."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import QListView, QPushButton, QVBoxLayout, QWidget

from console.domain.capabilities import CAPABILITIES, Operation
from console.services.accounts import AccountService
from console.services.topics import HealthChanged
from console.ui.bridge import TopicsBridge
from console.ui.labels import connection_state
from console.ui.models.accounts import AccountListModel
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder


class AccountsPane(QWidget):
    notice = Signal(str)

    def __init__(
        self, accounts: AccountService, bridge: TopicsBridge, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._selection = selection
        self._tasks = TaskHolder()
        self.model = AccountListModel(self)

        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setIconSize(QSize(12, 12))
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Room for about four accounts of two lines each before the list scrolls.
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 2 * 4 + 32)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setEnabled(False)
        self.test_button.clicked.connect(self._on_test)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addWidget(self.test_button)

        bridge.accounts_changed.connect(self.reload)
        bridge.account_health.connect(self._on_health)
        self.reload()

    def reload(self) -> None:
        self._tasks.start("load", self._load())

    async def _load(self) -> None:
        accounts = await self._accounts.list()
        self.model.replace(accounts, {account.id: self._accounts.health(account.id) for account in accounts})
        current = self._selection.account
        row = self.model.row_of(current.id) if current is not None else None
        if row is None and accounts:
            # Open on an account whose agenda the panes can show, else the first one.
            with_agenda = [i for i, a in enumerate(accounts) if CAPABILITIES[a.provider].supports(Operation.DOWNLOAD_AGENDA)]
            row = with_agenda[0] if with_agenda else 0
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
        else:
            self._selection.set_account(None)

    def _on_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        account = self.model.account(index.row()) if index.isValid() else None
        self.test_button.setEnabled(account is not None)
        self._selection.set_account(account)

    def _on_health(self, change: HealthChanged) -> None:
        self.model.set_health(change.account_id, change.health)

    def _on_test(self) -> None:
        account = self._selection.account
        if account is not None:
            self._tasks.start(f"test:{account.id}", self._test(account.id))

    async def _test(self, account_id: int) -> None:
        self.test_button.setEnabled(False)
        try:
            account = await self._accounts.by_id(account_id)
            health = await self._accounts.test_connection(account)
        finally:
            self.test_button.setEnabled(self._selection.account is not None)
        self.notice.emit(self.tr("{account}: {state}").format(account=account.name, state=connection_state(health.state)))

    def shutdown(self) -> None:
        self._tasks.cancel_all()
