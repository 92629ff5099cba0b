"""Which process owns a send, and whether that process still lives.

Each process that opens the store takes a random owner id and holds the lock of a file
named after it in the data folder's `owners/`. Another process that finds a send left
`pending` asks the lock: held means the owner is alive and its send is still in flight;
free (or the file gone) means the owner died, whatever its pid is now used for.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from console.store.file_locks import open_lock_file, try_lock, unlock

OWNERS_DIR = "owners"


def _lock_path(directory: Path, owner_id: str) -> Path:
    return directory / f"{owner_id}.lock"


class ProcessOwner:
    """This process's owner id, alive as long as it holds its lock file. Without a directory
    the process only reads (the store opened read-only): it owns no send and takes no file."""

    def __init__(self, directory: Path | None) -> None:
        self.id = secrets.token_hex(8)
        self._fd: int | None = None
        if directory is None:
            return
        directory.mkdir(mode=0o700, exist_ok=True)
        live_owners(directory)  # clears the files that processes killed since left behind
        self.directory = directory
        self._path = _lock_path(directory, self.id)
        self._fd: int | None = open_lock_file(self._path)
        if not try_lock(self._fd):  # a fresh random name: nobody else can hold it
            raise RuntimeError(f"the owner lock {self._path} is held by another process")

    def is_alive(self, owner_id: str | None) -> bool:
        """Whether the process that took `owner_id` still runs (this one always does)."""
        if owner_id is None:
            return False  # sends stored before owners were recorded
        if owner_id == self.id or self._fd is None:
            return True  # a reading process never judges another's sends
        return _held(_lock_path(self.directory, owner_id))

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self._path.unlink()
        unlock(self._fd)
        os.close(self._fd)
        self._fd = None


def live_owners(directory: Path) -> int:
    """How many processes hold the store open now."""
    if not directory.is_dir():
        return 0
    return sum(_held(path) for path in directory.glob("*.lock"))


def _held(path: Path) -> bool:
    """Whether a live process holds `path`'s lock; the file of a dead one is removed."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        if not try_lock(fd):
            return True
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # its owner died; nobody will ask for it again
        unlock(fd)
        return False
    finally:
        os.close(fd)
