"""Go → Transfer the conversation… (team mode): the colleague it goes to, chosen among the
agents the team server knows, and a note for them; the server decides. Closes once the
server took it; a refusal (another has it, nobody has it) stays in the dialog, one sentence."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console.domain.notices import NoticeError
from console.domain.team import MAX_NOTE
from console.services.team import TeamService
from console.ui.sender.feedback import FeedbackLabel
from console.ui.tasks import TaskHolder
from console.ui.wording import say

AGENTS, TRANSFER = "agents", "transfer"


class TransferDialog(QDialog):
    def __init__(self, team: TeamService, account: str, customer: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer the conversation"))
        self._team = team
        self._key = (account, customer)
        self._tasks = TaskHolder(self)
        self.done_to: str | None = None  # whom it went to, once the server took it
        about = QLabel(
            self.tr("The conversation with {contact} goes to the colleague you choose, with your note.").format(contact=title)
        )
        about.setWordWrap(True)
        self.agent_combo = QComboBox()
        self.agent_combo.setEnabled(False)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("What your colleague should know (optional)"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.textChanged.connect(self._cap_note)
        self.error = FeedbackLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Transfer"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Colleague"), self.agent_combo)
        form.addRow(self.tr("Note"), self.note_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.note_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.error.show_text(self.tr("Asking the server for your colleagues…"))
        self._tasks.start(AGENTS, self._load_agents())

    async def _load_agents(self) -> None:
        try:
            names = await self._team.agents()
        except NoticeError as error:
            self.error.error(say(error))
            return
        self.agent_combo.clear()
        self.agent_combo.addItems(names)
        self.agent_combo.setEnabled(bool(names))
        self.ok_button.setEnabled(bool(names))
        if names:
            self.error.clear_text()
            self.agent_combo.setFocus()
        else:
            self.error.warning(self.tr("Nobody else is on this team yet."))

    def _cap_note(self) -> None:
        text = self.note_edit.toPlainText()
        if len(text) > MAX_NOTE:
            self.note_edit.setPlainText(text[:MAX_NOTE])

    def accept(self) -> None:
        to = self.agent_combo.currentText()
        if to and not self._tasks.running(TRANSFER):
            self.error.show_text(self.tr("Transferring…"))
            self._tasks.start(TRANSFER, self._transfer(to, self.note_edit.toPlainText()))

    async def _transfer(self, to: str, note: str) -> None:
        try:
            await self._team.transfer(*self._key, to, note)
        except NoticeError as error:  # refused by the server, or out of reach
            self.error.error(say(error))
            return
        self.done_to = to
        super().accept()
