"""The daily backup of the database, and the ways out of a database that cannot be used.

The window takes the backup in the background while it runs; the command line takes it
after a command when a day has passed since the last one. The copy runs on a thread of
its own, so neither the loop nor the database thread wait for it.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from console.domain.notices import Notice, Wording, notice_of
from console.domain.storage import StorageProblem, WayOut
from console.store.backups import Backup, backups, restore_backup, set_aside, take_backup, take_backup_if_due
from console.store.database import DATABASE_FILE
from console.store.health import explain
from console.store.location import RELAY_STORE_FILE

log = logging.getLogger(__name__)
T = TypeVar("T")

CHECK_EVERY_SECONDS = 3600.0  # how often a long-running window asks whether a backup is due

NO_BACKUP_NAMED = Wording("backups.no_backup_named", "There is no backup named {name} in {folder}; nothing was changed.")
NO_BACKUP_YET = Wording("backups.no_backup_yet", "There is no backup yet in {folder}; nothing was changed.")
RESTORED = Wording("backups.restored", "Restored the backup of {taken_at} UTC; the previous database is kept as {aside}.")
NEW_PROFILE = Wording("backups.new_profile", "The database is kept as {aside}; the next start begins a new, empty profile.")
NEW_RELAY_STORE = Wording(
    "backups.new_relay_store", "The relay store is kept as {aside}; the next start begins a new, empty one."
)


def _now() -> datetime:
    return datetime.now(UTC)


class DailyBackups:
    def __init__(self, data_dir: Path, clock: Callable[[], datetime] = _now) -> None:
        self._data_dir = data_dir
        self._clock = clock

    async def take_if_due(self) -> Backup | None:
        """A backup when the last is a day old (or none exists); a failure is logged, not raised."""
        now = self._clock()
        try:
            backup = await asyncio.to_thread(take_backup_if_due, self._data_dir, now)
        except (StorageProblem, sqlite3.Error, OSError) as error:
            log.warning("The daily backup of the database failed: %s", _sentence(error, self._data_dir))
            return None
        if backup is not None:
            log.info("Backed up the database to %s", backup.path)
        return backup

    async def run(self) -> None:
        """Until cancelled: a backup whenever one is due."""
        while True:
            await self.take_if_due()
            await asyncio.sleep(CHECK_EVERY_SECONDS)


def restore_last_backup(data_dir: Path, name: str | None = None) -> Notice:
    """Put the newest backup (or the one named) in place; what was done, in a sentence."""
    available = backups(data_dir)
    chosen = next((b for b in available if b.name == name), None) if name else (available[0] if available else None)
    if chosen is None:
        folder = str(data_dir / "backups")
        raise StorageProblem(NO_BACKUP_NAMED(name=name, folder=folder) if name else NO_BACKUP_YET(folder=folder))
    aside = _guarded(lambda: restore_backup(data_dir, chosen, _now()), data_dir)
    return RESTORED(taken_at=f"{chosen.taken_at:%Y-%m-%d %H:%M}", aside=str(aside))


def start_new_profile(data_dir: Path) -> Notice:
    """Move the database aside so the next start makes a new one; what was done, in a sentence."""
    aside = _guarded(lambda: set_aside(data_dir, _now()), data_dir)
    return NEW_PROFILE(aside=str(aside))


def start_new_relay_store(data_dir: Path) -> Notice:
    """Move the embedded relay's store aside so the next start makes a new one; what was done."""
    aside = _guarded(lambda: set_aside(data_dir, _now(), RELAY_STORE_FILE), data_dir)
    return NEW_RELAY_STORE(aside=str(aside))


def take_way_out(data_dir: Path, way: WayOut) -> Notice:
    """Restore the last backup, start a new profile or a new relay store, as the agent chose; what was done."""
    if way is WayOut.RESTORE_BACKUP:
        return restore_last_backup(data_dir)
    if way is WayOut.NEW_RELAY_STORE:
        return start_new_relay_store(data_dir)
    return start_new_profile(data_dir)


def back_up_now(data_dir: Path) -> Backup:
    return _guarded(lambda: take_backup(data_dir, _now()), data_dir)


def _guarded(action: Callable[[], T], data_dir: Path) -> T:
    try:
        return action()
    except (sqlite3.Error, OSError) as error:
        raise StorageProblem(_sentence(error, data_dir)) from None


def _sentence(error: BaseException, data_dir: Path) -> Notice:
    problem = explain(error, data_dir / DATABASE_FILE)
    return problem.notice if problem is not None else notice_of(error)
