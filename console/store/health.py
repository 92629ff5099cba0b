"""The database file looked at before SQLite opens it, and SQLite's failures in plain words.

SQLite turns a 0-byte file into a new empty database and reports damage only when a
query reaches the damaged page; these checks say it at once, before anything is written.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from console.domain.notices import Notice, Wording
from console.domain.storage import StorageProblem, WayOut

SQLITE_HEADER = b"SQLite format 3\x00"
DAMAGED_WAYS_OUT = (WayOut.RESTORE_BACKUP, WayOut.NEW_PROFILE)
WAYS_OUT = Wording(
    "storage.ways_out",
    "`centralita database restore` puts the last backup back, "
    "`centralita database set-aside` starts a new profile keeping this file aside",
)
WAYS_OUT_HINT = WAYS_OUT()

FOLDER_NOT_WRITABLE = Wording(
    "storage.folder_not_writable",
    "The data folder {folder} cannot be written ({reason}): "
    "give this user write permission there or choose another folder with --data-dir.",
)
CANNOT_READ = Wording("storage.cannot_read", "The database {path} cannot be read ({reason}).")
CANNOT_BE_USED = Wording("storage.cannot_be_used", "The database {path} cannot be used: {why}; {hint}.")
EMPTY = Wording("storage.empty", "it is empty (0 bytes)")
NOT_A_DATABASE = Wording("storage.not_a_database", "it is not a database (damaged, overwritten or zero-filled)")
TRUNCATED = Wording("storage.truncated", "it is truncated (shorter than its own header says)")
DAMAGED = Wording("storage.damaged", "it is damaged")
LOCKED = Wording(
    "storage.locked",
    "The database {path} is locked by another program: close it (or wait for it to finish) and try again; {then}.",
)
DISK_FULL = Wording("storage.disk_full", "The disk holding {folder} is full: free some space and try again; {then}.")
READ_ONLY = Wording(
    "storage.read_only",
    "The database {path} or its folder is read-only for this user: give it write permission and try again; {then}.",
)
IO_ERROR = Wording(
    "storage.io_error",
    "The database {path} could not be read or written (disk I/O error): the disk may be full or failing; {then}.",
)
CANNOT_OPEN = Wording(
    "storage.cannot_open", "The database {path} cannot be opened: check that its folder exists and can be written."
)
UNCHANGED = Wording("storage.unchanged", "nothing was changed")
NEWER_SCHEMA = Wording(
    "storage.newer_schema",
    "The database {path} was written by a newer version of Centralita (schema {current}; "
    "this version knows up to {newest}): install the newer version, "
    "or go back to a backup with `centralita database restore`; nothing was changed.",
)
OLDER_SCHEMA = Wording(
    "storage.older_schema",
    "The database {path} was written by an older version of Centralita: open it once "
    "without --read-only to bring it up to date; nothing was changed.",
)
NO_DATABASE_TO_READ = Wording("storage.no_database_to_read", "There is no database at {path} to read.")
FOLDER_CANNOT_BE_MADE = Wording(
    "storage.folder_cannot_be_made", "The data folder {path} cannot be made ({reason}): choose another folder with --data-dir."
)
MID_COMMAND = Wording(
    "storage.mid_command",
    "what was done until then is kept, and a send in doubt shows as unknown, to verify, from the next start",
)


def check_folder_writable(folder: Path) -> None:
    """A folder the console must write to: a probe file is made there and removed."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise StorageProblem(FOLDER_NOT_WRITABLE(folder=str(folder), reason=_reason(error))) from None


def check_database_file(path: Path, hint: Notice | str = WAYS_OUT_HINT, ways_out: tuple[WayOut, ...] | None = None) -> None:
    """A database file that is empty, not SQLite, or shorter than its header says is refused.
    `ways_out` replaces the console database's own (restore, new profile) when `hint` is given."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return  # a new profile
    except OSError as error:
        raise StorageProblem(CANNOT_READ(path=str(path), reason=_reason(error))) from None
    if not header:
        raise damaged(path, EMPTY(), hint, ways_out)
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise damaged(path, NOT_A_DATABASE(), hint, ways_out)
    if _header_size(header) > path.stat().st_size and not _wal_in_use(path):
        raise damaged(path, TRUNCATED(), hint, ways_out)


def _header_size(header: bytes) -> int:
    """The size the header gives, when SQLite itself would trust it (written by the same
    change as the change counter); 0 otherwise."""
    if header[92:96] != header[24:28]:
        return 0
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    return page_size * int.from_bytes(header[28:32], "big")


def _wal_in_use(path: Path) -> bool:
    """A write-ahead log with frames in it: a checkpoint cut short may have left the file
    shorter than its header, and SQLite completes it from the log."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def damaged(
    path: Path, why: Notice, hint: Notice | str = WAYS_OUT_HINT, ways_out: tuple[WayOut, ...] | None = None
) -> StorageProblem:
    if ways_out is None:
        ways_out = DAMAGED_WAYS_OUT if hint is WAYS_OUT_HINT else ()
    return StorageProblem(CANNOT_BE_USED(path=str(path), why=why, hint=hint), ways_out, path.parent)


def explain(
    error: BaseException,
    path: Path,
    *,
    mid_command: bool = False,
    hint: Notice | str = WAYS_OUT_HINT,
    ways_out: tuple[WayOut, ...] | None = None,
) -> StorageProblem | None:
    """SQLite's or the file system's failure on `path` as one sentence; None when it is neither.
    At opening nothing was changed yet; `mid_command`, SQLite kept the last whole transaction."""
    if isinstance(error, StorageProblem):
        return error
    # SQLAlchemy's DBAPIError carries the driver's error as `orig` (read by name: the window's
    # first paint uses this module's wordings without loading SQLAlchemy).
    orig = getattr(error, "orig", None)
    cause = orig if isinstance(orig, BaseException) else error
    if not isinstance(cause, sqlite3.Error | OSError):
        return None
    text = str(cause).lower()
    then = MID_COMMAND() if mid_command else UNCHANGED()
    if "locked" in text or "busy" in text:
        return StorageProblem(LOCKED(path=str(path), then=then))
    if "full" in text or isinstance(cause, OSError) and cause.errno in (28, 27):  # ENOSPC, EFBIG
        return StorageProblem(DISK_FULL(folder=str(path.parent), then=then))
    if "readonly" in text or "read-only" in text or isinstance(cause, PermissionError):
        return StorageProblem(READ_ONLY(path=str(path), then=then))
    if "i/o error" in text:
        return StorageProblem(IO_ERROR(path=str(path), then=then))
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return damaged(path, DAMAGED(), hint, ways_out)
    if "unable to open" in text:
        return StorageProblem(CANNOT_OPEN(path=str(path)))
    return None


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
