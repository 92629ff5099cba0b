"""Editing and removing accounts, and the login token's expiry the health line shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.domain.accounts import ConnectionState
from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.relay import RelayStore, RelayThread, sqlite_url
from console.sandbox.server import SandboxServer
from console.services.accounts import ROUTE_TOKEN, TOKEN
from console.services.workspace import Workspace
from tests.conftest import MemorySecrets, add_broadcasterbot_account, add_demo_account, open_workspace, run_core

CUSTOMER = "+52 55 4433 2211"


def _form(workspace: Workspace, sandbox: SandboxServer, **changes: object) -> dict[str, object]:
    """What the Hey Now form holds for the demo account, with `changes` typed in."""
    return {
        "base_url": sandbox.base_urls["heynow"],
        "username": "demo",
        "password": "",
        "platform_id": "59899000001",
        "channel_id": 1,
        "default_region": "UY",
        **changes,
    }


def test_editing_keeps_blank_secrets_and_refuses_bad_values_whole(tmp_path: Path, sandbox: SandboxServer) -> None:
    secrets = MemorySecrets()

    async def scenario() -> None:
        async with open_workspace(tmp_path, secrets) as workspace:
            account = await add_demo_account(workspace, sandbox)
            assert (await workspace.clients.test_connection(account)).state is ConnectionState.CONNECTED

            with pytest.raises(InvalidInput, match="http"):
                await workspace.accounts.update_account(account, _form(workspace, sandbox, base_url="ftp://x", password="other"))
            unchanged = await workspace.accounts.by_id(account.id)
            assert unchanged.settings == account.settings and secrets.get(account.name, "password") == "demo"

            kept = await workspace.accounts.update_account(account, _form(workspace, sandbox, default_region="ar"))
            assert kept.settings["default_region"] == "AR" and secrets.get(account.name, "password") == "demo"
            assert (await workspace.clients.test_connection(kept)).state is ConnectionState.CONNECTED

            wrong = await workspace.accounts.update_account(kept, _form(workspace, sandbox, password="not-the-password"))
            assert secrets.get(account.name, TOKEN) is None  # the old login must not outlive new credentials
            assert (await workspace.clients.test_connection(wrong)).state is ConnectionState.WRONG_CREDENTIALS

    run_core(scenario())


def test_removing_an_account_forgets_its_data_and_secrets(tmp_path: Path, sandbox: SandboxServer) -> None:
    secrets = MemorySecrets()
    relay = RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay.sqlite3")), "events").start()
    (tmp_path / "console").mkdir()

    async def scenario() -> None:
        async with open_workspace(tmp_path / "console", secrets) as workspace:
            heynow = await add_demo_account(workspace, sandbox)
            await workspace.agenda.sync(heynow)
            bb = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            await workspace.callback_setup.use_team_relay(bb, relay.root_url, "events")
            message = await workspace.outbox.send(bb, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            assert await workspace.agenda.count(heynow.id) > 0 and secrets.get(bb.name, ROUTE_TOKEN) is not None

            await workspace.accounts.remove_account(bb)
            await workspace.accounts.remove_account(heynow)
            assert await workspace.accounts.list() == []
            assert await workspace.agenda.count(heynow.id) == 0
            assert await workspace.agenda.count(heynow.id, "a") == 0  # the search index too
            assert await workspace.conversations.message(message.id) is None
            left = [key for key in secrets.values if key[0] in (bb.name, heynow.name)]
            assert left == []

    try:
        run_core(scenario())
    finally:
        relay.stop()


def test_the_login_token_expiry_is_known_after_signing_in(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario() -> None:
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            assert workspace.clients.session_expires_at(account.id) is None
            await workspace.clients.test_connection(account)
            expires = workspace.clients.session_expires_at(account.id)
            assert expires is not None
            assert timedelta(hours=23, minutes=55) < expires - datetime.now(UTC) <= timedelta(hours=24)

    run_core(scenario())
