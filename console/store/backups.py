"""Copies of the database taken with SQLite's online backup API, and putting one back.

A copy is consistent even while the console writes: SQLite copies the pages of one
snapshot. A few generations are kept in the data folder's `backups/`. Restoring or
starting a new profile never deletes anything: the current file is moved aside.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.domain.notices import Wording
from console.domain.storage import StorageProblem
from console.store.database import DATABASE_FILE
from console.store.file_locks import exclusive
from console.store.owners import OWNERS_DIR, live_owners

BACKUPS_DIR = "backups"
GENERATIONS = 5
EVERY = timedelta(days=1)
_PREFIX, _SUFFIX = "centralita-", ".sqlite3"
_STAMP = "%Y%m%d-%H%M%S"
_COMPANIONS = ("", "-wal", "-shm")  # SQLite's files of one database

CHECK_FAILED = Wording("backups.check_failed", "The backup of {path} failed SQLite's check ({check}); it was not kept.")
NOTHING_TO_MOVE = Wording("backups.nothing_to_move", "There is no database at {path} to move aside.")
IN_USE_BY_ANOTHER = Wording(
    "backups.in_use_by_another",
    "Another Centralita process uses this data folder: close the window and wait for commands to finish, "
    "then try again; nothing was changed.",
)
IN_USE = Wording(
    "backups.in_use",
    "{count} other Centralita process uses this data folder: close the window and wait for commands to finish, "
    "then try again; nothing was changed.",
    "{count} other Centralita processes use this data folder: close the window and wait for commands to finish, "
    "then try again; nothing was changed.",
    "count",
)


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: datetime
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def backups(data_dir: Path) -> list[Backup]:
    """The database's backups, newest first."""
    found = []
    for path in (data_dir / BACKUPS_DIR).glob(f"{_PREFIX}*{_SUFFIX}"):
        try:
            taken = datetime.strptime(path.name[len(_PREFIX) : -len(_SUFFIX)], _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue  # not one of ours
        found.append(Backup(path, taken, path.stat().st_size))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def backup_due(data_dir: Path, now: datetime) -> bool:
    if not (data_dir / DATABASE_FILE).exists():
        return False
    taken = backups(data_dir)
    return not taken or now - taken[0].taken_at >= EVERY


def take_backup_if_due(data_dir: Path, now: datetime) -> Backup | None:
    """`take_backup` when `backup_due`, decided under the backups' lock: processes finishing
    together take one backup between them."""
    if not backup_due(data_dir, now):
        return None
    with _backups_lock(data_dir):
        return _take_backup(data_dir, now, GENERATIONS) if backup_due(data_dir, now) else None


def take_backup(data_dir: Path, now: datetime, generations: int = GENERATIONS) -> Backup:
    """Copy the database into `backups/` and keep the newest `generations` copies.
    A copy that fails SQLite's quick check is removed and reported, never kept."""
    with _backups_lock(data_dir):
        return _take_backup(data_dir, now, generations)


def _backups_lock(data_dir: Path) -> contextlib.AbstractContextManager[None]:
    folder = data_dir / BACKUPS_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    return exclusive(folder / "backups.lock")


def _take_backup(data_dir: Path, now: datetime, generations: int) -> Backup:
    folder = data_dir / BACKUPS_DIR
    target = folder / f"{_PREFIX}{now.strftime(_STAMP)}{_SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(data_dir / DATABASE_FILE, timeout=30)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy, pages=1024, sleep=0.005)  # lets the console's writes in between steps
            check = copy.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            copy.close()
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    finally:
        source.close()
    if check != "ok":
        partial.unlink()
        raise StorageProblem(CHECK_FAILED(path=str(data_dir / DATABASE_FILE), check=str(check)))
    os.replace(partial, target)
    for old in backups(data_dir)[generations:]:
        old.path.unlink()
    return Backup(target, now, target.stat().st_size)


def restore_backup(data_dir: Path, backup: Backup, now: datetime) -> Path:
    """Put `backup` in place of the database; the current file is moved aside (returned)."""
    with _alone(data_dir):
        aside = _move_aside(data_dir, f"before-restore-{now.strftime(_STAMP)}")
        database = data_dir / DATABASE_FILE
        partial = database.with_name(database.name + ".partial")
        source = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        os.chmod(partial, 0o600)
        os.replace(partial, database)
        return aside


def set_aside(data_dir: Path, now: datetime, file: str = DATABASE_FILE) -> Path:
    """Move the database (or another of the folder's, `file`) aside (returned): the next
    start makes a new, empty one."""
    with _alone(data_dir):
        return _move_aside(data_dir, f"set-aside-{now.strftime(_STAMP)}", file)


def _move_aside(data_dir: Path, label: str, file: str = DATABASE_FILE) -> Path:
    database = data_dir / file
    aside = database.with_name(f"{database.name}.{label}")
    if not database.exists():
        raise StorageProblem(NOTHING_TO_MOVE(path=str(database)))
    for companion in _COMPANIONS:
        current = database.with_name(database.name + companion)
        if current.exists():
            os.replace(current, aside.with_name(aside.name + companion))
    return aside


@contextlib.contextmanager
def _alone(data_dir: Path):  # noqa: ANN202
    """While no other process uses the store, and none can start opening it."""
    with exclusive(data_dir / (DATABASE_FILE + ".lock")):
        running = live_owners(data_dir / OWNERS_DIR)
        if running:
            raise StorageProblem(IN_USE_BY_ANOTHER() if running == 1 else IN_USE(count=running))
        yield
