"""Where the console keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from console.domain.storage import StorageProblem
from console.private_files import private_dir
from console.store.health import FOLDER_CANNOT_BE_MADE

APP_NAME = "centralita"
DATA_DIR_ENV = "CENTRALITA_DATA_DIR"
DATABASE_FILE = "centralita.sqlite3"
RELAY_STORE_FILE = "relay.sqlite3"  # the callbacks a relay received, beside the database


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir`, else `$CENTRALITA_DATA_DIR`, else the platform's user data dir."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    path = Path(chosen or platformdirs.user_data_dir(APP_NAME, appauthor=False)).expanduser()
    try:
        # A folder the user chose keeps its mode; its files do not.
        return private_dir(path, tighten=not chosen)
    except OSError as error:
        raise StorageProblem(FOLDER_CANNOT_BE_MADE(path=str(path), reason=str(error.strerror or error))) from None


def sandbox_dir(base: Path) -> Path:
    """The sandbox workspace lives apart from real accounts' data."""
    return private_dir(base / "sandbox", tighten=True)
