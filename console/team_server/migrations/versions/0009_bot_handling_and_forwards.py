"""A Chattigo bot answering through a Cloud API account on the server: who has each of the
connection's conversations (`team_bot_handling`) and the customers' messages to forward to the
bot (`team_bot_forward`).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_bot_handling",
        sa.Column("account", sa.String(200), primary_key=True),
        sa.Column("customer", sa.String(64), primary_key=True),
        sa.Column("handling", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "team_bot_forward",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("bot_account", sa.String(200), nullable=False),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("customer", sa.String(64), nullable=False),
        sa.Column("provider_message_id", sa.String(200), nullable=False),
        sa.Column("envelope", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_try_ms", sa.BigInteger, nullable=False),
        sa.Column("sender", sa.String(96), nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("team_bot_forward_once", "team_bot_forward", ["account", "provider_message_id"], unique=True)
    op.create_index("team_bot_forward_due", "team_bot_forward", ["state", "next_try_ms"])
    op.create_index("team_bot_forward_conversation", "team_bot_forward", ["account", "customer", "id"])


def downgrade() -> None:
    op.drop_table("team_bot_forward")
    op.drop_table("team_bot_handling")
