"""Shared fixtures: an in-memory secret store, a live sandbox, and a way to run core scenarios."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.logging_setup import LOG_DIR_ENV
from console.providers.transport import DEFAULT_TIMEOUT
from console.sandbox.broadcasterbot import DEMO_API_KEY
from console.sandbox.heynow import HeyNowSandboxConfig
from console.sandbox.server import SandboxServer
from console.services.callback_setup import EmbeddedReceiver
from console.services.poller import PollPolicy
from console.services.workspace import Workspace
from console.services.workspace_options import WorkspaceOptions
from console.store.secrets import MemorySecrets, SecretStore

T = TypeVar("T")

DEMO_PLATFORM = "59899000001"  # validates contacts, no alternative bot
ALT_BOT_PLATFORM = "59899000002"  # validates contacts, with an alternative bot
OPEN_PLATFORM = "59899000003"  # does not validate contacts
FOREIGN_PLATFORM = "59899999999"  # belongs to another Hey Now user

FAST_STATUS = HeyNowSandboxConfig(status_delays=(0.2, 0.4, 0.6), never_read_ratio=0.0, stuck_ratio=0.0)
FAST_POLLS = PollPolicy(first_delay=0.1, min_interval=0.1, max_interval=0.5, idle_wait=0.5)


def pytest_configure(config: pytest.Config) -> None:
    """The suite's own settings, data and state folders (each parallel worker its own): Qt's
    settings and the keyring's files never touch the user's, nor another worker's."""
    home = Path(tempfile.mkdtemp(prefix="centralita-tests-"))
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        (home / variable.lower()).mkdir()
        os.environ[variable] = str(home / variable.lower())
    config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))


@pytest.fixture(scope="session", autouse=True)
def _log_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Logs of the suite, and of every process it starts, stay out of the user's log folder."""
    mp = pytest.MonkeyPatch()
    mp.setenv(LOG_DIR_ENV, str(tmp_path_factory.mktemp("logs")))
    yield
    mp.undo()


def run_core(coroutine: Coroutine[Any, Any, T], timeout: float = 60) -> T:
    """Run a Qt-free scenario on a fresh asyncio loop in its own thread."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(asyncio.wait_for(coroutine, timeout))
        except BaseException as error:  # re-raised on the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="core-scenario")
    thread.start()
    thread.join(timeout + 5)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@asynccontextmanager
async def open_workspace(
    data_dir: Path,
    secrets: SecretStore | None = None,
    *,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    poll_policy: PollPolicy = FAST_POLLS,
    receiver: EmbeddedReceiver | None = None,
) -> AsyncIterator[Workspace]:
    """A workspace with short waits; `receiver` as the GUI session hands it one."""
    options = WorkspaceOptions(timeout=timeout, poll_policy=poll_policy, retry_pauses=(0.05, 0.05))
    workspace = await Workspace.open(data_dir, secrets or MemorySecrets(), options, receiver)
    try:
        yield workspace
    finally:
        await workspace.close()


async def add_demo_account(
    workspace: Workspace,
    server: SandboxServer,
    *,
    name: str = "demo",
    platform_id: str = DEMO_PLATFORM,
    password: str = "demo",
):
    return await workspace.accounts.add_heynow(
        name,
        base_url=server.base_urls["heynow"],
        username="demo",
        password=password,
        platform_id=platform_id,
    )


async def add_broadcasterbot_account(workspace: Workspace, server: SandboxServer, customer: str):  # noqa: ANN201
    """The sandbox's demo Broadcasterbot account, with `customer` registered (opted in)."""
    account = await workspace.accounts.add_account(
        "bb",
        ProviderKind.BROADCASTERBOT,
        {"base_url": server.base_urls["broadcasterbot"], "api_key": DEMO_API_KEY},
    )
    await workspace.contacts.register(account, customer)
    return account


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(FAST_STATUS) as server:
        yield server


def reconfigure(server: SandboxServer, **changes: Any) -> None:
    """Change the Hey Now simulator's settings while it runs."""
    simulator = server.sandbox.heynow
    server.call(lambda: setattr(simulator, "config", dataclasses.replace(simulator.config, **changes)))


def agenda_client_ids(server: SandboxServer, platform_id: str) -> list[str]:
    """Client ids the simulator has in a channel's agenda, read over HTTP like any client."""
    import httpx

    base = server.base_urls["heynow"]
    with httpx.Client() as http:
        token = http.post(f"{base}/login", json={"name": "demo", "password": "demo"}).json()["token"]
        contacts = http.get(f"{base}/contact/1/{platform_id}", headers={"Authorization": f"Bearer {token}"}).json()
    return [c["channels"][0]["clientId"] for c in contacts]
