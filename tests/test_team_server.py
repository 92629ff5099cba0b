"""The team server's first slice on a real PostgreSQL: two `centralita server` processes on one
database, agents' tokens, who has a conversation decided by the database, and the change log's
long-poll woken across processes by LISTEN/NOTIFY.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from console.logging_setup import LOG_DIR_ENV
from console.relay.tokens import RELAY_TOKEN_ENV
from console.team_server.agent_cache import TOKEN_SECONDS
from console.team_server.process import ServerProcess
from console.team_server.store import TeamStore
from tests.conftest import run_core
from tests.test_relay import NO_KEYRING, Cluster, _free_port, postgres_cluster  # noqa: F401 - the PostgreSQL fixture

PASSWORD_CANARY = "Canary" + secrets.token_hex(8)


def server_env(tmp_path: Path) -> dict[str, str]:
    return {**NO_KEYRING, RELAY_TOKEN_ENV: secrets.token_urlsafe(32), LOG_DIR_ENV: str(tmp_path / "logs")}


@dataclass
class Team:
    database_url: str
    servers: list[str]  # root URLs of two processes
    tokens: dict[str, str]  # agent name → token


@pytest.fixture(scope="module")
def team(postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:  # noqa: F811
    # The test cluster trusts every local connection, so this password is only a canary.
    database_url = postgres_cluster.new_database().replace("://relay@", f"://relay:{PASSWORD_CANARY}@")
    store = TeamStore.open(database_url)
    tokens = {name: store.add_agent(name) for name in ("ana", "bruno")}
    store.close()
    folder = tmp_path_factory.mktemp("team")
    env = server_env(folder)
    processes = [ServerProcess(folder / f"host-{n}", database_url, env=env).start() for n in range(2)]
    try:
        yield Team(database_url, [process.root_url for process in processes], tokens)
    finally:
        assert [process.stop() for process in processes] == [0, 0]
    logged = "".join(path.read_text(errors="replace") for path in (folder / "logs").rglob("*") if path.is_file())
    assert PASSWORD_CANARY not in logged and not any(token in logged for token in tokens.values())


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def post(http: aiohttp.ClientSession, url: str, token: str, **body: str) -> tuple[int, dict[str, Any]]:
    async with http.post(url, json=body, headers=auth(token)) as answer:
        return answer.status, await answer.json()


async def get(http: aiohttp.ClientSession, url: str, token: str, **query: str | int | float) -> tuple[int, dict[str, Any]]:
    async with http.get(url, params={k: str(v) for k, v in query.items()}, headers=auth(token)) as answer:
        return answer.status, await answer.json()


async def cursor(http: aiohttp.ClientSession, team: Team) -> int:
    """The last change id now, read by paging to the end."""
    after = 0
    while True:
        status, page = await get(http, team.servers[0] + "/team/changes", team.tokens["ana"], after=after, limit=1000)
        assert status == 200
        if not page["changes"]:
            return after
        after = page["last_id"]


async def race(http: aiohttp.ClientSession, team: Team, account: str, customer: str) -> tuple[int, int, str | None, str]:
    """Ana on one process and Bruno on the other take the conversation at once: both statuses,
    the winner, and whom the loser was told has it."""
    where = {"account": account, "customer": customer}
    (a, a_body), (b, b_body) = await asyncio.gather(
        post(http, team.servers[0] + "/team/conversations/take", team.tokens["ana"], **where),
        post(http, team.servers[1] + "/team/conversations/take", team.tokens["bruno"], **where),
    )
    winner, loser_body = ("ana", b_body) if a == 200 else ("bruno", a_body) if b == 200 else (None, {})
    return a, b, winner, loser_body.get("values", {}).get("holder")


def test_two_agents_taking_at_once_on_two_processes_exactly_one_wins(team: Team) -> None:
    """Each round a new conversation, raced for; then its winner releases it and it is raced for again."""
    account = f"Ventas {secrets.token_hex(3)}"

    async def scenario() -> tuple[list[tuple[int, int, str | None, str]], list[dict[str, Any]]]:
        async with aiohttp.ClientSession() as http:
            start = await cursor(http, team)
            outcomes = []
            for round_ in range(100):
                customer = f"+52155{round_:05d}"
                outcomes.append(await race(http, team, account, customer))
                winner = outcomes[-1][2]
                if winner is not None:
                    await post(
                        http,
                        team.servers[0] + "/team/conversations/release",
                        team.tokens[winner],
                        account=account,
                        customer=customer,
                    )
                outcomes.append(await race(http, team, account, customer))
            changes, after = [], start
            while page := (await get(http, team.servers[1] + "/team/changes", team.tokens["bruno"], after=after, limit=1000))[1][
                "changes"
            ]:
                changes += page
                after = page[-1]["id"]
            return outcomes, changes

    outcomes, changes = run_core(scenario())
    assert all(sorted((a, b)) == [200, 409] for a, b, _, _ in outcomes), outcomes
    assert all(winner == told for _, _, winner, told in outcomes)  # the loser is told who won
    taken = [c for c in changes if c["kind"] == "taken" and c["account"] == account]
    assert len(taken) == 200 and all(n == 2 for n in Counter(c["customer"] for c in taken).values())
    assert [c["id"] for c in changes] == list(range(changes[0]["id"], changes[0]["id"] + len(changes)))


def test_a_long_poll_on_one_process_is_woken_by_a_change_on_the_other(team: Team) -> None:
    wait = 20.0

    async def scenario() -> tuple[float, float, dict[str, Any], dict[str, Any]]:
        async with aiohttp.ClientSession() as http:
            start = await cursor(http, team)
            polling = asyncio.ensure_future(
                get(http, team.servers[1] + "/team/changes", team.tokens["bruno"], after=start, wait=wait)
            )
            await asyncio.sleep(0.5)  # the poll has looked, found nothing and waits
            assert not polling.done()
            began = time.monotonic()
            status, opened = await post(
                http, team.servers[0] + "/team/conversations/open", team.tokens["ana"], account="Soporte", customer="+59899000001"
            )
            assert status == 200
            _, page = await polling
            return time.monotonic() - began, wait, page, opened

    woken_after, wait, page, opened = run_core(scenario())
    assert woken_after < 1.0, f"the poll answered {woken_after:.2f} s after the change"
    assert woken_after < wait / 10  # woken, not timed out
    [change] = page["changes"]
    assert change["kind"] == "presence" and change["agent"] == "ana" and change["customer"] == "+59899000001"
    assert change["expires_ms"] > time.time() * 1000 and change == opened["change"]
    assert opened["present"] == ["ana"] and opened["holder"] is None


def test_opening_at_once_from_several_consoles_renews_one_presence(team: Team) -> None:
    where = {"account": "Soporte", "customer": "+59899000005"}

    async def scenario() -> list[tuple[int, dict[str, Any]]]:
        async with aiohttp.ClientSession() as http:
            return await asyncio.gather(
                *(
                    post(http, team.servers[n % 2] + "/team/conversations/open", team.tokens[name], **where)
                    for n in range(20)
                    for name in ("ana", "bruno")
                )
            )

    answers = run_core(scenario())
    assert [status for status, _ in answers] == [200] * 40
    openers = ["ana", "bruno"] * 20  # the order they were sent in
    assert all(
        opener in body["present"] and set(body["present"]) <= {"ana", "bruno"}
        for opener, (_, body) in zip(openers, answers, strict=True)
    )
    assert len({body["change"]["id"] for _, body in answers}) == 40


def test_the_holder_transfers_with_a_note_and_only_the_holder_may(team: Team) -> None:
    where = {"account": "Cobranzas", "customer": "+59899000002"}

    async def scenario() -> tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]]]:
        async with aiohttp.ClientSession() as http:
            start = await cursor(http, team)
            one, two = team.servers
            ana, bruno = team.tokens["ana"], team.tokens["bruno"]
            answers = [
                await post(http, one + "/team/conversations/transfer", bruno, **where, to="ana", note="nobody has it"),
                await post(http, two + "/team/conversations/take", bruno, **where),
                await post(http, one + "/team/conversations/transfer", ana, **where, to="ana", note="not mine to give"),
                await post(http, two + "/team/conversations/transfer", bruno, **where, to="nadie", note="no such agent"),
                await post(
                    http, one + "/team/conversations/transfer", bruno, **where, to="ana", note="Pide factura A, ver ticket 88"
                ),
                await post(http, two + "/team/conversations/release", bruno, **where),
                await post(http, one + "/team/conversations/release", ana, **where),
            ]
            _, page = await get(http, two + "/team/changes", ana, after=start)
            return answers, page["changes"]

    answers, changes = run_core(scenario())
    statuses = [status for status, _ in answers]
    assert statuses == [409, 200, 409, 404, 200, 409, 200]
    assert answers[0][1]["code"] == "team.nobody_holds"
    assert answers[2][1]["code"] == "team.not_holder" and answers[2][1]["values"] == {"holder": "bruno"}
    assert answers[3][1]["code"] == "team.unknown_agent"
    mine = [c for c in changes if c["customer"] == where["customer"]]
    assert [(c["kind"], c["agent"]) for c in mine] == [("taken", "bruno"), ("transferred", "bruno"), ("released", "ana")]
    assert mine[1]["to"] == "ana" and mine[1]["note"] == "Pide factura A, ver ticket 88" and mine[1]["holder"] == "ana"


def test_unknown_revoked_and_missing_tokens_get_401_with_a_code(team: Team) -> None:
    store = TeamStore.open(team.database_url)
    token = store.add_agent("carla")

    async def statuses() -> list[tuple[int, str | None]]:
        found = []
        async with aiohttp.ClientSession() as http:
            for headers in (auth(token), auth("x" * 43), {}, {"Authorization": token}):
                async with http.get(team.servers[1] + "/team/me", headers=headers) as answer:
                    document = await answer.json()
                    found.append((answer.status, document.get("code")))
        return found

    async def revoked_while_waiting() -> tuple[int, str, float]:
        async with aiohttp.ClientSession() as http:
            start = await cursor(http, team)
            polling = asyncio.ensure_future(get(http, team.servers[0] + "/team/changes", token, after=start, wait=20))
            await asyncio.sleep(0.5)
            began = time.monotonic()
            await asyncio.to_thread(store.revoke_agent, "carla")
            await post(
                http, team.servers[1] + "/team/conversations/open", team.tokens["ana"], account="Soporte", customer="+5989"
            )
            status, document = await polling
            return status, document["code"], time.monotonic() - began

    try:
        before = run_core(statuses())
        revoked = run_core(revoked_while_waiting())
        after = run_core(statuses())
    finally:
        store.close()
    unauthorized = (401, "team.unauthorized")
    assert before == [(200, None), unauthorized, unauthorized, unauthorized]
    assert after == [unauthorized] * 4
    # A long-poll already waiting when its agent is revoked gets no changes: it is refused when it answers.
    assert revoked[:2] == unauthorized and revoked[2] < 1.0


def test_a_revoked_token_remembered_by_both_processes_stops_working_on_both_at_once(team: Team) -> None:
    store = TeamStore.open(team.database_url)
    token = store.add_agent("dana")

    async def scenario() -> tuple[list[int], list[float]]:
        async with aiohttp.ClientSession() as http:
            before = [(await get(http, root + "/team/me", token))[0] for root in team.servers]  # now remembered
            await asyncio.to_thread(store.revoke_agent, "dana")
            began, refused_after = time.monotonic(), []
            for root in team.servers:
                while (await get(http, root + "/team/me", token))[0] != 401:
                    await asyncio.sleep(0.02)
                refused_after.append(time.monotonic() - began)
            return before, refused_after

    try:
        before, refused_after = run_core(scenario())
    finally:
        store.close()
    # Each process forgets the tokens it remembers on the revocation's NOTIFY, well before they expire.
    assert before == [200, 200] and max(refused_after) < TOKEN_SECONDS / 2


def test_an_agent_cannot_hold_more_than_its_share_of_waiters(team: Team) -> None:
    async def scenario() -> tuple[list[int], list[int], float]:
        async with aiohttp.ClientSession() as http:
            start = await cursor(http, team)
            url, token = team.servers[0] + "/team/changes", team.tokens["ana"]
            waiting = [asyncio.ensure_future(get(http, url, token, after=start, wait=15)) for _ in range(4)]
            await asyncio.sleep(0.5)
            began = time.monotonic()
            extra, _ = await get(http, url, token, after=start, wait=15)
            refused_in = time.monotonic() - began
            other, _ = await get(http, url, team.tokens["bruno"], after=start, wait=0)
            await post(http, team.servers[1] + "/team/conversations/open", token, account="Soporte", customer="+59899000003")
            return [status for status, _ in await asyncio.gather(*waiting)], [extra, other], refused_in

    waited, others, refused_in = run_core(scenario())
    assert waited == [200] * 4
    assert others == [429, 200] and refused_in < 1.0


def centralita(env: dict[str, str], *args: str, entry: str = "console.cli.server") -> subprocess.CompletedProcess[str]:
    """The command line in a process; `entry="console"` is `centralita` itself, the default only its `server` command
    (the same parser and code, without importing every other command)."""
    return subprocess.run(
        [sys.executable, "-m", entry, *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=60
    )


def at_once(*commands: Callable[[], subprocess.CompletedProcess[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Independent commands side by side: each is a Python start-up."""
    with ThreadPoolExecutor(len(commands)) as pool:
        return [run.result() for run in [pool.submit(command) for command in commands]]


def test_agents_are_added_listed_and_revoked_from_the_command_line(team: Team, tmp_path: Path) -> None:
    env = {**server_env(tmp_path), "CENTRALITA_SERVER_DATABASE": team.database_url}
    added = centralita(env, "--data-dir", str(tmp_path), "server", "agents", "add", "Dora Pérez", entry="console")
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip()
    assert len(token) >= 40 and "shown only this once" in added.stderr

    async def me() -> int:
        async with aiohttp.ClientSession() as http, http.get(team.servers[0] + "/team/me", headers=auth(token)) as answer:
            return answer.status

    async def takes() -> int:
        async with aiohttp.ClientSession() as http:
            return (await post(http, team.servers[1] + "/team/conversations/take", token, account="Dora", customer="59899"))[0]

    assert run_core(me()) == 200
    assert run_core(takes()) == 200
    again, listing = at_once(
        lambda: centralita(env, "server", "agents", "add", "Dora Pérez"),
        lambda: centralita(env, "server", "agents", "list", "--json"),
    )
    assert again.returncode == 2 and again.stderr.strip() == (
        "centralita: agent Dora Pérez already has a token; revoke it first to issue a new one"
    )
    dora = next(agent for agent in json.loads(listing.stdout) if agent["name"] == "Dora Pérez")
    assert dora["revoked_at"] is None and dora["last_seen_at"] is not None and dora["created_at"] <= dora["last_seen_at"]
    revoked = centralita(env, "server", "agents", "revoke", "Dora Pérez", "--database-url", team.database_url)
    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.splitlines()[-1] == "conversations Dora Pérez had, now nobody's: 1"  # released
    assert run_core(me()) == 401
    listing, unknown = at_once(
        lambda: centralita(env, "server", "agents", "list"), lambda: centralita(env, "server", "agents", "revoke", "Nobody")
    )
    lines = listing.stdout.splitlines()
    assert any(line.startswith("Dora Pérez\t") and "\trevoked 20" in line for line in lines)
    assert unknown.returncode == 2 and unknown.stderr == "centralita: there is no agent named Nobody\n"
    assert token not in added.stderr + revoked.stdout + revoked.stderr + listing.stdout


def test_a_database_that_cannot_be_used_is_one_sentence_without_the_password(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    closed = f"postgresql+psycopg://centralita:S3cretPassw0rd@127.0.0.1:{_free_port()}/team"
    cases = [
        (("server", "--database-url", closed), f"cannot reach the database 127.0.0.1:{closed.rsplit(':', 1)[1]}"),
        (("server", "agents", "list", "--database-url", closed), "cannot reach the database"),
        (("server", "upgrade", "--database-url", closed), "cannot reach the database"),
        (("server", "agents", "add", "ana", "--database-url", "postgres//S3cretPassw0rd"), "the database URL is not one"),
        (("server", "agents", "add", "ana", "--database-url", "mysql://u:S3cretPassw0rd@h/d"), "the database URL is not one"),
        (("server", "agents", "list"), "no database given"),
    ]
    runs = at_once(
        *(
            partial(
                centralita, env, "--data-dir", str(tmp_path / str(n)), *args, entry="console" if n == 0 else "console.cli.server"
            )
            for n, (args, _) in enumerate(cases)
        )
    )
    for done, (_, expected) in zip(runs, cases, strict=True):
        assert done.returncode == 2 and done.stdout == ""
        [line] = done.stderr.splitlines()
        assert line.startswith("centralita: " + expected) and "S3cretPassw0rd" not in line and "Traceback" not in line


def test_one_process_on_sqlite_wakes_its_own_long_polls(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    store = TeamStore.open(database_url)
    token = store.add_agent("ana")
    store.close()

    async def scenario(root: str) -> tuple[float, dict[str, Any]]:
        async with aiohttp.ClientSession() as http:
            polling = asyncio.ensure_future(get(http, root + "/team/changes", token, wait=20))
            await asyncio.sleep(0.5)
            began = time.monotonic()
            await post(http, root + "/team/conversations/take", token, account="Ventas", customer="+59899000004")
            _, page = await polling
            return time.monotonic() - began, page

    async def stopped_while_polling(process: ServerProcess) -> tuple[int, dict[str, Any], float, int | None]:
        async with aiohttp.ClientSession() as http:
            polling = asyncio.ensure_future(get(http, process.root_url + "/team/changes", token, after=1, wait=20))
            await asyncio.sleep(0.5)
            began = time.monotonic()
            code = await asyncio.to_thread(process.stop)
            status, page = await polling
            return status, page, time.monotonic() - began, code

    process = ServerProcess(tmp_path / "host", database_url, env=server_env(tmp_path)).start()
    try:
        woken_after, page = run_core(scenario(process.root_url))
        status, last_page, stopped_in, code = run_core(stopped_while_polling(process))
    finally:
        process.kill()
    assert woken_after < 1.0 and [c["kind"] for c in page["changes"]] == ["taken"]
    # SIGTERM answers the waiting long-poll at once (the console asks again elsewhere) and exits cleanly.
    assert (status, last_page, code) == (200, {"changes": [], "last_id": 1}, 0) and stopped_in < 3.0
