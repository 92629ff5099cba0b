"""One agenda page at the start and at the end of a large agenda: milliseconds per page.

    .venv/bin/python bench/agenda_pages.py [--contacts 100000] [--unnamed 0.3] [--repeat 20]

Builds a throwaway database (migrated like the console's) with one account, a share of
contacts without a name and some conversations with unread messages, then times
`page_contacts` (the agenda model's page query) unfiltered and filtered.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy.dialects.sqlite import insert

from console.domain.accounts import ProviderKind
from console.domain.contacts import AgendaEntry
from console.store import accounts, contacts
from console.store.contacts import UPSERT_BATCH
from console.store.database import Database
from console.store.tables import ConversationRow
from console.store.types import utcnow

PAGE = 200
FIRST_NAMES = ("Ana", "Bruno", "Carla", "Diego", "Elena", "Facundo", "Gabriela", "Hugo", "Inés", "Juan", "Lucía", "Martín")
LAST_NAMES = ("Pérez", "González", "Rodríguez", "Fernández", "López", "Martínez", "Silva", "Sosa", "Suárez", "Díaz")


def agenda(size: int, unnamed: float) -> list[AgendaEntry]:
    rng = random.Random(7)
    entries = []
    for n in range(size):
        phone = f"5989{n:07d}"
        name = phone if rng.random() < unnamed else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}"
        entries.append(AgendaEntry(phone, phone, name))
    return entries


def fill(database: Database, size: int, unnamed: float) -> int:
    account_id = database.call(accounts.add_account, "bench", ProviderKind.HEYNOW, {}).id
    entries = agenda(size, unnamed)
    for start in range(0, size, UPSERT_BATCH):
        database.call(contacts.upsert_agenda_batch, account_id, entries[start : start + UPSERT_BATCH], utcnow())

    def conversations(session) -> None:  # type: ignore[no-untyped-def]
        rows = [{"account_id": account_id, "contact_id": n, "unread_count": n % 4} for n in range(1, size + 1, 10)]
        session.connection().execute(insert(ConversationRow.__table__), rows)

    database.call(conversations)
    return account_id


def timed(database: Database, account_id: int, query: str, offset: int, repeat: int) -> tuple[float, int]:
    times = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(database.call(contacts.page_contacts, account_id, query, offset, PAGE))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--unnamed", type=float, default=0.3, help="share of contacts named after their number")
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(Path(folder))
        try:
            account_id = fill(database, options.contacts, options.unnamed)
            total = database.call(contacts.count_contacts, account_id)
            filtered = database.call(contacts.count_contacts, account_id, "martin")
            cases = (
                ("first page", "", 0),
                ("last page", "", max(total - PAGE, 0)),
                ("filtered, first page", "martin", 0),
                ("filtered, last page", "martin", max(filtered - PAGE, 0)),
            )
            print(f"{total} contacts ({options.unnamed:.0%} unnamed), pages of {PAGE}, median of {options.repeat}")
            for label, query, offset in cases:
                ms, rows = timed(database, account_id, query, offset, options.repeat)
                print(f"{label:22} offset {offset:>6}: {ms:6.1f} ms ({rows} rows)")
        finally:
            database.close()


if __name__ == "__main__":
    main()
