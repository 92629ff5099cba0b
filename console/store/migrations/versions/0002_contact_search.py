"""Contact search index: FTS5 trigram over the normalised name and phone.

A trigram index answers substring queries ("ndez", "0991") without scanning the
agenda; the triggers keep it in step with the contact table.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE contact_search USING fts5(search_text, content='contact', content_rowid='id', tokenize='trigram')"
    )
    op.execute("INSERT INTO contact_search(rowid, search_text) SELECT id, search_text FROM contact")
    op.execute(
        "CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN "
        "INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN "
        "INSERT INTO contact_search(contact_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER contact_search_update AFTER UPDATE OF search_text ON contact "
        "WHEN old.search_text IS NOT new.search_text BEGIN "
        "INSERT INTO contact_search(contact_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text); END"
    )


def downgrade() -> None:
    for trigger in ("contact_search_insert", "contact_search_delete", "contact_search_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS contact_search")
