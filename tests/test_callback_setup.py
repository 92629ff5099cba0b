"""Where an account's callbacks are received: this computer, a team relay, or nowhere.

Real relays on loopback (the console's embedded one and a team one on a thread), the real
sandbox; callbacks are posted over HTTP the way a provider (or the agent's proxy) posts them.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from console.domain.accounts import Account, ProviderKind
from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState, EventSource
from console.providers.errors import AuthenticationFailed
from console.relay import RelayStore, RelayThread, sqlite_url
from console.relay.embedded import EmbeddedRelay
from console.sandbox import chattigo as chattigo_sandbox
from console.sandbox.server import SandboxServer
from console.services.callback_routes import CallbackMode
from console.services.callback_setup import EMBEDDED_FEED, EmbeddedSettings
from console.services.embedded_feed import EmbeddedFeed
from console.services.relay_reader import RelayReader
from console.services.workspace import Workspace
from console.store.preferences import FILE_NAME
from tests.conftest import MemorySecrets, add_broadcasterbot_account, open_workspace, run_core

CUSTOMER = "+52 55 4433 2211"
TEAM_TOKEN = "team-events-token"
PROXY = "https://agent.example.net/centralita"


@asynccontextmanager
async def _console(data_dir: Path, secrets: MemorySecrets) -> AsyncIterator[tuple[Workspace, EmbeddedRelay]]:
    """A workspace built with its embedded relay, as the GUI session builds it."""
    relay = EmbeddedRelay(data_dir, "embedded-events-token")
    try:
        async with open_workspace(data_dir, secrets, receiver=relay) as workspace:
            yield workspace, relay
    finally:
        await relay.close()


def _console_dir(tmp_path: Path) -> Path:
    """The console's data dir, apart from the team relay's store."""
    (tmp_path / "console").mkdir(exist_ok=True)
    return tmp_path / "console"


def _team_relay(tmp_path: Path) -> RelayThread:
    return RelayThread(RelayStore.open(sqlite_url(tmp_path / "team.sqlite3")), TEAM_TOKEN).start()


async def _template(workspace: Workspace, account: Account) -> tuple[int, str]:
    message = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
    assert message.provider_message_id is not None
    return message.id, message.provider_message_id


async def _post_status(url: str, provider_message_id: str, state: str) -> None:
    body = {
        "statuses": [
            {
                "status": "success",
                "state": state,
                "messageId": provider_message_id,
                "recipient": {"phone": "5544332211", "country": "MX"},
            }
        ]
    }
    async with httpx.AsyncClient() as http:
        answer = await http.post(url, content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text


async def _until_state(workspace: Workspace, message_id: int, state: DeliveryState, timeout: float = 10) -> None:
    async def reached() -> None:
        while True:
            message = await workspace.conversations.message(message_id)
            if message is not None and message.state is state:
                return
            await asyncio.sleep(0.05)

    await asyncio.wait_for(reached(), timeout)


def test_embedded_receiver_behind_a_proxy_applies_what_the_proxy_forwards(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario() -> None:
        async with _console(tmp_path, MemorySecrets()) as (workspace, relay):
            try:
                account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
                message_id, provider_id = await _template(workspace, account)
                url = await workspace.callback_setup.use_embedded(account, EmbeddedSettings("127.0.0.1:0", PROXY + "/"))
                assert url.startswith(PROXY + "/callbacks/broadcasterbot/")
                status = await workspace.callback_setup.status(await workspace.accounts.by_id(account.id))
                assert (status.mode, status.url, status.provider_told) == (CallbackMode.EMBEDDED, url, False)
                # The proxy forwards the provider's POST to the port this computer listens on.
                assert relay.root_url is not None
                await _post_status(relay.root_url + urlsplit(url).path.removeprefix("/centralita"), provider_id, "read")
                await _until_state(workspace, message_id, DeliveryState.READ)
                events = await workspace.conversations.timeline(message_id)
                assert events[-1].source is EventSource.CALLBACK
            finally:
                await relay.stop()

    run_core(scenario())


def test_the_embedded_relay_is_read_in_process_as_soon_as_it_stores(tmp_path: Path, sandbox: SandboxServer) -> None:
    """The relay wakes its in-process reader: each callback is applied well under a second
    after the provider's POST is answered, though the reader would otherwise look only every minute."""

    async def scenario() -> None:
        relay = EmbeddedRelay(tmp_path, "embedded-events-token")
        try:
            async with open_workspace(tmp_path, MemorySecrets()) as workspace:
                account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
                message_id, provider_id = await _template(workspace, account)
                root = await relay.start("127.0.0.1:0")
                url = await workspace.callback_routes.connect(account, root, relay.events_token, mode=CallbackMode.EMBEDDED)
                feed = EmbeddedFeed(relay, EMBEDDED_FEED)
                reader = RelayReader(workspace.db, workspace.callbacks, feed, workspace.callback_routes.routes, interval=60)
                task = asyncio.create_task(reader.run())
                try:
                    await asyncio.sleep(0.2)  # caught up with the empty store, now waiting
                    for state, reached in (("delivered", DeliveryState.DELIVERED), ("read", DeliveryState.READ)):
                        posted = time.monotonic()
                        await _post_status(url, provider_id, state)
                        await _until_state(workspace, message_id, reached, timeout=5)
                        assert time.monotonic() - posted < 0.75
                finally:
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
        finally:
            await relay.close()

    run_core(scenario())


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        (EmbeddedSettings("127.0.0.1:0", "http://agent.example.net"), "public URL"),
        (EmbeddedSettings("127.0.0.1:0", "ftp://agent.example.net"), "public URL"),
        (EmbeddedSettings("127.0.0.1:0", "https://agent.example.net/?x=1"), "public URL"),
        (EmbeddedSettings("no port", PROXY), "listen"),
        (EmbeddedSettings("127.0.0.1:99999", PROXY), "listen"),
    ],
)
def test_a_bad_address_is_refused_and_changes_nothing(
    tmp_path: Path, sandbox: SandboxServer, settings: EmbeddedSettings, field: str
) -> None:
    async def scenario() -> None:
        async with _console(tmp_path, MemorySecrets()) as (workspace, relay):
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            with pytest.raises(InvalidInput) as refused:
                await workspace.callback_setup.use_embedded(account, settings)
            assert str(refused.value.field) == field
            status = await workspace.callback_setup.status(await workspace.accounts.by_id(account.id))
            assert (status.mode, status.url) == (CallbackMode.OFF, None)
            assert relay.root_url is None
            assert not (tmp_path / FILE_NAME).exists()

    run_core(scenario())


def test_a_port_in_use_is_a_clear_error(tmp_path: Path, sandbox: SandboxServer) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]

    async def scenario() -> None:
        async with _console(tmp_path, MemorySecrets()) as (workspace, _relay):
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            with pytest.raises(InvalidInput, match=f"cannot listen on 127.0.0.1:{port}"):
                await workspace.callback_setup.use_embedded(account, EmbeddedSettings(f"127.0.0.1:{port}", PROXY))
            status = await workspace.callback_setup.status(await workspace.accounts.by_id(account.id))
            assert status.mode is CallbackMode.OFF

    try:
        run_core(scenario())
    finally:
        taken.close()


def test_team_relay_needs_its_token_then_switching_and_off(tmp_path: Path, sandbox: SandboxServer) -> None:
    team = _team_relay(tmp_path)

    async def scenario() -> None:
        async with _console(_console_dir(tmp_path), MemorySecrets()) as (workspace, relay):
            try:
                setup = workspace.callback_setup
                account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
                with pytest.raises(AuthenticationFailed):
                    await setup.use_team_relay(account, team.root_url, "not-the-token")
                assert (await setup.status(await workspace.accounts.by_id(account.id))).url is None
                with pytest.raises(InvalidInput):  # no token given, none known for this relay
                    await setup.use_team_relay(account, team.root_url, None)

                team_url = await setup.use_team_relay(account, team.root_url, TEAM_TOKEN)
                assert team_url.startswith(team.root_url + "/callbacks/broadcasterbot/")
                again = await setup.use_team_relay(await workspace.accounts.by_id(account.id), team.root_url, None)
                assert again == team_url  # the token is remembered; the route kept

                here = await setup.use_embedded(await workspace.accounts.by_id(account.id), EmbeddedSettings("127.0.0.1:0"))
                assert relay.root_url is not None and here.startswith(relay.root_url)
                assert here.rsplit("/", 1)[1] != team_url.rsplit("/", 1)[1]  # a route of this relay's own

                await setup.turn_off(await workspace.accounts.by_id(account.id))
                status = await setup.status(await workspace.accounts.by_id(account.id))
                assert (status.mode, status.url) == (CallbackMode.OFF, None)
            finally:
                await relay.stop()

    try:
        run_core(scenario())
    finally:
        team.stop()


def test_a_reopened_console_follows_its_relays_again(tmp_path: Path, sandbox: SandboxServer) -> None:
    """Callbacks that reached the team relay while the console was closed are applied after it
    reopens; the embedded relay listens again, and Chattigo is told its new address."""
    team = _team_relay(tmp_path)
    secrets = MemorySecrets()
    console_dir = _console_dir(tmp_path)

    async def first_run() -> tuple[int, str, str, str]:
        async with _console(console_dir, secrets) as (workspace, relay):
            try:
                bb = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
                message_id, provider_id = await _template(workspace, bb)
                url = await workspace.callback_setup.use_team_relay(bb, team.root_url, TEAM_TOKEN)
                chattigo = await workspace.accounts.add_account(
                    "chattigo",
                    ProviderKind.CHATTIGO,
                    {
                        "base_url": sandbox.base_urls["chattigo"],
                        "username": chattigo_sandbox.DEMO_USER,
                        "password": chattigo_sandbox.DEMO_PASSWORD,
                        "wa_id": chattigo_sandbox.DEMO_WA_ID,
                    },
                )
                webhook = await workspace.callback_setup.use_embedded(chattigo, EmbeddedSettings("127.0.0.1:0"))
                assert sandbox.call(sandbox.sandbox.chattigo.webhooks)[chattigo_sandbox.DEMO_WA_ID] == webhook
            finally:
                await relay.stop()
            return message_id, provider_id, url, webhook

    message_id, provider_id, url, old_webhook = run_core(first_run())
    run_core(_post_status(url, provider_id, "read"))

    async def second_run() -> None:
        async with _console(console_dir, secrets) as (workspace, relay):
            try:
                await workspace.start_background()
                await _until_state(workspace, message_id, DeliveryState.READ)
                assert relay.root_url is not None
                webhook = sandbox.call(sandbox.sandbox.chattigo.webhooks)[chattigo_sandbox.DEMO_WA_ID]
                assert webhook != old_webhook and webhook.startswith(relay.root_url)
                # The route survives the move: only the address in front of it changed.
                assert webhook.rsplit("/", 1)[1] == old_webhook.rsplit("/", 1)[1]
            finally:
                await relay.stop()

    try:
        run_core(second_run())
    finally:
        team.stop()
