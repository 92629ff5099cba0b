"""Conversations answered by a provider's bot (Chattigo paired with a Cloud API account)
keep who has them: the bot, nobody since the bot finished (waiting for an agent), or an
agent. Existing conversations have no bot.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("conversation", sa.Column("bot_handling", sa.String(), nullable=True))
    op.create_index(
        "ix_conversation_inbox_handed_over",
        "conversation",
        ["status", "last_message_at", "id"],
        sqlite_where=sa.text("bot_handling = 'handed_over'"),
    )


def downgrade() -> None:
    op.drop_index("ix_conversation_inbox_handed_over", "conversation")
    op.drop_column("conversation", "bot_handling")
