"""kill -9 of one of two team server processes in the middle of a 1,000-recipient run (issue 18's
acceptance), on a real PostgreSQL with the sandbox over loopback: the other process completes the
run. Counted at the sandbox: nothing reaches the provider twice and nothing is missing that is not
`unknown`; only what the killed process had marked as being sent (read from the database once its
connections are gone) is `unknown`, each of those at the sandbox once or not at all.

The run is 1,000 `POST /team/messages` spread over both processes, 32 at a time; a post the killed
process dropped is posted again to the other with the same `client_key`, as a console unsure that
its post arrived does. Each process is told apart in `pg_stat_activity` by its `application_name`.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import Engine, create_engine, text

from console.sandbox.server import SandboxServer
from console.team_server.forwarder import NAME_PREFIX as FORWARDER
from console.team_server.process import ServerProcess
from console.team_server.secrets import secret_variable
from console.team_server.store import TeamStore
from tests.conftest import FAST_STATUS, run_core
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_send import ACCOUNT, ADMIN_PASSWORD, HEYNOW_PASSWORD, add_account, message, post, sandbox_texts
from tests.test_team_server import server_env

COUNT, KILL_AT, AT_ONCE = 1000, 300, 32
LEASE = 2.0  # seconds (CENTRALITA_SERVER_SEND_LEASE): a dead worker's sends are taken over this long after its last beat
TAKEOVER_BOUND = 2 * LEASE + 4.0  # seconds from the kill until none of the dead process's marked sends is still `sending`
SETTLED_BOUND = 20.0  # seconds from the last post's answer until every message is in a final state
IN_FLIGHT = {"pending", "sending"}  # still on the send path; past it: accepted (then polled on), failed or unknown


@dataclass
class Posted:
    statuses: list[int]
    reposted: int  # posts the killed process did not answer, posted again to the other
    began: float
    marked: set[int]  # the messages the killed process had marked and not recorded, once its connections were gone
    killed_at: float
    takeover_seconds: float  # until none of `marked` was `sending` any more
    last_answer_at: float


def scalar(engine: Engine, query: str, **values: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(query), values).scalar()


def tagged(engine: Engine, tag: str) -> list[Any]:
    with engine.connect() as connection:
        query = "SELECT id, client_key, state, sender, content FROM team_message WHERE content LIKE :tag"
        return list(connection.execute(text(query), {"tag": f"%{tag}%"}))


def marked_by(engine: Engine, application: str, pid: int) -> set[int]:
    """The messages the process `pid` marked and did not record, read once none of its connections
    is left (so no transaction of it can still commit). Its worker is named `host:pid:random`."""
    deadline = time.monotonic() + 10
    while connections(engine, application):
        assert time.monotonic() < deadline, "the killed process's database connections did not go away"
        time.sleep(0.02)
    workers = [name for name in _all(engine, "SELECT name FROM team_worker") if not name.startswith(FORWARDER)]
    [worker] = [name for name in workers if name.split(":")[-2:-1] == [str(pid)]]  # its send worker
    with engine.connect() as connection:
        query = "SELECT id FROM team_message WHERE sender = :worker AND state IN ('sending', 'unknown')"
        return set(connection.execute(text(query), {"worker": worker}).scalars())


def connections(engine: Engine, application: str) -> int:
    return scalar(engine, "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name", name=application)


def _all(engine: Engine, query: str) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(query)).scalars())


def still_sending(engine: Engine, ids: list[int]) -> int:
    if not ids:
        return 0
    return scalar(engine, "SELECT count(*) FROM team_message WHERE state = 'sending' AND id = ANY(:ids)", ids=ids)


async def bulk_run(
    roots: list[str], token: str, documents: list[dict[str, Any]], sandbox: SandboxServer, doomed: ServerProcess, engine: Engine
) -> Posted:
    """Post every document (the n-th to process n % 2, again to the other if the first drops it);
    kill `doomed` (roots[0]) once KILL_AT sends reached the sandbox."""
    reposted = 0
    assert doomed.pid is not None
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
        gate = asyncio.Semaphore(AT_ONCE)
        began = time.monotonic()

        async def one(n: int) -> int:
            nonlocal reposted
            async with gate:
                try:
                    return (await post(http, roots[n % 2], token, documents[n]))[0]
                except aiohttp.ClientConnectionError:  # the killed process: it may have stored it, or not
                    reposted += 1
                    return (await post(http, roots[1], token, documents[n]))[0]

        posting = asyncio.gather(*(one(n) for n in range(len(documents))))
        while sandbox.sandbox.log.count("heynow", "send") < KILL_AT:
            await asyncio.sleep(0.005)
        doomed.kill()
        killed_at = time.monotonic()
        marked = await asyncio.to_thread(marked_by, engine, "kill-host-0", doomed.pid)
        while await asyncio.to_thread(still_sending, engine, list(marked)):
            assert time.monotonic() - killed_at < TAKEOVER_BOUND, "the dead process's marked sends were not taken over"
            await asyncio.sleep(0.05)
        takeover_seconds = time.monotonic() - killed_at
        statuses = await posting
        return Posted(statuses, reposted, began, marked, killed_at, takeover_seconds, time.monotonic())


def wait_settled(engine: Engine, tag: str, since: float) -> Counter[str]:
    """The run's states once every message is past the send path, within SETTLED_BOUND of `since`."""
    while True:
        states = Counter(row.state for row in tagged(engine, tag))
        if not states.keys() & IN_FLIGHT:
            return states
        assert time.monotonic() - since < SETTLED_BOUND, f"not settled {SETTLED_BOUND:.0f} s after the last post: {states}"
        time.sleep(0.1)


def test_a_server_killed_in_the_middle_of_a_run_leaves_the_rest_to_the_other_with_no_duplicate(
    postgres_cluster: Cluster,  # noqa: F811
    tmp_path: Path,
) -> None:
    tag = "kill-" + secrets.token_hex(3)
    database_url = postgres_cluster.new_database()
    store = TeamStore.open(database_url)
    token = store.add_agent("ana")
    store.close()
    lease = {"CENTRALITA_SERVER_SEND_LEASE": str(LEASE)}
    env = {**server_env(tmp_path), secret_variable(ACCOUNT, "password"): HEYNOW_PASSWORD, **lease}
    documents = [message(tag, n) for n in range(COUNT)]
    engine = create_engine(database_url)
    processes: list[ServerProcess] = []
    try:
        with SandboxServer(FAST_STATUS) as sandbox:
            add_account(server_env(tmp_path), tmp_path / "admin", database_url, sandbox, ADMIN_PASSWORD)
            for n in range(2):
                url = f"{database_url}?application_name=kill-host-{n}"
                processes.append(ServerProcess(tmp_path / f"host-{n}", url, env=env).start())
            doomed = processes[0]
            assert connections(engine, "kill-host-0"), "the processes are not told apart by their application_name"
            run = run_core(bulk_run([p.root_url for p in processes], token, documents, sandbox, doomed, engine), timeout=120)
            states = wait_settled(engine, tag, run.last_answer_at)
            settled_seconds = time.monotonic() - run.killed_at
            reached = sandbox_texts(sandbox, tag)
            duplicates = sandbox.sandbox.log.send_summary()["heynow"]["duplicates"]
        stored = tagged(engine, tag)
    finally:
        for process in processes:
            process.kill()
        engine.dispose()

    body = {row.id: json.loads(row.content)["body"] for row in stored}
    unknown = {row.id for row in stored if row.state == "unknown"}
    missing = {f"{tag} aviso {n}" for n in range(COUNT)} - set(reached)
    print(
        f"\n{COUNT} sends, SIGKILL after {KILL_AT} reached the sandbox, {run.killed_at - run.began:.1f} s into the run "
        f"({run.reposted} posts posted again to the other, answered {dict(Counter(run.statuses))}; "
        f"the last answer {run.last_answer_at - run.killed_at:.1f} s after the kill): "
        f"states {dict(states)}; the killed process had {len(run.marked)} marked, all taken over "
        f"{run.takeover_seconds:.1f} s after the kill; {len({body[i] for i in unknown} & set(reached))} of the unknown "
        f"reached the sandbox; {len(reached)} reached it, {sum(reached.values()) - len(reached)} twice, "
        f"{len(missing)} not at all; all final {settled_seconds:.1f} s after the kill"
    )
    # Every post was taken, once: a post repeated after the kill is the same message.
    assert set(run.statuses) <= {200, 201} and len(run.statuses) == COUNT
    assert len(stored) == COUNT and {row.client_key for row in stored} == {d["client_key"] for d in documents}
    # Nothing reached the provider twice; everything not unknown reached it.
    assert set(reached.values()) == {1} and duplicates == 0
    assert missing <= {body[i] for i in unknown}
    assert sum(n for state, n in states.items() if state not in ("unknown", "failed")) == COUNT - len(unknown)
    assert states["failed"] == 0
    # Unknown: exactly what the killed process had marked and not recorded, and only that.
    assert run.marked, "the kill found no send under way: the takeover was not exercised"
    assert unknown == run.marked  # so never more unknown than it had marked
