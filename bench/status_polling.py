"""Status polling of 10,000 in-flight Hey Now messages against the sandbox, and the loop's lag meanwhile.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/status_polling.py [--messages 10000] [--runs 3]

The sandbox serves in a process of its own; 10,000 messages are sent to it first (mass
send, its channel without contact validation), and their statuses stay "?" throughout.
- The console: a workspace on a fresh data dir holding those 10,000 messages as accepted
  and due; its status poller runs on its own thread and asyncio loop (`PollerThread`,
  as the window runs it) until it has polled 10,000 times, while a timer asking to fire
  every 5 ms on a qasync loop (the window's, tuned as the window tunes it once up)
  records that loop's lag. It runs once per HTTP stack the providers can use:
  httpx through our aiohttp transport (the console's, the figure) and httpx with its own.
- The floor: a raw aiohttp client polling the same 10,000 URLs with the poller's
  concurrency, on a plain asyncio loop.
- Beside them, each candidate client alone polling the same URLs on the qasync loop (raw
  aiohttp, httpx with either transport, httpx2 when installed), to tell what the loop, the
  client and the console's own work each cost.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
import httpx
import qasync
from figures import Figure, LagMeter, median, p99, report
from PySide6.QtWidgets import QApplication
from sandbox_host import SandboxHost

import console.providers.aiohttp_transport as transport_module
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.messages import Direction, MessageKind
from console.providers.aiohttp_transport import provider_http_client
from console.providers.base import StatusPolling
from console.sandbox.heynow import DEMO_PASSWORD, DEMO_USER, OPEN_PLATFORM
from console.services.poller import PollPolicy
from console.services.workspace import Workspace
from console.store.contacts import ensure_contact
from console.store.database import DATABASE_FILE
from console.store.messages import ensure_conversation
from console.store.secrets import MemorySecrets
from console.ui.responsiveness import tune_after_start

CONCURRENCY = PollPolicy().concurrency
CONSOLE = "httpx + our aiohttp transport"  # what the console uses: the figure
RAW_ACCEPTED = "?"  # the raw state a Hey Now send's answer leaves on the message, as the outbox records it
HttpFactory = Callable[[httpx.Timeout], httpx.AsyncClient]


def _httpx_default(timeout: httpx.Timeout) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=32))


# The HTTP stacks the console's providers can run on (they speak httpx's API and errors).
STACKS: dict[str, HttpFactory] = {CONSOLE: provider_http_client, "httpx, default transport": _httpx_default}


def httpx2_module() -> ModuleType | None:
    try:
        return importlib.import_module("httpx2")
    except ImportError:
        return None


HTTPX2_MISSING = (
    "httpx2 is on PyPI but not installed here (`pip install httpx2`, or `make bench`, which installs "
    "the bench extra): not measured"
)


async def send_all(base_url: str, count: int) -> tuple[str, list[str]]:
    """(token, message ids) of `count` mass sends."""
    ids: list[str] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32)) as http:
        async with http.post(f"{base_url}/login", json={"name": DEMO_USER, "password": DEMO_PASSWORD}) as answer:
            token = (await answer.json())["token"]
        headers = {"Authorization": f"Bearer {token}"}
        numbers = iter(range(count))

        async def worker() -> None:
            for n in numbers:
                url = f"{base_url}/masiveMessage/1/{OPEN_PLATFORM}/5989{n:07d}"
                async with http.post(url, json={"text": f"bench {n}"}, headers=headers) as answer:
                    ids.append((await answer.json())["idMessageHey"])

        await asyncio.gather(*(worker() for _ in range(32)))
    return token, ids


async def raw_poll(base_url: str, token: str, ids: list[str], concurrency: int) -> float:
    """Seconds a raw aiohttp client takes to ask once for each message's status."""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:

        async def ask(url: str, headers: dict[str, str]) -> None:
            async with http.get(url, headers=headers) as answer:
                await answer.read()
                assert answer.status == 200

        return await _poll_each(base_url, token, ids, concurrency, ask)


async def httpx_poll(client: Any, base_url: str, token: str, ids: list[str], concurrency: int) -> float:
    """Seconds an httpx-like client (httpx, httpx2) takes to ask once for each message's status."""
    async with client:

        async def ask(url: str, headers: dict[str, str]) -> None:
            answer = await client.get(url, headers=headers)
            assert answer.status_code == 200

        return await _poll_each(base_url, token, ids, concurrency, ask)


async def _poll_each(
    base_url: str, token: str, ids: list[str], concurrency: int, ask: Callable[[str, dict[str, str]], Awaitable[None]]
) -> float:
    headers = {"Authorization": f"Bearer {token}"}
    pending = iter(ids)

    async def worker() -> None:
        for message_id in pending:
            await ask(f"{base_url}/message/1/{OPEN_PLATFORM}/{message_id}", headers)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


def client_candidates() -> dict[str, Callable[[], Any] | None]:
    """Each client alone, as made for the bench (None: not installed)."""
    limits = httpx.Limits(max_connections=CONCURRENCY)
    module = httpx2_module()
    httpx2_limits = None if module is None else module.Limits(max_connections=CONCURRENCY)
    return {
        "httpx, default transport": lambda: httpx.AsyncClient(limits=limits),
        CONSOLE: lambda: provider_http_client(httpx.Timeout(30.0), max_connections=CONCURRENCY),
        "httpx2, default transport": None if module is None else lambda: module.AsyncClient(limits=httpx2_limits),
    }


@contextmanager
def providers_on(factory: HttpFactory) -> Iterator[None]:
    """Workspaces opened meanwhile give their providers `factory`'s HTTP client."""
    chosen = transport_module.provider_http_client  # what `HttpOnFirstUse` builds its clients with
    transport_module.provider_http_client = factory
    try:
        yield
    finally:
        transport_module.provider_http_client = chosen


def in_flight(data_dir: Path, account_id: int, ids: list[str]) -> None:
    """The messages as the outbox leaves them once the provider accepted them: due for a poll."""
    import sqlite3

    from console.store.database import Database

    database = Database.open(data_dir)
    contact_id = database.call(ensure_contact, account_id, "59890000000", "59890000000")
    conversation_id = database.call(ensure_conversation, account_id, contact_id)
    database.close()
    accepted = datetime.now(UTC) - timedelta(seconds=5)
    stamp = accepted.replace(tzinfo=None).isoformat(" ")
    connection = sqlite3.connect(data_dir / DATABASE_FILE)
    with connection:
        first = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM message").fetchone()[0]
        connection.executemany(
            "INSERT INTO message (id, conversation_id, account_id, direction, kind, body, options_json, state, "
            "raw_state, provider_message_id, created_at, updated_at, next_poll_at, poll_attempts) "
            "VALUES (?, ?, ?, ?, ?, 'bench', '{}', ?, ?, ?, ?, ?, ?, 0)",
            [
                (first + n, conversation_id, account_id, Direction.OUTGOING.value, MessageKind.TEXT.value)
                + (DeliveryState.ACCEPTED.value, RAW_ACCEPTED, provider_id, stamp, stamp, stamp)
                for n, provider_id in enumerate(ids)
            ],
        )
        connection.executemany(
            "INSERT INTO state_event (message_id, state, raw_state, source, at) VALUES (?, ?, ?, ?, ?)",
            [(first + n, DeliveryState.ACCEPTED.value, RAW_ACCEPTED, EventSource.RESPONSE.value, stamp) for n in range(len(ids))],
        )
    connection.close()


async def console_poll(base_url: str, ids: list[str], data_dir: Path) -> tuple[float, list[float]]:
    """(seconds to poll each message once, loop lags in ms) for the console's poller."""
    workspace = await Workspace.open(data_dir, MemorySecrets())
    try:
        account = await workspace.accounts.add_heynow(
            "bench", base_url=base_url, username=DEMO_USER, password=DEMO_PASSWORD, platform_id=OPEN_PLATFORM
        )
        await asyncio.to_thread(in_flight, data_dir, account.id, ids)
        client = await workspace.clients.get(account, StatusPolling)
        await client.login()  # type: ignore[attr-defined]
        meter = LagMeter()
        meter.start()
        started = time.perf_counter()
        await workspace.poller.start()  # on its own thread and loop, as the window runs it
        while workspace.poller.polls < len(ids) and workspace.poller.running:
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - started
        meter.stop()
        return elapsed, meter.lags_ms
    finally:
        await workspace.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    tune_after_start()  # as the window does once it is up (the loop gets the interpreter lock back within 1 ms)
    raws: list[float] = []
    consoles: dict[str, list[float]] = {name: [] for name in STACKS}
    lags: dict[str, list[float]] = {name: [] for name in STACKS}
    alone: dict[str, list[float]] = {"raw aiohttp": []}
    candidates = client_candidates()
    with SandboxHost() as host:
        base_url = host.urls["heynow"]
        token, ids = asyncio.run(send_all(base_url, options.messages))
        for _ in range(options.runs):
            raws.append(asyncio.run(raw_poll(base_url, token, ids, CONCURRENCY)))
        # One qasync loop for every run on it: a second QEventLoop in one process is not safe.
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            for _ in range(options.runs):
                alone["raw aiohttp"].append(runner.run(raw_poll(base_url, token, ids, CONCURRENCY)))
                for name, make in candidates.items():
                    if make is not None:
                        alone.setdefault(name, []).append(runner.run(httpx_poll(make(), base_url, token, ids, CONCURRENCY)))
                for name, factory in STACKS.items():
                    with tempfile.TemporaryDirectory() as folder, providers_on(factory):
                        elapsed, run_lags = runner.run(console_poll(base_url, ids, Path(folder)))
                    consoles[name].append(elapsed)
                    lags[name].extend(run_lags)
    del app
    count = len(ids)
    floor = count / median(raws)
    print(f"floor, raw aiohttp on a plain asyncio loop: {floor:,.0f} polls/s")
    print(f"each client alone on the qasync loop, concurrency {CONCURRENCY}:")
    for name, seconds in alone.items():
        print(f"  {name}: {count / median(seconds):,.0f} polls/s ({count / median(seconds) / floor:.2f} × floor)")
    if candidates["httpx2, default transport"] is None:
        print(f"  httpx2: {HTTPX2_MISSING}")
    print("the console's status poller on its thread (lag: the qasync loop's), per HTTP stack:")
    for name, seconds in consoles.items():
        stack_rate = count / median(seconds)
        print(f"  {name}: {stack_rate:,.0f} polls/s ({stack_rate / floor:.2f} × floor), lag p99 {p99(lags[name]):.1f} ms")
    rate = count / median(consoles[CONSOLE])
    on_qasync = count / median(alone["raw aiohttp"])
    report(
        Figure(
            "status polling of 10,000 in-flight messages",
            rate,
            "polls/s",
            "≥ 0.3 × raw aiohttp",
            rate >= 0.3 * floor,
            floor=floor,
            ratio=rate / floor,
            note=(
                f"{CONSOLE}, concurrency {CONCURRENCY}, median of {options.runs}; each poll also records its answer and "
                f"schedules the next, on its own thread. Raw aiohttp on the qasync loop: "
                f"{on_qasync:,.0f} polls/s ({on_qasync / floor:.2f} × floor)"
            ),
        )
    )
    late = p99(lags[CONSOLE])
    report(
        Figure(
            "event-loop lag while polling (p99)",
            late,
            "ms",
            "≤ 16 ms",
            late <= 16,
            note=f"max {max(lags[CONSOLE]):.0f} ms over {len(lags[CONSOLE])} ticks of a 5 ms timer on the qasync loop",
        )
    )


if __name__ == "__main__":
    main()
