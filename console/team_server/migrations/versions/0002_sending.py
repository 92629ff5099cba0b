"""The server's sending: provider accounts (settings only, never secrets), outgoing messages
and the send workers' leases.

The code before migrations made these tables too (with `create_all`, on start), so like 0001
this revision creates only those missing: a database of that code ends at 0002 with its
accounts and messages kept. Frozen here: later changes are later migrations.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BEFORE_MIGRATIONS = sa.MetaData()

sa.Table(
    "team_account",
    BEFORE_MIGRATIONS,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("settings", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)
sa.Table(
    "team_message",
    BEFORE_MIGRATIONS,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("client_key", sa.String(36), nullable=False, unique=True),
    sa.Column("account", sa.String(200), nullable=False),
    sa.Column("customer", sa.String(64), nullable=False),
    sa.Column("agent", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_try_ms", sa.BigInteger, nullable=False),
    sa.Column("sender", sa.String(96), nullable=True),
    sa.Column("provider_message_id", sa.String(200), nullable=True),
    sa.Column("raw_state", sa.String(200), nullable=True),
    sa.Column("detail", sa.Text, nullable=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Index("team_message_due", "state", "next_try_ms"),
)
sa.Table(
    "team_worker",
    BEFORE_MIGRATIONS,
    sa.Column("name", sa.String(96), primary_key=True),
    sa.Column("started_at", sa.String(32), nullable=False),
    sa.Column("lease_until_ms", sa.BigInteger, nullable=False),
)


def upgrade() -> None:
    BEFORE_MIGRATIONS.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    BEFORE_MIGRATIONS.drop_all(op.get_bind())
