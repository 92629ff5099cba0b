"""A conversation a colleague transferred keeps who passed it and the note they wrote with it,
so the console that receives it can show both; and contacts are found by number, as the team
server names a conversation: the inbox's "mine" and "unassigned" lists start from the few
held conversations and find each one's contact by its account and number, through the
(account, external id) index when the number is the provider's id, else through this
partial index of the contacts whose number is not (nearly none: an agenda sync does not
pay for it).

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
    op.execute("CREATE INDEX ix_contact_phone ON contact (account_id, phone) WHERE phone != external_id")


def downgrade() -> None:
    op.execute("DROP INDEX ix_contact_phone")
    with op.batch_alter_table("team_holder") as table:
        table.drop_column("note")
        table.drop_column("passed_by")
