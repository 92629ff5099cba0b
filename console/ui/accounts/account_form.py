"""The form that adds or edits an account: one field per entry of the provider's spec.

Secrets are typed here and go straight to the secret store through the account service;
when editing, a secret left blank keeps the stored one (it is never shown back).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from console.domain.accounts import PROVIDER_TITLES, Account, ProviderKind
from console.domain.capabilities import Operation
from console.domain.errors import DuplicateAccount, InvalidInput
from console.domain.field_names import NAME as NAME_LABEL
from console.domain.notices import Notice
from console.providers.fields import AccountField, FieldKind
from console.providers.registry import definition
from console.services.accounts import AccountService
from console.ui.accounts.field_labels import field_label
from console.ui.tasks import TaskHolder
from console.ui.tones import Tone, tone_style
from console.ui.wording import say

SAVE = "save"
NAME = "name"


class AccountFormDialog(QDialog):
    saved = Signal(object)  # Account

    def __init__(
        self, accounts: AccountService, provider: ProviderKind, account: Account | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._provider = provider
        self._account = account
        self._tasks = TaskHolder(self)
        title = PROVIDER_TITLES[provider]
        self.setWindowTitle(
            self.tr("New {provider} account").format(provider=title)
            if account is None
            else self.tr("Edit {account}").format(account=account.name)
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit(account.name if account is not None else "")
        self.name_edit.setReadOnly(account is not None)  # secrets are kept under the name
        form.addRow(self.tr("Name"), self.name_edit)
        self.edits: dict[str, QLineEdit] = {}
        for spec_field in definition(provider).fields:
            edit = self._edit_for(spec_field)
            self.edits[spec_field.key] = edit
            form.addRow(field_label(spec_field) + ("" if spec_field.required else self.tr(" (optional)")), edit)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(tone_style(Tone.ERROR))
        self.secrets_note = QLabel(
            self.tr("Passwords and keys are kept in the {where}.").format(where=say(accounts.secrets_description))
        )
        self.secrets_note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.secrets_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _edit_for(self, spec_field: AccountField) -> QLineEdit:
        edit = QLineEdit()
        if spec_field.secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            if self._account is not None:
                edit.setPlaceholderText(self.tr("unchanged — type to replace"))
        elif self._account is not None and spec_field.key in self._account.settings:
            edit.setText(str(self._account.settings[spec_field.key]))
        elif spec_field.default is not None:
            edit.setText(str(spec_field.default))
        edit.setCursorPosition(0)  # a long default URL shows its beginning
        if spec_field.kind is FieldKind.ACCOUNT:
            edit.setPlaceholderText(self.tr("the account's name"))
            self._tasks.start(f"names:{spec_field.key}", self._offer_accounts(edit))
        return edit

    async def _offer_accounts(self, edit: QLineEdit) -> None:
        """Complete the name of an account that can send a bot's answers (a Cloud API account)."""
        names = [
            account.name
            for account in await self._accounts.list()
            if definition(account.provider).capabilities.supports(Operation.SEND_BOT_ANSWERS)
        ]
        completer = QCompleter(names, edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        edit.setCompleter(completer)

    def values(self) -> dict[str, object]:
        return {key: edit.text() for key, edit in self.edits.items()}

    def save(self) -> None:
        if self._tasks.running(SAVE):
            return
        self._show_error("")
        self.buttons.setEnabled(False)
        self._tasks.start(SAVE, self._save())

    async def _save(self) -> None:
        try:
            if self._account is None:
                account = await self._accounts.add_account(self.name_edit.text(), self._provider, self.values())
            else:
                account = await self._accounts.update_account(self._account, self.values())
        except InvalidInput as error:
            self._show_error(say(error), error.field)
            return
        except DuplicateAccount as error:
            self._show_error(say(error), NAME)
            return
        finally:
            self.buttons.setEnabled(True)
        self.saved.emit(account)
        self.accept()

    def _show_error(self, text: str, field: Notice | str | None = None) -> None:
        self.error.setText(text)
        target = self._edit_of(field) if field else None
        if target is not None:
            target.setFocus()
            target.selectAll()

    def _edit_of(self, field: Notice | str) -> QLineEdit | None:
        """The edit an error names: by the field's key or by its label, as the core names it."""
        if field == NAME or (isinstance(field, Notice) and field.code == NAME_LABEL.code):
            return self.name_edit
        for spec_field in definition(self._provider).fields:
            if field in (spec_field.key, spec_field.label):
                return self.edits[spec_field.key]
        return None

    def done(self, result: int) -> None:
        self._tasks.cancel_all()
        super().done(result)
