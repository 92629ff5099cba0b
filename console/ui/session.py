"""What the window works on: the data dir's workspace, or the sandbox when it has no accounts.

Sandbox mode keeps its own workspace in `sandbox_dir(base)`, serves the simulators on
loopback in a background thread, points the demo accounts at this run's port, and runs
an embedded callback relay that the push-only simulators (Broadcasterbot, Chattigo)
post to, so ticks move and bot replies arrive with no set-up. Qt-free; only the GUI uses it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from console.domain.accounts import Account, ProviderKind
from console.relay import RelayStore, RelayThread, events_token, sqlite_url
from console.sandbox import broadcasterbot as bb_sandbox
from console.sandbox import chattigo as chattigo_sandbox
from console.sandbox.heynow import DEMO_PASSWORD, DEMO_PLATFORM, DEMO_USER, HeyNowSandboxConfig
from console.sandbox.heynow import PROVIDER as HEYNOW
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.services.relay_reader import HttpEventFeed
from console.services.workspace import Workspace
from console.store.location import sandbox_dir
from console.store.secrets import SecretStore

DEMO_ACCOUNT = "Hey Now demo"
BROADCASTERBOT_DEMO = "Broadcasterbot demo"
CHATTIGO_DEMO = "Chattigo demo"
RELAY_STORE = "relay.sqlite3"
RELAY_CURSOR = "embedded relay"


@dataclass(slots=True)
class ConsoleSession:
    workspace: Workspace
    sandbox: SandboxServer | None = None
    relay: RelayThread | None = None

    @property
    def is_sandbox(self) -> bool:
        return self.sandbox is not None

    async def close(self) -> None:
        try:
            await self.workspace.close()
        finally:
            if self.sandbox is not None:
                await asyncio.to_thread(self.sandbox.stop)
            if self.relay is not None:
                await asyncio.to_thread(self.relay.stop)


async def open_session(
    base: Path,
    *,
    secrets: SecretStore | None = None,
    heynow_config: HeyNowSandboxConfig | None = None,
    sandbox_configs: SandboxConfigs | None = None,
    **workspace_options: object,
) -> ConsoleSession:
    """The workspace in `base` if it has accounts, else a running sandbox session."""
    workspace = await Workspace.open(base, secrets, **workspace_options)
    if await workspace.accounts.list():
        return ConsoleSession(workspace)
    await workspace.close()
    return await open_sandbox_session(
        base, secrets=secrets, heynow_config=heynow_config, sandbox_configs=sandbox_configs, **workspace_options
    )


async def open_sandbox_session(
    base: Path,
    *,
    secrets: SecretStore | None = None,
    heynow_config: HeyNowSandboxConfig | None = None,
    sandbox_configs: SandboxConfigs | None = None,
    **workspace_options: object,
) -> ConsoleSession:
    server = await asyncio.to_thread(SandboxServer(heynow_config, configs=sandbox_configs).start)
    try:
        workspace = await Workspace.open(sandbox_dir(base), secrets, **workspace_options)
    except BaseException:
        await asyncio.to_thread(server.stop)
        raise
    session = ConsoleSession(workspace, server)
    try:
        await ensure_demo_account(workspace, server.base_urls[HEYNOW])
        session.relay = await _wire_callbacks(workspace, server)
    except BaseException:
        await session.close()
        raise
    return session


async def _wire_callbacks(workspace: Workspace, server: SandboxServer) -> RelayThread:
    """An embedded relay; the push-only demo accounts connected to it; the console following it."""
    store = await asyncio.to_thread(RelayStore.open, sqlite_url(workspace.data_dir / RELAY_STORE))
    token = await asyncio.to_thread(events_token, workspace.secrets)
    relay = await asyncio.to_thread(RelayThread(store, token).start)
    try:
        demo = server.sandbox
        bb = await _ensure(
            workspace,
            BROADCASTERBOT_DEMO,
            ProviderKind.BROADCASTERBOT,
            {"base_url": server.base_urls["broadcasterbot"], "api_key": bb_sandbox.DEMO_API_KEY},
        )
        url = await workspace.callback_routes.connect(bb, relay.root_url, token)
        await asyncio.to_thread(server.call, demo.broadcasterbot.set_callback_url, bb_sandbox.DEMO_API_KEY, url)
        chattigo = await _ensure(
            workspace,
            CHATTIGO_DEMO,
            ProviderKind.CHATTIGO,
            {
                "base_url": server.base_urls["chattigo"],
                "username": chattigo_sandbox.DEMO_USER,
                "password": chattigo_sandbox.DEMO_PASSWORD,
                "wa_id": chattigo_sandbox.DEMO_WA_ID,
            },
        )
        url = await workspace.callback_routes.connect(chattigo, relay.root_url, token)
        await workspace.bots.set_webhook(chattigo, url)
        # The relay's port changes every run; its store and the console's cursor do not.
        workspace.follow_relay(HttpEventFeed(workspace.http, relay.root_url, token, name=RELAY_CURSOR))
    except BaseException:
        await asyncio.to_thread(relay.stop)
        raise
    return relay


async def _ensure(workspace: Workspace, name: str, provider: ProviderKind, values: dict[str, object]) -> Account:
    """The demo account, created on the first run and moved to this run's port later."""
    try:
        account = await workspace.accounts.by_name(name)
    except LookupError:
        return await workspace.accounts.add_account(name, provider, values, sandbox=True)
    return await workspace.accounts.update_base_url(account, str(values["base_url"]))


async def ensure_demo_account(workspace: Workspace, base_url: str) -> Account:
    """Create the demo account on the first run; later runs only move it to the new port."""
    try:
        account = await workspace.accounts.by_name(DEMO_ACCOUNT)
    except LookupError:
        return await workspace.accounts.add_heynow(
            DEMO_ACCOUNT,
            base_url=base_url,
            username=DEMO_USER,
            password=DEMO_PASSWORD,
            platform_id=DEMO_PLATFORM,
            sandbox=True,
        )
    return await workspace.accounts.update_base_url(account, base_url)
