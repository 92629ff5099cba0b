"""Account health is recorded by the clients the pool hands out: every failure path with
wrong credentials leaves the same health, and a later success clears it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from console.domain.accounts import Account, AccountHealth, ConnectionState, ProviderKind
from console.domain.lifecycle import DeliveryState
from console.providers.errors import AuthenticationFailed
from console.sandbox.broadcasterbot import DEMO_API_KEY
from console.sandbox.server import SandboxServer
from console.services.workspace import Workspace
from console.store import messages as message_queries
from tests.conftest import DEMO_PLATFORM, add_demo_account, agenda_client_ids, open_workspace, run_core

WRONG = ConnectionState.WRONG_CREDENTIALS
CUSTOMER = "+52 55 4433 2211"


def _heynow_form(sandbox: SandboxServer, password: str) -> dict[str, object]:
    return {"base_url": sandbox.base_urls["heynow"], "username": "demo", "password": password, "platform_id": DEMO_PLATFORM}


async def _health_after(
    workspace: Workspace, account: Account, failing: Callable[[], Awaitable[object]]
) -> tuple[AccountHealth, list[AccountHealth]]:
    """The account's health after `failing()`, and what was published meanwhile."""
    published: list[AccountHealth] = []
    unsubscribe = workspace.topics.account_health.subscribe(
        lambda change: published.append(change.health) if change.account_id == account.id else None
    )
    try:
        await failing()
    finally:
        unsubscribe()
    return workspace.clients.health(account.id), published


async def _heynow_with_wrong_password(workspace: Workspace, sandbox: SandboxServer) -> Account:
    return await add_demo_account(workspace, sandbox, password="not-the-password")


def test_a_failed_agenda_sync_records_wrong_credentials(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario() -> tuple[AccountHealth, list[AccountHealth], AccountHealth]:
        async with open_workspace(tmp_path) as workspace:
            account = await _heynow_with_wrong_password(workspace, sandbox)

            async def sync() -> None:
                with pytest.raises(AuthenticationFailed):
                    await workspace.agenda.sync(account)

            health, published = await _health_after(workspace, account, sync)
            fixed = await workspace.accounts.update_account(account, _heynow_form(sandbox, "demo"))
            await workspace.agenda.sync(fixed)
            return health, published, workspace.clients.health(account.id)

    health, published, later = run_core(scenario())
    assert health.state is WRONG and published == [health]
    assert later.state is ConnectionState.CONNECTED


def test_a_failed_send_records_wrong_credentials(tmp_path: Path, sandbox: SandboxServer) -> None:
    to = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]

    async def scenario() -> tuple[AccountHealth, DeliveryState, AccountHealth]:
        async with open_workspace(tmp_path) as workspace:
            account = await _heynow_with_wrong_password(workspace, sandbox)
            sent: list[DeliveryState] = []

            async def send() -> None:
                sent.append((await workspace.outbox.send_text(account, to, "hola")).state)

            health, _ = await _health_after(workspace, account, send)
            fixed = await workspace.accounts.update_account(account, _heynow_form(sandbox, "demo"))
            await workspace.outbox.send_text(fixed, to, "hola otra vez")
            return health, sent[0], workspace.clients.health(account.id)

    health, state, later = run_core(scenario())
    assert health.state is WRONG and state is DeliveryState.FAILED
    assert later.state is ConnectionState.CONNECTED


def test_a_failed_status_poll_records_wrong_credentials(tmp_path: Path, sandbox: SandboxServer) -> None:
    to = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]

    async def scenario() -> tuple[AccountHealth, AccountHealth]:
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            message = await workspace.outbox.send_text(account, to, "hola")
            assert message.state is DeliveryState.ACCEPTED
            # The password changes while the message is followed: the next poll logs in again.
            wrong = await workspace.accounts.update_account(account, _heynow_form(sandbox, "not-the-password"))
            assert workspace.clients.health(wrong.id).state is ConnectionState.UNKNOWN
            target, _due = await workspace.db.run(message_queries.poll_target, message.id)
            assert target is not None
            health, _ = await _health_after(workspace, wrong, lambda: workspace.poller.poll_once(target))
            await workspace.accounts.update_account(wrong, _heynow_form(sandbox, "demo"))
            await workspace.poller.poll_once(target)
            return health, workspace.clients.health(account.id)

    health, later = run_core(scenario())
    assert health.state is WRONG
    assert later.state is ConnectionState.CONNECTED


def test_a_failed_contact_registration_records_wrong_credentials(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario() -> tuple[AccountHealth, AccountHealth]:
        async with open_workspace(tmp_path) as workspace:
            values = {"base_url": sandbox.base_urls["broadcasterbot"], "api_key": "not-the-key"}
            account = await workspace.accounts.add_account("bb", ProviderKind.BROADCASTERBOT, values)

            async def register() -> None:
                with pytest.raises(AuthenticationFailed):
                    await workspace.contacts.register(account, CUSTOMER)

            health, _ = await _health_after(workspace, account, register)
            fixed = await workspace.accounts.update_account(account, {**values, "api_key": DEMO_API_KEY})
            await workspace.contacts.register(fixed, CUSTOMER)
            return health, workspace.clients.health(account.id)

    health, later = run_core(scenario())
    assert health.state is WRONG
    assert later.state is ConnectionState.CONNECTED


def test_test_connection_and_the_services_agree(tmp_path: Path, sandbox: SandboxServer) -> None:
    """What "Test connection" reports with wrong credentials is what any failed call records."""

    async def scenario() -> tuple[ConnectionState, ConnectionState]:
        async with open_workspace(tmp_path) as workspace:
            account = await _heynow_with_wrong_password(workspace, sandbox)
            tested = await workspace.clients.test_connection(account)
            with pytest.raises(AuthenticationFailed):
                await workspace.agenda.sync(account)
            return tested.state, workspace.clients.health(account.id).state

    tested, recorded = run_core(scenario())
    assert tested is recorded is WRONG


def test_only_the_client_pool_records_health() -> None:
    services = Path(__file__).parent.parent / "console" / "services"
    writers = sorted(path.name for path in services.glob("*.py") if "HealthBook" in path.read_text(encoding="utf-8"))
    assert writers == ["client_pool.py", "health.py"]
