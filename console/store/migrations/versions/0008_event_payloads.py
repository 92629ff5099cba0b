"""State events keep the provider's raw answer or callback body behind them (for disputes);
early statuses keep theirs until their message is known.

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
    op.add_column("state_event", sa.Column("payload", sa.Text(), nullable=True))
    op.add_column("early_status", sa.Column("payload", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("early_status", "payload")
    op.drop_column("state_event", "payload")
