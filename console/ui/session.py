"""What the window works on: the data dir's workspace, or the sandbox when it has no accounts.

Every session can receive callbacks on this computer: an embedded relay (started when an
account asks for it) whose store lives in the workspace's data dir. It is made first and
handed to the workspace, which reads its store in-process. Sandbox mode keeps its
own workspace in `sandbox_dir(base)`, serves the simulators on loopback in a background
thread and puts a demo account of every provider on them (`demo`). With a `DemoLife` the
sandbox also lives (`demo_life`): customers are waiting at its first start and more write
later; without one it stays quiet, as tests that count messages need. Qt-free; only the
GUI uses it.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from console.relay.embedded import EmbeddedRelay
from console.relay.tokens import events_token
from console.sandbox.customer_life import CustomerLife
from console.services.workspace import Workspace
from console.services.workspace_options import WorkspaceOptions
from console.store.location import sandbox_dir
from console.store.secrets import SecretStore, open_secrets

if TYPE_CHECKING:
    from console.sandbox.heynow import HeyNowSandboxConfig
    from console.sandbox.server import SandboxConfigs, SandboxServer
    from console.team_trial.team import EmbeddedTeam, StartedTeam
    from console.ui.demo_life import ChatCustomers

# The sandbox's demo accounts, one per provider (see `demo`).
DEMO_ACCOUNT = "Hey Now demo"
BROADCASTERBOT_DEMO = "Broadcasterbot demo"
CHATTIGO_DEMO = "Chattigo demo"
CLIENGO_DEMO = "Cliengo demo"
CLOUDAPI_DEMO = "WhatsApp Cloud API demo"  # also the connection the Chattigo demo's bot answers through
TIMELINESAI_DEMO = "TimelinesAI demo"


@dataclass(frozen=True, slots=True)
class DemoLife:
    """The sandbox as a demo rather than a bare test bench (see `demo_life`). The waits are a
    person's by default, the window coming alive within a minute; tests shorten them."""

    customers: CustomerLife = field(default_factory=CustomerLife)  # Broadcasterbot's, played by its simulator
    chat_pause: tuple[float, float] = (20.0, 50.0)  # seconds a Chattigo customer takes to write their next line
    seed: int = 7


@dataclass(slots=True)
class ConsoleSession:
    workspace: Workspace
    relay: EmbeddedRelay
    sandbox: SandboxServer | None = None
    customers: ChatCustomers | None = None  # the customers of the Chattigo demo's bot, when it lives
    trial: EmbeddedTeam | None = None  # the team server to try, once asked for
    trial_started: StartedTeam | None = None
    _trial_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)  # one start at a time

    @property
    def is_sandbox(self) -> bool:
        return self.sandbox is not None

    async def try_team(self) -> StartedTeam:
        """A team server on this sandbox's simulators (`team_trial`), started once, this console
        joined to it as its first agent; a `NoticeError` (no PostgreSQL here) changes nothing."""
        from console.team_trial.team import AGENTS, EmbeddedTeam

        if self.sandbox is None:
            raise RuntimeError("team mode is tried on the sandbox")
        async with self._trial_lock:
            if self.trial_started is None:
                trial = self.trial = EmbeddedTeam(self.workspace.data_dir / "team-trial", self.sandbox)
                try:
                    started = await asyncio.to_thread(trial.start)
                    await self.workspace.team.join(started.server_url, started.tokens[AGENTS[0]])
                except BaseException:
                    self.trial = None
                    await asyncio.to_thread(trial.stop)
                    raise
                self.trial_started = started
            return self.trial_started

    async def close(self) -> None:
        try:
            if self.customers is not None:
                await self.customers.close()
            if self.trial is not None:  # the next start makes a new team: this one's address and token go
                with contextlib.suppress(Exception):
                    await self.workspace.team.leave()
            await self.workspace.close()
        finally:
            try:
                if self.trial is not None:
                    await asyncio.to_thread(self.trial.stop)
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
    life: DemoLife | None = None,
) -> ConsoleSession:
    """The workspace in `base` if it has accounts, else a running sandbox session."""
    session = await open_accounts_session(base, secrets=secrets, options=options)
    if await session.workspace.accounts.list():
        return session
    await session.close()
    return await open_sandbox_session(
        base, secrets=secrets, heynow_config=heynow_config, sandbox_configs=sandbox_configs, options=options, life=life
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
    life: DemoLife | None = None,
) -> ConsoleSession:
    """The simulators and their demo accounts; living customers with a `life`."""
    # The simulators load only in sandbox mode: a console with accounts starts without them.
    from console.sandbox.server import SandboxConfigs, SandboxServer
    from console.ui.demo import ensure_demo_accounts
    from console.ui.demo_life import lively, start_life

    configs = sandbox_configs or SandboxConfigs()
    if life is not None:
        configs = lively(configs, life)
    server = await asyncio.to_thread(SandboxServer(heynow_config, configs=configs).start)
    try:
        session = await _open(sandbox_dir(base), secrets, server, options or WorkspaceOptions())
    except BaseException:
        await asyncio.to_thread(server.stop)
        raise
    try:
        accounts = await ensure_demo_accounts(session.workspace, server)
        if life is not None:
            session.customers = await start_life(session.workspace, server, accounts, life)
    except BaseException:
        await session.close()
        raise
    return session
