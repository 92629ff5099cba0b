"""Delivery states and customers' messages on the server: each account's callback route, the
status polls' schedule on outgoing messages, statuses that arrived before their send's
answer, and the customers' messages.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite (one process) cannot add a unique column in place; PostgreSQL alters it.
    with op.batch_alter_table("team_account") as account:
        account.add_column(sa.Column("callback_route", sa.String(128), nullable=True))
        account.create_unique_constraint("team_account_callback_route_key", ["callback_route"])
    op.add_column("team_message", sa.Column("next_poll_ms", sa.BigInteger, nullable=True))
    op.add_column("team_message", sa.Column("poll_attempts", sa.Integer, nullable=True))
    op.create_index("team_message_provider_id", "team_message", ["account", "provider_message_id"])
    op.create_index("team_message_next_poll", "team_message", ["next_poll_ms"])
    op.create_table(
        "team_early_status",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("provider_message_id", sa.String(200), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("raw_state", sa.String(200), nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("received_at", sa.String(32), nullable=False),
    )
    op.create_index("team_early_status_message", "team_early_status", ["account", "provider_message_id"])
    op.create_table(
        "team_inbound",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("provider_message_id", sa.String(200), nullable=False),
        sa.Column("customer", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("relay_event_id", sa.BigInteger, nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
    )
    op.create_index("team_inbound_once", "team_inbound", ["account", "provider_message_id"], unique=True)


def downgrade() -> None:
    op.drop_table("team_inbound")
    op.drop_table("team_early_status")
    op.drop_index("team_message_next_poll", "team_message")
    op.drop_index("team_message_provider_id", "team_message")
    op.drop_column("team_message", "poll_attempts")
    op.drop_column("team_message", "next_poll_ms")
    with op.batch_alter_table("team_account") as account:
        account.drop_constraint("team_account_callback_route_key", type_="unique")
        account.drop_column("callback_route")
