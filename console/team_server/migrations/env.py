"""Runs inside the transaction `console.team_server.upgrade` opened and locked: alembic neither
begins nor commits one of its own."""

from alembic import context

from console.team_server.schema import MIGRATED_METADATA
from console.team_server.upgrade import VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=list(MIGRATED_METADATA),
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
