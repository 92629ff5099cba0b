"""The team server under load: consoles following the change log of two server processes on one
PostgreSQL while sends and providers' callbacks flow (issue 18).

    PYTHONPATH=$PWD .venv/bin/python bench/team_load.py [--seconds 120] [--consoles 20] [--send-rate 50] [--callback-rate 200]

Starts a throwaway PostgreSQL cluster as the tests do (`tests/postgres.py`), the sandbox in a
process of its own and two `centralita server` processes with a Hey Now account that sends to
the sandbox. This process posts `--send-rate` `POST /team/messages` a second and `--callback-rate`
Broadcasterbot status callbacks a second to a relay route of the servers, alternating between
the two processes, each on a fixed schedule: a post that cannot start on time (64 of a kind
already under way) starts late, so the achieved rate says whether the servers kept up. A second
process runs the consoles, each an agent of its own on one of the two processes, following
`GET /team/changes?after=cursor&limit=500&wait=20` as the console's follower does
(`console/services/team.py`); they read the pages and store nothing.

What each figure covers:
- propagation: from a change's `at` (written in its transaction just before COMMIT) to each
  console receiving it, over every change of the run and every console: a `message` change per
  post and a `message_state` change per send's outcome. The servers do not turn callbacks into
  team changes yet (they store them, as the relay does), so callbacks load the servers and the
  database but are not in this figure.
- lost / received twice: per console, the run's change ids (read from the database) it never
  received, or received more than once.
- callbacks: their answer time (the relay answers once the body is committed) and the time from
  the post to a reader polling `GET /events` every 100 ms on the second process seeing it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.queues import Queue
from pathlib import Path

import aiohttp
from figures import Figure, LagMeter, median, p99, report
from sandbox_host import SandboxHost

from console.logging_setup import LOG_DIR_ENV
from console.relay.tokens import RELAY_TOKEN_ENV
from console.services.team import BATCH, WAIT
from console.team_server.process import ServerProcess
from console.team_server.secrets import secret_variable
from console.team_server.store import TeamStore
from tests.postgres import ThrowawayCluster

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
ACCOUNT = "Ventas Bench"
OPEN_PLATFORM = "59899000003"  # the sandbox's Hey Now platform that does not validate contacts
AT_ONCE = 64  # posts of one kind under way at once
EVENTS_POLL = 0.1  # seconds between the callback reader's looks at /events
SETTLE = 60.0  # seconds the sends may take to be recorded after the last post
DRAIN = 30.0  # seconds the consoles may take to reach the last change after that


def committed_at(at: str) -> float:
    """A change's `at` (`relay.store.utc_now`: ISO 8601 UTC with microseconds) as epoch seconds."""
    return datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()


# The consoles, in a process of their own


@dataclass
class Console:
    root: str
    token: str
    cursor: int
    received: list[int] = field(default_factory=list)  # change ids in the order received, repeats included
    delays: list[float] = field(default_factory=list)  # seconds from commit, per received change
    errors: int = 0
    pages: int = 0  # long-polls answered

    async def follow(self, http: aiohttp.ClientSession, at_cache: dict[int, float]) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        while True:
            query = {"after": str(self.cursor), "limit": str(BATCH), "wait": str(WAIT)}
            try:
                async with http.get(self.root + "/team/changes", params=query, headers=headers) as answer:
                    page = await answer.json() if answer.status == 200 else None
            except (aiohttp.ClientError, TimeoutError):
                page = None
            if page is None:
                self.errors += 1
                await asyncio.sleep(0.5)
                continue
            now = time.time()
            self.pages += 1
            for change in page["changes"]:
                at = at_cache.get(change["id"])
                if at is None:
                    at = at_cache[change["id"]] = committed_at(change["at"])
                self.received.append(change["id"])
                self.delays.append(now - at)
            self.cursor = page["last_id"]


def run_consoles(roots: list[str], tokens: list[str], start: int, final: Queue, results: Queue) -> None:
    """The child process: follow until told the run's last change id and every console has it."""
    results.put(asyncio.run(_consoles(roots, tokens, start, final, results)))


async def _consoles(
    roots: list[str], tokens: list[str], start: int, final: Queue, ready: Queue
) -> tuple[list[tuple[list[int], list[float], int]], list[float], int]:
    consoles = [Console(roots[n % len(roots)], token, start) for n, token in enumerate(tokens)]
    lag = LagMeter(period=0.01)
    at_cache: dict[int, float] = {}
    timeout = aiohttp.ClientTimeout(total=WAIT + 15)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as http:
        tasks = [asyncio.create_task(console.follow(http, at_cache)) for console in consoles]
        lag.start()
        await asyncio.sleep(1.0)  # every console is waiting in its first long-poll
        ready.put("ready")
        last = await asyncio.to_thread(final.get)
        deadline = time.monotonic() + DRAIN
        while any(console.cursor < last for console in consoles) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        lag.stop()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return [(c.received, c.delays, c.errors) for c in consoles], lag.lags_ms, sum(c.pages for c in consoles)


# The load, in this process


@dataclass
class Posted:
    starts: list[float] = field(default_factory=list)  # monotonic: when each post got its place and started
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    sent_at: dict[str, float] = field(default_factory=dict)  # callback id → monotonic time of its post

    @property
    def answered(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    def rate(self, asked: float) -> float:
        """Posts answered 2xx a second, over the span their starts took (a post waiting for a place starts late)."""
        span = max(self.starts) - min(self.starts) + 1 / asked if self.starts else 1.0
        return self.answered / span


async def paced(rate: float, seconds: float, post: Callable[[int], Awaitable[int]], posted: Posted) -> None:
    """`post(n)` at `rate` a second for `seconds`, at most AT_ONCE under way (the rest start late)."""
    loop = asyncio.get_running_loop()
    gate = asyncio.Semaphore(AT_ONCE)
    tasks: list[asyncio.Task[None]] = []

    async def one(n: int) -> None:
        async with gate:
            began = time.monotonic()
            posted.starts.append(began)
            try:
                status = await post(n)
            except (aiohttp.ClientError, TimeoutError):
                status = 0
            posted.latencies.append(time.monotonic() - began)
            posted.statuses[status] += 1

    start, n = loop.time(), 0
    while (due := start + n / rate) < start + seconds:
        await asyncio.sleep(max(0.0, due - loop.time()))
        tasks.append(asyncio.create_task(one(n)))
        n += 1
    await asyncio.gather(*tasks)


def callback_body(n: int) -> bytes:
    status = {"status": "success", "state": "delivered", "messageId": f"bench-{n}", "recipient": {"phone": "59899000001"}}
    return json.dumps({"statuses": [status]}).encode()


async def read_callbacks(root: str, events_token: str, posted: Posted, seen: dict[str, float], stop: asyncio.Event) -> None:
    """Poll `/events` on one process; when each callback posted was first seen there."""
    after, headers = 0, {"Authorization": f"Bearer {events_token}"}
    async with aiohttp.ClientSession() as http:
        while not stop.is_set() or len(seen) < posted.answered:
            async with http.get(root + "/events", params={"after": str(after), "limit": "1000"}, headers=headers) as answer:
                page = await answer.json()
            now = time.monotonic()
            for event in page["events"]:
                seen.setdefault(json.loads(event["body"])["statuses"][0]["messageId"], now)
            after = page["last_id"]
            if not page["events"]:
                await asyncio.sleep(EVENTS_POLL)


@dataclass
class Load:
    sends: Posted
    callbacks: Posted
    callback_lags: list[float]


async def load(roots: list[str], sender_token: str, events_token: str, seconds: float, send_rate: float, cb_rate: float) -> Load:
    sends, callbacks = Posted(), Posted()
    seen: dict[str, float] = {}
    run_id = secrets.token_hex(3)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        async with http.post(
            roots[0] + "/routes", json={"provider": "broadcasterbot", "label": "bench"}, headers=auth(events_token)
        ) as created:
            path = (await created.json())["callback_path"]

        async def send(n: int) -> int:
            document = {
                "client_key": str(uuid.uuid4()),
                "account": ACCOUNT,
                "customer": f"+5989{3000000 + n}",
                "content": {"type": "text", "body": f"bench {run_id} aviso {n}"},
                "options": {"contact_validation": False},
            }
            async with http.post(roots[n % 2] + "/team/messages", json=document, headers=auth(sender_token)) as answer:
                await answer.read()
                return answer.status

        async def callback(n: int) -> int:
            callbacks.sent_at[f"bench-{n}"] = time.monotonic()
            async with http.post(roots[n % 2] + path, data=callback_body(n)) as answer:
                await answer.read()
                return answer.status

        stop = asyncio.Event()
        reader = asyncio.create_task(read_callbacks(roots[1], events_token, callbacks, seen, stop))
        await asyncio.gather(paced(send_rate, seconds, send, sends), paced(cb_rate, seconds, callback, callbacks))
        stop.set()
        with contextlib.suppress(TimeoutError):  # the figure then counts those read so far
            await asyncio.wait_for(reader, 30)
    lags = [seen[key] - callbacks.sent_at[key] for key in seen if key in callbacks.sent_at]
    return Load(sends, callbacks, lags)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# Setting up


def add_account(database_url: str, heynow_url: str, folder: Path) -> None:
    command = [sys.executable, "-m", "console.cli.server", "--data-dir", str(folder / "admin"), "server", "accounts"]
    command += ["add", "heynow", ACCOUNT, "--base-url", heynow_url, "--username", "demo", "--password", "-"]
    command += ["--platform-id", OPEN_PLATFORM, "--database-url", database_url]
    env = {**os.environ, **NO_KEYRING, LOG_DIR_ENV: str(folder / "logs")}
    subprocess.run(command, input="demo\n", text=True, capture_output=True, env=env, check=True, timeout=60)


def settled(store: TeamStore, deadline: float) -> float:
    """Seconds waited until no message is pending or being sent (or the deadline)."""
    from sqlalchemy import text

    began = time.monotonic()
    query = text("SELECT count(*) FROM team_message WHERE state IN ('pending', 'sending')")
    while time.monotonic() < deadline:
        with store.engine.connect() as connection:
            if not connection.execute(query).scalar():
                break
        time.sleep(0.2)
    return time.monotonic() - began


def run_ids(store: TeamStore, start: int, last: int) -> set[int]:
    from sqlalchemy import text

    with store.engine.connect() as connection:
        query = text("SELECT id FROM team_change WHERE id > :start AND id <= :last")
        return set(connection.execute(query, {"start": start, "last": last}).scalars())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=120.0, help="how long the load runs")
    parser.add_argument("--consoles", type=int, default=20, help="consoles following the change log")
    parser.add_argument("--send-rate", type=float, default=50.0, help="POST /team/messages a second")
    parser.add_argument("--callback-rate", type=float, default=200.0, help="provider callbacks a second")
    options = parser.parse_args()
    load_before = os.getloadavg()
    cluster = ThrowawayCluster()
    postgres = cluster.start()
    try:
        with tempfile.TemporaryDirectory() as directory, SandboxHost() as sandbox:
            folder = Path(directory)
            database_url = postgres.new_database()
            store = TeamStore.open(database_url)
            sender_token = store.add_agent("bench-sender")
            tokens = [store.add_agent(f"console-{n + 1:02d}") for n in range(options.consoles)]
            add_account(database_url, sandbox.urls["heynow"], folder)
            events_token = secrets.token_urlsafe(32)
            env = {
                **NO_KEYRING,
                RELAY_TOKEN_ENV: events_token,
                LOG_DIR_ENV: str(folder / "logs"),
                secret_variable(ACCOUNT, "password"): "demo",
            }
            servers = [ServerProcess(folder / f"host-{n}", database_url, env=env) for n in range(2)]
            try:
                roots = [server.start().root_url for server in servers]
                return measure(options, store, roots, sender_token, tokens, events_token, load_before)
            finally:
                for server in servers:
                    server.stop()
                store.close()
    finally:
        cluster.stop()


def measure(
    options: argparse.Namespace,
    store: TeamStore,
    roots: list[str],
    sender_token: str,
    tokens: list[str],
    events_token: str,
    load_before: tuple[float, float, float],
) -> int:
    start = store.last_change()
    spawn = multiprocessing.get_context("spawn")
    final, results = spawn.Queue(), spawn.Queue()
    consoles = spawn.Process(target=run_consoles, args=(roots, tokens, start, final, results), daemon=True)
    consoles.start()
    assert results.get(timeout=60) == "ready"
    began = time.monotonic()
    done = asyncio.run(load(roots, sender_token, events_token, options.seconds, options.send_rate, options.callback_rate))
    settle_seconds = settled(store, time.monotonic() + SETTLE)
    last = store.last_change()
    final.put(last)
    followed, console_lags, pages = results.get(timeout=DRAIN + 60)
    consoles.join(10)
    elapsed = time.monotonic() - began
    load_after = os.getloadavg()

    errors = sum(e for _, _, e in followed)
    with store.engine.connect() as connection:
        states = Counter(connection.exec_driver_sql("SELECT state FROM team_message").scalars())
    loads = f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after, {os.cpu_count()} cores"
    where = (
        f"{options.consoles} consoles on 2 server processes, {last - start:,} changes over {options.seconds:.0f} s "
        f"({options.send_rate:g} sends/s and {options.callback_rate:g} callbacks/s asked); {loads}"
    )
    print(where)
    print(
        f"sends: {dict(done.sends.statuses)} answered, post time p50 {median(done.sends.latencies) * 1000:.0f} ms "
        f"p99 {p99(done.sends.latencies) * 1000:.0f} ms; outcomes {dict(states)}, "
        f"all recorded {settle_seconds:.0f} s after the last post"
    )
    print(
        f"callbacks: {dict(done.callbacks.statuses)} answered, answer p50 {median(done.callbacks.latencies) * 1000:.0f} ms "
        f"p99 {p99(done.callbacks.latencies) * 1000:.0f} ms; {len(done.callback_lags):,} read back from the other process"
    )
    print(
        f"consoles: {sum(len(r) for r, _, _ in followed):,} changes received in {pages:,} pages "
        f"({pages / max(1, len(followed)) / elapsed:.0f} long-polls a second per console), {errors} failed requests, "
        f"their own loop's lag p99 {p99(console_lags):.0f} ms; run {elapsed:.0f} s"
    )
    intact = console_figures(followed, run_ids(store, start, last), where, console_lags) if followed else True
    for name, posted, asked in (
        ("team sends posted", done.sends, options.send_rate),
        ("provider callbacks posted to the servers' relay routes", done.callbacks, options.callback_rate),
    ):
        note = (
            f"{posted.answered:,} answered 2xx of {posted.statuses.total():,}, answer p99 {p99(posted.latencies) * 1000:.0f} ms"
        )
        rate = posted.rate(asked)
        kept_up = rate >= 0.95 * asked and posted.answered == posted.statuses.total()
        report(Figure(name, rate, "/s", f"{asked:g}/s asked", kept_up, note=note))
    recorded = states.total() - states["pending"] - states["sending"]
    sent_rate = recorded / (options.seconds + settle_seconds)
    sent_note = f"{dict(states)}; the last {settle_seconds:.0f} s after the last post; {loads}"
    report(
        Figure(
            "team sends recorded (the provider's answer stored)",
            sent_rate,
            "/s",
            f"{options.send_rate:g}/s asked",
            sent_rate >= 0.95 * options.send_rate,
            note=sent_note,
        )
    )
    lag_note = f"from the post to a reader polling /events every {EVENTS_POLL * 1000:.0f} ms on the other process; {loads}"
    report(Figure("callback visible to a reader, p99", p99(done.callback_lags) * 1000, "ms", "(reported)", True, note=lag_note))
    return 0 if intact else 1  # a change lost or received twice; the timings are for people to read


def console_figures(
    followed: list[tuple[list[int], list[float], int]], expected: set[int], where: str, console_lags: list[float]
) -> bool:
    """Propagation, lost and duplicated changes; whether none was lost or received twice."""
    lost = max(len(expected - set(received)) for received, _, _ in followed)
    twice = max(len(received) - len(set(received)) for received, _, _ in followed)
    delays = [d * 1000 for received, got, _ in followed for change, d in zip(received, got, strict=True) if change in expected]
    note = f"every change of the run × every console; {where}; the consoles' own loop lag p99 {p99(console_lags):.0f} ms"
    report(Figure("team change propagation, commit → console, p50", median(delays), "ms", "(reported)", True, note=note))
    report(Figure("team change propagation, commit → console, p99", p99(delays), "ms", "≤ 1 s", p99(delays) <= 1000, note=note))
    report(Figure("team changes lost, worst console", lost, "changes", "0", lost == 0, note=where))
    report(Figure("team changes received twice, worst console", twice, "changes", "0", twice == 0, note=where))
    return lost == 0 and twice == 0


if __name__ == "__main__":
    raise SystemExit(main())
