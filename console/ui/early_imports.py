"""The first paint's modules that do not use Qt, imported before PySide6 is.

Once PySide6 is loaded, its import hook reads the source of every module imported after it
(to see whether the module uses PySide's optional features): tens of milliseconds for the
domain types and sqlite3 the first paint needs. Imported first, they skip that check.
`console.ui.app` imports this module before anything that imports Qt.
"""

from __future__ import annotations

import console.domain.views  # noqa: F401
import console.store.snapshot  # noqa: F401
