"""How cost grows with the data: the size table of docs/PERFORMANCE.md.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/sizes.py [--quick] [--sizes small,big,huge]

For each data dir of `make_dataset.SIZES` (built once and kept, see `make_dataset.ensure`),
a process of its own measures, with the other benchmarks' own functions:
- start: cold start to the interactive window (`cold_start.measure`), beside an empty
  QMainWindow started in the same run, and the console's peak resident memory (VmHWM);
- the worst filter keystroke: the slowest prefix's median, typed into the agenda pane
  (`agenda_filter.measure`);
- inbox open: count + first page of 50 under the slowest of the inbox's filters
  (`inbox.list_times`);
- message search: the slowest first page of 50 among the queries across every
  conversation (`inbox.search_times`).
Then the table says how much each figure grew from the smallest to the largest data dir,
beside how much the data it reads grew, and marks a figure that grew faster.
`--quick` measures the two smaller data dirs, each figure once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from figures import median
from make_dataset import DATA, SIZES, Size, ensure_named

HERE = Path(__file__).parent
LINE = "SIZE "  # the child's answer, one JSON line
QUICK = ("small", "big")
RUNS, REPEAT = 3, 3  # cold starts per data dir; repeats of each typed text and query
FLAT = 1.5  # a figure that grew less than this is flat: an index answers it

# figure key → (the table's words, unit, the data it reads: a `Size` field)
FIGURES: dict[str, tuple[str, str, str]] = {
    "painted_s": ("cold start to the cached window painted", "s", "messages"),
    "start_s": ("cold start to interactive", "s", "messages"),
    "peak_mb": ("memory at start (VmHWM)", "MB", "messages"),
    "filter_ms": ("worst filter keystroke (agenda)", "ms", "contacts"),
    "inbox_ms": ("inbox open: count + first page, slowest filter", "ms", "conversations"),
    "search_ms": ("message search: first page, slowest query", "ms", "messages"),
}


@dataclass(frozen=True, slots=True)
class Measured:
    """One data dir's figures (medians) and what came with them."""

    name: str
    size: Size
    database_mb: float
    painted_s: float
    start_s: float
    empty_s: float
    peak_mb: float
    filter_ms: float
    filter_prefix: str
    filter_cleared_ms: float
    filter_cpu_ms: float
    inbox_ms: float
    inbox_filter: str
    inbox_floor_ms: float
    search_ms: float
    search_query: str
    search_floor_ms: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    seconds: float


def measure(name: str, runs: int, repeat: int) -> Measured:
    """Every figure of data dir `name` (run in a process of its own: see `measured`)."""
    import agenda_filter
    import cold_start
    import inbox

    from console.store.database import DATABASE_FILE, Database

    ensure_named(name)  # built before, by `measure_all`: a build is not part of the figures' time
    load_before, started = os.getloadavg(), time.monotonic()
    data_dir = DATA / name
    starts = cold_start.measure(data_dir, runs)
    database = Database.open(data_dir)
    try:
        inbox_floor, lists = inbox.list_times(database, repeat, shown=False)
        search_floor, searches = inbox.search_times(database, repeat, scoped=False, shown=False)
    finally:
        database.close()
    slow_filter = max(inbox.FILTERS, key=lists.__getitem__)
    slow_query = max(searches, key=searches.__getitem__)
    typing = agenda_filter.measure_in_window(data_dir, repeat, 0.1)
    prefix, keystroke = typing.slowest()
    return Measured(
        name=name,
        size=SIZES[name],
        database_mb=(data_dir / DATABASE_FILE).stat().st_size / 2**20,
        painted_s=median(starts.painted),
        start_s=median(starts.consoles),
        empty_s=median(starts.empties),
        peak_mb=median(starts.memory),
        filter_ms=keystroke,
        filter_prefix=prefix,
        filter_cleared_ms=median(typing.cleared),
        filter_cpu_ms=median(agenda_filter.CPU),
        inbox_ms=lists[slow_filter],
        inbox_filter=slow_filter,
        inbox_floor_ms=inbox_floor,
        search_ms=searches[slow_query],
        search_query=slow_query,
        search_floor_ms=search_floor,
        load_before=load_before,
        load_after=os.getloadavg(),
        seconds=time.monotonic() - started,
    )


def measured(name: str, runs: int, repeat: int) -> Measured:
    """`measure` in a new process: each data dir starts from a clean interpreter and memory."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, str(Path(__file__)), "--child", name, "--runs", str(runs), "--repeat", str(repeat)]
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    answers = [line[len(LINE) :] for line in finished.stdout.splitlines() if line.startswith(LINE)]
    if finished.returncode != 0 or not answers:
        raise RuntimeError(f"size {name} failed (exit {finished.returncode}):\n{finished.stderr[-3000:]}")
    found = json.loads(answers[-1])
    found["size"] = Size(**found["size"])
    found["load_before"], found["load_after"] = tuple(found["load_before"]), tuple(found["load_after"])
    return Measured(**found)


def _amount(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.3g} {unit}"


def _count(value: int) -> str:
    return f"{value // 1_000_000}M" if value >= 1_000_000 and value % 1_000_000 == 0 else f"{value // 1000}k"


def growth(rows: list[Measured], key: str) -> tuple[float, float]:
    """How much the figure `key` grew from the first row to the last, and its data."""
    axis = FIGURES[key][2]
    first, last = rows[0], rows[-1]
    return getattr(last, key) / getattr(first, key), getattr(last.size, axis) / getattr(first.size, axis)


def verdict(figure: float, data: float) -> str:
    if figure <= FLAT:
        return "flat"
    if figure <= data:
        return "not faster than the data"
    return "**faster than the data**"


def table(rows: list[Measured]) -> list[str]:
    """The size table in Markdown, with its notes."""
    heads = [f"{_count(row.size.contacts)} contacts, {_count(row.size.messages)} messages" for row in rows]
    lines = [
        "| figure | " + " | ".join(heads) + " | grew | its data grew | growth |",
        "|---|" + "---|" * len(rows) + "---|---|---|",
    ]
    for key, (title, unit, axis) in FIGURES.items():
        cells = [_amount(getattr(row, key), unit) for row in rows]
        if key in ("painted_s", "start_s"):
            cells = [f"{cell} ({getattr(row, key) / row.empty_s:.1f} × empty)" for cell, row in zip(cells, rows, strict=True)]
        figure, data = growth(rows, key)
        lines.append(f"| {title} | " + " | ".join(cells) + f" | ×{figure:.2f} | ×{data:.0f} ({axis}) | {verdict(figure, data)} |")
    lines += ["", "Each column, as measured:", ""]
    for row in rows:
        size = row.size
        lines.append(
            f"- **{row.name}** ({size.contacts:,} agenda contacts, {size.conversations:,} conversations, "
            f"{size.messages:,} messages, one conversation of {size.big:,}; database {row.database_mb:,.0f} MB): "
            f"empty QMainWindow {row.empty_s:.3g} s; slowest keystroke {row.filter_prefix!r} "
            f"(clearing the filter {row.filter_cleared_ms:.3g} ms, processor time per keystroke {row.filter_cpu_ms:.3g} ms); "
            f"slowest inbox filter {row.inbox_filter} (plain count + page {row.inbox_floor_ms:.3g} ms); "
            f"slowest query {row.search_query!r} (plain newest 50 {row.search_floor_ms:.3g} ms); "
            f"load {' '.join(f'{x:.2f}' for x in row.load_before)} before, "
            f"{' '.join(f'{x:.2f}' for x in row.load_after)} after; {row.seconds:.0f} s"
        )
    return lines


def measure_all(names: tuple[str, ...], runs: int, repeat: int) -> list[Measured]:
    rows = []
    for name in names:
        print(f"== size {name}", flush=True)
        ensure_named(name)
        rows.append(measured(name, runs, repeat))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the two smaller data dirs, each figure once")
    parser.add_argument("--sizes", help="comma-separated names of make_dataset.SIZES (default: all)")
    parser.add_argument("--runs", type=int, help=f"cold starts per data dir (default {RUNS}, 1 with --quick)")
    parser.add_argument("--repeat", type=int, help=f"repeats of each typed text and query (default {REPEAT}, 1 with --quick)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    runs = options.runs or (1 if options.quick else RUNS)
    repeat = options.repeat or (1 if options.quick else REPEAT)
    if options.child:
        found = asdict(measure(options.child, runs, repeat))
        print(LINE + json.dumps(found), flush=True)
        return
    names = tuple(options.sizes.split(",")) if options.sizes else QUICK if options.quick else tuple(SIZES)
    print("\n".join(table(measure_all(names, runs, repeat))))


if __name__ == "__main__":
    main()
