"""File → Join a team…: the team server's address and this agent's token, checked with the
server before anything is kept (the token goes to the secret store)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from console.domain.notices import NoticeError
from console.services.team import TeamService
from console.ui.sender.feedback import FeedbackLabel
from console.ui.tasks import TaskHolder
from console.ui.wording import say

JOIN = "join"


class JoinTeamDialog(QDialog):
    """Closes only once the server took the token; `agent` is then the name it knows us by."""

    def __init__(self, team: TeamService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join a team"))
        self._team = team
        self._tasks = TaskHolder(self)
        self.agent: str | None = None
        explanation = QLabel(
            self.tr(
                "Your team's administrator gives you the server's address and your agent token (`centralita server agents add`)."
            )
        )
        explanation.setWordWrap(True)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://team.example.com")
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = FeedbackLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Join"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.url_edit)
        form.addRow(self.tr("Agent token"), self.token_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def accept(self) -> None:
        if not self._tasks.running(JOIN):
            self.error.show_text(self.tr("Checking the token with the server…"))
            self._tasks.start(JOIN, self._join(self.url_edit.text(), self.token_edit.text()))

    async def _join(self, url: str, token: str) -> None:
        try:
            self.agent = await self._team.join(url, token)
        except NoticeError as error:  # an address that is not one, the server out of reach, the token refused
            self.error.error(self.tr("Not joined: {reason}").format(reason=say(error)))
            return
        super().accept()
