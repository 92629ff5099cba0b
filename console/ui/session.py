"""What the window works on: the data dir's workspace, or the sandbox when it has no accounts.

Every session can receive callbacks on this computer: an embedded relay (started when an
account asks for it) whose store lives in the workspace's data dir. It is made first and
handed to the workspace, which reads its store in-process. Sandbox mode keeps its
own workspace in `sandbox_dir(base)`, serves the simulators on loopback in a background
thread, points the demo accounts at this run's port, and connects the push-only demos
(Broadcasterbot, Chattigo) to the embedded relay, so ticks move and bot replies arrive with
no set-up. Qt-free; only the GUI uses it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from console.domain.accounts import Account, ProviderKind
from console.relay.embedded import EmbeddedRelay
from console.relay.tokens import events_token
from console.services.callback_setup import EmbeddedSettings
from console.services.workspace import Workspace
from console.services.workspace_options import WorkspaceOptions
from console.store.location import sandbox_dir
from console.store.secrets import SecretStore, open_secrets

if TYPE_CHECKING:
    from console.sandbox.heynow import HeyNowSandboxConfig
    from console.sandbox.server import SandboxConfigs, SandboxServer

DEMO_ACCOUNT = "Hey Now demo"
BROADCASTERBOT_DEMO = "Broadcasterbot demo"
CHATTIGO_DEMO = "Chattigo demo"
# The simulators post on loopback: any free port will do, and no proxy stands in front.
SANDBOX_RECEIVER = EmbeddedSettings(listen="127.0.0.1:0")


@dataclass(slots=True)
class ConsoleSession:
    workspace: Workspace
    relay: EmbeddedRelay
    sandbox: SandboxServer | None = None

    @property
    def is_sandbox(self) -> bool:
        return self.sandbox is not None

    async def close(self) -> None:
        try:
            await self.workspace.close()
        finally:
            try:
                if self.sandbox is not None:
                    await asyncio.to_thread(self.sandbox.stop)
            finally:
                await self.relay.close()


async def _open(
    data_dir: Path, secrets: SecretStore | None, sandbox: SandboxServer | None, options: WorkspaceOptions
) -> ConsoleSession:
    """The embedded relay first, then the workspace built with it."""
    chosen = secrets if secrets is not None else await asyncio.to_thread(open_secrets, data_dir)
    relay = EmbeddedRelay(data_dir, await asyncio.to_thread(events_token, chosen))
    try:
        await relay.open_store()
        workspace = await Workspace.open(data_dir, chosen, options, receiver=relay)
    except BaseException:
        await relay.close()
        raise
    return ConsoleSession(workspace, relay, sandbox)


async def open_session(
    base: Path,
    *,
    secrets: SecretStore | None = None,
    heynow_config: HeyNowSandboxConfig | None = None,
    sandbox_configs: SandboxConfigs | None = None,
    options: WorkspaceOptions | None = None,
) -> ConsoleSession:
    """The workspace in `base` if it has accounts, else a running sandbox session."""
    session = await open_accounts_session(base, secrets=secrets, options=options)
    if await session.workspace.accounts.list():
        return session
    await session.close()
    return await open_sandbox_session(
        base, secrets=secrets, heynow_config=heynow_config, sandbox_configs=sandbox_configs, options=options
    )


async def open_accounts_session(
    base: Path, *, secrets: SecretStore | None = None, options: WorkspaceOptions | None = None
) -> ConsoleSession:
    """The agent's own workspace in `base`, even before its first account."""
    return await _open(base, secrets, None, options or WorkspaceOptions())


async def open_sandbox_session(
    base: Path,
    *,
    secrets: SecretStore | None = None,
    heynow_config: HeyNowSandboxConfig | None = None,
    sandbox_configs: SandboxConfigs | None = None,
    options: WorkspaceOptions | None = None,
) -> ConsoleSession:
    # The simulators load only in sandbox mode: a console with accounts starts without them.
    from console.sandbox.heynow import PROVIDER as HEYNOW
    from console.sandbox.server import SandboxServer

    server = await asyncio.to_thread(SandboxServer(heynow_config, configs=sandbox_configs).start)
    try:
        session = await _open(sandbox_dir(base), secrets, server, options or WorkspaceOptions())
    except BaseException:
        await asyncio.to_thread(server.stop)
        raise
    try:
        await ensure_demo_account(session.workspace, server.base_urls[HEYNOW])
        await _wire_callbacks(session.workspace, server)
    except BaseException:
        await session.close()
        raise
    return session


async def _wire_callbacks(workspace: Workspace, server: SandboxServer) -> None:
    """The push-only demo accounts, receiving on the embedded relay."""
    from console.sandbox import broadcasterbot as bb_sandbox
    from console.sandbox import chattigo as chattigo_sandbox

    setup = workspace.callback_setup
    bb = await _ensure(
        workspace,
        BROADCASTERBOT_DEMO,
        ProviderKind.BROADCASTERBOT,
        {"base_url": server.base_urls["broadcasterbot"], "api_key": bb_sandbox.DEMO_API_KEY},
    )
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
    url = await setup.use_embedded(bb, SANDBOX_RECEIVER)
    # What an agent does by hand with the real provider: hand it the callback URL.
    await asyncio.to_thread(server.call, server.sandbox.broadcasterbot.set_callback_url, bb_sandbox.DEMO_API_KEY, url)
    await setup.use_embedded(await workspace.accounts.by_id(chattigo.id), SANDBOX_RECEIVER)


async def _ensure(workspace: Workspace, name: str, provider: ProviderKind, values: dict[str, object]) -> Account:
    """The demo account, created on the first run and moved to this run's port later."""
    try:
        account = await workspace.accounts.by_name(name)
    except LookupError:
        return await workspace.accounts.add_account(name, provider, values, sandbox=True)
    return await workspace.accounts.update_base_url(account, str(values["base_url"]))


async def ensure_demo_account(workspace: Workspace, base_url: str) -> Account:
    """Create the demo account on the first run; later runs only move it to the new port."""
    from console.sandbox.heynow import DEMO_PASSWORD, DEMO_PLATFORM, DEMO_USER

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
