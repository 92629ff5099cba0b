"""Template catalogues and bulk runs on the server: each account's catalogue as its provider
lists it, and the runs with their items (each item one of the server's outgoing messages).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_catalogue",
        sa.Column("account", sa.String(200), primary_key=True),
        sa.Column("templates", sa.Text, nullable=False),
        sa.Column("fetched_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "team_run",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("client_key", sa.String(36), nullable=False, unique=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("agent", sa.String(64), nullable=False),
        sa.Column("template", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("outcomes", sa.Text, nullable=False),
        sa.Column("cancelled_by", sa.String(64), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("team_run_status", "team_run", ["status"])
    op.create_table(
        "team_run_item",
        sa.Column("run_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("message_id", sa.BigInteger, nullable=False),
        sa.Column("cancelled", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("team_run_item")
    op.drop_index("team_run_status", "team_run")
    op.drop_table("team_run")
    op.drop_table("team_catalogue")
