"""Contacts remember when the provider confirmed their registration (Broadcasterbot's opt-in).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contact", sa.Column("registered_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    # Native DROP COLUMN: a batch copy of the table would lose the search triggers.
    op.drop_column("contact", "registered_at")
