"""Schema changes go through migrations; an old database upgrades with its data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from console.store.database import DATABASE_FILE, Database, make_engine
from console.store.migrations.runner import head_revision, newest_revision, upgrade_to

SEARCH_INDEXES = ("contact_search", "message_search")


def test_a_database_from_the_first_schema_upgrades_with_its_data(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / DATABASE_FILE)
    upgrade_to(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO account (id, name, provider, settings_json, sandbox, created_at) "
                "VALUES (1, 'old', 'heynow', '{}', 0, '2025-01-01 00:00:00')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO contact (account_id, external_id, phone, display_name, search_text, in_agenda) "
                "VALUES (1, '59899123456', '59899123456', 'Lucía Pérez', 'lucia perez 59899123456', 1)"
            )
        )
    engine.dispose()

    database = Database.open(tmp_path)
    try:
        from console.store import contacts

        found = database.call(contacts.page_contacts, 1, "perez", 0, 10)
        with database.engine.connect() as connection:
            version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        database.close()
    assert [c.display_name for c in found] == ["Lucía Pérez"]
    assert version == head_revision()


def test_the_migrations_build_exactly_the_tables_the_code_declares(tmp_path: Path) -> None:
    database = Database.open(tmp_path)
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                # The FTS5 search indexes and their shadow tables are SQLite's, built by the migrations.
                opts={"include_name": lambda name, kind, _parent: not (kind == "table" and name.startswith(SEARCH_INDEXES))},
            )
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        database.close()
    assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    database = Database.open(tmp_path)
    try:
        with database.engine.connect() as connection:
            assert connection.execute(sa.text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert connection.execute(sa.text("PRAGMA foreign_keys")).scalar_one() == 1
            try:
                connection.execute(
                    sa.text(
                        "INSERT INTO contact (account_id, external_id, phone, display_name, search_text, in_agenda) "
                        "VALUES (999, 'x', 'x', 'x', 'x', 1)"
                    )
                )
            except sa.exc.IntegrityError:
                pass
            else:
                raise AssertionError("a contact of a missing account was accepted")
    finally:
        database.close()


def test_datetimes_come_back_in_utc(tmp_path: Path) -> None:
    from console.domain.accounts import ProviderKind
    from console.store import accounts

    database = Database.open(tmp_path)
    try:
        database.call(accounts.add_account, "a", ProviderKind.HEYNOW, {})
        from sqlmodel import select

        from console.store.tables import AccountRow

        created = database.call(lambda s: s.exec(select(AccountRow.created_at)).one())
    finally:
        database.close()
    assert created.tzinfo is UTC
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60


def test_the_newest_revision_file_is_alembics_head() -> None:
    """Start-up skips alembic when the database is at the newest file's revision."""
    assert newest_revision() == head_revision()
