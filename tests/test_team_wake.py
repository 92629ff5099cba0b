"""The team server's long-poll costs: one read of the log per wake-up, tokens remembered briefly."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import event

from console.store.secrets import MemorySecrets
from console.team_server.accounts import ServerAccounts
from console.team_server.agent_cache import AgentCache
from console.team_server.app import build_team_app
from console.team_server.feed import ChangeFeed
from console.team_server.messages import MessageStore
from console.team_server.store import Change, TeamStore
from console.team_server.wake_reads import MAX_PAGE, WakeReads
from tests.conftest import run_core
from tests.postgres import free_port

AGENTS = ("ana", "bruno", "carla")
PER_AGENT = 4  # the feed's places per agent


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_revoked_token_is_refused_once_remembered_for_its_seconds_or_forgotten(tmp_path: Path) -> None:
    store = TeamStore.open(f"sqlite:///{tmp_path / 'team.sqlite3'}")
    token = store.add_agent("ana")
    clock = Clock()
    looked_up: list[str] = []

    async def look_up(token: str) -> str | None:
        looked_up.append(token)
        return await asyncio.to_thread(store.agent_for, token)

    cache = AgentCache(look_up, seconds=1.0, clock=clock)

    async def scenario() -> list[str | None]:
        seen = [await cache.agent_for(token)]
        store.revoke_agent("ana")
        clock.now += 0.9
        seen.append(await cache.agent_for(token))  # remembered: no query
        clock.now += 0.2
        seen.append(await cache.agent_for(token))  # expired: read again, refused
        store.add_agent("ana")
        token_after = store.add_agent("bruno")
        seen.append(await cache.agent_for(token_after))
        cache.forget()  # another process's revocation heard: read again at once
        store.revoke_agent("bruno")
        seen.append(await cache.agent_for(token_after))
        return seen

    try:
        seen = run_core(scenario())
    finally:
        store.close()
    assert seen == ["ana", "ana", None, "bruno", None]
    assert len(looked_up) == 4


def test_a_read_begun_before_a_revocation_is_heard_is_not_remembered(tmp_path: Path) -> None:
    store = TeamStore.open(f"sqlite:///{tmp_path / 'team.sqlite3'}")
    token = store.add_agent("ana")
    cache: AgentCache

    async def look_up(token: str) -> str | None:
        agent = await asyncio.to_thread(store.agent_for, token)
        cache.forget()  # the revocation's notice arrives while the answer is on its way
        return agent

    cache = AgentCache(look_up, seconds=60.0)

    async def scenario() -> tuple[str | None, str | None]:
        first = await cache.agent_for(token)
        store.revoke_agent("ana")
        return first, await cache.agent_for(token)

    try:
        assert run_core(scenario()) == ("ana", None)
    finally:
        store.close()


def test_the_long_polls_woken_by_one_commit_share_one_read_and_no_token_query(tmp_path: Path) -> None:
    store = TeamStore.open(f"sqlite:///{tmp_path / 'team.sqlite3'}")
    tokens = {name: store.add_agent(name) for name in AGENTS}
    store.take("ana", "Ventas", "+59899000001")
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda _c, _cur, sql, *_: statements.append(sql))

    async def scenario() -> tuple[list[dict[str, Any]], int, int]:
        feed = ChangeFeed()
        feed.ring(store.last_change())
        app = build_team_app(store, feed, MessageStore(store.engine), ServerAccounts(store.engine, MemorySecrets()))
        root = web.Application()
        root.add_subapp("/team/", app)
        runner = web.AppRunner(root)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        url = f"http://127.0.0.1:{port}/team/changes"
        try:
            async with aiohttp.ClientSession() as http:

                async def poll(token: str, limit: int) -> dict[str, Any]:
                    params = {"after": "1", "limit": str(limit), "wait": "10"}
                    async with http.get(url, params=params, headers={"Authorization": f"Bearer {token}"}) as answer:
                        assert answer.status == 200
                        return await answer.json()

                polls = [asyncio.ensure_future(poll(tokens[name], 1 + n)) for name in AGENTS for n in range(PER_AGENT)]
                while feed.waiters < len(polls):
                    await asyncio.sleep(0.01)
                statements.clear()
                change = await asyncio.to_thread(store.open_conversation, "bruno", "Ventas", "+59899000001")
                feed.ring(change.change.id)  # as the server does once a write of its own has committed
                answers = await asyncio.gather(*polls)
        finally:
            await runner.cleanup()
        reads = [sql for sql in statements if "FROM team_change" in sql]
        agents = [sql for sql in statements if "FROM team_agent" in sql]
        return answers, len(reads), len(agents)

    try:
        answers, reads, agent_queries = run_core(scenario())
    finally:
        store.close()
    assert len(answers) == len(AGENTS) * PER_AGENT
    assert all([c["kind"] for c in answer["changes"]] == ["presence"] and answer["last_id"] == 2 for answer in answers)
    assert (reads, agent_queries) == (1, 0)


def test_a_first_look_joins_a_read_with_changes_for_it_and_reads_anew_when_it_has_none(tmp_path: Path) -> None:
    store = TeamStore.open(f"sqlite:///{tmp_path / 'team.sqlite3'}")
    for n in range(3):
        store.take("ana", "Ventas", f"+5989900000{n}")
    reads: list[tuple[int, int]] = []

    async def read(after: int, limit: int) -> list[Change]:
        reads.append((after, limit))
        return await asyncio.to_thread(store.changes, after, limit)

    async def scenario() -> tuple[list[list[int]], list[int], list[int]]:
        feed = ChangeFeed()
        feed.ring(store.last_change())
        wake_reads = WakeReads(feed, read)
        behind = await asyncio.gather(*(wake_reads.first(after, 10) for after in (0, 1, 1, 2)))
        at_head = await wake_reads.first(3, 10)  # the read above has nothing after 3: a read of its own
        await asyncio.to_thread(store.take, "ana", "Ventas", "+59899000009")
        late = await wake_reads.first(3, 10)  # no ring yet, but its own read finds the commit
        return [[c.id for c in page] for page in behind], [c.id for c in at_head], [c.id for c in late]

    try:
        behind, at_head, late = run_core(scenario())
    finally:
        store.close()
    assert behind == [[1, 2, 3], [2, 3], [2, 3], [3]] and at_head == [] and late == [4]
    assert reads == [(0, MAX_PAGE), (3, MAX_PAGE), (3, MAX_PAGE)]
