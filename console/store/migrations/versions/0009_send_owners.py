"""Sends remember the process that made them, so another process can tell a send still in
flight from one whose process died; each account's send turn lives in the store, so the
provider's spacing holds across processes.

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
    op.add_column("message", sa.Column("send_owner", sa.String(), nullable=True))
    op.create_table(
        "send_turn",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(), nullable=True),
        sa.Column("last_done", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id"),
    )


def downgrade() -> None:
    op.drop_table("send_turn")
    op.drop_column("message", "send_owner")
