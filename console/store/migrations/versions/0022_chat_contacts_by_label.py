"""A TimelinesAI chat's contact keeps the chat's label (`chat_id:77234`, `jid:…`, `chat_name:…`)
as its number, as contacts made from now on do: what is written from its conversation then goes
to the chat (its bare id was read as a phone number), and the team server names the conversation
alike. Its shown name stays the chat's id or name.

Revision ID: 0022
Revises: 0021
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_CHATS = (
    "account_id IN (SELECT id FROM account WHERE provider = 'timelinesai') AND ("
    "substr(external_id, 1, 8) = 'chat_id:' OR substr(external_id, 1, 4) = 'jid:' "
    "OR substr(external_id, 1, 10) = 'chat_name:')"
)


def upgrade() -> None:
    op.execute(f"UPDATE contact SET phone = external_id WHERE phone != external_id AND {_CHATS}")


def downgrade() -> None:
    bare_id = "substr(external_id, instr(external_id, ':') + 1)"
    op.execute(f"UPDATE contact SET phone = {bare_id} WHERE phone = external_id AND {_CHATS}")
