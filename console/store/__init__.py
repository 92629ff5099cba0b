"""Persistence: SQLModel tables, queries, migrations and secrets. No Qt, no HTTP."""
