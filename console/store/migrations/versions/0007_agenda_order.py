"""The agenda lists named contacts first: an index in that order replaces the one by name.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain SQL: an expression index, and no batch copy of the table (it would lose the search triggers).
    op.execute("CREATE INDEX ix_contact_agenda_order ON contact (account_id, display_name = phone, display_name, phone)")
    op.execute("DROP INDEX ix_contact_account_name")


def downgrade() -> None:
    op.execute("CREATE INDEX ix_contact_account_name ON contact (account_id, display_name)")
    op.execute("DROP INDEX ix_contact_agenda_order")
