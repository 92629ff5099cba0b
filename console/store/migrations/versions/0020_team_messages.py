"""Team mode sends through the team server: the server's accounts are mirrored as local
account rows marked `team` (no secret, no provider address), and a message sent or learnt
through the server keeps the `client_key` the console made for it (a queued send is posted
again under it, never under another) and, once the server stored it, the server's id.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch would copy the tables (and their rows) for nothing.
    op.add_column("account", sa.Column("team", sa.Boolean(), nullable=False, server_default=sa.text("0")))
    op.add_column("message", sa.Column("client_key", sa.String(), nullable=True))
    op.add_column("message", sa.Column("team_message_id", sa.Integer(), nullable=True))
    op.execute("CREATE UNIQUE INDEX ux_message_client_key ON message (client_key) WHERE client_key IS NOT NULL")
    op.execute("CREATE INDEX ix_message_team_queue ON message (id) WHERE client_key IS NOT NULL AND team_message_id IS NULL")
    op.execute("CREATE UNIQUE INDEX ux_message_team_id ON message (team_message_id) WHERE team_message_id IS NOT NULL")


def downgrade() -> None:
    op.execute("DROP INDEX ux_message_team_id")
    op.execute("DROP INDEX ix_message_team_queue")
    op.execute("DROP INDEX ux_message_client_key")
    op.drop_column("message", "team_message_id")
    op.drop_column("message", "client_key")
    op.drop_column("account", "team")
