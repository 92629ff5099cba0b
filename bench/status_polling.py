"""Status polling of 10,000 in-flight Hey Now messages against the sandbox, and the loop's lag meanwhile.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/status_polling.py [--messages 10000] [--runs 3]

The sandbox serves in a process of its own; 10,000 messages are sent to it first (mass
send, its channel without contact validation), and their statuses stay "?" throughout.
- The console: a workspace on a fresh data dir holding those 10,000 messages as accepted
  and due; its `StatusPoller` runs on a qasync loop (the window's) until it has polled
  each once. A timer asking to fire every 5 ms records the loop's lag meanwhile.
- The floor: a raw aiohttp client polling the same 10,000 URLs with the poller's
  concurrency, on a plain asyncio loop.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import qasync
from figures import Figure, LagMeter, median, p99, report
from PySide6.QtWidgets import QApplication
from sandbox_host import SandboxHost

from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.messages import Direction, MessageKind
from console.providers.base import StatusPolling
from console.sandbox.heynow import DEMO_PASSWORD, DEMO_USER, OPEN_PLATFORM
from console.services.poller import PollPolicy
from console.services.workspace import Workspace
from console.store.contacts import ensure_contact
from console.store.database import DATABASE_FILE
from console.store.messages import ensure_conversation
from console.store.secrets import MemorySecrets

CONCURRENCY = PollPolicy().concurrency


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
    headers = {"Authorization": f"Bearer {token}"}
    pending = iter(ids)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:

        async def worker() -> None:
            for message_id in pending:
                async with http.get(f"{base_url}/message/1/{OPEN_PLATFORM}/{message_id}", headers=headers) as answer:
                    await answer.read()
                    assert answer.status == 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started


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
            "provider_message_id, created_at, updated_at, next_poll_at, poll_attempts) "
            "VALUES (?, ?, ?, ?, ?, 'bench', '{}', ?, ?, ?, ?, ?, 0)",
            [
                (first + n, conversation_id, account_id, Direction.OUTGOING.value, MessageKind.TEXT.value)
                + (DeliveryState.ACCEPTED.value, provider_id, stamp, stamp, stamp)
                for n, provider_id in enumerate(ids)
            ],
        )
        connection.executemany(
            "INSERT INTO state_event (message_id, state, source, at) VALUES (?, ?, ?, ?)",
            [(first + n, DeliveryState.ACCEPTED.value, EventSource.RESPONSE.value, stamp) for n in range(len(ids))],
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
        task = asyncio.get_running_loop().create_task(workspace.poller.run())
        while workspace.poller.polls < len(ids) and not task.done():
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - started
        meter.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return elapsed, meter.lags_ms
    finally:
        await workspace.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    consoles, raws, lags = [], [], []
    with SandboxHost() as host:
        base_url = host.urls["heynow"]
        token, ids = asyncio.run(send_all(base_url, options.messages))
        for _ in range(options.runs):
            raws.append(asyncio.run(raw_poll(base_url, token, ids, CONCURRENCY)))
        # One qasync loop for every console run: a second QEventLoop in one process is not safe.
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            for _ in range(options.runs):
                with tempfile.TemporaryDirectory() as folder:
                    elapsed, run_lags = runner.run(console_poll(base_url, ids, Path(folder)))
                consoles.append(elapsed)
                lags.extend(run_lags)
    del app
    count = len(ids)
    rate, floor = count / median(consoles), count / median(raws)
    report(
        Figure(
            "status polling of 10,000 in-flight messages",
            rate,
            "polls/s",
            "≥ 0.3 × raw aiohttp",
            rate >= 0.3 * floor,
            floor=floor,
            ratio=rate / floor,
            note=f"concurrency {CONCURRENCY}, median of {options.runs}; each poll also records its answer and schedules the next",
        )
    )
    late = p99(lags)
    report(
        Figure(
            "event-loop lag while polling (p99)",
            late,
            "ms",
            "≤ 16 ms",
            late <= 16,
            note=f"max {max(lags):.0f} ms over {len(lags)} ticks of a 5 ms timer on the qasync loop",
        )
    )


if __name__ == "__main__":
    main()
