"""The agenda's bulk upsert keeps the search index in step with the contacts it stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from console.domain.accounts import ProviderKind
from console.domain.contacts import AgendaEntry
from console.store import accounts, contacts
from console.store.database import Database
from console.store.types import utcnow

NEEDLES = ("martin", "perez", "lopez", "ana sosa", "5989000", "00012", "renamed", "zzz")


def _entries(names: dict[int, str]) -> list[AgendaEntry]:
    return [AgendaEntry(f"5989000{n:04d}", f"5989000{n:04d}", name) for n, name in names.items()]


def _indexed(database: Database, needle: str) -> set[int]:
    """Contact ids the trigram index answers for `needle`."""

    def query(session):  # type: ignore[no-untyped-def]
        found = session.execute(
            text("SELECT rowid FROM contact_search WHERE contact_search MATCH :phrase"), {"phrase": f'"{needle}"'}
        )
        return {row[0] for row in found}

    return database.call(query)


def _scanned(database: Database, needle: str) -> set[int]:
    """The same question answered by reading every contact."""

    def query(session):  # type: ignore[no-untyped-def]
        found = session.execute(text("SELECT id FROM contact WHERE instr(search_text, :needle) > 0"), {"needle": needle})
        return {row[0] for row in found}

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
    batch = _entries(second) + [AgendaEntry("59890000001", "59890000001", "Renamed Again")]
    database.call(contacts.upsert_agenda_batch, account_id, batch, utcnow())

    for needle in NEEDLES:
        assert _indexed(database, needle) == _scanned(database, needle), needle
    assert len(_scanned(database, "lopez")) == 59
    assert len(_scanned(database, "renamed")) == 21
    assert database.call(contacts.count_contacts, account_id, "martin") == len(_scanned(database, "martin"))
    # The per-row triggers are back for everything else that writes contacts.
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
    assert _indexed(database, "martin") == _scanned(database, "martin") == {1}
    assert _indexed(database, "ana sosa") == set()
    assert {"contact_search_insert", "contact_search_update"} <= _triggers(database)
    # A contact written the ordinary way is still indexed by the trigger.
    database.call(contacts.ensure_contact, account_id, "59891234567", "59891234567", "Hugo Díaz")
    assert _indexed(database, "hugo") == _scanned(database, "hugo") != set()
