"""Acceptance: the real callback relay and the console's reader, joined over loopback HTTP.

Nothing is mocked: a `RelayThread` on a SQLite store receives callbacks over HTTP (posted
by the test or pushed by the Broadcasterbot sandbox), and the console reads them back
with `HttpEventFeed` exactly as a running console does.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest

from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState, EventSource
from console.providers.errors import NotSent
from console.relay import RelayStore, RelayThread, sqlite_url
from console.sandbox.broadcasterbot import DEMO_API_KEY
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.services.relay_reader import HttpEventFeed, RelayReader
from console.services.workspace import Workspace
from tests.conftest import MemorySecrets, add_broadcasterbot_account, open_workspace, run_core

EVENTS_TOKEN = "events-token"
CUSTOMER = "+52 55 4433 2211"
RECIPIENT = {"phone": "5544332211", "country": "MX"}
RANK = {"sent": DeliveryState.SENT, "delivered": DeliveryState.DELIVERED, "read": DeliveryState.READ}


def _console_dir(tmp_path: Path) -> Path:
    (tmp_path / "console").mkdir(exist_ok=True)
    return tmp_path / "console"


def _relay(tmp_path: Path, port: int = 0) -> RelayThread:
    return RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay.sqlite3")), EVENTS_TOKEN, port=port).start()


def _reader(workspace: Workspace, relay: RelayThread, **options: float) -> RelayReader:
    """The reader as the running console builds it: HTTP feed, routes from the account's secrets."""
    feed = HttpEventFeed(workspace.http, relay.root_url, EVENTS_TOKEN)
    return RelayReader(workspace.db, workspace.callbacks, feed, workspace.callback_routes.routes, **options)


async def _health(http: httpx.AsyncClient, relay: RelayThread) -> dict[str, Any]:
    response = await http.get(f"{relay.root_url}/health")
    assert response.status_code == 200
    return response.json()


def _status(state: str, message_id: str) -> dict[str, Any]:
    return {"statuses": [{"status": "success", "state": state, "messageId": message_id, "recipient": RECIPIENT}]}


def _plan(provider_ids: list[str]) -> list[tuple[str, str, bytes]]:
    """Five posts per message: (provider id, raw state, exact body). Exact duplicates repeat
    the bytes; a re-serialised body (other separators, other key order) is a new callback."""

    def canonical(state: str, pid: str) -> bytes:
        return json.dumps(_status(state, pid)).encode()

    def compact(state: str, pid: str) -> bytes:
        return json.dumps(_status(state, pid), separators=(",", ":")).encode()

    def ordered(state: str, pid: str) -> bytes:
        return json.dumps(_status(state, pid), separators=(",", ":"), sort_keys=True).encode()

    patterns = (
        # in order, read twice byte for byte, delivered re-serialised
        (("sent", canonical), ("delivered", canonical), ("read", canonical), ("read", canonical), ("delivered", compact)),
        # stops at delivered, exact repeats of both
        (("delivered", canonical), ("sent", canonical), ("sent", canonical), ("delivered", canonical), ("sent", compact)),
        # read first: the late ones must not demote it
        (("read", canonical), ("sent", canonical), ("delivered", canonical), ("read", compact), ("sent", canonical)),
        # only sent: twice exact, twice re-serialised
        (("sent", canonical), ("sent", canonical), ("sent", canonical), ("sent", compact), ("sent", ordered)),
    )
    posts = []
    for index, pid in enumerate(provider_ids):
        for state, encode in patterns[index % len(patterns)]:
            posts.append((pid, state, encode(state, pid)))
    random.Random(7).shuffle(posts)  # arrival order is the network's, not the message's
    return posts


@pytest.mark.slow
def test_a_console_closed_while_1000_statuses_arrive_shows_all_of_them_after_it_reopens(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    secrets = MemorySecrets()
    relay = _relay(tmp_path)
    figures: dict[str, float] = {}

    async def before_closing() -> tuple[str, list[tuple[int, str]]]:
        async with open_workspace(_console_dir(tmp_path), secrets) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            callback_url = await workspace.callback_routes.connect(account, relay.root_url, EVENTS_TOKEN)
            started = time.perf_counter()
            sent = []
            for _ in range(200):
                message = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
                assert message.provider_message_id is not None
                sent.append((message.id, message.provider_message_id))
            figures["send_s"] = time.perf_counter() - started
            return callback_url, sent

    async def while_closed(callback_url: str, posts: list[tuple[str, str, bytes]]) -> list[dict[str, Any]]:
        gate = asyncio.Semaphore(32)
        headers = {"Content-Type": "application/json"}
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32)) as http:

            async def post(body: bytes) -> dict[str, Any]:
                async with gate, http.post(callback_url, data=body, headers=headers) as answer:
                    assert 200 <= answer.status < 300, await answer.text()
                    return await answer.json()

            started = time.perf_counter()
            answers = await asyncio.gather(*(post(body) for _, _, body in posts))
            figures["post_s"] = time.perf_counter() - started
            async with http.get(f"{relay.root_url}/health") as health:
                figures["relay_events"] = (await health.json())["events"]
        return answers

    async def after_reopening(sent: list[tuple[int, str]]) -> tuple[int, int, list[Any], list[Any]]:
        async with open_workspace(_console_dir(tmp_path), secrets) as workspace:
            reader = _reader(workspace, relay)
            started = time.perf_counter()
            applied = await reader.catch_up()
            figures["catch_up_s"] = time.perf_counter() - started
            again = await reader.catch_up()
            messages = [await workspace.conversations.message(message_id) for message_id, _ in sent]
            timelines = [await workspace.conversations.timeline(message_id) for message_id, _ in sent]
            return applied, again, messages, timelines

    try:
        callback_url, sent = run_core(before_closing(), timeout=120)
        posts = _plan([pid for _, pid in sent])
        assert len(posts) == 1000
        answers = run_core(while_closed(callback_url, posts), timeout=120)
        applied, again, messages, timelines = run_core(after_reopening(sent), timeout=120)
    finally:
        relay.stop()

    distinct_bodies = {body for _, _, body in posts}
    assert figures["relay_events"] == len(distinct_bodies) == 700
    assert sum(a["duplicate"] for a in answers) == len(posts) - len(distinct_bodies)
    # the same bytes always got the same event id
    ids_of: dict[bytes, set[int]] = defaultdict(set)
    for (_, _, body), answer in zip(posts, answers, strict=True):
        ids_of[body].add(answer["id"])
    assert all(len(ids) == 1 for ids in ids_of.values())
    assert sorted(next(iter(ids)) for ids in ids_of.values()) == list(range(1, len(distinct_bodies) + 1))

    assert applied == figures["relay_events"]
    assert again == 0

    bodies_of: dict[str, set[bytes]] = defaultdict(set)
    states_of: dict[str, set[str]] = defaultdict(set)
    for pid, state, body in posts:
        bodies_of[pid].add(body)
        states_of[pid].add(state)
    for (message_id, pid), message, timeline in zip(sent, messages, timelines, strict=True):
        callbacks = [e for e in timeline if e.source is EventSource.CALLBACK]
        assert len(callbacks) == len(bodies_of[pid]), message_id
        assert {e.raw_state for e in callbacks} == states_of[pid], message_id
        assert {e.state for e in callbacks} == {RANK[s] for s in states_of[pid]}
        highest = max((RANK[s] for s in states_of[pid]), key=list(RANK.values()).index)
        assert message.state is highest, (message_id, message.state, states_of[pid])

    print(
        f"\n200 sends in {figures['send_s']:.2f} s; 1000 callbacks posted in {figures['post_s']:.2f} s "
        f"({1000 / figures['post_s']:.0f}/s), {applied} stored; catch-up of {applied} in {figures['catch_up_s']:.2f} s "
        f"({applied / figures['catch_up_s']:.0f}/s)"
    )


def test_callbacks_overtaking_the_send_answer_are_matched_through_the_relay(tmp_path: Path, sandbox: SandboxServer) -> None:
    """The sandbox itself pushes its statuses to the relay while it holds back the send's answer."""
    # Two seconds of held-back answer leave a loaded machine room to push, store and read "queued".
    sandbox.sandbox.faults.add("broadcasterbot", "send", Fault(FaultKind.DELAY, seconds=2.0, times=1))
    simulator = sandbox.sandbox.broadcasterbot
    relay = _relay(tmp_path)

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(_console_dir(tmp_path), MemorySecrets()) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            callback_url = await workspace.callback_routes.connect(account, relay.root_url, EVENTS_TOKEN)
            sandbox.call(simulator.set_callback_url, DEMO_API_KEY, callback_url)
            reader = _reader(workspace, relay)
            sending = asyncio.create_task(workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",))))
            deadline = time.monotonic() + 1.5
            while (await _health(workspace.http, relay))["events"] == 0:  # "queued", pushed before the answer
                assert time.monotonic() < deadline, "the sandbox pushed nothing to the relay"
                await asyncio.sleep(0.02)
            early = await reader.catch_up()
            assert not sending.done(), "the send answered before the early status was read; the test proves nothing"
            message = await sending

            sandbox.call(simulator.advance, 3600)  # the rest of the lifecycle, pushed by the sandbox
            recorded = [b for b in sandbox.call(simulator.recorded_callbacks) if "statuses" in b]
            deadline = time.monotonic() + 10
            while (await _health(workspace.http, relay))["events"] < len(recorded):
                assert time.monotonic() < deadline, "the sandbox did not push every status to the relay"
                await asyncio.sleep(0.05)
            later = await reader.catch_up()
            return (
                early,
                later,
                recorded,
                await workspace.conversations.message(message.id),
                await workspace.conversations.timeline(message.id),
            )

    try:
        early, later, recorded, message, events = run_core(scenario(), timeout=30)
    finally:
        relay.stop()

    assert early >= 1 and early + later == len(recorded)
    sources = [e.source for e in events if e.source is not EventSource.LOCAL]
    assert sources[0] is EventSource.RESPONSE
    assert set(sources[1:]) == {EventSource.CALLBACK} and len(sources) == 1 + len(recorded)
    pushed = [b["statuses"][0]["state"] for b in recorded]
    assert [e.raw_state for e in events if e.source is EventSource.CALLBACK] == pushed
    assert pushed[0] == "queued"
    assert message.raw_state == pushed[-1]
    assert message.state is RANK.get(pushed[-1], message.state)


def test_the_reader_survives_the_relay_being_down(tmp_path: Path, sandbox: SandboxServer) -> None:
    relay = _relay(tmp_path)
    port = relay.relay.port

    async def scenario():  # type: ignore[no-untyped-def]
        nonlocal relay
        async with open_workspace(_console_dir(tmp_path), MemorySecrets()) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            callback_url = await workspace.callback_routes.connect(account, relay.root_url, EVENTS_TOKEN)
            message = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            reader = _reader(workspace, relay, interval=0.05, max_backoff=0.2)

            await asyncio.to_thread(relay.stop)
            with pytest.raises(NotSent):
                await reader.catch_up()

            following = asyncio.create_task(reader.run())
            await asyncio.sleep(0.6)  # several failed polls, with back-off
            assert not following.done(), following.exception() if following.done() else None

            # Back on the same port and store: the route still holds, the reader resumes on its own.
            relay = await asyncio.to_thread(_relay, tmp_path, port)
            answer = await workspace.http.post(callback_url, json=_status("read", message.provider_message_id))
            assert answer.status_code == 200
            deadline = time.monotonic() + 5
            while (await workspace.conversations.message(message.id)).state is not DeliveryState.READ:
                assert time.monotonic() < deadline, "the reader did not resume after the relay came back"
                assert not following.done()
                await asyncio.sleep(0.05)
            following.cancel()
            await asyncio.gather(following, return_exceptions=True)
            return await workspace.conversations.timeline(message.id)

    try:
        events = run_core(scenario(), timeout=30)
    finally:
        relay.stop()
    assert [e.raw_state for e in events if e.source is EventSource.CALLBACK] == ["read"]
