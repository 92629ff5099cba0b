"""Brings the server's database to this version's schema with the migrations in `migrations/`.

One transaction does it all: on PostgreSQL it first takes the advisory locks under which the
code before migrations created its tables (the relay's and the team's keys), so server
processes, admin commands and standalone relays starting together wait for whichever began
first, then find the database at the head and change nothing. On SQLite (one process) the
transaction's write lock does the same. PostgreSQL's DDL is transactional: an upgrade that
fails leaves the database as it was.

A database whose revision this code does not know was upgraded by a newer version: it is
refused, unchanged, with one sentence. Blocking: run it off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL

from console.domain.notices import NoticeError, Wording
from console.relay.store import SCHEMA_LOCK as RELAY_SCHEMA_LOCK
from console.team_server.schema import MIGRATED_METADATA

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

__all__ = ["VERSION_TABLE", "Upgrade", "database_where", "head_revision", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "team_alembic_version"  # the console's SQLite keeps `alembic_version`; the two never mix
TEAM_SCHEMA_LOCK = 0x5445414D  # the key the team server's tables were created under before migrations

NEWER_SCHEMA = Wording(
    "team.newer_schema",
    "the database {where} is at schema {current}, written by a newer Centralita (this version knows up to {newest}): "
    "run the newer version, or restore a backup from before its upgrade; nothing was changed",
)


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What opening the database did: from `before` (None: no revision recorded) to `after`."""

    before: str | None
    after: str
    adopted: bool  # it had tables made before migrations (by an older server or a relay): kept, the rest created

    @property
    def changed(self) -> bool:
        return self.before != self.after


def database_where(url: URL) -> str:
    """The database without its password: HOST:PORT/NAME, or the SQLite file's path."""
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def _current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade(engine: Engine) -> Upgrade:
    """Migrate to the head, once however many processes call it at the same moment."""
    from alembic import command
    from alembic.config import Config

    script = _script()
    head = script.get_current_head()
    assert head is not None
    known = {revision.revision for revision in script.walk_revisions()}
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # always in this order, so two upgrades never deadlock
            for key in (RELAY_SCHEMA_LOCK, TEAM_SCHEMA_LOCK):
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        before = _current_revision(connection)
        if before is not None and before not in known:
            raise NoticeError(NEWER_SCHEMA(where=database_where(engine.url), current=before, newest=head))
        ours = {name for metadata in MIGRATED_METADATA for name in metadata.tables}
        adopted = before is None and bool(ours & set(inspect(connection).get_table_names()))
        if before != head:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return Upgrade(before, head, adopted)
