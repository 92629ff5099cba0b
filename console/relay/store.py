"""The relay's durable store: routes and the events that arrived on them.

SQLAlchemy Core, one code path for SQLite (a single relay, the default) and PostgreSQL
(several relay processes sharing one truth). Kept apart from the console's database.

Event ids come from the `relay_counter` row, which every writing transaction updates
first. That row lock (PostgreSQL) or the database write lock (SQLite) is held until
COMMIT, so ids are handed out in commit order: a reader that saw id N never later
finds a newly committed event with an id below N. It serialises writers, which group
commit (see `batcher`) keeps cheap. The same lock makes the duplicate check race-free:
a body already stored on the same route (same SHA-256) is not stored again, where the
provider's bodies name what they carry (see `Incoming.nonce`).

SQLite runs in WAL mode with `synchronous=FULL`: a commit is on disk before the
callback is answered, so an acknowledged event survives a killed process and a
power cut alike. Group commit amortises the fsync over a batch.

Tables are created on open; on PostgreSQL under an advisory lock, so relay processes
starting together do not race. On a team server's database the server's alembic migrations
keep these tables instead (`console.team_server.upgrade`): a change to one is a new
migration there as well.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Engine,
    Index,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError

from console.private_files import restrict_sqlite_files

__all__ = ["Incoming", "RelayStore", "Route", "Stored", "StoredEvent", "open_engine", "sqlite_url"]

PROVIDERS = ("broadcasterbot", "chattigo", "cloudapi")
EVENT_COUNTER = "event"
CREATE_ATTEMPTS = 20
PAGE_BYTES = 8 * 1024 * 1024  # one page of events stays a reasonable response
CONNECT_TIMEOUT = 10  # seconds; PostgreSQL's own default is to wait as long as the network does
SCHEMA_LOCK = 0x52454C4159  # PostgreSQL advisory lock key held while creating the tables

metadata = MetaData()

relay_route = Table(
    "relay_route",
    metadata,
    Column("token", String(128), primary_key=True),
    Column("provider", String(32), nullable=False),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)

relay_event = Table(
    "relay_event",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("route", String(128), nullable=False),
    Column("provider", String(32), nullable=False),
    Column("received_at", String(32), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("quarantined", Boolean, nullable=False, default=False),
    Column("reason", String(500), nullable=True),
    Index("relay_event_once", "route", "digest", unique=True),
)

# The secrets that check a signed route's webhooks (see `signed_routes`): sealed, never plain.
relay_route_check = Table(
    "relay_route_check",
    metadata,
    Column("token", String(128), primary_key=True),
    Column("sealed_secret", LargeBinary, nullable=False),
    Column("verify_digest", LargeBinary, nullable=False),
)

relay_counter = Table(
    "relay_counter",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)


def utc_now() -> str:
    """ISO 8601 in UTC with microseconds: sortable text, the same in both databases."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@dataclass(frozen=True, slots=True)
class Route:
    token: str
    provider: str
    label: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Incoming:
    """A callback body as received, with the verdict of `bodies.check` (None: well formed).

    `nonce` is mixed into the digest: empty where an equal body on the route is a redelivery
    (kept once), random where every post is an event of its own (`bodies.repeats_are_redeliveries`)."""

    route: str
    provider: str
    body: bytes
    received_at: str
    reason: str | None = None
    nonce: str = ""

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.nonce.encode() + self.body).hexdigest()


@dataclass(frozen=True, slots=True)
class Stored:
    """Where an incoming callback ended up: a new event, or one stored before."""

    id: int
    duplicate: bool


@dataclass(frozen=True, slots=True)
class StoredEvent:
    id: int
    route: str
    provider: str
    received_at: str
    body: bytes
    quarantined: bool
    reason: str | None


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # The timeout first: the other pragmas may already have to wait for another relay's write.
    connection.isolation_level = None  # transactions are begun explicitly, below
    cursor = connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    """Take SQLite's write lock when the transaction begins, so it waits for other writers
    instead of failing with "database is locked" when a read turns into a write."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_engine(url: str) -> Engine:
    """An engine on `url` set up as the relay's stores need it (the team server's shares it):
    SQLite in WAL with its write lock taken at BEGIN and owner-only files; PostgreSQL checked
    before each use. Nothing is connected yet."""
    is_sqlite = url.startswith("sqlite")
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}} if is_sqlite else {"pool_pre_ping": True}
    if not is_sqlite and "connect_timeout" not in url:  # a host that does not answer is an error, not a hang
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
    # Errors must not carry bodies or route tokens into logs.
    engine = create_engine(url, hide_parameters=True, **options)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        if engine.url.database and engine.url.database != ":memory:":  # route tokens and bodies: owner-only
            database = Path(engine.url.database)
            event.listen(engine, "connect", lambda _connection, _record: restrict_sqlite_files(database))
        event.listen(engine, "begin", _begin_immediate)
    return engine


class RelayStore:
    """Blocking calls: run them off the event loop (the relay uses worker threads)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> RelayStore:
        """Connect and create the tables when missing (`sqlite:///…` or `postgresql+psycopg://…`)."""
        return cls.on(open_engine(url))

    @classmethod
    def on(cls, engine: Engine) -> RelayStore:
        """On an engine opened by `open_engine` (the team server shares one), creating the tables when missing."""
        store = cls(engine)
        for attempt in range(CREATE_ATTEMPTS):
            try:
                store._create()
                break
            except DBAPIError:  # SQLite: another process is creating the tables at this moment
                if attempt == CREATE_ATTEMPTS - 1:
                    engine.dispose()
                    raise
                time.sleep(0.1)
        return store

    def _create(self) -> None:
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # relay processes starting together create once
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
            metadata.create_all(connection)
            counter = select(relay_counter.c.value).where(relay_counter.c.name == EVENT_COUNTER)
            if connection.execute(counter).first() is None:
                connection.execute(insert(relay_counter).values(name=EVENT_COUNTER, value=0))

    def close(self) -> None:
        self.engine.dispose()

    def add_route(self, token: str, provider: str, label: str, check: tuple[bytes, bytes] | None = None) -> Route:
        """A new route; `check` (sealed app secret, verify token digest) for a provider that signs."""
        if provider not in PROVIDERS:
            raise ValueError(f"Unknown provider '{provider}'; expected one of {', '.join(PROVIDERS)}.")
        route = Route(token, provider, label, utc_now())
        with self.engine.begin() as connection:
            connection.execute(
                insert(relay_route).values(token=token, provider=provider, label=label, created_at=route.created_at)
            )
            if check is not None:
                connection.execute(insert(relay_route_check).values(token=token, sealed_secret=check[0], verify_digest=check[1]))
        return route

    def set_route_check(self, token: str, check: tuple[bytes, bytes]) -> bool:
        """Replace a signed route's secrets (its app secret or verify token changed); False when
        there is no such route."""
        with self.engine.begin() as connection:
            if connection.execute(select(relay_route.c.token).where(relay_route.c.token == token)).first() is None:
                return False
            connection.execute(relay_route_check.delete().where(relay_route_check.c.token == token))
            connection.execute(insert(relay_route_check).values(token=token, sealed_secret=check[0], verify_digest=check[1]))
        return True

    def route_check(self, token: str) -> tuple[bytes, bytes] | None:
        """The sealed app secret and verify digest of a signed route; None for any other."""
        with self.engine.connect() as connection:
            row = connection.execute(select(relay_route_check).where(relay_route_check.c.token == token)).first()
        return None if row is None else (bytes(row.sealed_secret), bytes(row.verify_digest))

    def route(self, token: str) -> Route | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(relay_route).where(relay_route.c.token == token)).first()
        return None if row is None else Route(row.token, row.provider, row.label, row.created_at)

    def append(self, batch: Sequence[Incoming]) -> list[Stored]:
        """Store a batch in one transaction; each result lines up with its incoming callback."""
        keys = [(item.route, item.digest) for item in batch]
        with self.engine.begin() as connection:
            # The first statement writes, so the lock is taken before anything is read.
            last = connection.execute(
                update(relay_counter)
                .where(relay_counter.c.name == EVENT_COUNTER)
                .values(value=relay_counter.c.value + 0)
                .returning(relay_counter.c.value)
            ).scalar_one()
            known: dict[tuple[str, str], int] = {
                (row.route, row.digest): row.id
                for row in connection.execute(
                    # Both columns, so the (route, digest) index answers instead of a table scan.
                    select(relay_event.c.route, relay_event.c.digest, relay_event.c.id).where(
                        relay_event.c.route.in_(sorted({route for route, _ in keys})),
                        relay_event.c.digest.in_(sorted({digest for _, digest in keys})),
                    )
                )
            }
            results: list[Stored] = []
            rows: list[dict[str, Any]] = []
            for item, key in zip(batch, keys, strict=True):
                if key in known:
                    results.append(Stored(known[key], duplicate=True))
                    continue
                last += 1
                known[key] = last
                results.append(Stored(last, duplicate=False))
                rows.append(
                    {
                        "id": last,
                        "route": item.route,
                        "provider": item.provider,
                        "received_at": item.received_at,
                        "body": item.body,
                        "digest": key[1],
                        "quarantined": item.reason is not None,
                        "reason": item.reason,
                    }
                )
            if rows:
                connection.execute(insert(relay_event), rows)
                connection.execute(update(relay_counter).where(relay_counter.c.name == EVENT_COUNTER).values(value=last))
        return results

    def events(self, after: int, limit: int, max_bytes: int = PAGE_BYTES) -> list[StoredEvent]:
        """Events after `after` in id order: at most `limit`, and past the first, at most `max_bytes` of bodies."""
        query = select(relay_event).where(relay_event.c.id > after).order_by(relay_event.c.id).limit(limit)
        page: list[StoredEvent] = []
        size = 0
        with self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=100).execute(query):
                size += len(row.body)
                if page and size > max_bytes:
                    break
                page.append(
                    StoredEvent(row.id, row.route, row.provider, row.received_at, bytes(row.body), row.quarantined, row.reason)
                )
        return page

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            events = connection.execute(select(func.count()).select_from(relay_event)).scalar_one()
            quarantined = connection.execute(
                select(func.count()).select_from(relay_event).where(relay_event.c.quarantined.is_(True))
            ).scalar_one()
            routes = connection.execute(select(func.count()).select_from(relay_route)).scalar_one()
            last = connection.execute(select(relay_counter.c.value).where(relay_counter.c.name == EVENT_COUNTER)).scalar_one()
        return {"events": events, "quarantined": quarantined, "routes": routes, "last_id": last}
