"""A data dir with a big cache: 100k contacts and 1M messages, one conversation of 50k.

    .venv/bin/python bench/make_dataset.py [DATA_DIR] [--contacts 100000] [--messages 1000000] [--big 50000]

DATA_DIR defaults to bench/data/big (ignored by git). The database is migrated like the
console's, then filled with `executemany` straight into its tables. One Hey Now account
(pointing at a closed loopback port, so nothing leaves the machine) owns everything;
the first named contact in the agenda's order has the big conversation.
Prints the dataset's ids as JSON on the last line (what the benchmarks open).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind
from console.store import accounts
from console.domain.text_search import fold
from console.store.database import DATABASE_FILE, Database

DEFAULT_DIR = Path(__file__).parent / "data" / "big"
FIRST_NAMES = ("Ana", "Bruno", "Carla", "Diego", "Elena", "Facundo", "Gabriela", "Hugo", "Inés", "Juan", "Lucía", "Martín")
LAST_NAMES = ("Pérez", "González", "Rodríguez", "Fernández", "López", "Martínez", "Silva", "Sosa", "Suárez", "Díaz")
WORDS = ("hola", "pedido", "envío", "mañana", "gracias", "factura", "horario", "dirección", "retiro")
WORDS += ("cambio", "talle", "precio", "stock", "cuota")
CHUNK = 50_000
BIG_NAME = "Abril Acosta"  # sorts first among the named contacts


def _stamp(moment: datetime) -> str:
    """How SQLAlchemy's DateTime stores naive UTC in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def contacts(size: int, rng: random.Random) -> list[tuple]:
    now = _stamp(datetime.now(UTC))
    rows = []
    for n in range(size):
        phone = f"5989{n:07d}"
        if n == 0:
            name = BIG_NAME
        elif rng.random() < 0.3:
            name = phone
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}"
        rows.append((1, phone, phone, name, fold(f"{name} {phone}"), 1, now))
    return rows


def message_rows(conversation_id: int, count: int, start: datetime, rng: random.Random) -> list[tuple]:
    rows = []
    for n in range(count):
        at = _stamp(start + timedelta(minutes=7 * n))
        outgoing = n % 3 != 0
        body = " ".join(rng.choices(WORDS, k=rng.randint(3, 14))).capitalize()
        state = DeliveryState.READ if outgoing else DeliveryState.DELIVERED
        raw = "LU" if outgoing else None
        provider_id = f"bench-{conversation_id}-{n}" if outgoing else None
        direction = Direction.OUTGOING if outgoing else Direction.INCOMING
        rows.append(
            (conversation_id, 1, direction.value, MessageKind.TEXT.value, body, "{}", state.value, raw, provider_id, at, at, 0)
        )
    return rows


def build(data_dir: Path, contact_count: int, message_count: int, big: int) -> dict[str, object]:
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    database = Database.open(data_dir)  # migrations, exactly as the console runs them
    settings = {
        "base_url": "http://127.0.0.1:9/api",  # discard port: unreachable, never leaves the machine
        "username": "bench",
        "platform_id": "59899000001",
        "channel_id": 1,
        "default_region": "UY",
    }
    account = database.call(accounts.add_account, "Bench", ProviderKind.HEYNOW, settings)
    database.close()
    rng = random.Random(11)
    connection = sqlite3.connect(data_dir / DATABASE_FILE)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    with connection:
        connection.executemany(
            "INSERT INTO contact (account_id, external_id, phone, display_name, search_text, in_agenda, synced_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            contacts(contact_count, rng),
        )
    # The big conversation with contact 1, then conversations of ~50 messages with every 5th contact.
    rest = message_count - big
    per = 50
    others = max(rest // per, 0)
    contact_ids = [1] + [2 + 5 * n for n in range(others)]
    with connection:
        connection.executemany(
            "INSERT INTO conversation (id, account_id, contact_id, unread_count) VALUES (?, 1, ?, ?)",
            [(n + 1, contact_id, n % 3) for n, contact_id in enumerate(contact_ids)],
        )
    start = datetime(2024, 1, 1, tzinfo=UTC)
    sql = (
        "INSERT INTO message (conversation_id, account_id, direction, kind, body, options_json, state, raw_state, "
        "provider_message_id, created_at, updated_at, poll_attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    with connection:
        for offset in range(0, big, CHUNK):
            rows = message_rows(1, min(CHUNK, big - offset), start + timedelta(minutes=7 * offset), rng)
            connection.executemany(sql, rows)
        batch: list[tuple] = []
        for conversation_id in range(2, others + 2):
            batch.extend(message_rows(conversation_id, per, start + timedelta(days=conversation_id % 300), rng))
            if len(batch) >= CHUNK:
                connection.executemany(sql, batch)
                batch.clear()
        connection.executemany(sql, batch)
    counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("contact", "message")}
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return {
        "data_dir": str(data_dir),
        "account_id": account.id,
        "big_contact_id": 1,
        "big_conversation_id": 1,
        "contacts": counts["contact"],
        "messages": counts["message"],
        "big_messages": big,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=50_000)
    options = parser.parse_args()
    started = time.perf_counter()
    info = build(options.data_dir, options.contacts, options.messages, options.big)
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
