"""The accounts pane worked with mouse and keyboard: add, test, edit, remove, callbacks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from console.domain.accounts import ConnectionState, ProviderKind
from console.sandbox.heynow import DEMO_PLATFORM
from console.ui.accounts.account_form import AccountFormDialog
from console.ui.accounts.callbacks_dialog import CallbacksDialog
from console.ui.main_window import MainWindow
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession
from tests.ui.support import Run


def _select(qtbot: QtBot, window: MainWindow, name: str) -> None:
    pane = window.accounts_pane
    row = next(r for r in range(pane.model.rowCount()) if pane.model.account(r).name == name)
    rect = pane.list.visualRect(pane.model.index(row))
    qtbot.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.selection.account is not None and window.selection.account.name == name)


def _line(window: MainWindow, name: str) -> str:
    """The account's line in the list; empty while it is not listed."""
    pane = window.accounts_pane
    rows = [r for r in range(pane.model.rowCount()) if pane.model.account(r).name == name]
    return str(pane.model.index(rows[0]).data()) if rows else ""


def _open_add_form(qtbot: QtBot, window: MainWindow, provider: ProviderKind) -> AccountFormDialog:
    pane = window.accounts_pane
    pane.add_actions[provider].trigger()
    qtbot.waitUntil(lambda: isinstance(pane.dialog, AccountFormDialog) and pane.dialog.isVisible())
    assert isinstance(pane.dialog, AccountFormDialog)
    return pane.dialog


def _fill(qtbot: QtBot, dialog: AccountFormDialog, **values: str) -> None:
    for key, value in values.items():
        edit = dialog.name_edit if key == "name" else dialog.edits[key]
        edit.clear()
        qtbot.keyClicks(edit, value)


def _save(qtbot: QtBot, dialog: AccountFormDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_add_an_account_with_its_form_and_see_it_connect(
    qtbot: QtBot, window: MainWindow, session: ConsoleSession, run: Run
) -> None:
    assert session.sandbox is not None
    before = len(run(session.workspace.accounts.list()))
    dialog = _open_add_form(qtbot, window, ProviderKind.HEYNOW)

    _fill(qtbot, dialog, name="Ventas", base_url="ftp://nowhere", username="demo", password="demo", platform_id=DEMO_PLATFORM)
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Base URL" in dialog.error.text())
    assert dialog.isVisible() and len(run(session.workspace.accounts.list())) == before

    _fill(qtbot, dialog, base_url=session.sandbox.base_urls["heynow"])
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.accounts_pane.dialog is None)  # closed (and deleted)
    qtbot.waitUntil(lambda: "token expires in 23 h" in _line(window, "Ventas"), timeout=10_000)
    assert window.selection.account is not None and window.selection.account.name == "Ventas"
    assert run(session.workspace.accounts.by_name("Ventas")).settings["platform_id"] == DEMO_PLATFORM


def test_edit_to_a_wrong_password_shows_wrong_credentials_then_remove(
    qtbot: QtBot, window: MainWindow, session: ConsoleSession, run: Run
) -> None:
    assert session.sandbox is not None
    dialog = _open_add_form(qtbot, window, ProviderKind.HEYNOW)
    _fill(qtbot, dialog, name="Soporte", base_url=session.sandbox.base_urls["heynow"], username="demo", password="demo")
    _fill(qtbot, dialog, platform_id=DEMO_PLATFORM)
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: "connected" in _line(window, "Soporte"), timeout=10_000)

    pane = window.accounts_pane
    _select(qtbot, window, "Soporte")
    qtbot.mouseClick(pane.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(pane.dialog, AccountFormDialog) and pane.dialog.isVisible())
    edit = pane.dialog
    assert isinstance(edit, AccountFormDialog)
    assert edit.edits["password"].text() == "" and edit.name_edit.isReadOnly()  # secrets are never shown back
    _fill(qtbot, edit, password="not-the-password")
    _save(qtbot, edit)
    qtbot.waitUntil(lambda: "wrong credentials" in _line(window, "Soporte"), timeout=10_000)
    account = run(session.workspace.accounts.by_name("Soporte"))
    assert session.workspace.clients.health(account.id).state is ConnectionState.WRONG_CREDENTIALS

    qtbot.mouseClick(pane.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(pane.dialog, QMessageBox) and pane.dialog.isVisible())
    box = pane.dialog
    assert isinstance(box, QMessageBox)
    remove = next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(pane.model.account(r).name != "Soporte" for r in range(pane.model.rowCount())))
    assert "Soporte" not in [a.name for a in run(session.workspace.accounts.list())]


def test_callbacks_dialog_shows_the_url_masked_copies_it_and_turns_off(
    qtbot: QtBot, window: MainWindow, session: ConsoleSession, run: Run
) -> None:
    pane = window.accounts_pane
    _select(qtbot, window, BROADCASTERBOT_DEMO)
    account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    url = run(session.workspace.callback_routes.callback_url(account))
    assert url is not None
    qtbot.mouseClick(pane.callbacks_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(pane.dialog, CallbacksDialog) and pane.dialog.embedded.isChecked())
    dialog = pane.dialog
    assert isinstance(dialog, CallbacksDialog)
    token = url.rsplit("/", 1)[1]
    assert token not in dialog.url_edit.text() and dialog.url_edit.text().endswith("•" * 12)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == url

    dialog.public_edit.clear()
    qtbot.keyClicks(dialog.public_edit, "http://not-https.example.com")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "HTTPS" in dialog.error.text())
    assert run(session.workspace.callback_routes.callback_url(run(session.workspace.accounts.by_id(account.id)))) == url

    qtbot.mouseClick(dialog.off, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.url_edit.text() == dialog.tr("none"))
    assert not dialog.copy_button.isEnabled()
    assert run(session.workspace.callback_routes.callback_url(run(session.workspace.accounts.by_id(account.id)))) is None
