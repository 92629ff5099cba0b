"""A data dir with a big cache: 100k contacts, 100k conversations and 1M messages, one conversation of 50k.

    .venv/bin/python bench/make_dataset.py [DATA_DIR] [--contacts 100000] [--messages 1000000] [--big 50000]
                                           [--conversations 100000]

DATA_DIR defaults to bench/data/big (ignored by git). The database is migrated like the
console's, then filled with `executemany` straight into its tables (the search index by
its own triggers, as the console fills it). A Hey Now account (pointing at a closed
loopback port, so nothing leaves the machine) owns the agenda of `--contacts`; the first
named contact in the agenda's order has the big conversation. A Broadcasterbot account
(whose customers have a 24 h window) owns a tenth of the conversations, with contacts of
its own. Conversations look like a support team's year: last activity mostly in the last
weeks, the customer wrote last in about half, older ones mostly resolved, few unread; a
few contacts are labelled.
Prints the dataset's ids as JSON on the last line (what the benchmarks open).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.inbox import ConversationStatus, preview_of
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind
from console.domain.text_search import fold, searchable
from console.store import accounts
from console.store.database import DATABASE_FILE, Database

DEFAULT_DIR = Path(__file__).parent / "data" / "big"
FIRST_NAMES = ("Ana", "Bruno", "Carla", "Diego", "Elena", "Facundo", "Gabriela", "Hugo", "Inés", "Juan", "Lucía", "Martín")
LAST_NAMES = ("Pérez", "González", "Rodríguez", "Fernández", "López", "Martínez", "Silva", "Sosa", "Suárez", "Díaz")
WORDS = ("hola", "pedido", "envío", "mañana", "gracias", "factura", "horario", "dirección", "retiro")
WORDS += ("cambio", "talle", "precio", "stock", "cuota")
# Now and then, words few messages have: what a search for something rare finds.
ENGLISH = ("where is my order", "thanks a lot", "can I get an invoice", "my package arrived damaged")
RARE = ("reembolso", "garantía", "devolución")
CHUNK = 50_000
BIG_NAME = "Abril Acosta"  # sorts first among the named contacts
WINDOW_SHARE = 10  # one conversation in this many is on the Broadcasterbot account
LABELS = {"VIP": 50, "Mayorista": 37}  # the contacts of one conversation in this many have the label


def _stamp(moment: datetime) -> str:
    """How SQLAlchemy's DateTime stores naive UTC in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def contacts(account_id: int, size: int, rng: random.Random, prefix: str = "5989") -> list[tuple]:
    now = _stamp(datetime.now(UTC))
    rows = []
    for n in range(size):
        phone = f"{prefix}{n:07d}"
        if n == 0 and account_id == 1:
            name = BIG_NAME
        elif rng.random() < 0.3:
            name = phone
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}"
        rows.append((account_id, phone, phone, name, fold(f"{name} {phone}"), 1, now))
    return rows


def _body(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(3, 14))
    draw = rng.random()
    if draw < 0.02:
        words.append(rng.choice(ENGLISH))
    elif draw < 0.03:
        words.append(f"MX-{rng.randrange(100_000):05d}")
    elif draw < 0.031:
        words.append(rng.choice(RARE))
    return " ".join(words).capitalize()


@dataclass(slots=True)
class Conversation:
    id: int
    account_id: int
    contact_id: int
    last_at: datetime
    count: int


def conversation_messages(conversation: Conversation, rng: random.Random) -> tuple[list[tuple], tuple]:
    """Its messages, oldest first, ending at its last activity; and its row in the conversation table."""
    times = [conversation.last_at]
    for _ in range(conversation.count - 1):
        times.append(times[-1] - timedelta(minutes=rng.expovariate(1 / 120)))
    times.reverse()
    rows = []
    last_inbound = None
    trailing_incoming = 0
    for n, moment in enumerate(times):
        incoming = rng.random() < 0.45
        body = _body(rng)
        at = _stamp(moment)
        direction = Direction.INCOMING if incoming else Direction.OUTGOING
        state = DeliveryState.DELIVERED if incoming else DeliveryState.READ
        raw = None if incoming else "LU"
        provider_id = f"bench-{conversation.id}-{n}"
        kind = MessageKind.TEXT.value
        rows.append((conversation.id, conversation.account_id, direction.value, kind, body, searchable(body), "{}"))
        rows[-1] += (state.value, raw, provider_id, at, at, 0)
        trailing_incoming = trailing_incoming + 1 if incoming else 0
        last_inbound = at if incoming else last_inbound
    now = datetime.now(UTC)
    age = now - conversation.last_at
    resolved = age > timedelta(days=2) and rng.random() < 0.85
    unread = 0
    if trailing_incoming and not resolved and (age < timedelta(days=3) or rng.random() < 0.05):
        unread = trailing_incoming
    status = ConversationStatus.RESOLVED if resolved else ConversationStatus.OPEN
    last = rows[-1]
    preview = preview_of(MessageKind.TEXT, last[4], {})
    row = (conversation.id, conversation.account_id, conversation.contact_id, _stamp(conversation.last_at), unread)
    return rows, row + (status.value, last[2], last[3], preview, last_inbound)


def _message_counts(total: int, conversations: int, rng: random.Random) -> list[int]:
    """How many messages each conversation has: most a few, some many; `total` in all."""
    mean = total / conversations
    counts = [max(1, round(rng.expovariate(1 / mean))) for _ in range(conversations)]
    difference = total - sum(counts)
    while difference:
        index = rng.randrange(conversations)
        if difference > 0:
            counts[index] += 1
            difference -= 1
        elif counts[index] > 1:
            counts[index] -= 1
            difference += 1
    return counts


def build(
    data_dir: Path, contact_count: int, message_count: int, big: int, conversation_count: int = 100_000
) -> dict[str, object]:
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
    windowed = database.call(
        accounts.add_account, "Bench BB", ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9/api"}
    )
    database.close()
    rng = random.Random(11)
    connection = sqlite3.connect(data_dir / DATABASE_FILE)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    window_contacts = conversation_count // WINDOW_SHARE
    if conversation_count - window_contacts > contact_count:
        raise ValueError("more Hey Now conversations than contacts: give fewer conversations or more contacts")
    with connection:
        insert = (
            "INSERT INTO contact (account_id, external_id, phone, display_name, search_text, in_agenda, synced_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        connection.executemany(insert, contacts(account.id, contact_count, rng))
        connection.executemany(insert, contacts(windowed.id, window_contacts, rng, prefix="52551"))  # Mexico City numbers
    # The big conversation with contact 1; the Hey Now agenda's next contacts, then every Broadcasterbot one.
    now = datetime.now(UTC)
    counts = [big, *_message_counts(message_count - big, conversation_count - 1, rng)]
    plan = []
    for n, count in enumerate(counts):
        on_window = n >= conversation_count - window_contacts
        contact_id = contact_count + 1 + n - (conversation_count - window_contacts) if on_window else n + 1
        last_at = now - timedelta(hours=1 if n == 0 else min(rng.expovariate(1 / (24 * 10)), 24 * 365))
        plan.append(Conversation(n + 1, windowed.id if on_window else account.id, contact_id, last_at, count))
    sql = (
        "INSERT INTO message (conversation_id, account_id, direction, kind, body, search_text, options_json, state, "
        "raw_state, provider_message_id, created_at, updated_at, poll_attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    conversation_sql = (
        "INSERT INTO conversation (id, account_id, contact_id, last_message_at, unread_count, status, last_direction, "
        "last_kind, preview, last_inbound_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    with connection:
        batch: list[tuple] = []
        summaries: list[tuple] = []
        for conversation in plan:
            rows, summary = conversation_messages(conversation, rng)
            batch.extend(rows)
            summaries.append(summary)
            if len(batch) >= CHUNK:
                connection.executemany(conversation_sql, summaries)
                connection.executemany(sql, batch)
                batch.clear()
                summaries.clear()
        connection.executemany(conversation_sql, summaries)
        connection.executemany(sql, batch)
        labelled = [(c.contact_id, label) for c in plan for label, every in LABELS.items() if c.id % every == 0]
        connection.executemany("INSERT INTO contact_label (contact_id, label) VALUES (?, ?)", labelled)
    tables = ("contact", "conversation", "message")
    counts_by_table = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return {
        "data_dir": str(data_dir),
        "account_id": account.id,
        "window_account_id": windowed.id,
        "big_contact_id": 1,
        "big_conversation_id": 1,
        "contacts": counts_by_table["contact"],
        "conversations": counts_by_table["conversation"],
        "messages": counts_by_table["message"],
        "big_messages": big,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=50_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    options = parser.parse_args()
    started = time.perf_counter()
    info = build(options.data_dir, options.contacts, options.messages, options.big, options.conversations)
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
