"""The team server following its messages' states: Hey Now statuses polled, Broadcasterbot's
callbacks (posted by the sandbox to the server's relay routes) applied to the team's messages
once even with two processes applying, a status that overtakes the send's answer applied after
it, and a customer's message written once however often the provider posts it. Two
`centralita server` processes on one real PostgreSQL, the sandbox over loopback.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import phonenumbers
import pytest

from console.domain.accounts import ProviderKind
from console.domain.lifecycle import DeliveryState
from console.relay.store import Incoming, RelayStore, open_engine
from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig
from console.sandbox.broadcasterbot_bodies import Contact
from console.sandbox.broadcasterbot_callbacks import status_callback, text_message_callback
from console.sandbox.faults import Fault, FaultKind
from console.sandbox.heynow import HeyNowSandboxConfig
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.store.secrets import EncryptedFileSecrets
from console.team_server.accounts import ServerAccounts
from console.team_server.callbacks import CallbackStore
from console.team_server.messages import MessageStore
from console.team_server.secrets import SERVICE, secret_variable
from console.team_server.store import TeamStore
from console.team_server.upgrade import upgrade
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_send import (
    ACCOUNT,
    ADMIN_PASSWORD,
    HEYNOW_PASSWORD,
    add_account,
    centralita,
    last_change,
    post,
    rows,
    start_servers,
)
from tests.test_team_server import auth, server_env

BROADCASTER = "Difusión BB"
API_KEY = "demo-broadcasterbot-key"  # the sandbox's; reaches the servers only through their environment
CONFIGS = SandboxConfigs(
    # Hey Now: sent, delivered, read 1, 3 and 7 s after the send; the polls come 2 s after it, then about every 2 s.
    heynow=HeyNowSandboxConfig(status_delays=(1.0, 3.0, 7.0), never_read_ratio=0.0, stuck_ratio=0.0),
    broadcasterbot=BroadcasterbotSandboxConfig(status_delays=(0.2, 0.4, 0.6, 0.8), never_read_ratio=0.0, callback_beat=1.0),
)


@dataclass
class Team:
    database_url: str
    servers: list[str]
    token: str
    sandbox: SandboxServer
    callback_path: str


@pytest.fixture(scope="module")
def team(postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:  # noqa: F811
    database_url = postgres_cluster.new_database()
    store = TeamStore.open(database_url)
    token = store.add_agent("ana")
    store.close()
    folder = tmp_path_factory.mktemp("team-states")
    env = {
        **server_env(folder),
        secret_variable(ACCOUNT, "password"): HEYNOW_PASSWORD,
        secret_variable(BROADCASTER, "api_key"): API_KEY,
    }
    with SandboxServer(configs=CONFIGS) as sandbox:
        add_account(server_env(folder), folder / "admin", database_url, sandbox, ADMIN_PASSWORD)
        added = centralita(
            {**server_env(folder), "CENTRALITA_SERVER_DATABASE": database_url},
            *("--data-dir", str(folder / "admin"), "server", "accounts", "add", "broadcasterbot", BROADCASTER),
            *("--base-url", sandbox.base_urls["broadcasterbot"], "--api-key", "-"),
            stdin=ADMIN_PASSWORD + "\n",
        )
        assert added.returncode == 0, added.stderr
        path = added.stdout.split("(keep it private): ")[1].split()[0]
        assert path.startswith("/callbacks/broadcasterbot/")
        processes = start_servers(folder, database_url, env)
        try:
            url = processes[0].root_url + path
            sandbox.call(lambda: sandbox.sandbox.broadcasterbot.set_callback_url(API_KEY, url))
            yield Team(database_url, [process.root_url for process in processes], token, sandbox, path)
        finally:
            assert [process.stop() for process in processes] == [0, 0]


def a_customer(team: Team, n: int) -> tuple[Contact, str]:
    """One of the sandbox's registered Broadcasterbot contacts, and their number's digits."""
    phone, country = team.sandbox.call(lambda: team.sandbox.sandbox.broadcasterbot.registered_contacts())[n]
    return Contact(phone, country), f"{phonenumbers.country_code_for_region(country)}{phone}"


async def follow(http: aiohttp.ClientSession, team: Team, after: int, done: Any, timeout: float = 15.0) -> list[dict[str, Any]]:
    """The changes read from the second process after `after`, until `done(changes)` or `timeout`."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while not done(seen) and time.monotonic() < deadline:
        async with http.get(
            team.servers[1] + "/team/changes", params={"after": str(after), "wait": "2"}, headers=auth(team.token)
        ) as answer:
            page = await answer.json()
        seen += page["changes"]
        after = page["last_id"]
    return seen


def states_of(changes: list[dict[str, Any]], message_id: int) -> list[tuple[str, str | None]]:
    return [(c["state"], c["raw_state"]) for c in changes if c["kind"] == "message_state" and c["message_id"] == message_id]


def send(team: Team, account: str, customer: str, body: str, *, on: int = 0) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Post a text through one process; the message and the changes the other process shows until it is read."""
    document = {
        "client_key": str(uuid.uuid4()),
        "account": account,
        "customer": "+" + customer,
        "content": {"type": "text", "body": body},
        "options": {"contact_validation": False},
    }

    async def scenario() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        async with aiohttp.ClientSession() as http:
            after = await last_change(http, team)
            status, answer = await post(http, team.servers[on], team.token, document)
            assert status == 201, answer
            mine = answer["message"]["id"]
            seen = await follow(
                http, team, after, lambda seen: ("read", mine) in {(c.get("state"), c.get("message_id")) for c in seen}
            )
            await asyncio.sleep(0.5)  # anything written twice would be in the log by now
            return answer["message"], seen + await follow(
                http, team, max([after, *(c["id"] for c in seen)]), lambda _: False, 0.5
            )

    return asyncio.run(scenario())


def test_hey_now_states_are_polled_and_reach_the_other_process(team: Team) -> None:
    message, seen = send(team, ACCOUNT, "59892100001", "polled " + secrets.token_hex(3))
    assert message["direction"] == "out"
    states = states_of(seen, message["id"])
    # The send's answer, then one change per new raw state the polls found: never the same twice.
    assert states[0] == ("accepted", "?") and states[-1] == ("read", "LU")
    assert ("delivered", "RU") in states and len(set(states)) == len(states)
    [(next_poll, attempts)] = rows(
        team.database_url, "SELECT next_poll_ms, poll_attempts FROM team_message WHERE id = :id", id=message["id"]
    )
    assert next_poll is None and attempts >= 2


def test_callbacks_are_applied_once_with_two_appliers(team: Team) -> None:
    contact, customer = a_customer(team, 0)
    text = "hola " + secrets.token_hex(3)
    team.sandbox.call(lambda: team.sandbox.sandbox.broadcasterbot.customer_replies(contact.phone, contact.country, text, API_KEY))
    message, seen = send(team, BROADCASTER, customer, "respuesta " + secrets.token_hex(3), on=1)
    states = states_of(seen, message["id"])
    # Each callback applied once, by one of the two processes: one change per report.
    assert [raw for _, raw in states] == ["queued", "dispatched", "sent", "delivered", "read"]
    assert [state for state, _ in states] == ["accepted", "accepted", "sent", "delivered", "read"]
    everything = asyncio.run(_all_changes(team))
    theirs = [c for c in everything if c["kind"] == "message" and c["message"].get("body") == text]
    assert len(theirs) == 1 and theirs[0]["customer"] == customer and theirs[0]["agent"] == ""
    assert theirs[0]["message"]["direction"] == "in" and theirs[0]["message"]["kind"] == "text"
    assert theirs[0]["message"]["provider_message_id"] and theirs[0]["message"]["content"]["body"] == text


def test_a_status_before_the_send_answer_is_applied_after_it(team: Team) -> None:
    """The sandbox holds the send's answer back 2 s: its callbacks (queued … read within 0.8 s) reach the server first."""
    contact, customer = a_customer(team, 1)
    team.sandbox.call(
        lambda: team.sandbox.sandbox.broadcasterbot.customer_replies(contact.phone, contact.country, "hola", API_KEY)
    )
    team.sandbox.sandbox.faults.add("broadcasterbot", "send", Fault(FaultKind.DELAY, seconds=2.0, times=1))
    message, seen = send(team, BROADCASTER, customer, "tarde " + secrets.token_hex(3))
    states = states_of(seen, message["id"])
    assert states[0] == ("accepted", "queued") and states[-1] == ("read", "read")
    assert len(set(states)) == len(states)
    assert rows(team.database_url, "SELECT id FROM team_early_status") == []
    [(state,)] = rows(team.database_url, "SELECT state FROM team_message WHERE id = :id", id=message["id"])
    assert state == "read"


def test_a_customer_message_posted_again_is_one_change(team: Team) -> None:
    contact, customer = a_customer(team, 2)
    provider_id = str(uuid.uuid4())
    body = text_message_callback(provider_id, contact, "otra vez " + provider_id)
    # The same message three times: the same bytes twice (on both processes), then in another body's bytes.
    posts = [(0, json.dumps(body)), (1, json.dumps(body)), (1, json.dumps(body, indent=1))]

    async def scenario() -> tuple[list[int], list[dict[str, Any]]]:
        async with aiohttp.ClientSession() as http:
            after = await last_change(http, team)
            statuses = []
            for on, data in posts:
                async with http.post(
                    team.servers[on] + team.callback_path, data=data, headers={"Content-Type": "application/json"}
                ) as answer:
                    statuses.append(answer.status)
            seen = await follow(http, team, after, lambda seen: bool(seen), 5)
            await asyncio.sleep(1.0)
            return statuses, seen + await follow(http, team, max([after, *(c["id"] for c in seen)]), lambda _: False, 0.5)

    statuses, seen = asyncio.run(scenario())
    assert statuses == [200, 200, 200]
    mine = [c for c in seen if c["kind"] == "message" and c["message"]["provider_message_id"] == provider_id]
    assert len(mine) == 1
    assert mine[0]["message"]["direction"] == "in" and mine[0]["customer"] == customer
    assert mine[0]["message"]["body"] == "otra vez " + provider_id


async def _all_changes(team: Team) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after = 0
    async with aiohttp.ClientSession() as http:
        while True:
            async with http.get(
                team.servers[0] + "/team/changes", params={"after": str(after), "limit": "1000"}, headers=auth(team.token)
            ) as answer:
                page = await answer.json()
            if not page["changes"]:
                return found
            found += page["changes"]
            after = page["last_id"]


def test_one_process_on_sqlite_keeps_an_early_status_and_a_customer_message_once(tmp_path: Path) -> None:
    """The stores alone, on SQLite: a status read before its message's answer waits for it; the
    same customer's message in two bodies is one row and one change."""
    engine = open_engine(f"sqlite:///{tmp_path / 'team.sqlite3'}")
    upgrade(engine)  # the relay's and the team's tables, as a server process makes them
    relay = RelayStore(engine)
    accounts = ServerAccounts(engine, EncryptedFileSecrets(tmp_path, SERVICE))
    accounts.add(BROADCASTER, ProviderKind.BROADCASTERBOT, {"base_url": "https://bb.example.net", "api_key": "k"})
    route = accounts.callback_path(BROADCASTER).rsplit("/", 1)[1]  # type: ignore[union-attr]
    messages, applier = MessageStore(engine), CallbackStore(engine)
    contact = Contact("99123456", "UY")
    message, _ = messages.create(
        "ana", str(uuid.uuid4()), BROADCASTER, "59899123456", "text", {"type": "TextContent", "body": "x"}
    )
    [claimed] = messages.claim("worker", 1)

    def arrives(body: dict[str, Any], **dumps: Any) -> None:
        relay.append([Incoming(route, "broadcasterbot", json.dumps(body, **dumps).encode(), "2026-01-01T00:00:00.000000Z")])

    arrives(status_callback(True, "delivered", "bb-1", contact))
    assert applier.apply_next() == ([], 1)  # nothing to show yet: the message has no provider id
    changes = messages.record(claimed.id, "worker", DeliveryState.ACCEPTED, provider_message_id="bb-1", raw_state="queued")
    assert [(c.details["state"], c.details["raw_state"]) for c in changes] == [("accepted", "queued"), ("delivered", "delivered")]
    arrives(text_message_callback("in-1", contact, "hola"))
    arrives(text_message_callback("in-1", contact, "hola"), indent=1)
    arrives(status_callback(True, "delivered", "bb-1", contact), indent=1)  # a report repeated: no news
    applied, cursor = applier.apply_next()  # type: ignore[misc]
    assert cursor == 4 and [(c.kind, c.customer, c.agent) for c in applied] == [("message", "59899123456", "")]
    assert applied[0].details["message"]["direction"] == "in" and applied[0].details["message"]["body"] == "hola"
    assert message.id == claimed.id and rows(f"sqlite:///{tmp_path / 'team.sqlite3'}", "SELECT id FROM team_early_status") == []
    engine.dispose()
