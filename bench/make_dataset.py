"""A data dir with a big cache: 100k contacts, 100k conversations and 1M messages, one conversation of 50k.

    .venv/bin/python bench/make_dataset.py [DATA_DIR] [--contacts 100000] [--messages 1000000] [--big 50000]
                                           [--conversations 100000] [--size small|big|huge] [--force]

DATA_DIR defaults to bench/data/big (ignored by git); `--size NAME` builds one of `SIZES`
in bench/data/NAME instead. A data dir is built once: its stamp (`dataset.json`: the
generator's `VERSION`, the schema's newest revision and the sizes asked) is kept beside
the database, and a later call with the same stamp only reads it back (`--force` builds
anyway). The database is migrated like the console's, then filled with `executemany`
straight into its tables in a few big transactions, without a journal, with the tables'
indexes and the search indexes' triggers set aside meanwhile and put back as the
migrations wrote them (the search indexes rebuilt from the tables in one pass each), so
the schema is the console's newest exactly. A Hey Now account (pointing at a closed
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
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.inbox import ConversationStatus, preview_of
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind
from console.domain.text_search import fold, searchable
from console.store import accounts
from console.store.database import DATABASE_FILE, Database
from console.store.migrations.runner import newest_revision

DATA = Path(__file__).parent / "data"
DEFAULT_DIR = DATA / "big"
STAMP = "dataset.json"
VERSION = 2  # raise it whenever the rows built change: every cached data dir is built again
FIRST_NAMES = ("Ana", "Bruno", "Carla", "Diego", "Elena", "Facundo", "Gabriela", "Hugo", "Inés", "Juan", "Lucía", "Martín")
LAST_NAMES = ("Pérez", "González", "Rodríguez", "Fernández", "López", "Martínez", "Silva", "Sosa", "Suárez", "Díaz")
WORDS = ("hola", "pedido", "envío", "mañana", "gracias", "factura", "horario", "dirección", "retiro")
WORDS += ("cambio", "talle", "precio", "stock", "cuota")
# Now and then, words few messages have: what a search for something rare finds.
ENGLISH = ("where is my order", "thanks a lot", "can I get an invoice", "my package arrived damaged")
RARE = ("reembolso", "garantía", "devolución")
CHUNK = 200_000
BIG_NAME = "Abril Acosta"  # sorts first among the named contacts
WINDOW_SHARE = 10  # one conversation in this many is on the Broadcasterbot account
LABELS = {"VIP": 50, "Mayorista": 37}  # the contacts of one conversation in this many have the label


@dataclass(frozen=True, slots=True)
class Size:
    """What one data dir holds."""

    contacts: int
    messages: int
    conversations: int
    big: int  # messages of the first contact's conversation


# The size table's rows (bench/sizes.py); "big" is the data dir every other benchmark uses.
SIZES = {
    "small": Size(contacts=10_000, messages=100_000, conversations=10_000, big=10_000),
    "big": Size(contacts=100_000, messages=1_000_000, conversations=100_000, big=50_000),
    "huge": Size(contacts=1_000_000, messages=5_000_000, conversations=500_000, big=50_000),
}
# The search indexes the migrations keep with triggers: rebuilt from their table after the load.
SEARCH_INDEXES = ("contact_search", "message_search")
LOADED_TABLES = ("contact", "contact_label", "conversation", "message")


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


FOLDED = {word: searchable(word) for word in (*WORDS, *ENGLISH, *RARE)}


def _body(rng: random.Random) -> tuple[str, str]:
    """A message's text and its `searchable` form (from the words' folded forms: folding
    each message took half the build)."""
    words = rng.choices(WORDS, k=rng.randint(3, 14))
    draw = rng.random()
    if draw < 0.02:
        words.append(rng.choice(ENGLISH))
    elif draw < 0.03:
        words.append(f"MX-{rng.randrange(100_000):05d}")
    elif draw < 0.031:
        words.append(rng.choice(RARE))
    return " ".join(words).capitalize(), " ".join(FOLDED.get(word) or word.lower() for word in words)


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
        body, search_text = _body(rng)
        at = _stamp(moment)
        direction = Direction.INCOMING if incoming else Direction.OUTGOING
        state = DeliveryState.DELIVERED if incoming else DeliveryState.READ
        raw = None if incoming else "LU"
        provider_id = f"bench-{conversation.id}-{n}"
        kind = MessageKind.TEXT.value
        rows.append((conversation.id, conversation.account_id, direction.value, kind, body, search_text, "{}"))
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


def _set_aside(connection: sqlite3.Connection) -> list[str]:
    """Drop the loaded tables' own indexes and triggers (a bulk load then writes each b-tree
    once, in order, after it); their statements, as the migrations wrote them, to put back."""
    marks = ", ".join("?" * len(LOADED_TABLES))
    kept = connection.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY type, name",
        LOADED_TABLES,
    ).fetchall()
    for kind, name, _sql in kept:
        connection.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _kind, _name, sql in kept]


def _put_back(connection: sqlite3.Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.execute(statement)
    for index in SEARCH_INDEXES:  # external-content FTS5: read again from its table
        connection.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


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
    window_contacts = conversation_count // WINDOW_SHARE
    if conversation_count - window_contacts > contact_count:
        raise ValueError("more Hey Now conversations than contacts: give fewer conversations or more contacts")
    connection = sqlite3.connect(data_dir / DATABASE_FILE, isolation_level=None)
    # A build that fails is thrown away and made again: no journal, no waiting for the disk.
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA cache_size=-500000")  # 500 MB: the indexes are built in memory
    connection.execute("BEGIN")
    statements = _set_aside(connection)
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
    _put_back(connection, statements)
    connection.execute("COMMIT")
    tables = ("contact", "conversation", "message")
    counts_by_table = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
    connection.execute("PRAGMA journal_mode=WAL")  # as the console keeps it
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


def _stamp_of(size: Size) -> dict[str, object]:
    return {"version": VERSION, "schema": newest_revision(), "size": asdict(size)}


def ensure(data_dir: Path, size: Size, *, force: bool = False) -> dict[str, object]:
    """The data dir of `size` in `data_dir`: built unless its stamp says it already holds it.
    One built at an older schema is migrated as a user's database is (the console opening it),
    not built again: its rows are the same data."""
    stamp_file = data_dir / STAMP
    wanted = _stamp_of(size)
    if not force and stamp_file.exists() and (data_dir / DATABASE_FILE).exists():
        stamped = json.loads(stamp_file.read_text())
        same_data = all(stamped.get(key) == wanted[key] for key in wanted if key != "schema")
        if same_data and stamped.get("schema") != wanted["schema"]:
            Database.open(data_dir).close()  # migrates to the newest revision
            stamped["schema"] = wanted["schema"]
            stamp_file.write_text(json.dumps(stamped))
        if {key: stamped.get(key) for key in wanted} == wanted:
            return {**stamped["info"], "data_dir": str(data_dir)}
    info = build(data_dir, size.contacts, size.messages, size.big, size.conversations)
    stamp_file.write_text(json.dumps({**wanted, "info": info}))
    return info


def ensure_named(name: str, *, force: bool = False) -> dict[str, object]:
    """One of `SIZES`, in bench/data/NAME."""
    return ensure(DATA / name, SIZES[name], force=force)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), help="one of the size table's data dirs, in bench/data/SIZE")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=50_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--force", action="store_true", help="build even when the data dir's stamp matches")
    options = parser.parse_args()
    if options.size:
        size, data_dir = SIZES[options.size], options.data_dir or DATA / options.size
    else:
        size = Size(options.contacts, options.messages, options.conversations, options.big)
        data_dir = options.data_dir or DEFAULT_DIR
    started = time.perf_counter()
    info = ensure(data_dir, size, force=options.force)
    print(f"ready in {time.perf_counter() - started:.1f} s", flush=True)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
