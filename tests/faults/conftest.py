"""The fault suite's fixtures: figures each test reports, and the database check after each test.

Every test records what it measured with `figures.record(...)`; the figures of the run
are written to `build/reliability/figures.json` (or `$CENTRALITA_RELIABILITY_FIGURES`),
from which `bench/reliability_report.py` writes docs/RELIABILITY.md.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from console.sandbox.server import SandboxServer
from console.store.database import DATABASE_FILE

ROOT = Path(__file__).resolve().parents[2]
FIGURES_ENV = "CENTRALITA_RELIABILITY_FIGURES"
DEFAULT_FIGURES = ROOT / "build" / "reliability" / "figures.json"

_collected: dict[str, dict[str, Any]] = {}


class Figures:
    """What one test measured, kept under its name in the run's figures."""

    def __init__(self, nodeid: str, doc: str) -> None:
        path, _, name = nodeid.partition("::")
        self._entry: dict[str, Any] = {"test": name, "file": path, "about": doc, "figures": {}}
        _collected[name] = self._entry

    def record(self, **values: Any) -> None:
        self._entry["figures"].update(values)

    def finish(self, seconds: float, databases: dict[str, str]) -> None:
        self._entry["seconds"] = round(seconds, 1)
        self._entry["integrity"] = databases


@pytest.fixture
def figures(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Figures]:
    """The test's figures; once it passed, every database under its tmp_path must pass
    `PRAGMA integrity_check` too, and the result is part of its figures."""
    doc = " ".join((request.function.__doc__ or "").split())
    entry = Figures(request.node.nodeid, doc)
    started = time.perf_counter()
    yield entry
    checks = {str(path.relative_to(tmp_path)): integrity(path) for path in sorted(tmp_path.rglob(DATABASE_FILE))}
    entry.finish(time.perf_counter() - started, checks)
    assert checks, "the test left no database to check"
    assert set(checks.values()) == {"ok"}, checks


def integrity(path: Path) -> str:
    """`PRAGMA integrity_check` of a database file, read-only."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _collected:
        return
    target = Path(os.environ.get(FIGURES_ENV) or DEFAULT_FIGURES)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Parallel workers each finish a session of their own: one at a time reads, merges and writes.
    with open(target.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        previous: dict[str, Any] = {}
        if target.exists():
            try:
                previous = json.loads(target.read_text(encoding="utf-8")).get("tests", {})
            except ValueError:
                previous = {}
        previous.update(_collected)  # a partial run keeps the figures of the tests it did not run
        report = {"written_at": time.strftime("%Y-%m-%d %H:%M:%S %z"), "tests": previous}
        target.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[tuple[Path, SandboxServer]]:
    """A data folder with one TimelinesAI account (its webhook URL in the encrypted secrets
    file), closed; and the sandbox it sends to."""
    from tests.faults.cli import add_timelinesai  # it imports this module

    data_dir = tmp_path / "data"
    with SandboxServer() as server:
        add_timelinesai(data_dir, server)
        yield data_dir, server
