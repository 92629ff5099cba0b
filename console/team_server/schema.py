"""The team server's tables, beside the relay's in the same database.

Created on open like the relay's, on PostgreSQL under an advisory lock so server processes
starting together create them once. Schema upgrades (alembic on PostgreSQL) come with the
shared conversation tables; until then a table is only ever added, never changed.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Engine, Index, MetaData, String, Table, Text, insert, select, text

CHANGE_COUNTER = "change"
SCHEMA_LOCK = 0x5445414D  # PostgreSQL advisory lock key held while creating the tables
NAME_LENGTH = 64
ACCOUNT_LENGTH = 200
CUSTOMER_LENGTH = 64

metadata = MetaData()

# An agent's token is kept only as its SHA-256: a database dump opens no console.
team_agent = Table(
    "team_agent",
    metadata,
    Column("name", String(NAME_LENGTH), primary_key=True),
    Column("token_digest", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("last_seen_at", String(32), nullable=True),
    Column("revoked_at", String(32), nullable=True),
)

# The ordered change log: ids in commit order (see `changes`), details as JSON text.
team_change = Table(
    "team_change",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("agent", String(NAME_LENGTH), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("account", String(ACCOUNT_LENGTH), nullable=False),
    Column("customer", String(CUSTOMER_LENGTH), nullable=False),
    Column("details", Text, nullable=False),
)

team_counter = Table(
    "team_counter",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Who holds a conversation (NULL: nobody); a conversation is (account name, customer address) for now.
team_conversation = Table(
    "team_conversation",
    metadata,
    Column("account", String(ACCOUNT_LENGTH), primary_key=True),
    Column("customer", String(CUSTOMER_LENGTH), primary_key=True),
    Column("holder", String(NAME_LENGTH), nullable=True),
    Column("held_since", String(32), nullable=True),
)

# Who has a conversation open: one row per agent, until `expires_ms` (epoch milliseconds).
team_presence = Table(
    "team_presence",
    metadata,
    Column("account", String(ACCOUNT_LENGTH), primary_key=True),
    Column("customer", String(CUSTOMER_LENGTH), primary_key=True),
    Column("agent", String(NAME_LENGTH), primary_key=True),
    Column("expires_ms", BigInteger, nullable=False),
    Index("team_presence_expiry", "expires_ms"),
)


def create(engine: Engine) -> None:
    """Create what is missing, once even when several processes start together."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        metadata.create_all(connection)
        counter = select(team_counter.c.value).where(team_counter.c.name == CHANGE_COUNTER)
        if connection.execute(counter).first() is None:
            connection.execute(insert(team_counter).values(name=CHANGE_COUNTER, value=0))
