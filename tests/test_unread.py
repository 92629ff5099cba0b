"""Unread counts per contact, and the agenda's order: named contacts first, then numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex
from sqlmodel import Session

from console.domain.accounts import ProviderKind
from console.domain.contacts import AgendaEntry
from console.domain.phones import parse_phone
from console.services.topics import UnreadChanged
from console.store import accounts, contacts, messages
from console.store.database import Database
from console.store.tables import ContactRow
from console.store.types import utcnow
from tests.conftest import open_workspace, run_core

ORDER_INDEX = "ix_contact_agenda_order"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path)
    yield database
    database.close()


def _account(database: Database, name: str = "demo") -> int:
    return database.call(accounts.add_account, name, ProviderKind.HEYNOW, {}).id


def _store(database: Database, account_id: int, *people: tuple[str, str]) -> None:
    """Contacts as (phone, name); a name equal to the phone is a contact without a name."""
    entries = [AgendaEntry(phone, phone, name) for phone, name in people]
    database.call(contacts.upsert_agenda_batch, account_id, entries, utcnow())


def _receive(session: Session, account_id: int, phone: str, message_id: str) -> int:
    contact_id = contacts.ensure_contact(session, account_id, phone, phone)
    stored = messages.record_incoming(session, account_id, contact_id, "hola", message_id, utcnow())
    assert stored is not None
    return stored.conversation_id


def test_pages_carry_each_contacts_unread_count_until_the_conversation_is_read(database: Database) -> None:
    account_id = _account(database)
    other_account = _account(database, "other")
    _store(database, account_id, ("59899000001", "Ana"), ("59899000002", "Bruno"))
    _store(database, other_account, ("59899000001", "Ana"))
    conversation = database.call(_receive, account_id, "59899000001", "in-1")
    database.call(_receive, account_id, "59899000001", "in-2")
    database.call(_receive, other_account, "59899000001", "in-3")

    page = database.call(contacts.page_contacts, account_id, "", 0, 10)
    assert [(c.display_name, c.unread) for c in page] == [("Ana", 2), ("Bruno", 0)]
    filtered = database.call(contacts.page_contacts, account_id, "ana", 0, 10)
    assert [(c.display_name, c.unread) for c in filtered] == [("Ana", 2)]
    assert database.call(contacts.contact_in_conversation, conversation) == page[0]

    assert database.call(messages.mark_read, conversation) is True
    assert database.call(messages.mark_read, conversation) is False  # nothing left to clear
    after = database.call(contacts.page_contacts, account_id, "", 0, 10)
    assert [(c.display_name, c.unread) for c in after] == [("Ana", 0), ("Bruno", 0)]
    [elsewhere] = database.call(contacts.page_contacts, other_account, "", 0, 10)
    assert elsewhere.unread == 1  # the same person writing to another account is another conversation
    assert database.call(contacts.contact_by_id, page[0].id) == after[0]


def test_named_contacts_come_first_by_name_then_unnamed_by_number(database: Database) -> None:
    account_id = _account(database)
    _store(
        database,
        account_id,
        ("59899000030", "59899000030"),
        ("59899000010", "Zoe"),
        ("59899000020", "59899000020"),
        ("59899000040", "Ana"),
        ("59899000005", "Ana"),
        ("+59899000001", "+59899000001"),
    )
    page = database.call(contacts.page_contacts, account_id, "", 0, 10)
    assert [(c.display_name, c.phone) for c in page] == [
        ("Ana", "59899000005"),
        ("Ana", "59899000040"),
        ("Zoe", "59899000010"),
        ("+59899000001", "+59899000001"),
        ("59899000020", "59899000020"),
        ("59899000030", "59899000030"),
    ]
    pages = [database.call(contacts.page_contacts, account_id, "", offset, 2) for offset in (0, 2, 4)]
    assert [c for chunk in pages for c in chunk] == page
    assert [c.phone for c in database.call(contacts.page_contacts, account_id, "5989900000", 0, 10)] == [
        c.phone for c in page if "5989900000" in c.phone
    ]


def test_the_migrations_build_the_declared_order_index_and_pages_read_only_it(database: Database) -> None:
    declared = next(index for index in ContactRow.__table__.indexes if index.name == ORDER_INDEX)
    with database.engine.connect() as connection:
        built = connection.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"), {"name": ORDER_INDEX}
        ).scalar_one()
        old = connection.execute(sa.text("SELECT count(*) FROM sqlite_master WHERE name = 'ix_contact_account_name'"))
        assert old.scalar_one() == 0  # replaced, not kept alongside
    # The schema comparison skips expression indexes, so this one is compared here.
    assert built == str(CreateIndex(declared).compile(dialect=sqlite.dialect()))

    account_id = _account(database)
    _store(database, account_id, *((f"598990{n:05d}", f"Name {n}" if n % 2 else f"598990{n:05d}") for n in range(50)))

    def plan(session: Session) -> str:
        rows = session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM contact WHERE account_id = ? "
            "ORDER BY display_name = phone, display_name, phone, search_text, id LIMIT 10 OFFSET 20",  # as page_contacts orders
            (account_id,),
        )
        return " ".join(str(row[-1]) for row in rows)

    assert f"COVERING INDEX {ORDER_INDEX}" in database.call(plan)
    assert "TEMP B-TREE" not in database.call(plan)


def test_opening_a_conversation_clears_its_count_and_tells_the_agenda_once(tmp_path: Path) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "unused"}
            )
            changes: list[UnreadChanged] = []
            workspace.topics.unread_changed.subscribe(changes.append)
            sender = parse_phone("+59899123456")
            first = await workspace.inbound.record(account, sender, "hola", "in-1", utcnow())
            await workspace.inbound.record(account, sender, "¿hay alguien?", "in-2", utcnow())
            assert first is not None
            before = await workspace.conversations.contact(first.conversation_id)
            await workspace.conversations.mark_read(first.conversation_id)
            await workspace.conversations.mark_read(first.conversation_id)
            after = await workspace.agenda.conversation_contact(first.conversation_id)
            return before, after, changes

    before, after, changes = run_core(scenario())
    assert before is not None and before.unread == 2
    assert after is not None and after.unread == 0
    assert changes == [UnreadChanged(after.account_id, after.id, 0)]
