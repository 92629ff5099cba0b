"""Consoles as clients of the team server: joining, following the change log, presence and
takes seen by another console, on a real PostgreSQL with two `centralita server` processes."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from console.domain.accounts import ProviderKind
from console.domain.inbox import InboxFilter
from console.domain.phones import parse_phone
from console.domain.team import ConversationTeam, Handover, TeamChange
from console.services.relay_followers import WorkerHealth
from console.services.team_client import HeldByAnother, TeamRefusal
from console.store import team as team_store
from console.store.database import DATABASE_FILE
from console.store.location import DATA_DIR_ENV
from console.store.secrets import MemorySecrets
from console.store.types import utcnow
from console.team_server.store import TeamStore
from tests.conftest import open_workspace, run_core
from tests.test_relay import _free_port, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_history import older_messages_reach_a_joining_console, the_note_keeps_every_edit
from tests.test_team_server import Team, auth, team  # noqa: F401 - the two servers' fixture
from tests.test_team_shared import two_consoles_converge

FOLLOW_WAIT = 2.0


async def _until(check, timeout: float = FOLLOW_WAIT):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while (value := await check()) is None or not value:
        if time.monotonic() > deadline:
            return value
        await asyncio.sleep(0.05)
    return value


def test_a_console_learns_who_is_on_and_who_has_a_conversation_from_another(team: Team, tmp_path: Path) -> None:  # noqa: F811
    account, customer = "Ventas", f"+5989{time.time_ns() % 10**7:07d}"

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    async def scenario() -> tuple[object, object, float, str, list[WorkerHealth]]:
        async with (
            open_workspace(tmp_path / "a", MemorySecrets()) as a,
            open_workspace(tmp_path / "b", MemorySecrets()) as b,
        ):
            assert await a.team.join(team.servers[0], team.tokens["ana"]) == "ana"
            assert await b.team.join(team.servers[1] + "/", team.tokens["bruno"]) == "bruno"
            await a.team.start()
            await b.team.start()
            began = time.monotonic()
            a.team.opened(account, customer)
            seen = await _until(lambda: _present(b, account, customer, "ana"))
            seen_in = time.monotonic() - began
            await a.team.take(account, customer)
            held = await _until(lambda: _holder(b, account, customer, "ana"))
            with pytest.raises(HeldByAnother) as lost:
                await b.team.take(account, customer)
            health = [b.team.health()]
            return seen, held, seen_in, lost.value.holder, health

    seen, held, seen_in, loser_told, health = run_core(scenario())
    assert seen and held and seen_in < FOLLOW_WAIT, seen_in
    assert loser_told == "ana"
    assert [(h.running, h.problem) for h in health] == [(True, None)]


async def _present(workspace, account: str, customer: str, agent: str) -> bool:  # type: ignore[no-untyped-def]
    found = await workspace.team.conversation(account, customer)
    return found is not None and agent in found.present


async def _holder(workspace, account: str, customer: str, agent: str) -> bool:  # type: ignore[no-untyped-def]
    found = await workspace.team.conversation(account, customer)
    return found is not None and found.holder == agent


def test_a_page_is_applied_once_with_its_cursor_and_not_after_leaving(tmp_path: Path) -> None:
    server = "https://team.example.com"
    page = [
        TeamChange(1, "ana", "presence", "Ventas", "+59899000001", expires_ms=2**40),
        TeamChange(2, "ana", "taken", "Ventas", "+59899000001", holder="ana"),
        TeamChange(3, "ana", "transferred", "Ventas", "+59899000001", holder="bruno", note="Pide factura A"),
    ]

    async def scenario() -> tuple[object, ...]:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            db = workspace.db
            await db.run(team_store.join, server, "bruno")
            first = await db.run(team_store.apply, server, page, 3)
            again = await db.run(team_store.apply, server, page, 3)  # a page read twice changes nothing
            seen = await db.run(team_store.conversation, "Ventas", "+59899000001", 0)
            expired = await db.run(team_store.conversation, "Ventas", "+59899000001", 2**41)
            cursor = (await db.run(team_store.link)).cursor  # type: ignore[union-attr]
            elsewhere = await db.run(team_store.apply, "https://other.example.com", [], 9)
            await db.run(team_store.leave)
            after_leaving = await db.run(team_store.apply, server, page, 4)
            return first, again, seen, expired, cursor, elsewhere, after_leaving, await db.run(team_store.link)

    first, again, seen, expired, cursor, elsewhere, after_leaving, link = run_core(scenario())
    key = ("Ventas", "+59899000001")
    assert first == ({key}, {key}) and again == (set(), set())
    handover = Handover("ana", "bruno", "Pide factura A")
    assert seen == ConversationTeam("bruno", ("ana",), handover) and expired == ConversationTeam("bruno", (), handover)
    assert cursor == 3 and elsewhere == after_leaving == (set(), set()) and link is None


def test_solo_mode_starts_nothing_and_asks_nobody(tmp_path: Path) -> None:
    async def scenario() -> tuple[object, object, object]:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            await workspace.team.start()
            workspace.team.opened("Ventas", "+59899000001")
            return workspace.team.health(), await workspace.team.conversation("Ventas", "+59899000001"), workspace.team._tasks

    assert run_core(scenario()) == (None, None, {})


def test_a_follower_that_cannot_reach_the_server_says_so_and_tries_again(tmp_path: Path) -> None:
    async def scenario() -> tuple[str | None, bool]:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            await workspace.db.run(team_store.join, f"http://127.0.0.1:{_free_port()}", "ana")
            workspace.secrets.set("team server", "agent token", "t0ken")
            await workspace.team.start()
            await _until(lambda: _has_problem(workspace), timeout=3.0)
            health = workspace.team.health()
            assert health is not None
            return None if health.problem is None else health.problem.code, health.running

    assert run_core(scenario()) == ("transport.unreachable", True)


async def _has_problem(workspace) -> bool:  # type: ignore[no-untyped-def]
    health = workspace.team.health()
    return health is not None and health.problem is not None


def test_team_join_status_and_leave_on_the_command_line(team: Team, tmp_path: Path) -> None:  # noqa: F811
    data = tmp_path / "console"
    env = {DATA_DIR_ENV: str(data), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "LANG": "C.UTF-8"}

    def cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "console", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=60,
        )
        return done.returncode, done.stdout, done.stderr

    code, _, err = cli("team", "join", team.servers[0], "--token", "-", stdin="not-a-token\n")
    assert code != 0 and err.count("\n") == 1 and "refused this agent's token" in err and "Traceback" not in err
    with sqlite3.connect(data / DATABASE_FILE) as database:  # nothing kept from a refused join
        assert database.execute("SELECT count(*) FROM team_link").fetchone() == (0,)

    code, out, err = cli("team", "join", team.servers[0], "--token", "-", stdin=team.tokens["ana"] + "\n")
    assert code == 0, err
    assert "as ana" in out
    run_core(_bruno_opens_one(team))
    code, out, err = cli("team", "status", "--json")
    assert code == 0, err
    status = json.loads(out)
    assert status["server"] == team.servers[0] and status["agent"] == "ana" and status["reachable"] is True
    assert status["cursor"] == 0 and status["lag"] == status["latest"] > 0
    code, out, _ = cli("team", "status")
    assert code == 0 and "agent ana, cursor 0, lag" in out and "reachable" in out

    stored = b"".join(path.read_bytes() for path in data.rglob("*") if path.is_file())
    assert team.tokens["ana"].encode() not in stored and team.servers[0].encode() in stored

    code, out, _ = cli("team", "leave")
    assert code == 0 and "Left the team server" in out
    assert cli("team", "leave")[1].startswith("This console has not joined")


async def _bruno_opens_one(team: Team) -> None:  # noqa: F811
    """A change in the log, made by another agent on the other process."""
    async with aiohttp.ClientSession() as http:
        body = {"account": "Soporte", "customer": "+59899000009"}
        auth = {"Authorization": f"Bearer {team.tokens['bruno']}"}
        async with http.post(team.servers[1] + "/team/conversations/open", json=body, headers=auth) as answer:
            assert answer.status == 200


def test_the_holder_transfers_with_a_note_the_other_console_learns_both_and_refusals_are_sentences(
    team: Team,  # noqa: F811
    tmp_path: Path,
) -> None:
    account, customer = "Cobranzas", f"+5989{time.time_ns() % 10**7:07d}"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    async def refused(call) -> str:  # type: ignore[no-untyped-def]
        with pytest.raises(TeamRefusal) as refusal:
            await call
        return refusal.value.notice.code

    async def scenario() -> tuple[object, ...]:
        async with (
            open_workspace(tmp_path / "a", MemorySecrets()) as a,
            open_workspace(tmp_path / "b", MemorySecrets()) as b,
        ):
            await a.team.join(team.servers[0], team.tokens["ana"])
            await b.team.join(team.servers[1], team.tokens["bruno"])
            await a.team.start()
            await b.team.start()
            colleagues = await b.team.agents()
            nobody = await refused(b.team.transfer(account, customer, "ana", "nadie la tiene"))
            await b.team.take(account, customer)
            unknown = await refused(b.team.transfer(account, customer, "nadie", "no existe"))
            began = time.monotonic()
            await b.team.transfer(account, customer, "ana", "  Pide factura A, ver ticket 88\n")
            learnt = await _until(lambda: _holder(a, account, customer, "ana"))
            learnt_in = time.monotonic() - began
            seen = await a.team.conversation(account, customer)
            not_holder = await refused(b.team.release(account, customer))
            await a.team.release(account, customer)
            released = await _until(lambda: _nobody_holds(b, account, customer))
            return colleagues, nobody, unknown, learnt, learnt_in, seen, not_holder, released

    colleagues, nobody, unknown, learnt, learnt_in, seen, not_holder, released = run_core(scenario())
    assert colleagues == ["ana"]  # the agent itself left out
    assert (nobody, unknown, not_holder) == ("team.client.nobody_holds", "team.client.unknown_agent", "team.client.not_holder")
    assert learnt and learnt_in < FOLLOW_WAIT, learnt_in
    assert seen == ConversationTeam("ana", (), Handover("bruno", "ana", "Pide factura A, ver ticket 88"))
    assert released


async def _nobody_holds(workspace, account: str, customer: str) -> bool:  # type: ignore[no-untyped-def]
    found = await workspace.team.conversation(account, customer)
    return found is not None and found.holder is None


def test_leaving_a_conversation_or_closing_the_console_ends_the_presence_for_the_other_console_at_once(
    team: Team,  # noqa: F811
    tmp_path: Path,
) -> None:
    account, first, second = "Ventas", f"+5989{time.time_ns() % 10**7:07d}", f"+5988{time.time_ns() % 10**7:07d}"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    async def gone(workspace, customer: str) -> float:  # type: ignore[no-untyped-def]
        began = time.monotonic()
        assert await _until(lambda: _absent(workspace, account, customer, "ana"))
        return time.monotonic() - began

    async def scenario() -> list[float]:
        async with open_workspace(tmp_path / "b", MemorySecrets()) as b:
            await b.team.join(team.servers[1], team.tokens["bruno"])
            await b.team.start()
            async with open_workspace(tmp_path / "a", MemorySecrets()) as a:
                await a.team.join(team.servers[0], team.tokens["ana"])
                await a.team.start()
                a.team.opened(account, first)
                assert await _until(lambda: _present(b, account, first, "ana"))
                a.team.closed()  # the agent left it (no conversation open)
                left = await gone(b, first)
                a.team.opened(account, first)
                assert await _until(lambda: _present(b, account, first, "ana"))
                a.team.opened(account, second)  # another one opened: the first one left
                assert await _until(lambda: _present(b, account, second, "ana"))
                switched = await gone(b, first)
            closed = await gone(b, second)  # the console closed with it open
            return [left, switched, closed]

    # Well before the presence's 60 s: the server was told.
    assert all(seconds < FOLLOW_WAIT for seconds in run_core(scenario()))


async def _absent(workspace, account: str, customer: str, agent: str) -> bool:  # type: ignore[no-untyped-def]
    found = await workspace.team.conversation(account, customer)
    return found is not None and agent not in found.present


def test_revoking_an_agent_releases_their_conversations_and_another_consoles_lists_move_them(
    team: Team,  # noqa: F811
    tmp_path: Path,
) -> None:
    numbers = [f"+59891{time.time_ns() % 10**6:06d}", f"+59892{time.time_ns() % 10**6:06d}"]
    store = TeamStore.open(team.database_url)
    token = store.add_agent("erik")
    (tmp_path / "b").mkdir()

    async def scenario() -> tuple[object, ...]:
        async with open_workspace(tmp_path / "b", MemorySecrets()) as b, aiohttp.ClientSession() as http:
            fields = {"base_url": "http://127.0.0.1:9", "api_key": "k"}
            await b.accounts.add_account("Revocados", ProviderKind.BROADCASTERBOT, fields)
            account = await b.accounts.by_name("Revocados")
            for n, number in enumerate(numbers):
                await b.inbound.record(account, parse_phone(number), "Hola", f"in-revoked-{n}", utcnow())
            await b.team.join(team.servers[1], team.tokens["bruno"])
            await b.team.start()
            for number in numbers:
                body = {"account": "Revocados", "customer": number.lstrip("+")}
                async with http.post(team.servers[0] + "/team/conversations/take", json=body, headers=auth(token)) as taken:
                    assert taken.status == 200
            held = await _until(lambda: _counted(b, InboxFilter(account_id=account.id, held_by="erik"), 2))
            moved: list[int] = []
            b.topics.conversation_changed.subscribe(lambda changed: moved.append(changed.conversation_id))
            began = time.monotonic()
            released = await asyncio.to_thread(store.revoke_agent, "erik")
            freed = await _until(lambda: _counted(b, InboxFilter(account_id=account.id, unheld=True), 2))
            freed_in = time.monotonic() - began
            again = await asyncio.to_thread(store.revoke_agent, "erik")
            return held, [c.kind for c in released], freed, freed_in, len(set(moved)), again

    try:
        held, released, freed, freed_in, moved, again = run_core(scenario())
    finally:
        store.close()
    assert held and released == ["released", "released"] and freed and freed_in < FOLLOW_WAIT, freed_in
    assert moved == 2  # each conversation announced: the window's Mine / Unassigned lists move it
    assert again == []


async def _counted(workspace, listed: InboxFilter, expected: int) -> bool:  # type: ignore[no-untyped-def]
    return await workspace.inbox.count(listed) == expected


def test_the_agents_listing_names_only_the_agents_not_revoked_and_only_to_an_agent(team: Team) -> None:  # noqa: F811
    store = TeamStore.open(team.database_url)
    try:
        token = store.add_agent("dora")

        async def listing(token: str | None) -> tuple[int, object]:
            headers = {} if token is None else {"Authorization": f"Bearer {token}"}
            async with aiohttp.ClientSession() as http, http.get(team.servers[1] + "/team/agents", headers=headers) as answer:
                return answer.status, await answer.json()

        before = run_core(listing(token))
        store.revoke_agent("dora")
        after = run_core(listing(team.tokens["ana"]))
        revoked = run_core(listing(token))
        anonymous = run_core(listing(None))
    finally:
        store.close()
    assert before == (200, {"agents": ["ana", "bruno", "dora"]})
    assert after == (200, {"agents": ["ana", "bruno"]})
    assert revoked[0] == anonymous[0] == 401


def test_notes_labels_and_quick_replies_reach_every_console_from_the_change_log(team: Team, tmp_path: Path) -> None:  # noqa: F811
    """Ana's note and label reach Bruno, Bruno's quick reply reaches Ana (`test_team_shared`)."""
    two_consoles_converge(team, tmp_path)


def test_a_joining_console_pages_a_conversations_older_messages_from_the_server(team: Team, tmp_path: Path) -> None:  # noqa: F811
    older_messages_reach_a_joining_console(team, tmp_path)


def test_the_server_keeps_every_edit_of_a_note_and_a_console_shows_who_wrote_what(team: Team, tmp_path: Path) -> None:  # noqa: F811
    the_note_keeps_every_edit(team, tmp_path)
