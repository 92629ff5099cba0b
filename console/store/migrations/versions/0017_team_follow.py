"""A console that joined a team server keeps the server's address, its cursor in the change
log, and what it learnt from it: who has which conversation and who has it open.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(), nullable=False),
        sa.Column("agent", sa.String(), nullable=False),
        sa.Column("last_change_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "team_holder",
        sa.Column("account", sa.String(), nullable=False),
        sa.Column("customer", sa.String(), nullable=False),
        sa.Column("holder", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("account", "customer"),
    )
    op.create_table(
        "team_presence",
        sa.Column("account", sa.String(), nullable=False),
        sa.Column("customer", sa.String(), nullable=False),
        sa.Column("agent", sa.String(), nullable=False),
        sa.Column("expires_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("account", "customer", "agent"),
    )


def downgrade() -> None:
    op.drop_table("team_presence")
    op.drop_table("team_holder")
    op.drop_table("team_link")
