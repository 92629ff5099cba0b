"""Where a push-only account's callbacks are received, and the URL to hand to the provider.

The callback URL carries the route's secret token, so it is shown masked; Copy puts the
whole URL on the clipboard, and Show reveals it on request.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.errors import InvalidInput
from console.providers.errors import ProviderError
from console.services.accounts import AccountService
from console.services.callback_routes import CallbackMode
from console.services.callback_setup import CallbackSetup, CallbackStatus, EmbeddedSettings
from console.ui.tasks import TaskHolder
from console.ui.tones import Tone, tone_style
from console.ui.wording import say

APPLY = "apply"


def masked(url: str) -> str:
    """The URL with its last path segment (the route's token) hidden."""
    base, _, token = url.rpartition("/")
    return f"{base}/{'•' * min(len(token), 12)}" if token else url


class CallbacksDialog(QDialog):
    changed = Signal()

    def __init__(self, setup: CallbackSetup, accounts: AccountService, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setup = setup
        self._accounts = accounts
        self._account = account
        self._tasks = TaskHolder(self)
        self._url: str | None = None
        self.setWindowTitle(self.tr("Callbacks of {account}").format(account=account.name))

        self.embedded = QRadioButton(self.tr("On this computer"))
        self.team = QRadioButton(self.tr("At a team relay"))
        self.off = QRadioButton(self.tr("Off"))
        self.modes = QButtonGroup(self)
        for button, mode in (
            (self.embedded, CallbackMode.EMBEDDED),
            (self.team, CallbackMode.TEAM),
            (self.off, CallbackMode.OFF),
        ):
            self.modes.addButton(button)
            button.setProperty("mode", mode.value)
        self.modes.buttonToggled.connect(self._follow_mode)
        self.embedded.setEnabled(setup.can_embed)

        self.listen_edit = QLineEdit()
        self.public_edit = QLineEdit()
        self.public_edit.setPlaceholderText("https://centralita.example.com")
        embedded_box = QGroupBox(self.tr("This computer"))
        embedded_form = QFormLayout(embedded_box)
        embedded_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        embedded_form.addRow(
            QLabel(
                self.tr(
                    "Centralita listens on a port of this computer; your reverse proxy or tunnel must forward "
                    "the public HTTPS address below to it."
                ),
                wordWrap=True,
            )
        )
        embedded_form.addRow(self.tr("Listen on"), self.listen_edit)
        embedded_form.addRow(self.tr("Public address"), self.public_edit)
        self.embedded_box = embedded_box

        self.relay_edit = QLineEdit()
        self.relay_edit.setPlaceholderText("https://relay.example.com")
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(self.tr("`centralita relay token` on the relay; blank keeps the known one"))
        team_box = QGroupBox(self.tr("Team relay"))
        team_form = QFormLayout(team_box)
        team_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        team_form.addRow(self.tr("Relay address"), self.relay_edit)
        team_form.addRow(self.tr("Events token"), self.token_edit)
        self.team_box = team_box

        self.url_edit = QLineEdit()
        self.url_edit.setAccessibleName(self.tr("Callback URL"))
        self.url_edit.setReadOnly(True)
        self.show_button = QPushButton(self.tr("Show"), checkable=True)
        self.show_button.toggled.connect(lambda _: self._show_url())
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy_url)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.show_button)
        url_row.addWidget(self.copy_button)
        self.hint = QLabel(wordWrap=True)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet(tone_style(Tone.ERROR))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        modes = QHBoxLayout()
        for button in (self.embedded, self.team, self.off):
            modes.addWidget(button)
        modes.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Receive the callbacks of {account}:").format(account=account.title)))
        layout.addLayout(modes)
        layout.addWidget(embedded_box)
        layout.addWidget(team_box)
        layout.addWidget(QLabel(self.tr("Callback URL")))
        layout.addLayout(url_row)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)
        self._tasks.start("load", self._load())

    async def _load(self) -> None:
        settings = await self._setup.embedded_settings()
        self.listen_edit.setText(settings.listen)
        self.public_edit.setText(settings.public_url)
        status = await self._setup.status(self._account)
        if status.relay_url and status.mode is CallbackMode.TEAM:
            self.relay_edit.setText(status.relay_url)
        {CallbackMode.EMBEDDED: self.embedded, CallbackMode.TEAM: self.team, CallbackMode.OFF: self.off}[status.mode].setChecked(
            True
        )
        self._show_status(status)

    def _follow_mode(self) -> None:
        self.embedded_box.setEnabled(self.embedded.isChecked())
        self.team_box.setEnabled(self.team.isChecked())

    def apply(self) -> None:
        self.error.clear()
        self.apply_button.setEnabled(False)
        self._tasks.start(APPLY, self._apply())

    async def _apply(self) -> None:
        try:
            account = await self._accounts.by_id(self._account.id)
            if self.embedded.isChecked():
                await self._setup.use_embedded(account, EmbeddedSettings(self.listen_edit.text(), self.public_edit.text()))
            elif self.team.isChecked():
                await self._setup.use_team_relay(account, self.relay_edit.text(), self.token_edit.text() or None)
            else:
                await self._setup.turn_off(account)
            self._account = await self._accounts.by_id(self._account.id)
            self._show_status(await self._setup.status(self._account))
            self.token_edit.clear()
            self.changed.emit()
        except InvalidInput as error:
            self.error.setText(say(error))
        except ProviderError as error:
            self.error.setText(say(error))
        finally:
            self.apply_button.setEnabled(True)

    def _show_status(self, status: CallbackStatus) -> None:
        self._url = status.url
        self._show_url()
        self.copy_button.setEnabled(status.url is not None)
        self.show_button.setEnabled(status.url is not None)
        provider = PROVIDER_TITLES[self._account.provider]
        if status.url is None:
            self.hint.setText(self.tr("Callbacks are off: {provider} cannot report to this console.").format(provider=provider))
        elif status.provider_told:
            self.hint.setText(self.tr("Centralita gave this URL to {provider} itself.").format(provider=provider))
        else:
            self.hint.setText(self.tr("Give this URL to {provider} as the account's callback URL.").format(provider=provider))

    def _show_url(self) -> None:
        if self._url is None:
            self.url_edit.setText(self.tr("none"))
        else:
            self.url_edit.setText(self._url if self.show_button.isChecked() else masked(self._url))
        self.url_edit.setCursorPosition(0)

    def copy_url(self) -> None:
        if self._url is not None:
            QGuiApplication.clipboard().setText(self._url)

    def done(self, result: int) -> None:
        self._tasks.cancel_all()
        super().done(result)
