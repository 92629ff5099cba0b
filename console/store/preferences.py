"""Workspace-wide preferences that belong to no account (e.g. where this computer listens
for callbacks), as a small JSON file in the data dir. Never secrets: those go to the
secret store. Blocking file I/O: callers run these on a worker thread."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FILE_NAME = "preferences.json"


def load_preferences(data_dir: Path) -> dict[str, Any]:
    try:
        loaded = json.loads((data_dir / FILE_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def save_preference(data_dir: Path, key: str, value: Any) -> None:
    """Replace one key; the file is swapped atomically so a crash never leaves half of it."""
    preferences = load_preferences(data_dir)
    preferences[key] = value
    temporary = data_dir / f".{FILE_NAME}.tmp"
    temporary.write_text(json.dumps(preferences, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(temporary, data_dir / FILE_NAME)
