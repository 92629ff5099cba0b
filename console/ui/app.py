"""Starting the window: the cached window painted first, then the rest of the program.

Only Qt's widgets, sqlite3 and the window's light modules load before the first paint
(`start/first_paint.py`); the asyncio loop, the workspace, the providers and the hidden
panes load after it (`start/live.py`), and the live window takes the cached one's place.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from console.domain.storage import StorageProblem
from console.logging_setup import install_logging
from console.store.location import data_dir
from console.ui import early_imports  # noqa: F401 - before anything imports Qt (see there)
from console.ui.preferences import APPLICATION, ORGANIZATION
from console.ui.resources import app_icon
from console.ui.start.first_paint import first_paint

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def create_application() -> QApplication:
    from PySide6.QtWidgets import QApplication  # after `early_imports`

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setWindowIcon(app_icon())
    return app


def run_gui(data_dir_override: Path | None) -> int:
    app = create_application()
    try:
        install_logging()
        base = data_dir(data_dir_override)
    except StorageProblem as problem:  # no way out to offer: the folders are the user's to fix
        from console.ui.dialogs.storage_problem import StorageProblemDialog

        StorageProblemDialog(problem).exec()
        return 1
    cached, translations = first_paint(base)
    from console.ui.start.live import run_live  # the rest of the program, after the first paint

    return run_live(app, base, cached, translations)
