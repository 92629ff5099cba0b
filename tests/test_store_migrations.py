"""Schema changes go through migrations; an old database upgrades with its data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from console.domain.inbox import InboxFilter
from console.domain.messages import Direction
from console.services.inbox import WINDOW_PROVIDERS
from console.store import inbox, message_search, messages
from console.store.database import DATABASE_FILE, Database, make_engine
from console.store.inbox import InboxQuery
from console.store.migrations.runner import head_revision, newest_revision, upgrade_to
from console.store.types import utcnow

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


def test_existing_conversations_get_their_inbox_rows_and_existing_messages_are_searchable(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / DATABASE_FILE)
    upgrade_to(engine, "0008")
    template = '{"type": "TemplateContent", "name": "pedido_listo", "params": ["Lucía"]}'
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO account (id, name, provider, settings_json, sandbox, created_at) "
            "VALUES (1, 'old', 'broadcasterbot', '{}', 0, '2025-01-01 00:00:00.000000')",
            "INSERT INTO contact (id, account_id, external_id, phone, display_name, search_text, in_agenda, last_inbound_at) "
            "VALUES (1, 1, '5255', '5255', 'Lucía', 'lucia 5255', 1, '2025-01-02 10:00:00.000000'), "
            "(2, 1, '5256', '5256', '5256', '5256', 0, NULL)",
            "INSERT INTO conversation (id, account_id, contact_id, last_message_at, unread_count) "
            "VALUES (1, 1, 1, '2025-01-02 10:05:00.000000', 0), (2, 1, 2, '2025-01-01 09:00:00.000000', 0)",
            "INSERT INTO message (conversation_id, account_id, direction, kind, body, options_json, state, created_at, "
            "updated_at, poll_attempts) VALUES "
            "(1, 1, 'in', 'text', '¿Dónde está mi pedido?', '{}', 'delivered', '2025-01-02 10:00:00.000000', "
            "'2025-01-02 10:00:00.000000', 0), "
            f"(1, 1, 'out', 'template', '[pedido_listo] Lucía', '{template}', 'read', '2025-01-02 10:05:00.000000', "
            "'2025-01-02 10:05:00.000000', 0), "
            "(2, 1, 'in', 'text', 'Necesito la FACTURA', '{}', 'delivered', '2025-01-01 09:00:00.000000', "
            "'2025-01-01 09:00:00.000000', 0)",
        ):
            connection.execute(sa.text(statement))
    engine.dispose()

    database = Database.open(tmp_path)
    try:
        rows = database.call(inbox.page, InboxQuery(InboxFilter(), utcnow(), WINDOW_PROVIDERS), 0, 10)
        found = database.call(message_search.search, "donde esta").hits
        messages_before = database.call(message_search.search, "factura").hits
        database.call(messages.record_incoming, 1, 2, "Otra factura, por favor", "in-new", utcnow())
        messages_after = database.call(message_search.search, "factura").hits
    finally:
        database.close()
    assert [(row.contact_title, row.last_direction, row.preview, row.waiting) for row in rows] == [
        ("Lucía", Direction.OUTGOING, "pedido_listo", False),
        ("5256", Direction.INCOMING, "Necesito la FACTURA", True),
    ]
    assert rows[0].last_inbound_at == datetime(2025, 1, 2, 10, 0, tzinfo=UTC)
    assert [hit.snippet for hit in found] == ["¿Dónde está mi pedido?"]
    assert [hit.snippet for hit in messages_before] == ["Necesito la FACTURA"]
    assert [hit.snippet for hit in messages_after] == ["Otra factura, por favor", "Necesito la FACTURA"]


def test_a_timelinesai_chats_contact_takes_the_chats_label_as_its_number(tmp_path: Path) -> None:
    """So what is written from its conversation goes to the chat, as for contacts made since."""
    engine = make_engine(tmp_path / DATABASE_FILE)
    upgrade_to(engine, "0021")
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO account (id, name, provider, settings_json, sandbox, created_at) VALUES "
            "(1, 'tl', 'timelinesai', '{}', 0, '2025-01-01 00:00:00.000000'), "
            "(2, 'hn', 'heynow', '{}', 0, '2025-01-01 00:00:00.000000')",
            "INSERT INTO contact (id, account_id, external_id, phone, display_name, search_text, in_agenda) VALUES "
            "(1, 1, 'chat_id:77234', '77234', '77234', '77234', 0), "
            "(2, 1, 'chat_name:Ventas', 'Ventas', 'Ventas', 'ventas', 0), "
            "(3, 1, '59899123456', '59899123456', 'Lucía', 'lucia 59899123456', 1), "
            "(4, 2, 'chat_id:5', '5', '5', '5', 0)",
        ):
            connection.execute(sa.text(statement))
    engine.dispose()

    Database.open(tmp_path).close()
    engine = make_engine(tmp_path / DATABASE_FILE)
    try:
        with engine.connect() as connection:
            found = connection.execute(sa.text("SELECT id, phone, display_name FROM contact ORDER BY id")).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in found] == [
        (1, "chat_id:77234", "77234"),
        (2, "chat_name:Ventas", "Ventas"),
        (3, "59899123456", "Lucía"),
        (4, "5", "5"),  # not a TimelinesAI account: left as it was
    ]


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
