"""A conversation a colleague transferred keeps who passed it and the note they wrote with it,
so the console that receives it can show both.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("team_holder") as table:
        table.add_column(sa.Column("passed_by", sa.String(), nullable=True))
        table.add_column(sa.Column("note", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("team_holder") as table:
        table.drop_column("note")
        table.drop_column("passed_by")
