"""Agenda filter over 100k contacts, per keystroke: the count and the first page, as the model asks.

    .venv/bin/python bench/agenda_filter.py [DATA_DIR] [--repeat 15]

Uses the data dir of `make_dataset.py` (built when missing). Each keystroke of a few
typed filters is answered the way `AgendaModel` does it: `count_contacts`, then
`page_contacts` for the first page of 200, each in its own transaction through
`Database.call`. The figure is the slowest keystroke's median; the floor is the same
two queries for the empty filter (the agenda opening), so the ratio shows what typing adds.
See also `agenda_pages.py` (pages deep in the agenda).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from figures import Figure, median, report
from make_dataset import DEFAULT_DIR, build

from console.store import contacts
from console.store.database import DATABASE_FILE, Database

PAGE_SIZE = 200  # the agenda model's
TYPED = ("martin", "pérez lo", "0991", "+598 90", "abril", "zzzz")


def keystrokes(text: str) -> list[str]:
    return [text[: n + 1] for n in range(len(text))]


def answer(database: Database, account_id: int, query: str) -> float:
    started = time.perf_counter()
    rows = database.call(contacts.count_contacts, account_id, query)
    if rows:
        database.call(contacts.page_contacts, account_id, query, 0, PAGE_SIZE)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()
    if not (options.data_dir / DATABASE_FILE).exists():
        build(options.data_dir, 100_000, 1_000_000, 50_000)
    database = Database.open(options.data_dir)
    try:
        account_id = 1
        total = database.call(contacts.count_contacts, account_id)
        floor = median([answer(database, account_id, "") for _ in range(options.repeat)])
        worst = ("", 0.0)
        for text in TYPED:
            times = {
                query: median([answer(database, account_id, query) for _ in range(options.repeat)]) for query in keystrokes(text)
            }
            slowest = max(times, key=times.__getitem__)
            print(f"typing {text!r:12}: " + "  ".join(f"{ms:.1f}" for ms in times.values()) + " ms")
            if times[slowest] > worst[1]:
                worst = (slowest, times[slowest])
    finally:
        database.close()
    query, ms = worst
    report(
        Figure(
            "agenda filter, per keystroke (count + first page)",
            ms,
            "ms",
            "≤ 16 ms",
            ms <= 16.0,
            floor=floor,
            ratio=ms / floor if floor else None,
            note=f"slowest keystroke {query!r} over {total:,} contacts; floor: the unfiltered agenda",
        )
    )


if __name__ == "__main__":
    main()
