"""The team server sending: provider accounts on the server (`centralita server accounts`),
`POST /team/messages` and the send workers of two `centralita server` processes on one real
PostgreSQL, sending to the real sandbox over loopback. What reaches the provider is counted
at the sandbox, by each message's text.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from console.sandbox.faults import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.store.secrets import EncryptedFileSecrets
from console.team_server.process import ServerProcess
from console.team_server.secrets import SERVICE, secret_variable
from console.team_server.store import TeamStore
from tests.conftest import FAST_STATUS, OPEN_PLATFORM, run_core
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_server import auth, server_env

ACCOUNT = "Ventas HN"
HEYNOW_PASSWORD = "demo"  # the sandbox's; reaches the servers only through their environment
ADMIN_PASSWORD = "Canary" + secrets.token_hex(8)  # what the admin's host keeps: never in the database


@dataclass
class Team:
    database_url: str
    servers: list[str]
    token: str
    sandbox: SandboxServer


def sandbox_texts(sandbox: SandboxServer, tag: str) -> Counter[str]:
    """How often each text carrying `tag` reached the sandbox's Hey Now send route."""
    found: Counter[str] = Counter()
    for record in sandbox.sandbox.log.records("heynow", "send"):
        value = next((value for value in _strings(json.loads(record.body)) if tag in value), None)
        if value is not None:
            found[value] += 1
    return found


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def centralita(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "console.cli.server", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


def add_account(env: dict[str, str], data_dir: Path, database_url: str, sandbox: SandboxServer, password: str) -> None:
    added = centralita(
        env,
        "--data-dir",
        str(data_dir),
        "server",
        "accounts",
        "add",
        "heynow",
        ACCOUNT,
        "--base-url",
        sandbox.base_urls["heynow"],
        "--username",
        "demo",
        "--password",
        "-",
        "--platform-id",
        OPEN_PLATFORM,
        "--database-url",
        database_url,
        stdin=password + "\n",
    )
    assert added.returncode == 0, added.stderr


def start_servers(folder: Path, database_url: str, env: dict[str, str]) -> list[ServerProcess]:
    processes: list[ServerProcess] = []
    try:
        for n in range(2):
            processes.append(ServerProcess(folder / f"host-{n}", database_url, env=env).start())
    except BaseException:
        for process in processes:
            process.kill()
        raise
    return processes


@pytest.fixture(scope="module")
def team(postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:  # noqa: F811
    database_url = postgres_cluster.new_database()
    store = TeamStore.open(database_url)
    token = store.add_agent("ana")
    store.close()
    folder = tmp_path_factory.mktemp("team-send")
    env = {**server_env(folder), secret_variable(ACCOUNT, "password"): HEYNOW_PASSWORD}
    with SandboxServer(FAST_STATUS) as sandbox:
        # Added on a third host: the two servers read the password from their environment.
        add_account(server_env(folder), folder / "admin", database_url, sandbox, ADMIN_PASSWORD)
        processes = start_servers(folder, database_url, env)
        try:
            yield Team(database_url, [process.root_url for process in processes], token, sandbox)
        finally:
            assert [process.stop() for process in processes] == [0, 0]


def message(tag: str, n: int, *, body: str | None = None) -> dict[str, Any]:
    return {
        "client_key": str(uuid.uuid4()),
        "account": ACCOUNT,
        "customer": f"+5989{2000000 + n}",
        "content": {"type": "text", "body": body if body is not None else f"{tag} aviso {n}"},
        "options": {"contact_validation": False},
    }


async def post(http: aiohttp.ClientSession, root: str, token: str, document: Any) -> tuple[int, dict[str, Any]]:
    async with http.post(root + "/team/messages", json=document, headers=auth(token)) as answer:
        return answer.status, await answer.json()


async def last_change(http: aiohttp.ClientSession, team: Team) -> int:
    after = 0
    while True:
        async with http.get(
            team.servers[0] + "/team/changes", params={"after": str(after), "limit": "1000"}, headers=auth(team.token)
        ) as answer:
            page = await answer.json()
        if not page["changes"]:
            return after
        after = page["last_id"]


def rows(database_url: str, query: str, **values: Any) -> list[Any]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(query), values))
    finally:
        engine.dispose()


# The provider took the message: its state polls may have moved it on since.
TOOK = frozenset({"accepted", "sent", "delivered", "read"})


def wait_until_sent(database_url: str, tag: str, count: int, timeout: float = 60) -> Counter[str]:
    """The states of the messages whose text carries `tag`, once none is pending or being sent;
    every state from `accepted` on counts as `accepted`."""
    deadline = time.monotonic() + timeout
    while True:
        states = Counter(
            "accepted" if row.state in TOOK else row.state
            for row in rows(database_url, "SELECT state FROM team_message WHERE content LIKE :tag", tag=f"%{tag}%")
        )
        if states.total() == count and not states["pending"] and not states["sending"]:
            return states
        assert time.monotonic() < deadline, states
        time.sleep(0.2)


def test_accounts_are_added_listed_and_removed_with_no_secret_in_the_database(team: Team, tmp_path: Path) -> None:
    canary = "Canary" + secrets.token_hex(8)
    env = {**server_env(tmp_path), "CENTRALITA_SERVER_DATABASE": team.database_url}
    add = ["--data-dir", str(tmp_path), "server", "accounts", "add", "broadcasterbot", "Difusión"]
    added = centralita(env, *add, "--base-url", "https://bb.example.net", "--api-key", "-", stdin=canary + "\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.splitlines()[-1] == ("On another server host, set CENTRALITA_SERVER_SECRET__DIFUSION__API_KEY instead.")
    listing = centralita(env, "server", "accounts", "list", "--json")
    listed = {account["name"]: account for account in json.loads(listing.stdout)}
    assert listed["Difusión"]["provider"] == "broadcasterbot" and "api_key" not in listed["Difusión"]["settings"]
    assert listed["Difusión"]["settings"]["base_url"] == "https://bb.example.net"
    # Broadcasterbot posts callbacks: its route on the server's relay, printed when added; Hey Now's are polled.
    assert listed["Difusión"]["callback_path"].startswith("/callbacks/broadcasterbot/")
    assert listed[ACCOUNT]["callback_path"] is None
    assert listed["Difusión"]["callback_path"] in added.stdout
    assert ACCOUNT in listed and "password" not in listed[ACCOUNT]["settings"] and canary not in listing.stdout
    stored = repr(rows(team.database_url, "SELECT * FROM team_account"))
    assert canary not in stored and ADMIN_PASSWORD not in stored
    assert EncryptedFileSecrets(tmp_path, SERVICE).get("Difusión", "api_key") == canary
    # The same command again, an empty standard input, and a name nobody has: one sentence each.
    again = centralita(env, *add, "--base-url", "https://bb.example.net", "--api-key", "-", stdin=canary + "\n")
    empty = centralita(env, *add[:-1], "Otra", "--base-url", "https://bb.example.net", "--api-key", "-")
    removed = centralita(env, "--data-dir", str(tmp_path), "server", "accounts", "remove", "Difusión")
    unknown = centralita(env, "server", "accounts", "remove", "Difusión")
    assert (again.returncode, again.stderr) == (2, "centralita: An account named 'Difusión' already exists.\n")
    assert (empty.returncode, empty.stderr) == (2, "centralita: no API key on standard input\n")
    assert removed.returncode == 0 and EncryptedFileSecrets(tmp_path, SERVICE).get("Difusión", "api_key") is None
    assert (unknown.returncode, unknown.stderr) == (2, "centralita: There is no account named 'Difusión'.\n")


def test_a_send_on_one_process_reaches_the_provider_once_and_its_states_reach_the_other(team: Team) -> None:
    tag = "one-" + secrets.token_hex(3)

    async def scenario() -> tuple[int, dict[str, Any], list[dict[str, Any]], float]:
        async with aiohttp.ClientSession() as http:
            after = await last_change(http, team)
            began = time.monotonic()
            status, answer = await post(http, team.servers[0], team.token, message(tag, 1))
            seen: list[dict[str, Any]] = []
            while not any(change["kind"] == "message_state" for change in seen) and time.monotonic() - began < 10:
                async with http.get(
                    team.servers[1] + "/team/changes", params={"after": str(after), "wait": "5"}, headers=auth(team.token)
                ) as polled:
                    page = await polled.json()
                seen += page["changes"]
                after = page["last_id"]
            return status, answer, seen, time.monotonic() - began

    status, answer, seen, elapsed = run_core(scenario())
    assert status == 201 and answer["message"]["state"] == "pending" and answer["message"]["customer"] == "59892000001"
    assert answer["change"]["kind"] == "message" and answer["change"]["message"] == answer["message"]
    mine = [change for change in seen if change.get("message_id", change.get("message", {}).get("id")) == answer["message"]["id"]]
    assert [change["kind"] for change in mine] == ["message", "message_state"]
    state = mine[1]
    assert (
        state["state"] == "accepted" and state["provider_message_id"] and state["client_key"] == answer["message"]["client_key"]
    )
    assert state["agent"] == "ana" and state["account"] == ACCOUNT and state["customer"] == "59892000001"
    assert elapsed < 2.0, f"the accepted state reached the other process {elapsed:.2f} s after the post"
    assert sandbox_texts(team.sandbox, tag) == {f"{tag} aviso 1": 1}


def test_the_same_client_key_twice_is_one_message(team: Team) -> None:
    tag = "twice-" + secrets.token_hex(3)
    document = message(tag, 2)

    async def scenario() -> list[tuple[int, dict[str, Any]]]:
        async with aiohttp.ClientSession() as http:
            at_once = await asyncio.gather(*(post(http, root, team.token, document) for root in team.servers))
            later = await post(http, team.servers[1], team.token, document)
            reused = await post(http, team.servers[0], team.token, {**document, "content": {"type": "text", "body": "other"}})
            return [*at_once, later, reused]

    first, second, later, reused = run_core(scenario())
    assert sorted([first[0], second[0], later[0]]) == [200, 200, 201]
    assert first[1]["message"]["id"] == second[1]["message"]["id"] == later[1]["message"]["id"]
    assert [answer["change"] is None for _, answer in (first, second, later)].count(True) == 2
    assert reused[0] == 409 and reused[1]["code"] == "team.client_key_reused"
    assert wait_until_sent(team.database_url, tag, 1) == {"accepted": 1}
    assert sandbox_texts(team.sandbox, tag) == {f"{tag} aviso 2": 1}


def test_a_send_that_fails_the_checks_is_refused_and_nothing_is_kept_or_sent(team: Team) -> None:
    tag = "bad-" + secrets.token_hex(3)
    cases = [
        (message(tag, 3, body="   "), 422, "input.invalid"),
        (message(tag, 3, body=tag + "x" * 5000), 422, "input.invalid"),
        ({**message(tag, 3), "customer": "+1 555"}, 422, "input.invalid"),
        ({**message(tag, 3), "account": "Nadie"}, 404, "missing.account_named"),
        ({**message(tag, 3), "client_key": "not-a-uuid"}, 400, "team.bad_send"),
        ({**message(tag, 3), "content": {"type": "location", "latitude": 1, "longitude": 2}}, 422, "input.invalid"),  # Hey Now
        ({**message(tag, 3), "content": {"type": "media", "kind": "image", "url": "ftp://files/a.png"}}, 400, "team.bad_content"),
        ({**message(tag, 3), "content": {"type": "template", "name": tag, "params": [1]}}, 400, "team.bad_content"),
        ({**message(tag, 3), "options": {"mass": "yes"}}, 400, "team.bad_content"),
        ({**message(tag, 3), "padding": "x" * 70_000}, 413, "team.body_too_large"),
        ({**message(tag, 3), "padding": "x" * 2_000_000}, 413, "team.body_too_large"),  # beyond the relay's own limit
    ]

    async def scenario() -> tuple[list[tuple[int, dict[str, Any]]], int, int]:
        async with aiohttp.ClientSession() as http:
            before = await last_change(http, team)
            answers = [await post(http, team.servers[n % 2], team.token, document) for n, (document, _, _) in enumerate(cases)]
            async with http.post(team.servers[0] + "/team/messages", data=b"{", headers=auth(team.token)) as broken:
                answers.append((broken.status, await broken.json()))
            await asyncio.sleep(1.0)  # a worker would have sent it by now
            return answers, before, await last_change(http, team)

    requests_before = team.sandbox.sandbox.log.count("heynow", "send")
    answers, before, after = run_core(scenario())
    expected = [(status, code) for _, status, code in cases] + [(400, "team.bad_send")]
    assert [(status, answer.get("code")) for status, answer in answers] == expected
    assert all(isinstance(answer["error"], str) and answer["error"] for _, answer in answers)
    assert answers[0][1]["values"]["reason"]["code"] == "preflight.empty_message"
    assert after == before
    assert rows(team.database_url, "SELECT id FROM team_message WHERE content LIKE :tag", tag=f"%{tag}%") == []
    assert team.sandbox.sandbox.log.count("heynow", "send") == requests_before


def test_two_hundred_sends_with_both_workers_reach_the_provider_exactly_once_each(team: Team) -> None:
    tag = "many-" + secrets.token_hex(3)
    count = 200

    async def scenario() -> list[int]:
        async with aiohttp.ClientSession() as http:
            gate = asyncio.Semaphore(16)

            async def one(n: int) -> int:
                async with gate:
                    return (await post(http, team.servers[n % 2], team.token, message(tag, n)))[0]

            return await asyncio.gather(*(one(n) for n in range(count)))

    assert run_core(scenario()) == [201] * count
    assert wait_until_sent(team.database_url, tag, count) == {"accepted": count}
    reached = sandbox_texts(team.sandbox, tag)
    assert len(reached) == count and set(reached.values()) == {1}
    senders = rows(team.database_url, "SELECT DISTINCT sender FROM team_message WHERE content LIKE :tag", tag=f"%{tag}%")
    assert 1 <= len(senders) <= 2


def test_a_request_that_never_left_is_tried_again_and_one_that_may_have_left_is_never_resent(team: Team) -> None:
    tag = "faults-" + secrets.token_hex(3)
    faults = team.sandbox.sandbox.faults

    def requests_for(text_sent: str) -> int:
        return sum(text_sent in record.body.decode() for record in team.sandbox.sandbox.log.records("heynow", "send"))

    async def scenario(n: int) -> dict[str, Any]:
        async with aiohttp.ClientSession() as http:
            return (await post(http, team.servers[n % 2], team.token, message(tag, n)))[1]

    # "Not now" (429, Retry-After 1 s): the request was not processed, so it is tried again.
    faults.add("heynow", "send", Fault(FaultKind.TOO_MANY_REQUESTS, seconds=1.0, times=1))
    run_core(scenario(10))
    assert wait_until_sent(team.database_url, f"{tag} aviso 10", 1) == {"accepted": 1}
    # Processed, then the connection reset with no answer: it may have arrived, so it stays unknown.
    faults.add("heynow", "send", Fault(FaultKind.RESET_AFTER, times=1))
    run_core(scenario(11))
    assert wait_until_sent(team.database_url, f"{tag} aviso 11", 1) == {"unknown": 1}
    time.sleep(2.5)  # longer than the first retry pause: nothing sends it again
    retried, reset = (
        rows(
            team.database_url,
            "SELECT state, attempts, detail FROM team_message WHERE content LIKE :tag",
            tag=f"%{tag} aviso {n}%",
        )[0]
        for n in (10, 11)
    )
    assert retried.state in TOOK and retried.attempts == 2
    assert (reset.state, reset.attempts) == ("unknown", 1) and json.loads(reset.detail)["code"]
    assert (requests_for(f"{tag} aviso 10"), requests_for(f"{tag} aviso 11")) == (2, 1)
    # Two requests for the first (the first one refused unprocessed), one for the second; none processed twice.
    assert team.sandbox.sandbox.log.send_summary()["heynow"]["duplicates"] == 0


def test_a_server_stopping_waits_for_the_answers_under_way(tmp_path: Path) -> None:
    """SIGTERM (a restart for an upgrade) while a request waits for the provider's slow answer:
    the answer is recorded, not left unknown. One process on SQLite."""
    database_url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    store = TeamStore.open(database_url)
    token = store.add_agent("ana")
    store.close()
    env = {**server_env(tmp_path), secret_variable(ACCOUNT, "password"): HEYNOW_PASSWORD}
    with SandboxServer(FAST_STATUS) as sandbox:
        add_account(server_env(tmp_path), tmp_path / "admin", database_url, sandbox, ADMIN_PASSWORD)
        sandbox.sandbox.faults.add("heynow", "send", Fault(FaultKind.DELAY, seconds=1.5, times=1))
        process = ServerProcess(tmp_path / "host", database_url, env=env).start()
        try:

            async def scenario() -> int:
                async with aiohttp.ClientSession() as http:
                    status, _ = await post(http, process.root_url, token, message("drain", 1))
                while not sandbox.sandbox.log.count("heynow", "send"):
                    await asyncio.sleep(0.01)
                return status

            assert run_core(scenario()) == 201
            began = time.monotonic()
            code = process.stop(timeout=15)
            stopped_in = time.monotonic() - began
        finally:
            process.kill()
    [(state, detail)] = rows(database_url, "SELECT state, detail FROM team_message")
    assert (code, state in TOOK, detail) == (0, True, None)
    assert 1.0 < stopped_in < 8.0
