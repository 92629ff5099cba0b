"""The agenda's bulk upsert keeps the search index in step with the contacts it stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from console.domain.accounts import ProviderKind
from console.domain.contacts import AgendaEntry
from console.store import accounts, contacts
from console.store.database import Database
from console.store.fts import every_trigram
from console.store.types import utcnow

NEEDLES = ("martin", "perez", "lopez", "ana sosa", "5989000", "00012", "renamed", "twice", "zzz")


def _entries(names: dict[int, str]) -> list[AgendaEntry]:
    return [AgendaEntry(f"5989000{n:04d}", f"5989000{n:04d}", name) for n, name in names.items()]


def _trigrams(needle: str) -> list[str]:
    return [needle[start : start + 3] for start in range(len(needle) - 2)]


def _indexed(database: Database, needle: str) -> set[int]:
    """Contact ids the trigram index lists under every trigram of `needle`."""

    def query(session):  # type: ignore[no-untyped-def]
        found = session.execute(
            text("SELECT rowid FROM contact_search WHERE contact_search MATCH :trigrams"), {"trigrams": every_trigram(needle)}
        )
        return {row[0] for row in found}

    return database.call(query)


def _scanned(database: Database, needle: str) -> set[int]:
    """The same question answered by reading every contact."""

    def query(session):  # type: ignore[no-untyped-def]
        return {
            row_id
            for row_id, folded in session.execute(text("SELECT id, search_text FROM contact"))
            if all(trigram in folded for trigram in _trigrams(needle))
        }

    return database.call(query)


def _holding(database: Database, needle: str) -> set[int]:
    """Contacts whose text holds `needle` itself."""

    def query(session):  # type: ignore[no-untyped-def]
        found = session.execute(text("SELECT id FROM contact WHERE instr(search_text, :needle) > 0"), {"needle": needle})
        return {row[0] for row in found}

    return database.call(query)


def _consistent(database: Database) -> bool:
    """FTS5's own check of the index against the contacts' texts (it raises when they differ)."""

    def query(session):  # type: ignore[no-untyped-def]
        session.execute(text("INSERT INTO contact_search(contact_search, rank) VALUES ('integrity-check', 1)"))
        return True

    return database.call(query)


def _triggers(database: Database) -> set[str]:
    def query(session):  # type: ignore[no-untyped-def]
        return {row[0] for row in session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}

    return database.call(query)


@pytest.fixture
def database(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Database.open(tmp_path)
    yield opened
    opened.close()


def test_index_answers_exactly_what_the_table_holds_after_inserts_renames_and_repeats(database: Database) -> None:
    account_id = database.call(accounts.add_account, "a", ProviderKind.HEYNOW, {}).id
    first = {n: ("Martín Pérez" if n % 3 == 0 else "Ana Sosa" if n % 3 == 1 else f"5989000{n:04d}") for n in range(300)}
    database.call(contacts.upsert_agenda_batch, account_id, _entries(first), utcnow())
    # Renames (one listed twice), unchanged rows, new rows, all in one batch.
    second = {n: "Lucía López" for n in range(0, 60)} | {n: first[n] for n in range(60, 300)}
    second |= {n: "Renamed Twice" for n in range(300, 320)}
    # A known contact and a new one listed twice, under another name the second time.
    batch = _entries(second) + [AgendaEntry(f"5989000{n:04d}", f"5989000{n:04d}", "Listed Twice") for n in (1, 300)]
    database.call(contacts.upsert_agenda_batch, account_id, batch, utcnow())

    assert _consistent(database)
    for needle in NEEDLES:
        assert _indexed(database, needle) == _scanned(database, needle), needle
    assert len(_holding(database, "lopez")) == 59
    assert len(_holding(database, "renamed")) == 19
    assert len(_holding(database, "listed twice")) == 2
    assert database.call(contacts.count_contacts, account_id, "martin") == len(_holding(database, "martin"))
    # The per-row trigger is back for everything else that writes contacts.
    assert {"contact_search_insert", "contact_search_update", "contact_search_delete"} <= _triggers(database)


def test_a_failed_batch_leaves_rows_index_and_triggers_as_they_were(database: Database) -> None:
    account_id = database.call(accounts.add_account, "a", ProviderKind.HEYNOW, {}).id
    database.call(contacts.upsert_agenda_batch, account_id, _entries({1: "Martín Pérez"}), utcnow())

    def fails_midway(session):  # type: ignore[no-untyped-def]
        contacts.upsert_agenda_batch(session, account_id, _entries({1: "Ana Sosa", 2: "Ana Sosa"}), utcnow())
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        database.call(fails_midway)

    assert database.call(contacts.count_contacts, account_id) == 1
    assert _consistent(database)
    assert _indexed(database, "martin") == _scanned(database, "martin") == {1}
    assert _indexed(database, "ana sosa") == set()
    assert {"contact_search_insert", "contact_search_update"} <= _triggers(database)
    # A contact written the ordinary way is still indexed by the trigger.
    database.call(contacts.ensure_contact, account_id, "59891234567", "59891234567", "Hugo Díaz")
    assert _indexed(database, "hugo") == _scanned(database, "hugo") != set()
    assert _consistent(database)
