"""File → Try team mode… (sandbox only): a team server on this computer over the sandbox's
simulators, this console joined to it as its first agent, and how to join a second console.

The team is the session's (`ConsoleSession.try_team`): it starts once, and stops with the
session. Without PostgreSQL the dialog says what to install and nothing changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from console.domain.notices import NoticeError
from console.ui.sender.feedback import FeedbackLabel
from console.ui.tasks import TaskHolder
from console.ui.wording import say

if TYPE_CHECKING:  # the team to try (and the simulators) load only when it is asked for
    from console.team_trial.team import StartedTeam

START = "start"


class TeamTrialDialog(QDialog):
    def __init__(self, start: Callable[[], Awaitable[StartedTeam]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Try team mode"))
        self._tasks = TaskHolder(self)
        self.started: StartedTeam | None = None
        self.status = FeedbackLabel()
        self.status.show_text(self.tr("Starting PostgreSQL and a team server on the sandbox…"))
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self._tasks.start(START, self._start(start))

    async def _start(self, start: Callable[[], Awaitable[StartedTeam]]) -> None:
        try:
            started = await start()
        except NoticeError as error:  # no PostgreSQL here, or it did not start: nothing changed
            self.status.error(say(error))
            self.adjustSize()  # the sentence may take more lines than the one it replaced
            return
        self.started = started
        first, second = tuple(started.tokens)[:2]  # this console joined as the first
        self.status.ok(self.tr("Team mode is on: this console is agent {agent} of the team server.").format(agent=first))
        lines = [
            self.tr("Team server: {url}").format(url=started.server_url),
            self.tr("Its accounts: {accounts}").format(accounts=", ".join(started.accounts)),
            "",
            self.tr("To try a transfer, open a second console with a data folder of its own:"),
            f"    centralita --data-dir {started.folder / second}",
            self.tr("then File → Join a team…, with the address above and agent {agent}'s token:").format(agent=second),
            f"    {started.tokens[second]}",
            "",
            self.tr("Quitting Centralita stops the team server and its PostgreSQL."),
        ]
        self.details.setPlainText("\n".join(lines))
        self.details.show()
        self.adjustSize()
