"""A presence lasts while its agent's console follows the change log: when each agent was last
seen following (`team_agent.following_ms`) and when each presence was last opened
(`team_presence.opened_ms`), both epoch milliseconds (`liveness`).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("team_agent", sa.Column("following_ms", sa.BigInteger, nullable=True))
    op.add_column("team_presence", sa.Column("opened_ms", sa.BigInteger, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("team_presence") as table:
        table.drop_column("opened_ms")
    with op.batch_alter_table("team_agent") as table:
        table.drop_column("following_ms")
