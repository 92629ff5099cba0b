"""Contacts keep a WhatsApp Cloud API customer's business-scoped user id, one contact per id.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contact", sa.Column("user_id", sa.String(), nullable=True))
    op.create_index("ux_contact_user_id", "contact", ["account_id", "user_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_contact_user_id", table_name="contact")
    op.drop_column("contact", "user_id")
