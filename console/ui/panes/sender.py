"""Sender pane: write a text and send it to the selected contact through the outbox."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.messages import MAX_TEXT_LENGTH, MessageSummary
from console.services.accounts import AccountService
from console.services.outbox import Outbox
from console.store.contacts import ContactView
from console.ui.labels import contact_title
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder

SEND = "send"
ERROR_STYLE = "color: #b3261e;"
WARNING_STYLE = "color: #8a5a00;"


class SenderPane(QWidget):
    notice = Signal(str)

    def __init__(self, outbox: Outbox, accounts: AccountService, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._outbox = outbox
        self._accounts = accounts
        self._selection = selection
        self._tasks = TaskHolder()
        self._sending = False

        self.recipient = QLabel()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(self.tr("Write a message… (Ctrl+Enter sends)"))
        self.text_edit.textChanged.connect(self._update_state)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        QShortcut(QKeySequence("Ctrl+Return"), self.text_edit, self.send, context=Qt.ShortcutContext.WidgetShortcut)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.length_label = QLabel()

        footer = QHBoxLayout()
        footer.addWidget(self.feedback, 1)
        footer.addWidget(self.length_label)
        footer.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.recipient)
        layout.addWidget(self.text_edit, 1)
        layout.addLayout(footer)

        selection.contact_changed.connect(self._on_contact)
        self._on_contact(selection.contact)

    def _on_contact(self, contact: ContactView | None) -> None:
        if contact is None:
            self.recipient.setText(self.tr("No contact selected"))
        else:
            self.recipient.setText(
                self.tr("To: {contact}").format(contact=contact_title(contact))
            )
        self._show("")
        self._update_state()

    def _update_state(self) -> None:
        length = len(self.text_edit.toPlainText())
        self.length_label.setText(f"{length}/{MAX_TEXT_LENGTH}")
        self.send_button.setEnabled(
            self._selection.contact is not None and length > 0 and not self._sending
        )

    def send(self) -> None:
        contact = self._selection.contact
        text = self.text_edit.toPlainText()
        if contact is None or not text or self._sending:
            return
        self._sending = True
        self._show(self.tr("Sending…"))
        self._update_state()
        self._tasks.start(SEND, self._send(contact, text))

    async def _send(self, contact: ContactView, text: str) -> None:
        try:
            account = await self._accounts.by_id(contact.account_id)
            message = await self._outbox.send_text(account, contact.phone, text)
        except InvalidInput as error:
            self._show(self.tr("Not sent: {reason}").format(reason=error.reason), ERROR_STYLE)
            return
        finally:
            self._sending = False
            self._update_state()
        self._report(contact, message)
        current = self._selection.contact
        if current is not None and current.id == contact.id:
            self._selection.set_message(message.id)

    def _report(self, contact: ContactView, message: MessageSummary) -> None:
        if message.state is DeliveryState.FAILED:
            reason = message.failure_reason or self.tr("the provider refused it")
            self._show(self.tr("Not sent: {reason}").format(reason=reason), ERROR_STYLE)
        elif message.state is DeliveryState.UNKNOWN:
            self._show(
                self.tr("It may or may not have been sent; check the timeline before sending it again."),
                WARNING_STYLE,
            )
        else:
            self.text_edit.clear()
            self._show("")
            self.notice.emit(self.tr("Message sent to {contact}").format(contact=contact_title(contact)))

    def _show(self, text: str, style: str = "") -> None:
        self.feedback.setText(text)
        self.feedback.setStyleSheet(style)

    def shutdown(self) -> None:
        self._tasks.cancel_all()
