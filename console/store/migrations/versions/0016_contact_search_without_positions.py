"""The contacts' trigram index keeps neither positions nor sizes (`detail=none, columnsize=0`).

Filling it was most of what storing an agenda costs beyond the table itself; without
positions it takes a third less. It can no longer match a phrase, so a filter asks it for
the contacts holding each of the needle's trigrams and compares their `search_text` with
the needle (`store/fts.every_trigram`): the same contacts as before.

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_CREATE = (
    "CREATE VIRTUAL TABLE contact_search USING fts5(search_text, content='contact', content_rowid='id', "
    "tokenize='trigram'{options})"
)


def upgrade() -> None:
    # The triggers on `contact` name the index by name: they go on feeding the new one.
    op.execute("DROP TABLE contact_search")
    op.execute(_CREATE.format(options=", detail=none, columnsize=0"))
    op.execute("INSERT INTO contact_search(contact_search) VALUES ('rebuild')")


def downgrade() -> None:
    op.execute("DROP TABLE contact_search")
    op.execute(_CREATE.format(options=""))
    op.execute("INSERT INTO contact_search(contact_search) VALUES ('rebuild')")
