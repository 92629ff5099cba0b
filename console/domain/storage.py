"""Problems with the data folder's files: what the agent reads, and the ways out offered."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from console.domain.notices import Notice, NoticeError


class WayOut(StrEnum):
    """What the console can do about a storage problem, when the agent chooses it."""

    RESTORE_BACKUP = "restore"  # put the newest backup in place, the current file set aside
    NEW_PROFILE = "set-aside"  # start an empty database, the current file set aside
    NEW_RELAY_STORE = "relay-set-aside"  # start an empty relay store, the current file set aside


class StorageProblem(NoticeError):
    """The data or log folder, the database or the secrets file cannot be used as they are.
    The notice is one sentence that says what and what to do; nothing was changed."""

    def __init__(self, message: Notice | str, ways_out: tuple[WayOut, ...] = (), data_dir: Path | None = None) -> None:
        super().__init__(message)
        self.ways_out = ways_out
        self.data_dir = data_dir  # the folder the ways out act on
