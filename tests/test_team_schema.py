"""The team server's schema kept by its alembic migrations, on a real PostgreSQL (and SQLite,
for the one-process case): a new database, one made before migrations, processes starting
together, a database newer than the code, the metadata against the migrations' head, and
`centralita server upgrade` as a process.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from types import ModuleType

import aiohttp
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Engine, MetaData, String, Table, insert, inspect, text

from console.domain.notices import NoticeError
from console.relay.store import Incoming, RelayStore, open_engine, sqlite_url, utc_now
from console.relay.store import metadata as relay_metadata
from console.team_server import schema
from console.team_server.process import ServerProcess
from console.team_server.store import TeamStore
from console.team_server.upgrade import MIGRATIONS, VERSION_TABLE, Upgrade, head_revision, upgrade
from tests.conftest import run_core
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_server import at_once, centralita, server_env

OURS = {name for metadata in schema.MIGRATED_METADATA for name in metadata.tables}


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "team.sqlite3")
    return request.getfixturevalue("postgres_cluster").new_database()


@pytest.fixture
def pg_url(postgres_cluster: Cluster) -> str:  # noqa: F811 - the imported fixture
    return postgres_cluster.new_database()


def migration(revision: str) -> ModuleType:
    return ScriptDirectory(str(MIGRATIONS)).get_revision(revision).module


def made_before_migrations(url: str) -> str:
    """A database as the code before migrations left it (`create_all` of its tables, the sending
    ones included, and the counter rows), holding an agent, a change and a relay event; the
    agent's token."""
    engine = open_engine(url)
    with engine.begin() as connection:
        for revision in ("0001", "0002"):
            migration(revision).BEFORE_MIGRATIONS.create_all(connection)
        for table, name in migration("0001").COUNTERS:
            connection.execute(insert(table).values(name=name, value=0))
    team, relay = TeamStore(engine), RelayStore(engine)
    token = team.add_agent("ana")
    assert team.take("ana", "Ventas", "+59899000001") is not None
    relay.add_route("route-token", "broadcasterbot", "Ventas")
    relay.append([Incoming("route-token", "broadcasterbot", b'{"status": "sent"}', utc_now())])
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO team_account VALUES ('Ventas MX', 'heynow', '{}', '2026-12-06T10:00:00Z')"))
    engine.dispose()
    return token


def upgraded_to(url: str, revision: str) -> None:
    """A database a version of this code at `revision` made."""
    from alembic import command
    from alembic.config import Config

    engine = open_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def version(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar_one_or_none()


def test_a_new_database_is_created_at_the_head_and_then_left_alone(pg_url: str) -> None:
    engine = open_engine(pg_url)
    try:
        head = head_revision()
        assert upgrade(engine) == Upgrade(None, head, adopted=False)
        assert set(inspect(engine).get_table_names()) == OURS | {VERSION_TABLE}  # not the console's `alembic_version`
        assert upgrade(engine) == Upgrade(head, head, adopted=False)
        store = TeamStore(engine)
        assert store.last_change() == 0 and store.take("ana", "Ventas", "+59899000001") is not None
        assert store.last_change() == 1
    finally:
        engine.dispose()


def test_a_database_made_before_migrations_is_kept_and_recorded_at_the_first_revision(any_url: str) -> None:
    token = made_before_migrations(any_url)
    engine = open_engine(any_url)
    try:
        assert upgrade(engine) == Upgrade(None, head_revision(), adopted=True)
        assert version(engine) == head_revision()
        store = TeamStore(engine)
        assert store.agent_for(token) == "ana" and store.last_change() == 1
        assert [event.body for event in RelayStore(engine).events(0, 10)] == [b'{"status": "sent"}']
        with engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM team_account")).scalars().all() == ["Ventas MX"]
    finally:
        engine.dispose()


def test_a_standalone_relays_database_gets_the_team_tables(pg_url: str) -> None:
    RelayStore.open(pg_url).close()  # `centralita relay` creates its own tables, as before
    engine = open_engine(pg_url)
    try:
        assert upgrade(engine) == Upgrade(None, head_revision(), adopted=True)
        assert set(inspect(engine).get_table_names()) == OURS | {VERSION_TABLE}
        store = TeamStore(engine)
        assert store.take("ana", "Ventas", "+59899000001") is not None and store.last_change() == 1
    finally:
        engine.dispose()


def upgrade_when_all_are_ready(url: str, ready: Barrier, results: Queue) -> None:
    """One process's start: connected, then the upgrade at the moment every other process begins its own."""
    engine = open_engine(url)
    with engine.connect():
        pass
    ready.wait()
    try:
        results.put(upgrade(engine))
    except Exception as error:  # told to the test, which fails on it
        results.put(repr(error))
    finally:
        engine.dispose()


def test_processes_starting_together_upgrade_once(pg_url: str, postgres_cluster: Cluster, tmp_path: Path) -> None:  # noqa: F811
    # Processes, not threads: alembic keeps its running migration in module globals.
    forked = multiprocessing.get_context("fork")
    count = 4
    ready, results = forked.Barrier(count), forked.Queue()
    children = [forked.Process(target=upgrade_when_all_are_ready, args=(pg_url, ready, results)) for _ in range(count)]
    for child in children:
        child.start()
    try:
        upgrades = [results.get(timeout=30) for _ in children]
    finally:
        for child in children:
            child.join(10)
            if child.is_alive():
                child.kill()
    head = head_revision()
    assert sorted(upgrades, key=lambda done: getattr(done, "before", None) or "") == [Upgrade(None, head, adopted=False)] + [
        Upgrade(head, head, adopted=False)
    ] * (count - 1)

    # Two server processes on another new database, started at the same moment: both serve.
    url = postgres_cluster.new_database()
    processes = [ServerProcess(tmp_path / f"host-{n}", url, env=server_env(tmp_path)) for n in range(2)]
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(ServerProcess.start, processes))

        async def health() -> list[int]:
            async with aiohttp.ClientSession() as http:
                return [(await http.get(process.root_url + "/health")).status for process in processes]

        assert run_core(health()) == [200, 200]
    finally:
        assert [process.stop() for process in processes] == [0, 0]


def test_a_database_newer_than_the_code_is_refused_unchanged(pg_url: str, tmp_path: Path) -> None:
    engine = open_engine(pg_url)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            connection.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '9999'"))
        with pytest.raises(NoticeError) as refused:
            upgrade(engine)
        assert refused.value.notice.code == "team.newer_schema"
        assert refused.value.notice.values["current"] == "9999" and refused.value.notice.values["newest"] == head_revision()
        assert version(engine) == "9999"
    finally:
        engine.dispose()
    env = server_env(tmp_path)
    runs = at_once(
        lambda: centralita(env, "--data-dir", str(tmp_path), "server", "upgrade", "--database-url", pg_url, entry="console"),
        lambda: centralita(env, "--data-dir", str(tmp_path), "server", "--listen", "127.0.0.1:0", "--database-url", pg_url),
    )
    where = pg_url.split("@", 1)[1]
    for done in runs:
        assert done.returncode == 2 and done.stdout == ""
        [line] = done.stderr.splitlines()
        assert line.startswith(f"centralita: the database {where} is at schema 9999, written by a newer Centralita")


def test_the_metadata_is_what_the_migrations_make(pg_url: str) -> None:
    """A table changed in `schema.py` (or the relay's) without a migration fails here: add one."""
    engine = open_engine(pg_url)
    try:
        upgrade(engine)
        # The check itself sees a difference: a column the migrations never added.
        changed = MetaData()
        for table in schema.metadata.tables.values():
            table.to_metadata(changed)
        Table("team_agent", changed, Column("nickname", String(20)), extend_existing=True)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            differences = compare_metadata(context, list(schema.MIGRATED_METADATA))
            missed = compare_metadata(context, [relay_metadata, changed])
    finally:
        engine.dispose()
    assert differences == [], f"schema.py and the migrations' head differ; add a migration: {differences}"
    assert [(kind, table, column.name) for kind, _, table, column in missed] == [("add_column", "team_agent", "nickname")]


def test_the_upgrade_command_says_from_which_revision_to_which(postgres_cluster: Cluster, tmp_path: Path) -> None:  # noqa: F811
    new, old, first = (postgres_cluster.new_database() for _ in range(3))
    made_before_migrations(old)
    upgraded_to(first, "0001")
    env = server_env(tmp_path)
    head = head_revision()
    created, adopted, upgraded = at_once(
        lambda: centralita(
            {**env, "CENTRALITA_SERVER_DATABASE": new}, "--data-dir", str(tmp_path), "server", "upgrade", entry="console"
        ),
        lambda: centralita(env, "server", "upgrade", "--database-url", old),
        lambda: centralita(env, "server", "upgrade", "--database-url", first),
    )
    again = centralita(env, "server", "--database-url", new, "upgrade")
    lines = []
    for done, url in ((created, new), (adopted, old), (upgraded, first), (again, new)):
        assert done.returncode == 0 and done.stderr == "", done.stderr
        where = url.split("@", 1)[1]
        assert done.stdout.startswith(f"database {where}: ")
        lines.append(done.stdout.removeprefix(f"database {where}: ").strip())
    assert lines == [
        f"it had no tables; created them at schema {head}",
        f"kept its tables made before schema revisions (by an older server or a relay); now at schema {head}",
        f"upgraded from schema 0001 to {head}",
        f"already at schema {head}; nothing to do",
    ]
