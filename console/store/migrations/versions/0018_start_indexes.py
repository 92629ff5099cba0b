"""Indexes for what the console asks when it starts, so each answer costs what it finds and
not the cache's size (each read every message or conversation: 1.7 s, 3 s and 130 ms over
5M messages and 500k conversations, on the one database thread the first pages wait behind):
- the sends still pending (`messages.pending_sends`, `bot_answers.claim`): few, a partial index;
- an account's outgoing messages of a day by hour and state (`history.outgoing_by_hour`, the
  day chart): the outgoing ones by account and time, holding the state;
- the unread conversations' totals per account (`inbox.unread_totals`, the badges): from the
  unread ones alone (it read every conversation in the account's order: 130 ms over 500k).
Partial indexes: SQLite takes one when the values bound to a query meet its condition.

Revision ID: 0018
Revises: 0017
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_message_pending ON message (account_id, direction, send_owner) WHERE state = 'pending'")
    op.execute("CREATE INDEX ix_message_outgoing_day ON message (account_id, created_at, state) WHERE direction = 'out'")
    op.execute("CREATE INDEX ix_conversation_unread ON conversation (account_id, unread_count) WHERE unread_count > 0")


def downgrade() -> None:
    op.execute("DROP INDEX ix_conversation_unread")
    op.execute("DROP INDEX ix_message_outgoing_day")
    op.execute("DROP INDEX ix_message_pending")
