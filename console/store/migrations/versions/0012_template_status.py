"""Templates keep their provider's review status (the WhatsApp Cloud API's APPROVED, PENDING, REJECTED).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("template", sa.Column("status", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("template", "status")
