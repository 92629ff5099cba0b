"""Quick replies shared through the team server keep the server's id, so an edit or a removal
another agent makes reaches the same reply here.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_quick_reply",
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["reply_id"], ["quick_reply.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("reply_id"),
        sa.UniqueConstraint("team_id"),
    )


def downgrade() -> None:
    op.drop_table("team_quick_reply")
