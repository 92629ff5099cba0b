"""Every account's health is checked at start, again on the schedule, and when asked,
without anyone pressing Test connection."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from console.domain.accounts import AccountHealth, ConnectionState, ProviderKind
from console.sandbox.broadcasterbot import DEMO_API_KEY
from console.sandbox.faults import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.services.workspace import Workspace
from console.services.workspace_options import WorkspaceOptions
from tests.conftest import FAST_POLLS, MemorySecrets, add_demo_account, run_core


async def _until(condition: Callable[[], bool], timeout: float = 10) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)


async def _workspace(tmp_path: Path, health_interval: float) -> Workspace:
    options = WorkspaceOptions(poll_policy=FAST_POLLS, health_interval=health_interval)
    return await Workspace.open(tmp_path, MemorySecrets(), options)


def test_every_account_is_checked_when_the_workspace_starts(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario() -> tuple[ConnectionState, ConnectionState, str]:
        workspace = await _workspace(tmp_path, health_interval=600)
        try:
            wrong = await add_demo_account(workspace, sandbox, name="wrong", password="not-the-password")
            right = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": sandbox.base_urls["broadcasterbot"], "api_key": DEMO_API_KEY}
            )
            assert workspace.clients.health(wrong.id).state is ConnectionState.UNKNOWN
            await workspace.start_background()
            settled = (ConnectionState.UNKNOWN, ConnectionState.SIGNING_IN)
            await _until(
                lambda: workspace.clients.health(wrong.id).state not in settled
                and workspace.clients.health(right.id).state not in settled,
                timeout=5,
            )
            health = workspace.clients.health(wrong.id)
            return health.state, workspace.clients.health(right.id).state, health.detail
        finally:
            await workspace.close()

    wrong, right, detail = run_core(scenario(), timeout=30)
    assert (wrong, right) == (ConnectionState.WRONG_CREDENTIALS, ConnectionState.CONNECTED)
    assert "refused the user name or password" in str(detail)


def test_the_schedule_checks_again_and_shows_the_account_back(tmp_path: Path, sandbox: SandboxServer) -> None:
    """The first login attempt finds the provider out of reach; the next round, unasked, finds it back."""
    sandbox.call(sandbox.sandbox.faults.add, "heynow", "login", Fault(FaultKind.RESET_BEFORE, times=1))

    async def scenario() -> list[AccountHealth]:
        workspace = await _workspace(tmp_path, health_interval=0.3)
        published: list[AccountHealth] = []
        try:
            account = await add_demo_account(workspace, sandbox)
            workspace.topics.account_health.subscribe(
                lambda change: published.append(change.health) if change.account_id == account.id else None
            )
            await workspace.start_background()
            await _until(lambda: workspace.clients.health(account.id).state is ConnectionState.CONNECTED)
            return published
        finally:
            await workspace.close()

    published = run_core(scenario(), timeout=30)
    states = [health.state for health in published]
    assert ConnectionState.UNREACHABLE in states
    assert states.index(ConnectionState.UNREACHABLE) < states.index(ConnectionState.CONNECTED)
    assert sandbox.sandbox.log.count("heynow", "login") >= 2


def test_check_now_starts_a_round_without_waiting_for_the_schedule(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario() -> tuple[int, int]:
        workspace = await _workspace(tmp_path, health_interval=600)
        try:
            await add_demo_account(workspace, sandbox)
            await workspace.start_background()
            await _until(lambda: workspace.health_monitor.last_round is not None)
            first = workspace.health_monitor.last_round
            logins = sandbox.sandbox.log.count("heynow", "login")
            workspace.health_monitor.check_now()
            await _until(lambda: workspace.health_monitor.last_round != first)
            return logins, sandbox.sandbox.log.count("heynow", "login")
        finally:
            await workspace.close()

    before, after = run_core(scenario(), timeout=30)
    assert (before, after) == (1, 2)
