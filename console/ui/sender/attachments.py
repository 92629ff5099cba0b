"""The composer's attachment: the Attach menu (a link to a file, a place), offered where the
account's provider sends them, and the bar that shows the one waiting to go with its
pre-flight verdict.

The verdict is the outbox's own check, the one every send passes: Send waits for it, and a
problem is shown before anything is sent. An answer for an attachment or contact no longer
on screen is ignored.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.attachments import Attachment, file_name
from console.domain.capabilities import Operation
from console.domain.content import LocationContent, MediaContent
from console.domain.errors import InvalidInput
from console.providers.registry import capabilities
from console.services.accounts import AccountService
from console.services.outbox import Outbox
from console.ui.selection import Selection
from console.ui.sender.attach_dialogs import MediaLinkDialog, PlaceDialog, media_kind_label
from console.ui.sender.feedback import FeedbackLabel
from console.ui.tasks import TaskHolder
from console.ui.wording import say

CHECK = "check"


class AttachmentControl(QObject):
    changed = Signal()  # an attachment came or went, or its check answered
    attached = Signal()  # the agent chose one: the message's text comes next

    def __init__(self, outbox: Outbox, accounts: AccountService, selection: Selection, parent: QWidget) -> None:
        super().__init__(parent)
        self._outbox = outbox
        self._accounts = accounts
        self._selection = selection
        self._tasks = TaskHolder(self)
        self._content: Attachment | None = None
        self._generation = 0  # bumped by every change; a check answers for one generation
        self._checked_generation = -1

        self.button = QToolButton()
        self.button.setText(self.tr("Attach"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.link_action = self.menu.addAction(self.tr("A link to a file…"), self.ask_link)
        self.place_action = self.menu.addAction(self.tr("A place…"), self.ask_place)
        self.button.setMenu(self.menu)

        self.label = QLabel()
        self.verdict = FeedbackLabel()
        self.remove_button = QToolButton()
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Send the message without the attachment"))
        self.remove_button.clicked.connect(self.clear)
        self.bar = QWidget()
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.verdict, 1)
        row.addWidget(self.remove_button)
        self.bar.setVisible(False)
        self.offer(selection.account, enabled=True)

    # ---- what is offered -------------------------------------------------------------

    def offer(self, account: Account | None, *, enabled: bool) -> None:
        """Offer what `account`'s provider sends (nothing while `enabled` is False); an
        attachment it cannot send is dropped."""
        media, places = self._sends(account, MediaContent), self._sends(account, LocationContent)
        self.link_action.setEnabled(media)
        self.place_action.setEnabled(places)
        self.button.setEnabled(enabled and (media or places))
        if account is not None and not (media or places):
            title = PROVIDER_TITLES[account.provider]
            self.button.setToolTip(self.tr("{provider} does not send files or places").format(provider=title))
        else:
            self.button.setToolTip(self.tr("Send a file by its link, or a place"))
        if self._content is not None and not self._sends(account, type(self._content)):
            self.clear()

    def _sends(self, account: Account | None, kind: type) -> bool:
        if account is None:
            return False
        offered = capabilities(account.provider)
        if kind is MediaContent:
            return offered.supports(Operation.SEND_MEDIA) and bool(offered.media)
        return offered.supports(Operation.SEND_LOCATION)

    def sends_media(self) -> bool:
        return self._sends(self._selection.account, MediaContent)

    # ---- the attachment ----------------------------------------------------------------

    @property
    def content(self) -> Attachment | None:
        return self._content

    @property
    def ready(self) -> bool:
        """Nothing attached, or what is attached passed the checks for what is on screen."""
        return self._content is None or self._checked_generation == self._generation

    def ask_link(self) -> MediaLinkDialog:
        account = self._selection.account
        kinds = capabilities(account.provider).media if account is not None else {}
        dialog = MediaLinkDialog(kinds, self.button)
        dialog.accepted.connect(lambda: self.attach(dialog.content))
        dialog.open()
        return dialog

    def ask_place(self) -> PlaceDialog:
        dialog = PlaceDialog(self.button)
        dialog.accepted.connect(lambda: self.attach(dialog.content))
        dialog.open()
        return dialog

    def attach(self, content: Attachment | None) -> None:
        if content is None:
            return
        self._content = content
        self.label.setText(self._describe(content))
        self.bar.setVisible(True)
        self.recheck()
        self.attached.emit()

    def clear(self) -> None:
        self._tasks.cancel(CHECK)
        self._content = None
        self._generation += 1
        self.bar.setVisible(False)
        self.verdict.clear_text()
        self.changed.emit()

    def _describe(self, content: Attachment) -> str:
        if isinstance(content, MediaContent):
            return self.tr("Attached {kind}: {name}").format(kind=media_kind_label(content.kind), name=file_name(content))
        named = content.place_name or content.address or f"{content.latitude:.5f}, {content.longitude:.5f}"
        return self.tr("Attached place: {name}").format(name=named)

    # ---- the pre-flight --------------------------------------------------------------------

    def recheck(self) -> None:
        """Check the attachment again, for the contact now selected."""
        self._generation += 1
        self._tasks.cancel(CHECK)
        content, contact = self._content, self._selection.contact
        if content is not None:
            if contact is None:
                self.verdict.warning(self.tr("Select a contact to check it."))
            else:
                self.verdict.show_text(self.tr("Checking…"))
                self._tasks.start(CHECK, self._check(self._generation, contact.account_id, contact.phone, content))
        self.changed.emit()

    async def _check(self, generation: int, account_id: int, to: str, content: Attachment) -> None:
        try:
            account = await self._accounts.by_id(account_id)
            report = await self._outbox.check(account, to, content)
        except InvalidInput as error:
            if generation == self._generation:
                self.verdict.error(say(error))
            return
        if generation != self._generation:
            return
        self._checked_generation = generation
        said = [say(warning.notice) for warning in report.warnings] + [say(note) for note in report.notes]
        if said:  # a warning is confirmed with Send anyway when the send is held back for it
            self.verdict.warning("\n".join(said))
        else:
            self.verdict.ok(self.tr("✓ Ready to send"))
        self.changed.emit()
