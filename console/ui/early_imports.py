"""The first paint's modules that do not use Qt, imported before PySide6 is; then PySide6,
with its check of later imports made cheap.

Once PySide6 is loaded, its import hook reads the source of every module imported after it
(to see whether the module uses PySide's optional features): tens of milliseconds for the
domain types and sqlite3 the first paint needs, which are therefore imported first, and a
third of a second for what loads after the first paint, unless the check is the cheaper one
of `pyside_import_check`. `console.ui.app` imports this module before anything that imports Qt.
"""

from __future__ import annotations

import console.domain.views  # noqa: F401
import console.store.snapshot  # noqa: F401
from console.ui import pyside_import_check

pyside_import_check.install()
