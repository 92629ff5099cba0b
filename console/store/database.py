"""The SQLite database: opened, migrated, and used from one worker thread.

Every query runs through `Database.run`, on a single thread of its own, so neither
the Qt event loop nor the asyncio services ever wait on disk I/O, and SQLite sees
one writer at a time.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import quote

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from console.domain.storage import StorageProblem
from console.private_files import restrict_sqlite_files
from console.store.file_locks import exclusive
from console.store.health import NO_DATABASE_TO_READ, OLDER_SCHEMA, check_database_file, check_folder_writable, explain
from console.store.location import DATABASE_FILE
from console.store.migrations.runner import newest_revision, require_known_revision, upgrade_to_head
from console.store.owners import OWNERS_DIR, ProcessOwner

log = logging.getLogger(__name__)
P = ParamSpec("P")
PAGE_CACHE_KIB = 32_000
T = TypeVar("T")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")  # first: the others may wait for another process's write
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # 32 MB of pages instead of SQLite's 2 MB: an agenda sync inserts into indexes in no
    # order (the unique external id, the agenda's order), and with 2 MB each insert read
    # back pages it had just evicted (a third of a 100k sync's time). The cache grows only
    # as pages are read.
    cursor.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "connect", lambda _connection, _record: restrict_sqlite_files(path))  # owner-only
    return engine


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: `mode=ro`, or, where SQLite cannot even make the
    write-ahead log's index (a read-only folder), the file as it is (`immutable=1`)."""
    uri = f"file:{quote(str(path))}"
    try:
        connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        log.info("Reading %s as it is on disk: changes still in its write-ahead log are not shown", path)
        connection = sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)
    connection.execute("PRAGMA query_only=ON")
    return connection


def _readable(session: Session) -> None:
    """Damage in the schema pages shows here, at opening, rather than in the middle of a command."""
    session.connection().exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()



@contextmanager
def _explained(path: Path) -> Iterator[None]:
    """What SQLite or the file system raises while opening `path`, as one sentence
    (`StorageProblem`) where it is understood; anything else as it came."""
    try:
        yield
    except Exception as error:
        problem = explain(error, path)
        if problem is None:
            raise
        raise problem from None


class Database:
    """One database file; `run` executes a query function on the database thread.
    `owner` marks what this process sends, so other processes know it is in flight."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        if read_only:
            self.engine = create_engine("sqlite://", creator=lambda: _connect_read_only(path))
        else:
            self.engine = make_engine(path)
        self.owner = ProcessOwner(None if read_only else path.parent / OWNERS_DIR)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="centralita-db")

    @classmethod
    def open(cls, data_dir: Path) -> Database:
        """Open (creating and migrating if needed) the database in `data_dir`. Processes
        starting together migrate one after the other: the second finds the work done."""
        path = data_dir / DATABASE_FILE
        check_folder_writable(data_dir)
        with _explained(path), exclusive(path.with_name(path.name + ".lock")):
            check_database_file(path)
            database = cls(path)
            try:
                upgrade_to_head(database.engine)
                database.call(_readable)
            except BaseException:
                database.close()
                raise
        return database

    @classmethod
    def open_read_only(cls, data_dir: Path) -> Database:
        """Open the database in `data_dir` for reading only: nothing is created, migrated or
        written (a read-only folder, a disk that must not change); any write fails."""
        path = data_dir / DATABASE_FILE
        with _explained(path):
            if not path.exists():
                raise StorageProblem(NO_DATABASE_TO_READ(path=str(path)))
            check_database_file(path)
            database = cls(path, read_only=True)
            try:
                if require_known_revision(database.engine, path) != newest_revision():
                    raise StorageProblem(OLDER_SCHEMA(path=str(path)))
                database.call(_readable)
            except BaseException:
                database.close()
                raise
        return database

    def call(self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn(session, ...)` in a transaction on the calling thread (database thread only)."""
        with Session(self.engine, expire_on_commit=False) as session:
            result = fn(session, *args, **kwargs)
            session.commit()
            return result

    async def run(self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn(session, ...)` in a transaction on the database thread. Any thread's loop may
        await it (the status poller's does): the answer wakes the loop that asked."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: self.call(fn, *args, **kwargs))

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.engine.dispose()
        self.owner.release()
