"""The security suite reports its figures as the fault suite does (docs/RELIABILITY.md),
and every SQLite database a test left (the console's, the relay's) must pass its integrity check."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import Figures, integrity, pytest_sessionfinish  # noqa: F401  (writes the figures)


@pytest.fixture
def figures(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Figures]:
    doc = " ".join((request.function.__doc__ or "").split())
    entry = Figures(request.node.nodeid, doc)
    started = time.perf_counter()
    yield entry
    checks = {str(path.relative_to(tmp_path)): integrity(path) for path in sorted(tmp_path.rglob("*.sqlite3"))}
    entry.finish(time.perf_counter() - started, checks)
    assert set(checks.values()) <= {"ok"}, checks
