"""The daily backup, and the ways out of a damaged database: restore it, or start anew."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.sandbox.server import SandboxServer
from console.store.backups import BACKUPS_DIR, GENERATIONS, backup_due, backups, take_backup
from console.store.database import DATABASE_FILE, Database
from tests.conftest import open_workspace, run_core
from tests.faults.cli import add_timelinesai, centralita, one_clear_line, start
from tests.faults.conftest import Figures


def _accounts(data_dir: Path) -> list[str]:
    done = centralita(data_dir, "account", "list", "--json")
    assert done.returncode == 0, done.stderr
    return [account["name"] for account in json.loads(done.stdout)]


def test_a_damaged_database_is_restored_from_the_last_backup_keeping_the_damaged_file(
    tmp_path: Path, figures: Figures
) -> None:
    """A new profile is backed up after its first command (no backup existed); the database
    is then zero-filled: commands refuse it, `centralita database restore` puts the last
    backup back with the account in it, and the damaged file is kept beside it."""
    data_dir = tmp_path / "data"
    with SandboxServer() as server:
        add_timelinesai(data_dir, server)
    automatic = backups(data_dir)
    listed = centralita(data_dir, "database", "backups")
    database = data_dir / DATABASE_FILE
    damaged = bytes(database.stat().st_size)
    database.write_bytes(damaged)
    refused = one_clear_line(centralita(data_dir, "account", "list"))
    restored = centralita(data_dir, "database", "restore")
    accounts = _accounts(data_dir)
    kept = [path for path in data_dir.iterdir() if path.name.startswith(DATABASE_FILE + ".before-restore-")]
    figures.record(backups_after_first_command=len(automatic), restored_accounts=len(accounts))
    assert len(automatic) == 1 and automatic[0].name in listed.stdout
    assert "centralita database restore" in refused
    assert restored.returncode == 0 and "Restored the backup" in restored.stdout, restored.stderr
    assert accounts == ["tl"]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_set_aside_starts_a_new_profile_and_keeps_the_old_file(tmp_path: Path, figures: Figures) -> None:
    """`centralita database set-aside` on an empty (0-byte) database: the next command starts a
    new, empty profile and the old file is still there, renamed."""
    data_dir = tmp_path / "data"
    with SandboxServer() as server:
        add_timelinesai(data_dir, server)
    (data_dir / DATABASE_FILE).write_bytes(b"")
    one_clear_line(centralita(data_dir, "account", "list"))
    done = centralita(data_dir, "database", "set-aside")
    kept = [path for path in data_dir.iterdir() if path.name.startswith(DATABASE_FILE + ".set-aside-")]
    figures.record(kept_aside=len(kept))
    assert done.returncode == 0, done.stderr
    assert _accounts(data_dir) == []
    assert len(kept) == 1 and kept[0].stat().st_size == 0


def test_restore_is_refused_while_another_process_uses_the_store(tmp_path: Path, figures: Figures) -> None:
    """While another process has the store open, `centralita database restore` says so in
    one sentence and changes nothing."""
    data_dir = tmp_path / "data"
    with SandboxServer() as server:
        add_timelinesai(data_dir, server)
    before = (data_dir / DATABASE_FILE).read_bytes()
    database = Database.open(data_dir)
    try:
        line = one_clear_line(centralita(data_dir, "database", "restore"))
    finally:
        database.close()
    figures.record(sentence=line.replace(str(tmp_path), "<tmp>"))
    assert "Another Centralita process uses this data folder" in line
    assert (data_dir / DATABASE_FILE).read_bytes() == before


def test_the_window_backs_up_in_the_background_and_keeps_a_few_generations(tmp_path: Path, figures: Figures) -> None:
    """A started workspace (the window's) backs the database up in the background when none
    is a day old; backups taken on following days keep the newest few, each a sound copy."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()

    async def window() -> int:
        async with open_workspace(data_dir) as workspace:
            await workspace.start_background()
            for _ in range(200):
                if backups(data_dir):
                    break
                await asyncio.sleep(0.05)
            return len(backups(data_dir))

    taken_by_window = run_core(window())
    first = backups(data_dir)[0].taken_at
    days = [first + timedelta(days=n) for n in range(1, GENERATIONS + 3)]
    for day in days:
        assert backup_due(data_dir, day)
        take_backup(data_dir, day)
        assert not backup_due(data_dir, day + timedelta(hours=23))
    kept = backups(data_dir)
    modes = {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in (data_dir / BACKUPS_DIR, *(b.path for b in kept))}
    figures.record(taken_by_window=taken_by_window, generations_kept=len(kept), modes=sorted(set(modes.values())))
    assert set(modes.values()) <= {"0o600", "0o700"}, modes  # customers' messages: the user's alone
    assert taken_by_window == 1
    assert [b.taken_at for b in kept] == sorted(days, reverse=True)[:GENERATIONS]
    assert {path.suffix for path in (data_dir / BACKUPS_DIR).iterdir()} == {".sqlite3", ".lock"}  # no partial copy left
    assert datetime.now(UTC) - first < timedelta(minutes=5)


def test_processes_finishing_together_take_one_sound_backup(tmp_path: Path, figures: Figures) -> None:
    """Four commands finishing at once on a profile whose backup is due: one backup between
    them, sound, and no command prints a warning about it."""
    data_dir = tmp_path / "data"
    with SandboxServer() as server:
        add_timelinesai(data_dir, server)
    for backup in backups(data_dir):
        backup.path.unlink()
    processes = [start(data_dir, "account", "list") for _ in range(4)]
    results = [(process.wait(60), process.stderr.read() if process.stderr else "") for process in processes]
    for process in processes:
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    taken = backups(data_dir)
    figures.record(commands=len(processes), backups_taken=len(taken))
    assert results == [(0, "")] * len(processes), results
    assert len(taken) == 1
    connection = sqlite3.connect(f"file:{taken[0].path}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        connection.close()


def test_the_ways_out_answer_in_the_language_of_the_locale(tmp_path: Path) -> None:
    """What `centralita database` says is worded from its notice in the user's language."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    said = {}
    for locale in ("es_UY.UTF-8", "pt_BR.UTF-8", "C.UTF-8"):
        done = centralita(data_dir, "database", "restore", env={"LC_ALL": locale, "LANG": locale})
        assert done.returncode == 1, done.stderr
        said[locale] = one_clear_line(done)
    assert said["es_UY.UTF-8"].startswith("centralita: Todavía no hay copias de seguridad en ")
    assert said["pt_BR.UTF-8"].startswith("centralita: Ainda não há backups em ")
    assert said["C.UTF-8"].startswith("centralita: There is no backup yet in ")
