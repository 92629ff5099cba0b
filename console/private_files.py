"""The user's data and logs are theirs alone: folders 0700, databases and logs 0600.

The database holds customers' messages, the relay's database route tokens and callback
bodies, the log what happened to them; other accounts on the same computer must not read
them. On systems without POSIX modes (Windows) these calls change nothing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["OWNER_ONLY_DIR", "OWNER_ONLY_FILE", "owner_only_opener", "private_dir", "restrict_sqlite_files"]

OWNER_ONLY_DIR = 0o700
OWNER_ONLY_FILE = 0o600
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path, *, tighten: bool) -> Path:
    """`path` created if missing, owner-only; an existing folder is made owner-only only when `tighten`
    (the program's own default folder, not one the user pointed it at)."""
    path.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIR)
    if tighten:
        _chmod(path, OWNER_ONLY_DIR)
    return path


def restrict_sqlite_files(database: Path) -> None:
    """The database file and its WAL, shared-memory and journal files, owner-only.

    SQLite creates its WAL and shared-memory files with the database file's mode, so
    restricting the database as soon as it is opened covers the files that follow.
    """
    for suffix in SQLITE_COMPANIONS:
        _chmod(database.with_name(database.name + suffix), OWNER_ONLY_FILE)


def owner_only_opener(path: str, flags: int) -> int:
    """An `opener` for `open()` that creates the file owner-only (a log file, say)."""
    descriptor = os.open(path, flags, OWNER_ONLY_FILE)
    if hasattr(os, "fchmod"):  # POSIX: a file made earlier with a wider mode is tightened too
        with contextlib.suppress(OSError):
            os.fchmod(descriptor, OWNER_ONLY_FILE)
    return descriptor


def _chmod(path: Path, mode: int) -> None:
    # Missing (not created yet), not ours, or on a read-only file system: nothing to tighten here.
    with contextlib.suppress(OSError):
        if path.exists() and (path.stat().st_mode & 0o777) != mode:
            path.chmod(mode)
