"""The inbox: conversations keep what their list row shows (status, the last message's
direction, kind and preview, the customer's last message); messages are searchable by
their text (FTS5 trigram over the body folded to lower case without accents); contacts
get a note and labels. Conversations get the index their contact's foreign key lacked.

Existing conversations take their row from their newest message, and every existing
message goes into the search index.

Revision ID: 0010
Revises: 0009
"""

import json

import sqlalchemy as sa
from alembic import op

from console.domain.inbox import preview_of
from console.domain.messages import MessageKind
from console.domain.text_search import searchable

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BATCH = 20_000


def upgrade() -> None:
    op.add_column("conversation", sa.Column("status", sa.String(), nullable=False, server_default="open"))
    op.add_column("conversation", sa.Column("last_direction", sa.String(), nullable=True))
    op.add_column("conversation", sa.Column("last_kind", sa.String(), nullable=True))
    op.add_column("conversation", sa.Column("preview", sa.String(), nullable=False, server_default=""))
    op.add_column("conversation", sa.Column("last_inbound_at", sa.DateTime(), nullable=True))
    op.add_column("message", sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.add_column("contact", sa.Column("note", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "contact_label",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", "label"),
    )
    op.create_index("ix_contact_label_label", "contact_label", ["label", "contact_id"])

    connection = op.get_bind()
    _fold_message_texts(connection)
    _fill_conversation_rows(connection)

    op.create_index("ix_conversation_inbox", "conversation", ["status", "last_message_at", "id"])
    op.create_index("ix_conversation_inbox_account", "conversation", ["account_id", "status", "last_message_at", "id"])
    op.create_index(
        "ix_conversation_inbox_unread",
        "conversation",
        ["status", "last_message_at", "id"],
        sqlite_where=sa.text("unread_count > 0"),
    )
    op.create_index(
        "ix_conversation_inbox_waiting",
        "conversation",
        ["status", "last_message_at", "id"],
        sqlite_where=sa.text("last_direction = 'in'"),
    )
    op.create_index("ix_conversation_window", "conversation", ["status", "last_inbound_at", "id"])
    op.create_index("ix_conversation_contact", "conversation", ["contact_id"])

    op.execute(
        "CREATE VIRTUAL TABLE message_search USING fts5(search_text, content='message', content_rowid='id', tokenize='trigram')"
    )
    op.execute("INSERT INTO message_search(message_search) VALUES ('rebuild')")
    op.execute(
        "CREATE TRIGGER message_search_insert AFTER INSERT ON message BEGIN "
        "INSERT INTO message_search(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER message_search_delete AFTER DELETE ON message BEGIN "
        "INSERT INTO message_search(message_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER message_search_update AFTER UPDATE OF search_text ON message "
        "WHEN old.search_text IS NOT new.search_text BEGIN "
        "INSERT INTO message_search(message_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO message_search(rowid, search_text) VALUES (new.id, new.search_text); END"
    )


def _fold_message_texts(connection: sa.Connection) -> None:
    last = 0
    while True:
        rows = connection.exec_driver_sql(
            "SELECT id, body FROM message WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH)
        ).all()
        if not rows:
            return
        connection.exec_driver_sql(
            "UPDATE message SET search_text = ? WHERE id = ?", [(searchable(body), message_id) for message_id, body in rows]
        )
        last = rows[-1][0]


def _fill_conversation_rows(connection: sa.Connection) -> None:
    """Each conversation's row from its newest message, and its contact's last inbound time."""
    connection.exec_driver_sql(
        "UPDATE conversation SET last_inbound_at = "
        "(SELECT last_inbound_at FROM contact WHERE contact.id = conversation.contact_id)"
    )
    newest = connection.exec_driver_sql(
        "SELECT m.conversation_id, m.direction, m.kind, m.body, m.options_json, "
        "(SELECT max(created_at) FROM message WHERE conversation_id = m.conversation_id) "
        "FROM message m JOIN (SELECT max(id) AS id FROM message GROUP BY conversation_id) last ON m.id = last.id"
    ).all()
    updates = []
    for conversation_id, direction, kind, body, options_json, last_at in newest:
        try:
            content = json.loads(options_json)
        except ValueError:
            content = {}
        preview = preview_of(MessageKind(kind), body, content if isinstance(content, dict) else {})
        updates.append((direction, kind, preview, last_at, conversation_id))
    if updates:
        connection.exec_driver_sql(
                "UPDATE conversation SET last_direction = ?, last_kind = ?, preview = ?, "
            "last_message_at = coalesce(last_message_at, ?) WHERE id = ?",
            updates,
        )


def downgrade() -> None:
    for trigger in ("message_search_insert", "message_search_delete", "message_search_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS message_search")
    for index in (
        "ix_conversation_contact",
        "ix_conversation_window",
        "ix_conversation_inbox_waiting",
        "ix_conversation_inbox_unread",
        "ix_conversation_inbox_account",
        "ix_conversation_inbox",
    ):
        op.drop_index(index, "conversation")
    op.drop_index("ix_contact_label_label", "contact_label")
    op.drop_table("contact_label")
    op.drop_column("contact", "note")
    op.drop_column("message", "search_text")
    for column in ("last_inbound_at", "preview", "last_kind", "last_direction", "status"):
        op.drop_column("conversation", column)
