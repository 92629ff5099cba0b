"""A presence lasts while the agent's console is alive (`team_server.liveness`): two server
processes on a real PostgreSQL, two consoles, each following a different process.

Ana's console follows process A and opens a conversation; Bruno's console, on process B, sees her
on it, and still does after several of B's looks for absent agents (the database, not B's memory,
says Ana follows). Ana's console then stops without saying it left (as a console that dies or
loses the network): Bruno sees her leave within seconds, not when the minute runs out, and the
log says so once although both processes look. Carla, a script that opens a conversation and
follows nothing, keeps her presence until it expires.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp

from console.services.workspace import Workspace
from console.store.secrets import MemorySecrets
from console.team_server.claiming import WorkerOptions
from console.team_server.liveness import PresenceTimes
from console.team_server.secrets import ServerSecrets
from console.team_server.server import TeamServer
from console.team_server.store import TeamStore
from tests.conftest import open_workspace, run_core
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_send import rows
from tests.test_team_server import post

TIMES = PresenceTimes(beat=0.2, grace=1.0)
ACCOUNT, CUSTOMER, SCRIPTED = "Soporte", "+59899000001", "+59899000002"


async def _until(check: Callable[[], Awaitable[bool]], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def _present(console: Workspace, customer: str = CUSTOMER) -> tuple[str, ...]:
    seen = await console.team.conversation(ACCOUNT, customer)
    return () if seen is None else seen.present


def test_a_consoles_presence_ends_soon_after_it_stops_following_whichever_process_looks(
    postgres_cluster: Cluster,  # noqa: F811
    tmp_path: Path,
) -> None:
    database_url = postgres_cluster.new_database()
    store = TeamStore.open(database_url)
    tokens = {name: store.add_agent(name) for name in ("ana", "bruno", "carla")}
    store.close()

    async def scenario() -> dict[str, object]:
        outcome: dict[str, object] = {}
        events_token = secrets.token_urlsafe(32)
        servers: list[TeamServer] = []
        try:
            for _ in range(2):
                opened = await asyncio.to_thread(
                    TeamServer.open,
                    database_url,
                    events_token,
                    ServerSecrets(MemorySecrets(), {}),
                    worker=WorkerOptions(presence=TIMES),
                )
                servers.append(await opened.start())
            (tmp_path / "ana").mkdir()
            (tmp_path / "bruno").mkdir()
            async with open_workspace(tmp_path / "ana") as ana, open_workspace(tmp_path / "bruno") as bruno:
                for console, server, name in ((ana, servers[0], "ana"), (bruno, servers[1], "bruno")):
                    await console.team.join(server.root_url, tokens[name])
                    await console.team.start()
                opening = servers[1].root_url + "/team/conversations/open"
                async with aiohttp.ClientSession() as http:
                    carla = await post(http, opening, tokens["carla"], account=ACCOUNT, customer=SCRIPTED)
                assert carla[0] == 200, carla
                ana.team.opened(ACCOUNT, CUSTOMER)
                outcome["seen"] = await _until(lambda: _has(bruno, ("ana",)), 3.0)
                await asyncio.sleep(TIMES.grace * 2.5)  # process B looked a dozen times meanwhile
                outcome["still"] = await _present(bruno)
                left_at = time.monotonic()
                await ana.team.leave()  # stops following without telling the server it left
                outcome["gone"] = await _until(lambda: _has(bruno, ()), TIMES.grace + 3.0)
                outcome["after"] = time.monotonic() - left_at
                outcome["scripted"] = await _present(bruno, SCRIPTED)
        finally:
            for server in servers:
                await server.stop()
                await asyncio.to_thread(server.store.close)
        return outcome

    async def _has(console: Workspace, present: tuple[str, ...]) -> bool:
        return await _present(console) == present

    outcome = run_core(scenario(), timeout=40)
    assert outcome["seen"]  # Bruno sees Ana on it
    assert outcome["still"] == ("ana",)  # her console follows the other process: she stays
    assert outcome["gone"], outcome  # her console stopped: she leaves
    # About `grace` after her last long-poll: her console was last marked following up to a beat before it stopped.
    assert TIMES.grace - TIMES.beat <= outcome["after"] < TIMES.grace + 3.0  # type: ignore[operator]
    ended = rows(
        database_url,
        "SELECT count(*) FROM team_change WHERE kind = 'presence' AND agent = 'ana' AND details LIKE '%\"expires_ms\": 0%'",
    )
    assert ended == [(1,)]  # once, although both processes look
    assert outcome["scripted"] == ("carla",)  # a script that never followed keeps it until it expires
