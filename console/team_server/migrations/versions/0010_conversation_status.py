"""Whether a conversation is open or resolved, kept on the server so that a conversation one
agent resolves is resolved for every console (`conversation_status`).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("team_conversation", sa.Column("status", sa.String(16), nullable=False, server_default="open"))


def downgrade() -> None:
    with op.batch_alter_table("team_conversation") as table:
        table.drop_column("status")
