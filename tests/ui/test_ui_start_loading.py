"""While the rest of the program loads, the Qt loop turns between modules: the cached window
answers a key before the last module has loaded, not after."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from console.ui.start.loading import import_turning

MODULES = 6
LOAD_SECONDS = 0.02  # each module's own import time


@pytest.fixture
def slow_package(tmp_path: Path) -> Iterator[str]:
    """A package whose modules import one another in a chain, each taking `LOAD_SECONDS` to load
    before it imports the next."""
    package = tmp_path / "slowpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for n in range(MODULES):
        following = f"from slowpkg import part{n + 1}  # noqa: F401\n" if n + 1 < MODULES else ""
        (package / f"part{n}.py").write_text(f"import time\ntime.sleep({LOAD_SECONDS})\n{following}LOADED = {n}\n")
    sys.path.insert(0, str(tmp_path))
    try:
        yield "slowpkg.part0"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == "slowpkg"]:
            del sys.modules[name]


def test_the_loop_turns_between_modules_and_the_import_completes(qapp: QApplication, slow_package: str) -> None:
    handled: list[int] = []  # which modules had loaded when an event was handled
    timer = QTimer(interval=0)
    timer.timeout.connect(lambda: handled.append(sum(f"slowpkg.part{n}" in sys.modules for n in range(MODULES))))
    timer.start()
    try:
        module, turns = import_turning(slow_package, every=0.005)
    finally:
        timer.stop()
    assert module.LOADED == 0 and sys.modules["slowpkg.part5"].LOADED == 5
    assert turns >= MODULES - 1  # before each module after the first
    assert handled and min(handled) < MODULES  # events were handled while modules were still loading
    assert all(finder.__class__.__name__ != "_TurnBetweenModules" for finder in sys.meta_path)  # left as found


def test_an_import_that_fails_raises_and_leaves_the_finders_as_they_were(qapp: QApplication) -> None:
    before = list(sys.meta_path)
    with pytest.raises(ModuleNotFoundError):
        import_turning("console.no_such_module")
    assert sys.meta_path == before
