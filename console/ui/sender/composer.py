"""The composer: free text to the selected contact, within the customer's 24 h window, with
a file or a place where the provider sends them, and quick replies typed after "/".

For Chattigo accounts the typed text is instead handed to the provider's bot as the
customer's message ("Forward to bot"); the bot's answers come back through callbacks.

A send the outbox holds back with warnings (a window the console did not see open, a
number newer than its plan, a link it could not check) shows them with "Send anyway"
(`SendAnywayBar`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.domain.accounts import Account
from console.domain.attachments import Attachment
from console.domain.capabilities import Operation
from console.domain.contact_views import ContactView
from console.domain.content import MediaContent
from console.domain.errors import InvalidInput
from console.domain.messages import MAX_TEXT_LENGTH, MessageSummary
from console.domain.notices import as_notice
from console.domain.quick_replies import QuickReply, fill_variables
from console.domain.send_warnings import NeedsSendAnyway, SendWarning
from console.providers.errors import ProviderError
from console.providers.registry import capabilities
from console.services.accounts import AccountService
from console.services.bots import BotBridge
from console.services.outbox import Outbox
from console.services.quick_replies import QuickReplyService
from console.ui.labels import contact_title, has_name, readable_phone
from console.ui.selection import Selection
from console.ui.sender.attachments import AttachmentControl
from console.ui.sender.feedback import FeedbackLabel
from console.ui.sender.quick_reply_popup import ComposerEdit, QuickReplyPopup
from console.ui.sender.send_anyway import SendAnywayBar
from console.ui.tasks import TaskHolder
from console.ui.tones import Tone, tone_style
from console.ui.wording import say

if TYPE_CHECKING:
    from console.domain.sessions import SessionWindow

SEND = "send"


class ComposerTab(QWidget):
    notice = Signal(str)
    templates_requested = Signal()
    sent = Signal(object)  # MessageSummary the provider accepted

    def __init__(
        self,
        outbox: Outbox,
        accounts: AccountService,
        bots: BotBridge,
        quick_replies: QuickReplyService,
        selection: Selection,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._outbox = outbox
        self._accounts = accounts
        self._bots = bots
        self._selection = selection
        self._tasks = TaskHolder(self)
        self._sending = False

        self.recipient = QLabel()
        self.session_note = QLabel(
            self.tr("Session closed as far as this console knows: a template reopens it; text asks you to confirm.")
        )
        self.session_note.setStyleSheet(tone_style(Tone.WARNING))
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

        self.text_edit = ComposerEdit()
        self.text_edit.setAccessibleName(self.tr("Message"))
        self.text_edit.setPlaceholderText(self.tr("Write a message… (/ for quick replies, Ctrl+Enter sends)"))
        self.text_edit.textChanged.connect(self._update_state)
        self.quick_replies = QuickReplyPopup(self.text_edit, quick_replies, self._account_id)
        self.quick_replies.chosen.connect(self.insert_reply)
        self.attachment = AttachmentControl(outbox, accounts, selection, self)
        self.attachment.changed.connect(self._update_state)
        self.attachment.attached.connect(self.text_edit.setFocus)
        self.send_anyway = SendAnywayBar()
        self.send_anyway.confirmed.connect(self._send_anyway)
        self.text_edit.textChanged.connect(self.send_anyway.clear)  # its warnings were about the text sent
        self.attachment.changed.connect(self.send_anyway.clear)
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
        footer.addWidget(self.attachment.button, 0, Qt.AlignmentFlag.AlignTop)
        footer.addWidget(self.feedback, 1)
        footer.addWidget(self.length_label)
        footer.addWidget(self.forward_button, 0, Qt.AlignmentFlag.AlignTop)
        footer.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.recipient)
        layout.addWidget(self.session_bar)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.attachment.bar)
        layout.addWidget(self.send_anyway)
        layout.addLayout(footer)

        selection.contact_changed.connect(self._on_contact)
        selection.account_changed.connect(lambda _account: self._update_state())
        self._on_contact(selection.contact)

    # ---- state --------------------------------------------------------------------

    def set_session_window(self, state: SessionWindow | None) -> None:
        """Follow the conversation's 24 h window; None when the provider has none. A closed
        window only informs: the outbox refuses, or warns where the provider judges itself."""
        self.session_bar.setVisible(state is not None and not state.is_open)

    def _account(self) -> Account | None:
        return self._selection.account

    def _account_id(self) -> int | None:
        account = self._account()
        return None if account is None else account.id

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
        self.send_anyway.clear()
        self.attachment.recheck()
        self._update_state()

    def _update_state(self) -> None:
        length = len(self.text_edit.toPlainText())
        self.length_label.setText(f"{length}/{MAX_TEXT_LENGTH}")
        attached = self.attachment.content is not None
        ready = self._selection.contact is not None and not self._sending
        sends_text = self._sends_text()
        self.send_button.setVisible(sends_text)
        self.forward_button.setVisible(self._forwards())
        sendable = (length > 0 or attached) and self.attachment.ready
        self.send_button.setEnabled(ready and sendable)
        self.forward_button.setEnabled(ready and length > 0 and not attached)
        self.send_anyway.button.setEnabled(not self._sending)
        self.attachment.offer(self._account(), enabled=sends_text)

    # ---- actions ------------------------------------------------------------------

    def send_or_forward(self) -> None:
        if self._sends_text():
            self.send()
        elif self._forwards():
            self.forward()

    def send(self) -> None:
        contact = self._selection.contact
        text, attachment = self.text_edit.toPlainText(), self.attachment.content
        if contact is None or not self.send_button.isEnabled() or self._sending:
            return
        self._begin()
        self._tasks.start(SEND, self._send(contact, text, attachment))

    def _send_anyway(self, warnings: tuple[SendWarning, ...]) -> None:
        contact = self._selection.contact
        text, attachment = self.text_edit.toPlainText(), self.attachment.content
        if contact is None or (not text and attachment is None) or self._sending:
            return
        self._begin()
        if not self._sends_text() and self._forwards():  # Chattigo: the warning was about a forward
            self._tasks.start(SEND, self._forward(contact, text, warnings))
            return
        self._tasks.start(SEND, self._send(contact, text, attachment, warnings))

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

    async def _send(
        self, contact: ContactView, text: str, attachment: Attachment | None, anyway: tuple[SendWarning, ...] = ()
    ) -> None:
        try:
            message = await self._deliver(contact, text, attachment, anyway)
        except NeedsSendAnyway as held:
            self.send_anyway.show_warnings(held.warnings)
            self.feedback.warning(self.tr("Not sent yet: read the warning, then send anyway or change the message."))
            return
        except InvalidInput as error:
            self.feedback.error(self.tr("Not sent: {reason}").format(reason=say(as_notice(error.reason))))
            return
        finally:
            self._end()
        self.send_anyway.clear()
        current = self._selection.contact
        if current is not None and current.id == contact.id:
            self._selection.set_message(message.id)

    async def _deliver(
        self, contact: ContactView, text: str, attachment: Attachment | None, anyway: tuple[SendWarning, ...]
    ) -> MessageSummary:
        """The attachment first (a file carries the text as its caption), then the text; what
        the provider took is cleared, what it did not stays for the agent. The last message stored."""
        account = await self._accounts.by_id(contact.account_id)
        if attachment is not None and not text.strip():
            text = ""
        if isinstance(attachment, MediaContent):
            attachment, text = replace(attachment, caption=text or None), ""
        if attachment is not None:
            message = await self._outbox.send(account, contact.phone, attachment, send_anyway=anyway)
            if not self.feedback.report(message):
                return message
            self.attachment.clear()
        if text or attachment is None:
            message = await self._outbox.send_text(account, contact.phone, text, send_anyway=anyway)
            if not self.feedback.report(message):
                return message
        self.text_edit.clear()
        self.sent.emit(message)
        self.notice.emit(self.tr("Message sent to {contact}").format(contact=contact_title(contact)))
        return message

    async def _forward(self, contact: ContactView, text: str, anyway: tuple[SendWarning, ...] = ()) -> None:
        try:
            account = await self._accounts.by_id(contact.account_id)
            name = contact.display_name if has_name(contact) else None
            await self._bots.forward(account, contact.phone, text, name, anyway)
        except NeedsSendAnyway as held:
            self.send_anyway.show_warnings(held.warnings)
            self.feedback.warning(self.tr("Not forwarded yet: read the warning, then send anyway or change the message."))
            return
        except InvalidInput as error:
            self.feedback.error(self.tr("Not forwarded: {reason}").format(reason=say(as_notice(error.reason))))
            return
        except ProviderError as error:
            self.feedback.error(self.tr("Not forwarded: {reason}").format(reason=say(error)))
            return
        finally:
            self._end()
        self.send_anyway.clear()
        self.text_edit.clear()
        self.feedback.clear_text()
        self.notice.emit(self.tr("Handed to the bot as a message from {contact}").format(contact=contact_title(contact)))

    # ---- quick replies ----------------------------------------------------------------

    def insert_reply(self, reply: QuickReply) -> None:
        """Put the reply, filled for the contact, where "/" and its letters were; its file
        goes as an attachment where the provider sends files, else as a link in the text."""
        contact = self._selection.contact
        name = contact.display_name if contact is not None and has_name(contact) else None
        number = readable_phone(contact.phone) if contact is not None else ""
        filled = fill_variables(reply.text, name, number)
        text = filled.text
        if reply.media_url is not None and reply.media_kind is not None:
            if self.attachment.sends_media():
                self.attachment.attach(MediaContent(reply.media_kind, reply.media_url))
            else:
                text = f"{text}\n{reply.media_url}" if text else reply.media_url
        self.quick_replies.replace_typed(text)
        self.text_edit.setFocus()
        if filled.unfilled:
            self.feedback.warning(
                self.tr("This contact has no name: replace {variable} before sending.").format(variable=filled.unfilled[0])
            )
            self._select_first(filled.unfilled[0])

    def _select_first(self, variable: str) -> None:
        """Select the first variable left, so typing replaces it."""
        found = self.text_edit.document().find(variable)
        if not found.isNull():
            self.text_edit.setTextCursor(found)
