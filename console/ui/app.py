"""Starting the window: the cached window painted first, then the rest of the program.

Only Qt's widgets, sqlite3 and the window's light modules load before the first paint
(`start/first_paint.py`); the asyncio loop, the workspace, the providers and the hidden
panes load after it (`start/live.py`) while the agent works in the cached window
(`start/loading.py`), and the live window takes the cached one's place.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from console.domain.storage import StorageProblem
from console.store.location import data_dir
from console.ui import early_imports  # noqa: F401 - before anything imports Qt (see there)
from console.ui.preferences import APPLICATION, ORGANIZATION
from console.ui.resources import app_icon
from console.ui.responsiveness import hold_collector, release_collector
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
    hold_collector()  # until the live window is up (`start.live`), or this run ends
    try:
        return _run(data_dir_override)
    finally:
        release_collector()


def _run(data_dir_override: Path | None) -> int:
    app = create_application()
    try:
        base = data_dir(data_dir_override)
        cached, translations = first_paint(base)
        # The rest of the program, after the first paint, the log files first (the first paint
        # writes nothing; what it meets goes to the standard error, and it goes the normal way).
        # While the agent works in the cached window, the loop turns as it loads (the log
        # files' modules alone, sockets and pickling among them, take some 15 ms).
        load = import_module if cached is None else _load_turning
        load("console.logging_setup").install_logging()
    except StorageProblem as problem:  # no way out to offer: the folders are the user's to fix
        from console.ui.dialogs.storage_problem import StorageProblemDialog

        StorageProblemDialog(problem).exec()
        return 1
    run_live = load("console.ui.start.live").run_live
    return run_live(app, base, cached, translations)


def _load_turning(name: str) -> ModuleType:
    from console.ui.start.loading import import_turning

    return import_turning(name)[0]
