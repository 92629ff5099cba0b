"""What agents share: a note and labels on a conversation, and the team's quick replies.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_note",
        sa.Column("account", sa.String(200), primary_key=True),
        sa.Column("customer", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "team_label",
        sa.Column("account", sa.String(200), primary_key=True),
        sa.Column("customer", sa.String(64), primary_key=True),
        sa.Column("label_key", sa.String(120), primary_key=True),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "team_quick_reply",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("name_key", sa.String(180), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("media_url", sa.Text, nullable=True),
        sa.Column("media_kind", sa.String(16), nullable=True),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("team_quick_reply_scope_name", "team_quick_reply", ["account", "name_key"], unique=True)


def downgrade() -> None:
    op.drop_table("team_quick_reply")
    op.drop_table("team_label")
    op.drop_table("team_note")
