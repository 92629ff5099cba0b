"""Quick replies: saved answers, for every account or one, with an optional media link.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quick_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("media_url", sa.String(), nullable=True),
        sa.Column("media_kind", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    # An expression index: one name per account, and one among the replies of every account.
    op.execute("CREATE UNIQUE INDEX ux_quick_reply_scope_name ON quick_reply (ifnull(account_id, 0), name)")


def downgrade() -> None:
    op.drop_table("quick_reply")
