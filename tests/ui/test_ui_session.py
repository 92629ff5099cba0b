"""Sandbox mode: an empty data dir opens the simulated providers, clearly marked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.domain.accounts import ProviderKind
from console.sandbox.heynow import DEMO_PLATFORM, DEMO_USER
from console.services.workspace import Workspace
from console.store.location import sandbox_dir
from console.store.secrets import SecretStore
from console.ui.main_window import MainWindow
from console.ui.session import DEMO_ACCOUNT, TIMELINESAI_DEMO, ConsoleSession, open_session
from tests.ui.support import FAST_SANDBOX, Run


def test_empty_data_dir_starts_sandbox_with_demo_account_and_banner(
    session: ConsoleSession, window: MainWindow, tmp_path: Path, run: Run
) -> None:
    assert session.sandbox is not None
    assert session.workspace.data_dir == sandbox_dir(tmp_path)
    accounts = run(session.workspace.accounts.list())
    assert [(a.name, a.sandbox) for a in accounts] == [
        ("Broadcasterbot demo", True),
        ("Chattigo demo", True),
        ("Cliengo demo", True),
        (DEMO_ACCOUNT, True),
        ("TimelinesAI demo", True),
        ("WhatsApp Cloud API demo", True),
    ]
    assert {a.provider for a in accounts} == set(ProviderKind)
    demo = accounts[3]
    assert demo.settings["base_url"] == session.sandbox.base_urls["heynow"]
    assert demo.settings["username"] == DEMO_USER
    assert demo.settings["platform_id"] == DEMO_PLATFORM

    assert window.banner is not None and window.banner.isVisible()
    assert window.banner.label.text() == "Sandbox — simulated providers; nothing leaves this computer"
    assert window.accounts_pane.model.rowCount() == 6
    # It opens on the account whose agenda it can show.
    assert window.selection.account is not None and window.selection.account.id == demo.id


def test_every_demo_account_is_checked_at_start_and_test_connection_checks_again(
    window: MainWindow, session: ConsoleSession, qtbot: QtBot
) -> None:
    pane = window.accounts_pane

    def all_connected() -> bool:
        healths = [str(pane.model.index(row).data()).split("\n")[1] for row in range(pane.model.rowCount())]
        return len(healths) == 6 and all(health.startswith("connected") for health in healths)

    qtbot.waitUntil(all_connected)  # no click: the workspace checks every account when it starts
    assert session.sandbox is not None
    logins = session.sandbox.sandbox.log.count("heynow", "login")
    assert window.selection.account is not None and window.selection.account.provider is ProviderKind.HEYNOW
    qtbot.mouseClick(pane.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.sandbox.sandbox.log.count("heynow", "login") == logins + 1)
    row = pane.model.row_of(window.selection.account.id)
    qtbot.waitUntil(lambda: "connected" in pane.model.index(row).data())


def test_later_run_moves_demo_account_to_the_new_port(tmp_path: Path, secrets: SecretStore, run: Run) -> None:
    first = run(open_session(tmp_path, secrets=secrets, heynow_config=FAST_SANDBOX))
    first_account = run(first.workspace.accounts.by_name(DEMO_ACCOUNT))
    run(first.close())

    second = run(open_session(tmp_path, secrets=secrets, heynow_config=FAST_SANDBOX))
    try:
        assert second.sandbox is not None
        accounts = [a for a in run(second.workspace.accounts.list()) if a.name == DEMO_ACCOUNT]
        assert [a.id for a in accounts] == [first_account.id]
        assert accounts[0].settings["base_url"] == second.sandbox.base_urls["heynow"]
        assert accounts[0].settings["base_url"] != first_account.settings["base_url"]
        # TimelinesAI's address is its webhook URL, a secret.
        assert secrets.get(TIMELINESAI_DEMO, "webhook_url").startswith(second.sandbox.root_url + "/timelinesai/inbound/")
    finally:
        run(second.close())


def test_data_dir_with_accounts_opens_without_sandbox(tmp_path: Path, secrets: SecretStore, run: Run) -> None:
    async def add_real_account() -> None:
        workspace = await Workspace.open(tmp_path, secrets)
        try:
            await workspace.accounts.add_heynow(
                "Ventas", base_url="https://api.example.com", username="u", password="p", platform_id="59891000000"
            )
        finally:
            await workspace.close()

    run(add_real_account())
    session = run(open_session(tmp_path, secrets=secrets))
    try:
        assert session.sandbox is None
        assert session.workspace.data_dir == tmp_path
        assert [a.name for a in run(session.workspace.accounts.list())] == ["Ventas"]
    finally:
        run(session.close())
