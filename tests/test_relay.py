"""The callback relay over loopback, each test against SQLite and a real PostgreSQL server.

PostgreSQL comes from the Debian `postgresql` package: a throwaway cluster in a temporary
directory for this module. Without its binaries the PostgreSQL variants skip, or fail
when `CI` is set, where the package must be installed.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from console.relay import MAX_BODY, RelayStore, RelayThread, sqlite_url
from console.relay.process import RelayProcess
from console.relay.store import Incoming, utc_now
from console.store.secrets import EncryptedFileSecrets
from tests.conftest import run_core
from tests.postgres import Cluster, PostgresUnavailable, ThrowawayCluster
from tests.postgres import free_port as _free_port  # noqa: F401 - other tests import it from here

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL tests cannot run: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def postgres_cluster() -> Iterator[Cluster]:
    cluster = ThrowawayCluster()
    try:
        yield cluster.start()
    except PostgresUnavailable as missing:
        _unavailable(str(missing))
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "relay.sqlite3")
    return request.getfixturevalue("postgres_cluster").new_database()


@dataclass
class Client:
    root_url: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def relay(store_url: str) -> Iterator[Client]:
    """A relay in this process (callbacks, API and error answers)."""
    token = secrets.token_urlsafe(32)
    with RelayThread(RelayStore.open(store_url), token) as running:
        yield Client(running.root_url, token)


def status_body(number: int) -> bytes:
    return json.dumps({"statuses": [{"status": "success", "state": "delivered", "messageId": f"m-{number}"}]}).encode()


def message_id(body: bytes) -> str:
    return json.loads(body)["statuses"][0]["messageId"]


async def add_route(http: aiohttp.ClientSession, client: Client, provider: str = "broadcasterbot") -> str:
    async with http.post(
        f"{client.root_url}/routes", json={"provider": provider, "label": "test"}, headers=client.auth
    ) as answer:
        assert answer.status == 201
        return (await answer.json())["callback_path"]


async def burst(url: str, numbers: range, concurrency: int, on_answer: Callable[[int], None] | None = None) -> dict[int, int]:
    """POST status callbacks; return {number: event id} of those answered 2xx (errors just go unanswered)."""
    answered: dict[int, int] = {}
    pending = iter(numbers)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:

        async def worker() -> None:
            for number in pending:
                try:
                    async with http.post(url, data=status_body(number)) as answer:
                        if answer.status == 200:
                            answered[number] = (await answer.json())["id"]
                except (aiohttp.ClientError, ConnectionError):
                    continue
                if on_answer is not None:
                    on_answer(len(answered))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return answered


def stored_message_ids(store_url: str) -> Counter[str]:
    store = RelayStore.open(store_url)
    events = store.events(0, 1_000_000)
    store.close()
    ids = [e.id for e in events]
    assert ids == sorted(set(ids))
    return Counter(message_id(e.body) for e in events)


def start_process(data_dir: Path, store_url: str) -> tuple[RelayProcess, Client]:
    token = secrets.token_urlsafe(32)
    EncryptedFileSecrets(data_dir).set("relay", "events_token", token)
    process = RelayProcess(data_dir, store_url, env=NO_KEYRING).start()
    return process, Client(process.root_url, token)


async def route_of(client: Client) -> str:
    async with aiohttp.ClientSession() as http:
        return client.root_url + await add_route(http, client)


@pytest.mark.slow
def test_a_burst_of_10000_callbacks_is_stored_exactly_once(store_url: str, tmp_path: Path) -> None:
    process, client = start_process(tmp_path, store_url)
    try:
        url = run_core(route_of(client))
        answered = run_core(burst(url, range(10_000), concurrency=32), timeout=120)
    finally:
        process.stop()
    assert len(answered) == len(set(answered.values())) == 10_000
    stored = stored_message_ids(store_url)
    assert all(count == 1 for count in stored.values())
    assert set(stored) == {f"m-{n}" for n in answered}


@pytest.mark.slow
def test_a_relay_killed_mid_burst_keeps_every_answered_callback(store_url: str, tmp_path: Path) -> None:
    process, client = start_process(tmp_path, store_url)
    killed = threading.Event()

    def kill_midway(answered_so_far: int) -> None:
        if answered_so_far >= 1500 and not killed.is_set():
            killed.set()
            process.kill()

    try:
        url = run_core(route_of(client))
        answered = run_core(burst(url, range(4000), concurrency=32, on_answer=kill_midway), timeout=120)
    finally:
        process.kill()
    assert killed.is_set() and 1500 <= len(answered) < 4000
    stored = stored_message_ids(store_url)
    assert {f"m-{n}" for n in answered} <= set(stored)
    assert all(count == 1 for count in stored.values())

    # Restarted on the same store, the provider's retries of everything are recognised.
    process = RelayProcess(tmp_path, store_url, env=NO_KEYRING).start()
    try:
        url = url.replace(client.root_url, process.root_url)
        retried = run_core(burst(url, range(4000), concurrency=32), timeout=120)
    finally:
        process.stop()
    assert len(retried) == 4000
    assert all(retried[n] == event_id for n, event_id in answered.items())
    stored = stored_message_ids(store_url)
    assert len(stored) == 4000 and all(count == 1 for count in stored.values())


def test_malformed_bodies_are_answered_and_quarantined(relay: Client) -> None:
    async def scenario() -> list[dict]:
        async with aiohttp.ClientSession() as http:
            bot, chattigo = await add_route(http, relay), await add_route(http, relay, "chattigo")
            sent = [
                (bot, b"{not json"),
                (bot, b"[1, 2]"),
                (bot, b'{"foo": 1}'),
                (bot, b"\xff\xfe binary"),
                (bot, status_body(1)),
                (chattigo, b'{"messaging_product": "whatsapp", "to": "59899000001", "type": "text", "text": {"body": "hi"}}'),
                (chattigo, b'{"chatBeenClosed": {"closed": true}}'),
                (chattigo, b'{"statuses": []}'),
            ]
            for path, body in sent:
                async with http.post(relay.root_url + path, data=body) as answer:
                    assert answer.status == 200
            async with http.get(f"{relay.root_url}/events", headers=relay.auth) as answer:
                return (await answer.json())["events"]

    events = run_core(scenario())
    assert [e["quarantined"] for e in events] == [True, True, True, True, False, False, False, True]
    assert events[0]["reason"].startswith("not JSON") and events[0]["body"] == "{not json"
    assert [e["provider"] for e in events] == ["broadcasterbot"] * 5 + ["chattigo"] * 3
    assert all(e["reason"] is None for e in events if not e["quarantined"])


def test_unknown_routes_get_404_and_oversize_bodies_413(relay: Client) -> None:
    async def scenario() -> tuple[list[int], dict]:
        async with aiohttp.ClientSession() as http:
            bot = await add_route(http, relay)
            wrong_provider = bot.replace("broadcasterbot", "chattigo")
            prefix = b'{"statuses": [], "pad": "'
            padded = prefix + b"x" * (MAX_BODY - len(prefix) - 2) + b'"}'
            assert len(padded) == MAX_BODY
            statuses = []
            for path, body in [
                ("/callbacks/broadcasterbot/" + secrets.token_urlsafe(32), status_body(1)),
                (wrong_provider, status_body(1)),
                ("/callbacks/heynow/x", status_body(1)),
                (bot, padded + b" "),
                (bot, padded),
            ]:
                async with http.post(relay.root_url + path, data=body) as answer:
                    statuses.append(answer.status)
            async with http.get(f"{relay.root_url}/health") as answer:
                return statuses, await answer.json()

    statuses, health = run_core(scenario())
    assert statuses == [404, 404, 404, 413, 200]
    assert health["ok"] is True and health["events"] == 1 and health["routes"] == 1


def test_duplicates_are_stored_once_per_route(relay: Client) -> None:
    async def scenario() -> list[dict]:
        async with aiohttp.ClientSession() as http:
            first, second = await add_route(http, relay), await add_route(http, relay)
            answers = []
            for path in (first, first, second, first):
                async with http.post(relay.root_url + path, data=status_body(7)) as answer:
                    answers.append(await answer.json())
            return answers

    answers = run_core(scenario())
    assert [a["duplicate"] for a in answers] == [False, True, False, True]
    assert answers[0]["id"] == answers[1]["id"] == answers[3]["id"] != answers[2]["id"]


def test_a_chattigo_bot_posting_the_same_body_again_is_two_events(relay: Client) -> None:
    """Its closing notice posted on its own names no customer and is always the same body: each one closes a chat."""
    closing = json.dumps({"chatBeenClosed": {"closed": True, "message": "El chat finalizo"}}).encode()

    async def scenario() -> list[dict]:
        async with aiohttp.ClientSession() as http:
            path = await add_route(http, relay, provider="chattigo")
            answers = []
            for _ in range(2):
                async with http.post(relay.root_url + path, data=closing) as answer:
                    answers.append(await answer.json())
            return answers

    first, second = run_core(scenario())
    assert (first["duplicate"], second["duplicate"]) == (False, False)
    assert first["id"] != second["id"]


def test_events_page_in_arrival_order_behind_the_events_token(relay: Client) -> None:
    async def scenario() -> tuple[list[int], list[list[int]], list[int]]:
        async with aiohttp.ClientSession() as http:
            refused = []
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": relay.token}):
                async with http.get(f"{relay.root_url}/events", headers=headers) as answer:
                    refused.append(answer.status)
                async with http.post(f"{relay.root_url}/routes", json={"provider": "chattigo"}, headers=headers) as answer:
                    refused.append(answer.status)
            path = await add_route(http, relay)
            for number in range(25):
                async with http.post(relay.root_url + path, data=status_body(number)) as answer:
                    assert answer.status == 200
            pages, after = [], 0
            while True:
                async with http.get(
                    f"{relay.root_url}/events", params={"after": after, "limit": 10}, headers=relay.auth
                ) as answer:
                    page = await answer.json()
                if not page["events"]:
                    assert page["last_id"] == after
                    break
                pages.append([int(message_id(e["body"].encode())[2:]) for e in page["events"]])
                after = page["last_id"]
            bad = []
            for query in ({"after": "x"}, {"limit": "ten"}):
                async with http.get(f"{relay.root_url}/events", params=query, headers=relay.auth) as answer:
                    bad.append(answer.status)
            return refused, pages, bad

    refused, pages, bad = run_core(scenario())
    assert refused == [401] * 6
    assert pages == [list(range(0, 10)), list(range(10, 20)), list(range(20, 25))]
    assert bad == [400, 400]


def test_ids_follow_commit_order_with_several_writers(store_url: str) -> None:
    """Two stores (as two relay processes) write at once; a reader paging by `after` misses nothing."""
    writers = [RelayStore.open(store_url) for _ in range(2)]
    reader = RelayStore.open(store_url)
    seen: list[int] = []

    def write(store: RelayStore, name: str) -> None:
        for batch in range(40):
            store.append([Incoming(name, "broadcasterbot", f"{name}-{batch}-{i}".encode(), utc_now()) for i in range(5)])

    threads = [threading.Thread(target=write, args=(store, f"w{n}")) for n, store in enumerate(writers)]
    for thread in threads:
        thread.start()
    try:
        finished = False
        while not finished:
            finished = not any(thread.is_alive() for thread in threads)
            seen.extend(e.id for e in reader.events(seen[-1] if seen else 0, 1000))
    finally:
        for thread in threads:
            thread.join()
        for store in (*writers, reader):
            store.close()
    assert seen == list(range(1, 401))


def test_stores_opened_at_once_share_one_schema(store_url: str) -> None:
    """Relay processes of a team may start together on an empty database."""
    opened: list[RelayStore] = []
    threads = [threading.Thread(target=lambda: opened.append(RelayStore.open(store_url))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(opened) == 4
    first_id = opened[0].append([Incoming("r", "chattigo", b"{}", utc_now())])[0].id
    last_id = opened[3].counts()["last_id"]
    for store in opened:
        store.close()
    assert first_id == last_id == 1


def test_a_page_of_events_is_bounded_in_bytes(store_url: str) -> None:
    store = RelayStore.open(store_url)
    store.append([Incoming("r", "chattigo", bytes([65 + n]) * 40, utc_now()) for n in range(5)])
    pages = [[e.id for e in store.events(after, 10, max_bytes=100)] for after in (0, 2, 4, 5)]
    store.close()
    assert pages == [[1, 2], [3, 4], [5], []]  # past the first event, at most 100 bytes of bodies


def test_relay_token_command_prints_the_token_the_relay_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    command = [sys.executable, "-m", "console.cli.relay", "--data-dir", str(tmp_path), "relay", "token"]
    printed = [
        subprocess.run(command, capture_output=True, text=True, env={**os.environ, **NO_KEYRING}, check=True).stdout.strip()
        for _ in range(2)
    ]
    assert printed[0] == printed[1] and len(printed[0]) >= 40

    async def status(root_url: str, token: str) -> int:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"{root_url}/events", headers={"Authorization": f"Bearer {token}"}) as answer,
        ):
            return answer.status

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):  # started from a window in Spanish, it still reads its child's first line
        monkeypatch.setenv(variable, "es_AR.UTF-8")
    with RelayProcess(tmp_path, env=NO_KEYRING) as process:
        assert run_core(status(process.root_url, printed[0])) == 200
    assert (tmp_path / "relay.sqlite3").exists()
