"""The window's embedded relay store (`relay.sqlite3` in the data folder) empty or damaged:
one sentence and a way out at start, never a silent new store that forgets its routes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from console.domain.storage import StorageProblem, WayOut
from console.relay.embedded import STORE_FILE
from console.ui.session import open_accounts_session
from console.ui.storage_recovery import open_with_ways_out
from tests.conftest import MemorySecrets, run_core
from tests.faults.conftest import Figures

DAMAGES: dict[str, Callable[[Path], None]] = {
    "empty": lambda path: path.write_bytes(b""),
    "zero-filled": lambda path: path.write_bytes(bytes(8192)),
    "not a database": lambda path: path.write_bytes(b"callbacks, perhaps\n" * 400),
}


def _open(data_dir: Path) -> None:
    async def scenario() -> None:
        session = await open_accounts_session(data_dir, secrets=MemorySecrets())
        await session.close()

    run_core(scenario())


@pytest.mark.parametrize("damage", DAMAGES)
def test_an_unusable_relay_store_is_one_sentence_with_a_way_out_and_stays_as_it_was(
    tmp_path: Path, damage: str, figures: Figures
) -> None:
    """A profile whose `relay.sqlite3` became empty, zero-filled or foreign: opening the window's
    session is refused with one sentence naming the file and offering a new relay store; the
    file is unchanged."""
    _open(tmp_path)  # the profile, with its relay store
    store = tmp_path / STORE_FILE
    DAMAGES[damage](store)
    before = store.read_bytes()
    with pytest.raises(StorageProblem) as refused:
        _open(tmp_path)
    sentence = str(refused.value)
    figures.record(damage=damage, sentence=sentence.replace(str(tmp_path), "<tmp>"), unchanged=store.read_bytes() == before)
    assert str(store) in sentence and "start a new relay store" in sentence and "\n" not in sentence
    assert refused.value.ways_out == (WayOut.NEW_RELAY_STORE,)
    assert store.read_bytes() == before
    assert not (tmp_path / (STORE_FILE + "-wal")).exists()


def test_a_new_relay_store_keeps_the_damaged_file_aside(tmp_path: Path, figures: Figures) -> None:
    """The way out taken: the damaged relay store is kept aside, a new one opens, and the
    console's own database was never touched by it."""
    store = tmp_path / STORE_FILE
    store.write_bytes(b"")
    offered: list[tuple[WayOut, ...]] = []

    async def choose(problem: StorageProblem) -> WayOut | None:
        offered.append(problem.ways_out)
        return WayOut.NEW_RELAY_STORE

    async def scenario() -> bool:
        session = await open_with_ways_out(
            lambda: open_accounts_session(tmp_path, secrets=MemorySecrets()), choose, tmp_path
        )
        assert session is not None
        try:
            return await session.relay.stored_events(0, 10) == []
        finally:
            await session.close()

    readable = run_core(scenario())
    kept = [path for path in tmp_path.iterdir() if path.name.startswith(STORE_FILE + ".set-aside-")]
    figures.record(ways_out_offered=[list(ways) for ways in offered], set_aside=len(kept), new_store_readable=readable)
    assert offered == [(WayOut.NEW_RELAY_STORE,)]
    assert len(kept) == 1 and kept[0].stat().st_size == 0
    assert readable and store.stat().st_size > 0
