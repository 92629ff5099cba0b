"""The template tab: the account's catalogue, a form for the chosen template, a live
preview, and the provider's pre-flight checks shown before Send is enabled.

The checks are the outbox's own (phone, parameters, media link HEAD): run a moment after
the agent stops typing, off the UI thread; an answer for an older state of the form is
ignored, so Send is only enabled for what is on screen. Warnings (a link the console
could not check, a number newer than its plan) replace Send with "Send anyway" for
exactly the warnings shown.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.capabilities import Operation
from console.domain.contact_views import ContactView
from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.domain.notices import as_notice
from console.domain.send_warnings import NeedsSendAnyway, SendWarning
from console.domain.templates import Template
from console.providers.errors import ProviderError
from console.providers.registry import capabilities
from console.services.accounts import AccountService
from console.services.outbox import Outbox
from console.services.templates import TemplateService
from console.ui.labels import contact_title
from console.ui.selection import Selection
from console.ui.sender.add_template import AddTemplateDialog
from console.ui.sender.draft import TemplateDraft
from console.ui.sender.feedback import FeedbackLabel
from console.ui.sender.send_anyway import SendAnywayBar
from console.ui.sender.template_form import TemplateForm
from console.ui.tasks import TaskHolder
from console.ui.wording import say

CHECK_DELAY_MS = 300
LOAD, CHECK, SEND, IMPORT = "load", "check", "send", "import"


def template_label(template: Template) -> str:
    parts = [template.name]
    if template.language:
        parts.append(template.language)
    if template.kind.value != "TEXT":
        parts.append(template.kind.value.lower())
    if not template.sendable:  # the provider's review: only approved templates are delivered
        parts.append(_review_status(template.status))
    return " · ".join(parts)


def _review_status(status: str) -> str:
    words = {
        "PENDING": QCoreApplication.translate("TemplateTab", "pending review"),
        "REJECTED": QCoreApplication.translate("TemplateTab", "rejected"),
        "PAUSED": QCoreApplication.translate("TemplateTab", "paused"),
        "DISABLED": QCoreApplication.translate("TemplateTab", "disabled"),
    }
    return words.get(status, status.lower())


def _gaps_visible(content: TemplateContent) -> TemplateContent:
    """Empty values stay as their placeholder in the preview, so the gap shows."""
    return replace(
        content,
        params=tuple(value or f"{{{{{n}}}}}" for n, value in enumerate(content.params, 1)),
        named_params={name: value or f"{{{{{name}}}}}" for name, value in content.named_params.items()},
    )


class TemplateTab(QWidget):
    notice = Signal(str)
    bulk_requested = Signal()
    sent = Signal(object)  # MessageSummary the provider accepted

    def __init__(
        self,
        outbox: Outbox,
        accounts: AccountService,
        templates: TemplateService,
        selection: Selection,
        draft: TemplateDraft,
        parent: QWidget | None = None,
    ) -> None:
        """What is filled in goes to `draft` as it changes."""
        super().__init__(parent)
        self._outbox = outbox
        self._accounts = accounts
        self._templates = templates
        self._selection = selection
        self._draft = draft
        self._tasks = TaskHolder(self)
        self._catalogue: list[Template] = []
        self._generation = 0  # bumped by every change; a check answers for one generation
        self._checked_generation = -1
        self._sending = False
        self._carried: TemplateContent | None = None  # a form filled in another window, until the catalogue loads

        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName(self.tr("Template"))
        self.template_combo.setMinimumContentsLength(6)
        self.template_combo.currentIndexChanged.connect(self._on_template_chosen)
        # Tool buttons: as wide as their text, where push buttons take a style's minimum width.
        self.import_button = QToolButton(text=self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Add templates from a CSV or JSON file"))
        self.import_button.clicked.connect(self._on_import)
        self.add_button = QToolButton(text=self.tr("Add…"))
        self.add_button.setToolTip(self.tr("Type a template in"))
        self.add_button.clicked.connect(self._on_add)
        self.fetch_button = QToolButton(text=self.tr("Fetch"))
        self.fetch_button.setToolTip(self.tr("Fetch the account's templates and their review status from the provider"))
        self.fetch_button.clicked.connect(self._on_fetch)
        self.form = TemplateForm()
        self.form.changed.connect(self._on_form_changed)
        scroll = QScrollArea()
        scroll.setAccessibleName(self.tr("Template parameters"))
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        two_lines = self.fontMetrics().lineSpacing() * 2 + 8  # both scroll: a short sender pane stays usable
        scroll.setMinimumHeight(two_lines)

        self.preview = QPlainTextEdit()
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setTabChangesFocus(True)
        self.preview.setReadOnly(True)
        self.preview.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 12))
        self.preview.setMinimumHeight(two_lines)
        self.preview.setPlaceholderText(self.tr("The message as the customer will read it"))
        self.recipient = QLabel()
        self.recipient.setWordWrap(True)
        self.checks = FeedbackLabel()
        self.send_anyway = SendAnywayBar()
        self.send_anyway.confirmed.connect(self._send_anyway)
        self.feedback = FeedbackLabel()
        self.send_button = QPushButton(self.tr("Send template"))
        self.send_button.clicked.connect(self.send)
        self.bulk_button = QPushButton(self.tr("Send to many…"))
        self.bulk_button.clicked.connect(self.bulk_requested)

        # Rows, not columns: the sentences (recipient, checks) get the tab's whole width, so
        # they neither wrap into a narrow column and get cut nor widen the window.
        catalogue_row = QHBoxLayout()
        catalogue_row.addWidget(self.template_combo, 1)
        catalogue_row.addWidget(self.import_button)
        catalogue_row.addWidget(self.add_button)
        catalogue_row.addWidget(self.fetch_button)
        catalogue_row.addWidget(self.recipient, 1)
        preview_column = QVBoxLayout()
        preview_column.addWidget(QLabel(self.tr("Preview")))
        preview_column.addWidget(self.preview, 1)
        fill_row = QHBoxLayout()
        fill_row.addWidget(scroll, 1)
        fill_row.addLayout(preview_column, 1)
        said = QVBoxLayout()
        said.addWidget(self.checks)
        said.addWidget(self.feedback)
        send_row = QHBoxLayout()
        send_row.addLayout(said, 1)
        send_row.addWidget(self.bulk_button, 0, Qt.AlignmentFlag.AlignBottom)
        send_row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(catalogue_row)
        layout.addLayout(fill_row, 1)
        layout.addWidget(self.send_anyway)
        layout.addLayout(send_row)

        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._start_check)
        selection.account_changed.connect(self._on_account)
        selection.contact_changed.connect(self._on_contact)
        self._on_account(selection.account)

    # ---- what is chosen -------------------------------------------------------------

    @property
    def account(self) -> Account | None:
        return self._selection.account

    def _offers_templates(self) -> bool:
        account = self.account
        return account is not None and capabilities(account.provider).supports(Operation.SEND_TEMPLATE)

    def _on_account(self, account: Account | None) -> None:
        self._tasks.cancel(LOAD)
        self._catalogue = []
        self._fill_combo(None)
        offered = self._offers_templates()
        for widget in (self.template_combo, self.import_button, self.add_button, self.bulk_button):
            widget.setEnabled(offered)
        fetches = account is not None and capabilities(account.provider).supports(Operation.SYNC_TEMPLATES)
        self.fetch_button.setVisible(fetches)
        if account is not None and offered:
            self._tasks.start(LOAD, self._load(account, None))
        self._on_contact(self._selection.contact)

    async def _load(self, account: Account, select: str | None) -> None:
        self._catalogue = await self._templates.list(account)
        carried, self._carried = self._carried, None
        self._fill_combo(select or (carried.name if carried is not None else None))
        if carried is not None:
            self._fill_form(carried)

    def catalogue_changed(self, account_id: int) -> None:
        """The account's catalogue changed in the store (a review came in): read it again,
        keeping the template chosen and what is filled in."""
        account = self.account
        if account is None or account.id != account_id or not self._offers_templates():
            return
        self._carried = self.form.content()
        self._tasks.start(LOAD, self._load(account, None))

    def carry_over(self, content: TemplateContent | None) -> None:
        """The template and values filled in the window this one replaces (a language switch)."""
        if content is None:
            return
        if self._catalogue:
            self._fill_combo(content.name)
            self._fill_form(content)
        else:
            self._carried = content  # the catalogue is still loading: filled when it is in

    def _fill_form(self, content: TemplateContent) -> None:
        if self.form.template is not None and self.form.template.name == content.name:
            self.form.fill(content)

    def _fill_combo(self, select: str | None) -> None:
        previous = select or (self.form.template.name if self.form.template is not None else None)
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for template in self._catalogue:
            self.template_combo.addItem(template_label(template))
        index = next((i for i, t in enumerate(self._catalogue) if t.name == previous), 0 if self._catalogue else -1)
        self.template_combo.setCurrentIndex(index)
        self.template_combo.blockSignals(False)
        self._on_template_chosen(index)

    def _on_template_chosen(self, index: int) -> None:
        template = self._catalogue[index] if 0 <= index < len(self._catalogue) else None
        if template != self.form.template:
            self.form.show_template(template)

    def _on_contact(self, contact: ContactView | None) -> None:
        if contact is None:
            self.recipient.setText(self.tr("No contact selected"))
        else:
            self.recipient.setText(self.tr("To: {contact}").format(contact=contact_title(contact)))
        self.feedback.clear_text()
        self._on_form_changed()

    # ---- preview and pre-flight checks --------------------------------------------------

    def _on_form_changed(self) -> None:
        self._generation += 1
        self._update_preview()
        self._check_timer.stop()
        self._tasks.cancel(CHECK)
        self.send_anyway.clear()
        problem = self._local_problem()
        if problem is not None:
            self.checks.show_text(problem)
        else:
            self.checks.show_text(self.tr("Checking…"))
            self._check_timer.start()
        self._update_send()
        self._draft.update(self.account, self.form.template, self.form.content())

    def _local_problem(self) -> str | None:
        """What stops a check before asking anything."""
        if self.account is None:
            return self.tr("No account selected.")
        if not self._offers_templates():
            title = PROVIDER_TITLES[self.account.provider]
            return self.tr("{provider} accounts do not send templates.").format(provider=title)
        if self.form.template is None:
            return self.tr("No template chosen.")
        if self._selection.contact is None:
            return self.tr("Select a contact to send to, or use Send to many.")
        return None

    def _update_preview(self) -> None:
        template, content = self.form.template, self.form.content()
        if template is None or content is None:
            self.preview.setPlainText("")
        elif template.body:
            self.preview.setPlainText(template.preview(_gaps_visible(content)))
        else:
            self.preview.setPlainText(self.tr("(The catalogue has no text for this template; the provider fills it in.)"))

    def _start_check(self) -> None:
        account, contact, content = self.account, self._selection.contact, self.form.content()
        if account is None or contact is None or content is None:
            return
        self._tasks.start(CHECK, self._check(self._generation, account, contact.phone, content))

    async def _check(self, generation: int, account: Account, to: str, content: TemplateContent) -> None:
        try:
            report = await self._outbox.check(account, to, content)
        except InvalidInput as error:
            if generation == self._generation:
                self.checks.error(say(error))
            return
        if generation != self._generation:
            return
        self._checked_generation = generation
        if report.notes:
            self.checks.warning("\n".join(say(note) for note in report.notes))
        elif report.warnings:
            self.checks.warning(self.tr("Checked, with a warning: send anyway only if you are sure."))
        else:
            self.checks.ok(self.tr("✓ Ready: the provider's checks pass."))
        self.send_anyway.show_warnings(report.warnings)
        self._update_send()

    def _update_send(self) -> None:
        ready = self._checked_generation == self._generation and not self._sending
        self.send_button.setEnabled(ready and not self.send_anyway.warnings)
        self.send_anyway.button.setEnabled(ready)

    # ---- sending --------------------------------------------------------------------

    def send(self) -> None:
        account, contact, content = self.account, self._selection.contact, self.form.content()
        if not self.send_button.isEnabled() or account is None or contact is None or content is None:
            return
        self._start_send(account, contact, content, ())

    def _send_anyway(self, warnings: tuple[SendWarning, ...]) -> None:
        account, contact, content = self.account, self._selection.contact, self.form.content()
        if not self.send_anyway.button.isEnabled() or account is None or contact is None or content is None:
            return
        self._start_send(account, contact, content, warnings)

    def _start_send(
        self, account: Account, contact: ContactView, content: TemplateContent, anyway: tuple[SendWarning, ...]
    ) -> None:
        self._sending = True
        self._update_send()
        self.feedback.show_text(self.tr("Sending…"))
        self._tasks.start(SEND, self._send(account, contact, content, anyway))

    async def _send(
        self, account: Account, contact: ContactView, content: TemplateContent, anyway: tuple[SendWarning, ...]
    ) -> None:
        try:
            message = await self._outbox.send(account, contact.phone, content, send_anyway=anyway)
        except NeedsSendAnyway as held:  # the send's own check found another warning
            self.send_anyway.show_warnings(held.warnings)
            self.feedback.warning(self.tr("Not sent yet: read the warning, then send anyway or change the template."))
            return
        except InvalidInput as error:
            self.feedback.error(self.tr("Not sent: {reason}").format(reason=say(error)))
            return
        finally:
            self._sending = False
            self._update_send()
        if self.feedback.report(message):
            self.feedback.ok(self.tr("Sent."))
            self.sent.emit(message)
            self.notice.emit(
                self.tr("Template {name} sent to {contact}").format(name=content.name, contact=contact_title(contact))
            )
        current = self._selection.contact
        if current is not None and current.id == contact.id:
            self._selection.set_message(message.id)

    # ---- the catalogue ----------------------------------------------------------------

    def _on_import(self) -> None:
        account = self.account
        if account is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import templates"), "", self.tr("Template catalogues (*.csv *.json)")
        )
        if path:
            self._tasks.start(IMPORT, self._import(account, Path(path)))

    async def _import(self, account: Account, path: Path) -> None:
        try:
            imported = await self._templates.import_file(account, path)
        except InvalidInput as error:
            self.feedback.error(self.tr("Not imported: {reason}").format(reason=say(as_notice(error.reason))))
            return
        self.feedback.clear_text()
        self.notice.emit(self.tr("%n template(s) imported", "", len(imported)))
        await self._load(account, imported[0].name if imported else None)

    def _on_fetch(self) -> None:
        account = self.account
        if account is not None:
            self._tasks.start(IMPORT, self._fetch(account))

    async def _fetch(self, account: Account) -> None:
        self.fetch_button.setEnabled(False)
        try:
            fetched = await self._templates.sync(account)
        except ProviderError as error:
            self.feedback.error(self.tr("Not fetched: {reason}").format(reason=error.message))
            return
        finally:
            self.fetch_button.setEnabled(True)
        self.feedback.clear_text()
        self.notice.emit(self.tr("%n template(s) fetched", "", len(fetched)))
        await self._load(account, None)

    def _on_add(self) -> None:
        account = self.account
        if account is None:
            return
        dialog = AddTemplateDialog(self)
        dialog.accepted.connect(lambda: self._added(account, dialog.template))
        dialog.open()

    def _added(self, account: Account, template: Template | None) -> None:
        if template is not None:
            self._tasks.start(IMPORT, self._add(account, template))

    async def _add(self, account: Account, template: Template) -> None:
        await self._templates.add(account, template)
        await self._load(account, template.name)
