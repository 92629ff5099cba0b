"""From the sandbox to the agent's own accounts, in the same window session."""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from console.domain.accounts import ProviderKind
from console.sandbox.heynow import DEMO_PLATFORM
from console.sandbox.server import SandboxServer
from console.ui.accounts.account_form import AccountFormDialog
from console.ui.i18n import Translations
from console.ui.preferences import Preferences
from console.ui.session import ConsoleSession, open_accounts_session, open_session
from console.ui.shell import Shell
from tests.conftest import MemorySecrets
from tests.ui.support import FAST_OPTIONS, Run


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_leaving_the_sandbox_opens_the_agents_workspace_for_its_first_account(
    qtbot: QtBot, tmp_path: Path, session: ConsoleSession, secrets: MemorySecrets, sandbox: SandboxServer, run: Run
) -> None:
    """`sandbox` stands in for a real provider; the session's own simulators stop with it."""
    preferences = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    shell = Shell(
        session, preferences, Translations({}), lambda: open_accounts_session(tmp_path, secrets=secrets, options=FAST_OPTIONS)
    )
    sandbox_window = run(shell.open())
    sandbox_window.show()
    qtbot.waitExposed(sandbox_window)
    assert sandbox_window.banner is not None and sandbox_window.banner.leave_button.isVisible()
    try:
        qtbot.mouseClick(sandbox_window.banner.leave_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: shell.window is not sandbox_window and shell.window is not None and shell.window.isVisible())
        window = shell.window
        assert window is not None and window.banner is None
        assert not shell.session.is_sandbox and session.sandbox is not None
        qtbot.waitUntil(lambda: not _listening(session.sandbox.port))  # the simulators stopped
        menu = window.accounts_pane.add_button.menu()
        qtbot.waitUntil(menu.isVisible)  # the first account is a click away
        menu.hide()

        window.accounts_pane.add_actions[ProviderKind.HEYNOW].trigger()
        qtbot.waitUntil(lambda: isinstance(window.accounts_pane.dialog, AccountFormDialog))
        form = window.accounts_pane.dialog
        assert isinstance(form, AccountFormDialog)
        values = {"base_url": sandbox.base_urls["heynow"], "username": "demo", "password": "demo", "platform_id": DEMO_PLATFORM}
        qtbot.keyClicks(form.name_edit, "Ventas")
        for key, value in values.items():
            form.edits[key].clear()
            qtbot.keyClicks(form.edits[key], value)
        qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: window.accounts_pane.model.rowCount() == 1 and "connected" in str(window.accounts_pane.model.index(0).data())
        )
    finally:
        shell.close()
        run(shell.session.close())

    reopened = run(open_session(tmp_path, secrets=secrets))
    try:
        assert not reopened.is_sandbox  # the next start opens the agent's accounts
        assert [a.name for a in run(reopened.workspace.accounts.list())] == ["Ventas"]
    finally:
        run(reopened.close())
