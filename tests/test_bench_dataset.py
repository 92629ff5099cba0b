"""The benchmarks' data dir: built fast with its indexes set aside, it must still be the
console's newest schema with every row searchable, and be built only once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from console.domain.text_search import searchable
from console.store import contacts, message_search
from console.store.database import DATABASE_FILE, Database, make_engine
from console.store.migrations.runner import current_revision, newest_revision

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def make_dataset() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_dataset", BENCH / "make_dataset.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_dataset", module)
    spec.loader.exec_module(module)
    return module


def _rows(data_dir: Path, sql: str) -> list[tuple]:
    data_dir.mkdir(exist_ok=True)
    database = Database.open(data_dir)
    try:
        return database.call(lambda session: session.connection().exec_driver_sql(sql).all())
    finally:
        database.close()


def test_a_tiny_dataset_is_the_newest_schema_with_its_counts_and_search(make_dataset: ModuleType, tmp_path: Path) -> None:
    size = make_dataset.Size(contacts=200, messages=2_000, conversations=100, big=300)
    info = make_dataset.ensure(tmp_path, size)

    engine = make_engine(tmp_path / DATABASE_FILE)
    assert current_revision(engine) == newest_revision()  # opening it migrates nothing
    engine.dispose()
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    assert _rows(tmp_path, schema) == _rows(tmp_path / "migrated", schema)  # every index and trigger put back
    counts = _rows(
        tmp_path,
        "SELECT (SELECT count(*) FROM contact WHERE account_id = 1), (SELECT count(*) FROM contact), "
        "(SELECT count(*) FROM conversation), (SELECT count(*) FROM message), "
        "(SELECT count(*) FROM message WHERE conversation_id = 1)",
    )[0]
    assert counts == (200, 210, 100, 2_000, 300)  # a tenth of the conversations bring contacts of their own
    assert (info["contacts"], info["conversations"], info["messages"]) == (210, 100, 2_000)
    bodies = _rows(tmp_path, "SELECT body, search_text FROM message")
    assert all(folded == searchable(body) for body, folded in bodies)
    # The search indexes, rebuilt after the load, find what the tables hold, and keep up with new rows.
    holding = sum("factura" in folded for _body, folded in bodies)
    database = Database.open(tmp_path)
    try:
        found = database.call(message_search.search, "factura", limit=10_000, candidates=10_000)
        assert len(found.hits) == holding > 0
        assert database.call(contacts.count_contacts, 1, "abril acosta") == 1  # through the contacts' trigram index
    finally:
        database.close()


def test_a_dataset_is_built_once_then_again_when_its_size_changes(make_dataset: ModuleType, tmp_path: Path) -> None:
    size = make_dataset.Size(contacts=50, messages=200, conversations=20, big=20)
    make_dataset.ensure(tmp_path, size)
    built = (tmp_path / DATABASE_FILE).stat().st_ino, (tmp_path / DATABASE_FILE).stat().st_mtime_ns

    make_dataset.ensure(tmp_path, size)
    assert ((tmp_path / DATABASE_FILE).stat().st_ino, (tmp_path / DATABASE_FILE).stat().st_mtime_ns) == built

    info = make_dataset.ensure(tmp_path, make_dataset.Size(contacts=50, messages=300, conversations=20, big=20))
    assert info["messages"] == 300
