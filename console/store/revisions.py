"""The schema revisions this program knows, read from the migration files' names.

Kept apart from the migration runner so that reading the revision costs no SQLAlchemy or
alembic import (the window's first paint checks it with plain sqlite3)."""

from __future__ import annotations

from pathlib import Path

_VERSIONS = Path(__file__).parent / "migrations" / "versions"


def known_revisions() -> set[str]:
    """Every revision this program has, by file name (`0008_event_payloads.py` → "0008")."""
    return {path.name.split("_", 1)[0] for path in _VERSIONS.glob("[0-9]*_*.py")}


def newest_revision() -> str:
    """The newest revision: revisions are numbered in order, and a test checks this is alembic's own head."""
    return max(known_revisions())
