"""The rest of the program loads while the agent works in the cached window.

Importing it (the ORM, the services, the panes: some 800 modules) takes longer than the
first paint itself. Imported in one go, it would hold the Qt loop the whole time and the
cached window would answer nothing. Here, whenever a module is about to load and the
loop has not turned for `TURN_EVERY` seconds, pending events are handled first: a click,
a key, a repaint waits at most for the module being loaded, never for the whole program.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

from PySide6.QtCore import QCoreApplication

TURN_EVERY = 0.008  # seconds: half a frame at 60 Hz


class _TurnBetweenModules(MetaPathFinder):
    """Finds nothing itself: it is asked first about every module not loaded yet, and turns
    the loop then when it is due. The usual finders load the module."""

    def __init__(self, every: float) -> None:
        self._every = every
        self._last = time.monotonic()
        self.turns = 0

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        if time.monotonic() - self._last >= self._every:
            QCoreApplication.processEvents()
            self.turns += 1
            self._last = time.monotonic()
        return None


def import_turning(name: str, every: float = TURN_EVERY) -> tuple[ModuleType, int]:
    """Import `name` (and all it imports), turning the Qt loop between modules; the module and
    how many times the loop turned meanwhile."""
    finder = _TurnBetweenModules(every)
    sys.meta_path.insert(0, finder)
    try:
        module = importlib.import_module(name)
    finally:
        sys.meta_path.remove(finder)
    return module, finder.turns
