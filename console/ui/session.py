"""What the window works on: the data dir's workspace, or the sandbox when it has no accounts.

Sandbox mode keeps its own workspace in `sandbox_dir(base)`, serves the simulators on
loopback in a background thread and points the demo account at this run's port.
Qt-free; only the GUI uses it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from console.domain.accounts import Account
from console.sandbox.heynow import DEMO_PASSWORD, DEMO_PLATFORM, DEMO_USER, HeyNowSandboxConfig
from console.sandbox.heynow import PROVIDER as HEYNOW
from console.sandbox.server import SandboxServer
from console.services.workspace import Workspace
from console.store.location import sandbox_dir
from console.store.secrets import SecretStore

DEMO_ACCOUNT = "Hey Now demo"


@dataclass(slots=True)
class ConsoleSession:
    workspace: Workspace
    sandbox: SandboxServer | None = None

    @property
    def is_sandbox(self) -> bool:
        return self.sandbox is not None

    async def close(self) -> None:
        try:
            await self.workspace.close()
        finally:
            if self.sandbox is not None:
                await asyncio.to_thread(self.sandbox.stop)


async def open_session(
    base: Path,
    *,
    secrets: SecretStore | None = None,
    heynow_config: HeyNowSandboxConfig | None = None,
    **workspace_options: object,
) -> ConsoleSession:
    """The workspace in `base` if it has accounts, else a running sandbox session."""
    workspace = await Workspace.open(base, secrets, **workspace_options)
    if await workspace.accounts.list():
        return ConsoleSession(workspace)
    await workspace.close()
    return await open_sandbox_session(base, secrets=secrets, heynow_config=heynow_config, **workspace_options)


async def open_sandbox_session(
    base: Path,
    *,
    secrets: SecretStore | None = None,
    heynow_config: HeyNowSandboxConfig | None = None,
    **workspace_options: object,
) -> ConsoleSession:
    server = await asyncio.to_thread(SandboxServer(heynow_config).start)
    try:
        workspace = await Workspace.open(sandbox_dir(base), secrets, **workspace_options)
    except BaseException:
        await asyncio.to_thread(server.stop)
        raise
    session = ConsoleSession(workspace, server)
    try:
        await ensure_demo_account(workspace, server.base_urls[HEYNOW])
    except BaseException:
        await session.close()
        raise
    return session


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
