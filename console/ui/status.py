"""The status bar's health line: status polling, the callback receiver, the team server
(in team mode) and the accounts (checked by the workspace at start and on a schedule; *Check now* asks for a round at once)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from console.domain.accounts import Account, ConnectionState
from console.services.workspace import WorkerHealth, Workspace
from console.ui.bridge import TopicsBridge
from console.ui.labels import connection_state
from console.ui.tasks import TaskHolder
from console.ui.wording import say

REFRESH_MS = 2000  # the workers' state is read from memory: cheap
TROUBLE = (ConnectionState.WRONG_CREDENTIALS, ConnectionState.UNREACHABLE, ConnectionState.ERROR)


class HealthStatus(QWidget):
    def __init__(self, workspace: Workspace, bridge: TopicsBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._accounts: list[Account] = []
        self._tasks = TaskHolder(self)
        self.polling_label = QLabel()
        self.receiver_label = QLabel()
        self.team_label = QLabel()
        self.team_label.hide()  # solo mode
        self.accounts_label = QLabel()
        self.check_button = QToolButton(text=self.tr("Check now"), autoRaise=True)
        self.check_button.setToolTip(self.tr("Test every account's connection now"))
        self.check_button.clicked.connect(lambda: workspace.health_monitor.check_now())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for widget in (self.polling_label, self.receiver_label, self.team_label, self.accounts_label, self.check_button):
            layout.addWidget(widget)

        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        bridge.account_health.connect(lambda _change: self._show_accounts())
        bridge.accounts_changed.connect(self._reload_accounts)
        self._reload_accounts()
        self.refresh()

    def refresh(self) -> None:
        poller, readers = self._workspace.background_health()
        self._show_polling(poller)
        self._show_receiver(readers)
        self._show_team(self._workspace.team.health())
        self._show_accounts()

    def _show_polling(self, poller: WorkerHealth | None) -> None:
        if poller is None:
            text = self.tr("Status polling: starting")
        elif poller.running:
            text = self.tr("Status polling: on")
        else:
            text = self.tr("Status polling: stopped")
        self.polling_label.setText(text)
        self.polling_label.setToolTip(self.tr("Asks the providers that answer polls for the state of messages in flight"))

    def _show_receiver(self, readers: list[WorkerHealth]) -> None:
        failing = [reader for reader in readers if reader.problem or not reader.running]
        if not readers:
            text = self.tr("Callbacks: not used")
            tip = self.tr("No account receives callbacks")
        elif failing:
            text = self.tr("Callbacks: cannot read the relay")
            stopped = self.tr("stopped")
            tip = "\n".join(f"{reader.name}: {say(reader.problem) if reader.problem else stopped}" for reader in failing)
        else:
            text = self.tr("Callbacks: receiving")
            tip = "\n".join(reader.name for reader in readers)
        self.receiver_label.setText(text)
        self.receiver_label.setToolTip(tip)

    def _show_team(self, follower: WorkerHealth | None) -> None:
        self.team_label.setVisible(follower is not None)
        if follower is None:
            return
        if follower.problem is not None or not follower.running:
            self.team_label.setText(self.tr("Team: cannot reach the server"))
            self.team_label.setToolTip(f"{follower.name}: {say(follower.problem) if follower.problem else self.tr('stopped')}")
        else:
            self.team_label.setText(self.tr("Team: following"))
            self.team_label.setToolTip(follower.name)

    def _show_accounts(self) -> None:
        # The team's accounts are checked by the team server, not here: the team's own label says
        # whether this console reaches it.
        own = [account for account in self._accounts if not account.team]
        healths = {account.id: self._workspace.clients.health(account.id) for account in own}
        counts = Counter(health.state for health in healths.values())
        parts = [self._count(state, counts[state]) for state in ConnectionState if counts[state]]
        self.accounts_label.setText(
            self.tr("Accounts: {states}").format(states=", ".join(parts)) if parts else self.tr("Accounts: none")
        )
        lines = []
        for account in own:
            health = healths[account.id]
            detail = f" — {say(health.detail)}" if health.detail and health.state in TROUBLE else ""
            lines.append(f"{account.name}: {connection_state(health.state)}{detail}")
        checked = self._workspace.health_monitor.last_round
        if checked is not None:
            lines.append(self._checked(checked))
        self.accounts_label.setToolTip("\n".join(lines))

    def _checked(self, checked: datetime) -> str:
        """When the last round of checks ended, counted back from now: "hace 5 min"."""
        minutes = max(0, int((datetime.now(UTC) - checked).total_seconds() // 60))
        if minutes < 1:
            return self.tr("Last checked less than a minute ago")
        if minutes < 60:
            return self.tr("Last checked %n min ago", "", minutes)
        hours = minutes // 60
        return self.tr("Last checked %n h ago", "", hours)

    def _count(self, state: ConnectionState, n: int) -> str:
        """ "3 connected", "1 unreachable": each state with its own plural forms."""
        return {
            ConnectionState.UNKNOWN: self.tr("%n not checked yet", "", n),
            ConnectionState.SIGNING_IN: self.tr("%n signing in", "", n),
            ConnectionState.CONNECTED: self.tr("%n connected", "", n),
            ConnectionState.WRONG_CREDENTIALS: self.tr("%n with wrong credentials", "", n),
            ConnectionState.UNREACHABLE: self.tr("%n unreachable", "", n),
            ConnectionState.ERROR: self.tr("%n with an error", "", n),
        }[state]

    def _reload_accounts(self) -> None:
        self._tasks.start("accounts", self._load_accounts())

    async def _load_accounts(self) -> None:
        self._accounts = await self._workspace.accounts.list()
        self._show_accounts()
