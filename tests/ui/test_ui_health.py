"""Accounts' health in the window: checked when the console starts, with no click, and again
from the status bar's Check now."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.sandbox.server import SandboxServer
from console.services.workspace_options import WorkspaceOptions
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession, open_accounts_session
from tests.conftest import DEMO_PLATFORM, MemorySecrets
from tests.ui.support import FAST_POLLING, Run


@pytest.fixture
def window(tmp_path: Path, secrets: MemorySecrets, sandbox: SandboxServer, qtbot: QtBot, run: Run) -> Iterator[MainWindow]:
    """The agent's own accounts, one of them with a wrong password, as the console opens them."""
    session: ConsoleSession = run(
        open_accounts_session(tmp_path, secrets=secrets, options=WorkspaceOptions(poll_policy=FAST_POLLING))
    )
    accounts = session.workspace.accounts
    base_url = sandbox.base_urls["heynow"]
    run(accounts.add_heynow("Ventas", base_url=base_url, username="demo", password="demo", platform_id=DEMO_PLATFORM))
    run(accounts.add_heynow("Soporte", base_url=base_url, username="demo", password="wrong", platform_id=DEMO_PLATFORM))
    main = MainWindow(session.workspace)
    run(session.workspace.start_background())
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.shutdown()
    main.close()
    run(session.close())


def _line(window: MainWindow, name: str) -> str:
    model = window.accounts_pane.model
    row = next(row for row in range(model.rowCount()) if model.account(row).name == name)
    return str(model.index(row).data())


def test_a_wrong_password_shows_at_start_without_any_click(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: window.accounts_pane.model.rowCount() == 2)
    qtbot.waitUntil(lambda: _line(window, "Soporte").endswith("\nwrong credentials"), timeout=5000)
    qtbot.waitUntil(lambda: _line(window, "Ventas").split("\n")[1].startswith("connected"), timeout=5000)
    status = window.health.accounts_label
    qtbot.waitUntil(lambda: status.text() == "Accounts: 1 connected, 1 with wrong credentials")
    assert "Soporte: wrong credentials — Hey Now refused the user name or password" in status.toolTip()
    # The status bar's next refresh says when the round ended.
    qtbot.waitUntil(lambda: "Last checked less than a minute ago" in status.toolTip(), timeout=3000)


def test_check_now_tests_every_account_again(window: MainWindow, sandbox: SandboxServer, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: window.health.accounts_label.text() == "Accounts: 1 connected, 1 with wrong credentials")
    logins = sandbox.sandbox.log.count("heynow", "login")
    qtbot.mouseClick(window.health.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sandbox.sandbox.log.count("heynow", "login") == logins + 2)
    qtbot.waitUntil(lambda: window.health.accounts_label.text() == "Accounts: 1 connected, 1 with wrong credentials")
