"""Where the console keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "centralita"
DATA_DIR_ENV = "CENTRALITA_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir`, else `$CENTRALITA_DATA_DIR`, else the platform's user data dir."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def sandbox_dir(base: Path) -> Path:
    """The sandbox workspace lives apart from real accounts' data."""
    path = base / "sandbox"
    path.mkdir(parents=True, exist_ok=True)
    return path
