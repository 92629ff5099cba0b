"""The composer: free text to the selected contact, within the customer's 24 h window.

For Chattigo accounts the typed text is instead handed to the provider's bot as the
customer's message ("Forward to bot"); the bot's answers come back through callbacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.errors import InvalidInput
from console.domain.messages import MAX_TEXT_LENGTH
from console.domain.views import ContactView
from console.providers.errors import ProviderError
from console.providers.registry import capabilities
from console.services.accounts import AccountService
from console.services.bots import BotBridge
from console.services.outbox import Outbox
from console.ui.labels import contact_title, has_name
from console.ui.selection import Selection
from console.ui.sender.feedback import WARNING_STYLE, FeedbackLabel
from console.ui.tasks import TaskHolder

if TYPE_CHECKING:
    from console.domain.sessions import SessionWindow

SEND = "send"


class ComposerTab(QWidget):
    notice = Signal(str)
    templates_requested = Signal()
    sent = Signal(object)  # MessageSummary the provider accepted

    def __init__(
        self, outbox: Outbox, accounts: AccountService, bots: BotBridge, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._outbox = outbox
        self._accounts = accounts
        self._bots = bots
        self._selection = selection
        self._tasks = TaskHolder(self)
        self._sending = False
        self._session_closed = False

        self.recipient = QLabel()
        self.session_note = QLabel(self.tr("Session closed: only a template can reopen it."))
        self.session_note.setStyleSheet(WARNING_STYLE)
        self.session_note.setWordWrap(True)
        self.templates_button = QPushButton(self.tr("Use a template (Ctrl+T)"))
        self.templates_button.clicked.connect(self.templates_requested)
        session_row = QHBoxLayout()
        session_row.addWidget(self.session_note, 1)
        session_row.addWidget(self.templates_button)
        self.session_bar = QWidget()
        self.session_bar.setLayout(session_row)
        session_row.setContentsMargins(0, 0, 0, 0)
        self.session_bar.setVisible(False)

        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(self.tr("Write a message… (Ctrl+Enter sends)"))
        self.text_edit.textChanged.connect(self._update_state)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.forward_button = QPushButton(self.tr("Forward to bot"))
        self.forward_button.setToolTip(
            self.tr(
                "Record the text as the customer's message and hand it to the provider's bot; its answers appear in the chat."
            )
        )
        self.forward_button.clicked.connect(self.forward)
        self.feedback = FeedbackLabel()
        self.length_label = QLabel()
        self.length_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(f"0000/{MAX_TEXT_LENGTH}"))

        footer = QHBoxLayout()
        footer.addWidget(self.feedback, 1)
        footer.addWidget(self.length_label)
        footer.addWidget(self.forward_button, 0, Qt.AlignmentFlag.AlignTop)
        footer.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.recipient)
        layout.addWidget(self.session_bar)
        layout.addWidget(self.text_edit, 1)
        layout.addLayout(footer)

        selection.contact_changed.connect(self._on_contact)
        selection.account_changed.connect(lambda _account: self._update_state())
        self._on_contact(selection.contact)

    # ---- state --------------------------------------------------------------------

    def set_session_window(self, state: SessionWindow | None) -> None:
        """Follow the conversation's 24 h window; None when the provider has none."""
        self._session_closed = state is not None and not state.is_open
        self.session_bar.setVisible(self._session_closed)
        self._update_state()

    def _account(self) -> Account | None:
        return self._selection.account

    def _forwards(self) -> bool:
        account = self._account()
        return account is not None and capabilities(account.provider).supports(Operation.FORWARD_TO_BOT)

    def _sends_text(self) -> bool:
        account = self._account()
        return account is None or capabilities(account.provider).supports(Operation.SEND_TEXT)

    def _on_contact(self, contact: ContactView | None) -> None:
        if contact is None:
            self.recipient.setText(self.tr("No contact selected"))
        elif self._forwards() and not self._sends_text():
            self.recipient.setText(self.tr("As the customer: {contact}").format(contact=contact_title(contact)))
        else:
            self.recipient.setText(self.tr("To: {contact}").format(contact=contact_title(contact)))
        self.feedback.clear_text()
        self._update_state()

    def _update_state(self) -> None:
        length = len(self.text_edit.toPlainText())
        self.length_label.setText(f"{length}/{MAX_TEXT_LENGTH}")
        ready = self._selection.contact is not None and length > 0 and not self._sending
        sends_text = self._sends_text()
        self.send_button.setVisible(sends_text)
        self.forward_button.setVisible(self._forwards())
        self.send_button.setEnabled(ready and not self._session_closed)
        self.forward_button.setEnabled(ready)
        self.text_edit.setEnabled(not self._session_closed)

    # ---- actions ------------------------------------------------------------------

    def send_or_forward(self) -> None:
        if self._sends_text():
            self.send()
        elif self._forwards():
            self.forward()

    def send(self) -> None:
        contact = self._selection.contact
        text = self.text_edit.toPlainText()
        if contact is None or not text or self._sending or self._session_closed:
            return
        self._begin()
        self._tasks.start(SEND, self._send(contact, text))

    def forward(self) -> None:
        contact = self._selection.contact
        text = self.text_edit.toPlainText()
        if contact is None or not text or self._sending or not self._forwards():
            return
        self._begin()
        self._tasks.start(SEND, self._forward(contact, text))

    def _begin(self) -> None:
        self._sending = True
        self.feedback.show_text(self.tr("Sending…"))
        self._update_state()

    def _end(self) -> None:
        self._sending = False
        self._update_state()

    async def _send(self, contact: ContactView, text: str) -> None:
        try:
            account = await self._accounts.by_id(contact.account_id)
            message = await self._outbox.send_text(account, contact.phone, text)
        except InvalidInput as error:
            self.feedback.error(self.tr("Not sent: {reason}").format(reason=error.reason))
            return
        finally:
            self._end()
        if self.feedback.report(message):
            self.text_edit.clear()
            self.sent.emit(message)
            self.notice.emit(self.tr("Message sent to {contact}").format(contact=contact_title(contact)))
        current = self._selection.contact
        if current is not None and current.id == contact.id:
            self._selection.set_message(message.id)

    async def _forward(self, contact: ContactView, text: str) -> None:
        try:
            account = await self._accounts.by_id(contact.account_id)
            name = contact.display_name if has_name(contact) else None
            await self._bots.forward(account, contact.phone, text, name)
        except InvalidInput as error:
            self.feedback.error(self.tr("Not forwarded: {reason}").format(reason=error.reason))
            return
        except ProviderError as error:
            self.feedback.error(self.tr("Not forwarded: {reason}").format(reason=str(error)))
            return
        finally:
            self._end()
        self.text_edit.clear()
        self.feedback.clear_text()
        self.notice.emit(self.tr("Handed to the bot as a message from {contact}").format(contact=contact_title(contact)))
