"""Agenda sync of a 100k-contact Hey Now agenda from the sandbox: download, parse, upsert.

    .venv/bin/python bench/agenda_sync.py [--contacts 100000] [--runs 3]

The sandbox serves in a process of its own. Each run syncs into a fresh data dir the way
the console does (`AgendaService.sync`). Then, on the rows that sync downloaded, the
store's upsert alone (`upsert_agenda_batch`, batch by batch, search index included) is
timed against its floor: raw `sqlite3.executemany` of the same upsert with the same rows
into a freshly migrated database whose search triggers are dropped (the table and its
b-tree indexes only, as `sqlite3` does it with nothing on top).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from figures import Figure, median, report
from sandbox_host import SandboxHost

from console.domain.accounts import ProviderKind
from console.domain.contacts import AgendaEntry
from console.providers.base import AgendaDownload
from console.sandbox.heynow import DEMO_PASSWORD, DEMO_PLATFORM, DEMO_USER
from console.services.workspace import Workspace
from console.store import accounts, contacts
from console.store.contacts import UPSERT_BATCH, search_text
from console.store.database import DATABASE_FILE, Database
from console.store.secrets import MemorySecrets

RAW_UPSERT = (
    "INSERT INTO contact (account_id, external_id, phone, display_name, first_name, last_name, search_text, in_agenda, "
    "synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (account_id, external_id) DO UPDATE SET "
    "phone = excluded.phone, display_name = excluded.display_name, first_name = excluded.first_name, "
    "last_name = excluded.last_name, search_text = excluded.search_text, in_agenda = 1, synced_at = excluded.synced_at"
)


async def sync_once(base_url: str, data_dir: Path) -> tuple[float, float, list[AgendaEntry]]:
    """(whole sync seconds, download + parse seconds, the entries)."""
    workspace = await Workspace.open(data_dir, MemorySecrets())
    try:
        account = await workspace.accounts.add_heynow(
            "bench", base_url=base_url, username=DEMO_USER, password=DEMO_PASSWORD, platform_id=DEMO_PLATFORM
        )
        client = await workspace.clients.get(account, AgendaDownload)
        await client.login()  # type: ignore[attr-defined]
        started = time.perf_counter()  # first: the sandbox serializes its agenda once, untimed below
        entries = (await client.agenda()).entries
        download = time.perf_counter() - started
        started = time.perf_counter()
        result = await workspace.agenda.sync(account)
        whole = time.perf_counter() - started
        assert result.listed == len(entries)
        return whole, download, entries
    finally:
        await workspace.close()


def fresh_database(folder: Path) -> tuple[Database, int]:
    database = Database.open(folder)
    account_id = database.call(accounts.add_account, "bench", ProviderKind.HEYNOW, {}).id
    return database, account_id


def store_upsert(folder: Path, entries: list[AgendaEntry]) -> float:
    database, account_id = fresh_database(folder)
    try:
        synced = datetime.now(UTC)
        started = time.perf_counter()
        for start in range(0, len(entries), UPSERT_BATCH):
            database.call(contacts.upsert_agenda_batch, account_id, entries[start : start + UPSERT_BATCH], synced)
        return time.perf_counter() - started
    finally:
        database.close()


def raw_upsert(folder: Path, entries: list[AgendaEntry]) -> float:
    database, account_id = fresh_database(folder)
    database.close()
    connection = sqlite3.connect(folder / DATABASE_FILE)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    for trigger in ("contact_search_insert", "contact_search_update", "contact_search_delete"):
        connection.execute(f"DROP TRIGGER {trigger}")
    connection.commit()
    synced = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    rows = [
        (account_id, e.external_id, e.phone, e.display_name, e.first_name, e.last_name, search_text(e), synced) for e in entries
    ]
    started = time.perf_counter()
    for start in range(0, len(rows), UPSERT_BATCH):
        with connection:
            connection.executemany(RAW_UPSERT, rows[start : start + UPSERT_BATCH])
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    wholes, downloads, stores, raws = [], [], [], []
    with SandboxHost(agenda=options.contacts) as host:
        for _ in range(options.runs):
            with tempfile.TemporaryDirectory() as folder:
                whole, download, entries = asyncio.run(sync_once(host.urls["heynow"], Path(folder)))
            wholes.append(whole)
            downloads.append(download)
    for _ in range(options.runs):
        with tempfile.TemporaryDirectory() as store_dir, tempfile.TemporaryDirectory() as raw_dir:
            stores.append(store_upsert(Path(store_dir), entries))
            raws.append(raw_upsert(Path(raw_dir), entries))
    count = len(entries)
    whole, store, raw = median(wholes), median(stores), median(raws)
    print(f"{count} contacts, median of {options.runs} runs; download + parse alone {median(downloads):.2f} s")
    report(Figure("agenda sync (download, parse, upsert)", whole, "s", "≤ 3 s", whole <= 3.0, note=f"{count} contacts"))
    store_rate, raw_rate = count / store, count / raw
    report(
        Figure(
            "agenda upsert alone (search index included)",
            store_rate,
            "rows/s",
            "≥ 0.7 × raw sqlite3.executemany",
            store_rate >= 0.7 * raw_rate,
            floor=raw_rate,
            ratio=store_rate / raw_rate,
            note=f"{store:.2f} s against {raw:.2f} s raw (table and b-tree indexes, no search index)",
        )
    )


if __name__ == "__main__":
    main()
