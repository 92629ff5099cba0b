"""Ctrl+N: a conversation with any number, on the account the agent picks. The number is
checked for that provider before anything is stored; a refusal is said in the dialog."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.errors import InvalidInput
from console.domain.new_conversation import StartedConversation
from console.domain.notices import as_notice
from console.providers.registry import capabilities
from console.services.new_conversation import ConversationStarter
from console.ui.tasks import TaskHolder
from console.ui.tones import Tone, tone_style
from console.ui.wording import say


def can_start(account: Account) -> bool:
    offered = capabilities(account.provider)
    return offered.supports(Operation.SEND_TEXT) or offered.supports(Operation.SEND_TEMPLATE)


class NewConversationDialog(QDialog):
    started = Signal(object)  # StartedConversation

    def __init__(
        self, starter: ConversationStarter, accounts: list[Account], current: Account | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New conversation"))
        self._starter = starter
        self._tasks = TaskHolder(self)
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText(self.tr("The number as people write it, e.g. 55 4433 2211"))
        self.account_combo = QComboBox()
        for account in accounts:
            if can_start(account):
                self.account_combo.addItem(account.title, account)
        if current is not None:
            self.account_combo.setCurrentIndex(max(self.account_combo.findText(current.title), 0))
        self.problem = QLabel()
        self.problem.setStyleSheet(tone_style(Tone.WARNING))
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Open"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(self.tr("&Number:"), self.number_edit)
        form.addRow(self.tr("&Account:"), self.account_combo)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 60, self.sizeHint().height())

    def start(self) -> None:
        account = self.account_combo.currentData()
        if account is None or self._tasks.running("start"):
            return
        self._tasks.start("start", self._start(account, self.number_edit.text()))

    async def _start(self, account: Account, typed: str) -> None:
        self.problem.setVisible(False)
        try:
            conversation: StartedConversation = await self._starter.start(account, typed)
        except InvalidInput as error:
            self.problem.setText(say(as_notice(error.reason)))
            self.problem.setVisible(True)
            self.number_edit.setFocus()
            return
        self.started.emit(conversation)
        self.accept()
