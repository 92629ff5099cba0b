"""Add or change one quick reply: its name, where it is offered, its text, and a file's link."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console.domain.accounts import Account
from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.domain.notices import as_notice
from console.domain.quick_replies import QuickReply
from console.services.quick_replies import QuickReplyService
from console.ui.sender.attach_dialogs import follow_link, media_kind_label
from console.ui.sender.feedback import FeedbackLabel
from console.ui.tasks import TaskHolder
from console.ui.wording import say

SAVE = "save"


class QuickReplyForm(QDialog):
    """Saves through the service on OK and closes only once it is saved; `saved` is the result."""

    def __init__(
        self, replies: QuickReplyService, accounts: list[Account], reply: QuickReply | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Quick reply") if reply is None else self.tr("Quick reply {name}").format(name=reply.name))
        self._replies = replies
        self._editing = reply
        self._tasks = TaskHolder(self)
        self.saved: QuickReply | None = None

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("what you type after /, e.g. saludo"))
        self.scope_combo = QComboBox()
        self.scope_combo.addItem(self.tr("Every account"), None)
        for account in accounts:
            self.scope_combo.addItem(account.name, account.id)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(self.tr("Hola {nombre}, …"))
        variables = QLabel(
            self.tr("{nombre} or {name}: the contact's name; {numero} or {number}: their number, as people write it.")
        )
        variables.setWordWrap(True)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(self.tr("optional: https://… a file sent with the reply"))
        self.kind_combo = QComboBox()
        self.url_edit.textEdited.connect(lambda url: follow_link(self.kind_combo, url))
        for kind in MediaKind:
            self.kind_combo.addItem(media_kind_label(kind), kind)
        self.error = FeedbackLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Offered on"), self.scope_combo)
        form.addRow(self.tr("Text"), self.text_edit)
        form.addRow("", variables)
        form.addRow(self.tr("File link"), self.url_edit)
        form.addRow(self.tr("File kind"), self.kind_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        if reply is not None:
            self._show(reply)

    def _show(self, reply: QuickReply) -> None:
        self.name_edit.setText(reply.name)
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(reply.account_id)))
        self.text_edit.setPlainText(reply.text)
        self.url_edit.setText(reply.media_url or "")
        if reply.media_kind is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(reply.media_kind))

    def reply(self) -> QuickReply:
        """The reply as the form shows it."""
        url = self.url_edit.text().strip() or None
        return QuickReply(
            self.name_edit.text(),
            self.text_edit.toPlainText(),
            self.scope_combo.currentData(),
            url,
            MediaKind(self.kind_combo.currentData()) if url is not None else None,
            None if self._editing is None else self._editing.id,
        )

    def accept(self) -> None:
        if not self._tasks.running(SAVE):
            self._tasks.start(SAVE, self._save(self.reply()))

    async def _save(self, reply: QuickReply) -> None:
        try:
            self.saved = await self._replies.save(reply)
        except InvalidInput as error:
            self.error.error(self.tr("Not saved: {reason}").format(reason=say(as_notice(error.reason))))
            return
        super().accept()
