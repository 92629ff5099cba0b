"""Where the console keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from console.domain.storage import StorageProblem

APP_NAME = "centralita"
DATA_DIR_ENV = "CENTRALITA_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir`, else `$CENTRALITA_DATA_DIR`, else the platform's user data dir."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    path = Path(chosen).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageProblem(
            f"The data folder {path} cannot be made ({error.strerror or error}): "
            "choose another folder with --data-dir."
        ) from None
    return path


def sandbox_dir(base: Path) -> Path:
    """The sandbox workspace lives apart from real accounts' data."""
    path = base / "sandbox"
    path.mkdir(parents=True, exist_ok=True)
    return path
