"""Every edit of a conversation's note kept (`team_note_edit`: who, when, the text; "" when
removed), the notes already there as their first edit; and the indexes that read one
conversation's messages a page at a time, newest first (`GET /team/messages`).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_note_edit",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("customer", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("agent", sa.String(64), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_index("team_note_edit_conversation", "team_note_edit", ["account", "customer", "id"])
    op.execute(
        "INSERT INTO team_note_edit (account, customer, text, agent, at) "
        "SELECT account, customer, text, updated_by, updated_at FROM team_note ORDER BY updated_at"
    )
    op.create_index("team_message_conversation", "team_message", ["account", "customer", "created_at"])
    op.create_index("team_inbound_conversation", "team_inbound", ["account", "customer", "received_at"])


def downgrade() -> None:
    op.drop_index("team_inbound_conversation", "team_inbound")
    op.drop_index("team_message_conversation", "team_message")
    op.drop_table("team_note_edit")
