"""Alembic migrations of the console database (batch mode, for SQLite)."""
