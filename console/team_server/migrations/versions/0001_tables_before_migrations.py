"""The tables the server made before it had migrations: the relay's routes, events, signed
routes' secrets and event counter; the team's agents, change log, change counter, held
conversations and presence (its sending tables are 0002).

A database made by that code (every table, no version table), or by a standalone
`centralita relay` (the relay's tables only), already has some of them: those are kept as
they are and only the missing ones are created, so every such database ends at 0001 like a
new one. Frozen here: later changes are later migrations.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BEFORE_MIGRATIONS = sa.MetaData()

sa.Table(
    "relay_route",
    BEFORE_MIGRATIONS,
    sa.Column("token", sa.String(128), primary_key=True),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)
sa.Table(
    "relay_event",
    BEFORE_MIGRATIONS,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("route", sa.String(128), nullable=False),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("received_at", sa.String(32), nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("quarantined", sa.Boolean, nullable=False),
    sa.Column("reason", sa.String(500), nullable=True),
    sa.Index("relay_event_once", "route", "digest", unique=True),
)
sa.Table(
    "relay_route_check",
    BEFORE_MIGRATIONS,
    sa.Column("token", sa.String(128), primary_key=True),
    sa.Column("sealed_secret", sa.LargeBinary, nullable=False),
    sa.Column("verify_digest", sa.LargeBinary, nullable=False),
)
relay_counter = sa.Table(
    "relay_counter",
    BEFORE_MIGRATIONS,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)
sa.Table(
    "team_agent",
    BEFORE_MIGRATIONS,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("token_digest", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("last_seen_at", sa.String(32), nullable=True),
    sa.Column("revoked_at", sa.String(32), nullable=True),
)
sa.Table(
    "team_change",
    BEFORE_MIGRATIONS,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("agent", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("account", sa.String(200), nullable=False),
    sa.Column("customer", sa.String(64), nullable=False),
    sa.Column("details", sa.Text, nullable=False),
)
team_counter = sa.Table(
    "team_counter",
    BEFORE_MIGRATIONS,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)
sa.Table(
    "team_conversation",
    BEFORE_MIGRATIONS,
    sa.Column("account", sa.String(200), primary_key=True),
    sa.Column("customer", sa.String(64), primary_key=True),
    sa.Column("holder", sa.String(64), nullable=True),
    sa.Column("held_since", sa.String(32), nullable=True),
)
sa.Table(
    "team_presence",
    BEFORE_MIGRATIONS,
    sa.Column("account", sa.String(200), primary_key=True),
    sa.Column("customer", sa.String(64), primary_key=True),
    sa.Column("agent", sa.String(64), primary_key=True),
    sa.Column("expires_ms", sa.BigInteger, nullable=False),
    sa.Index("team_presence_expiry", "expires_ms"),
)

# The counter rows that hand out event and change ids in commit order.
COUNTERS = ((relay_counter, "event"), (team_counter, "change"))


def upgrade() -> None:
    bind = op.get_bind()
    BEFORE_MIGRATIONS.create_all(bind, checkfirst=True)
    for table, name in COUNTERS:
        if bind.execute(sa.select(table.c.value).where(table.c.name == name)).first() is None:
            bind.execute(sa.insert(table).values(name=name, value=0))


def downgrade() -> None:
    BEFORE_MIGRATIONS.drop_all(op.get_bind())
