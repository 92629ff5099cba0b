"""What providers' bots did on the server's accounts: their answers and their closing of chats
(`team_bot_event`), applied from the callbacks like the customers' messages.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_bot_event",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("customer", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("notice", sa.Text, nullable=True),
        sa.Column("relay_event_id", sa.BigInteger, nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
    )
    op.create_index("team_bot_event_account", "team_bot_event", ["account", "kind", "id"])


def downgrade() -> None:
    op.drop_table("team_bot_event")
