"""The import contracts in pyproject.toml hold, and they do catch what they are meant to.

Each check runs `lint-imports` on a copy of the package, so a forbidden import can be
added to the copy without touching the source tree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
LAYERS = "Layers point inward"
QT = "Only the UI imports Qt"
VERDICT = re.compile(r"^(.+?) (KEPT|BROKEN)(?: \(.*\))?$", re.MULTILINE)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "console", tmp_path / "console", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(folder: Path) -> tuple[int, dict[str, str]]:
    """The exit code, and each contract's verdict (KEPT or BROKEN) by name."""
    environment = {**os.environ, "PYTHONPATH": str(folder)}
    done = subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache"], cwd=folder, env=environment, capture_output=True, text=True, timeout=300
    )
    verdicts = {match[1]: match[2] for match in VERDICT.finditer(done.stdout)}
    assert verdicts, done.stdout + done.stderr
    return done.returncode, verdicts


def _append(module: Path, line: str) -> None:
    module.write_text(module.read_text() + f"\n{line}\n")


def test_the_copied_package_keeps_every_contract(copy: Path) -> None:
    code, verdicts = _lint(copy)
    assert code == 0
    assert set(verdicts.values()) == {"KEPT"}
    assert {LAYERS, QT} <= set(verdicts)


def test_the_command_line_importing_the_window_breaks_the_contracts(copy: Path) -> None:
    _append(copy / "console" / "cli" / "relay.py", "import console.ui.shell")
    code, verdicts = _lint(copy)
    assert code != 0
    assert verdicts[LAYERS] == "BROKEN"  # the two front ends are independent
    assert verdicts[QT] == "BROKEN"  # and the shell brings Qt with it


def test_qt_reached_through_a_window_module_breaks_the_qt_contract(copy: Path) -> None:
    # The entry point may import the window (it is above it), but only lazily and only the
    # modules the contract lists: any other import of a module that imports PySide6 counts.
    _append(copy / "console" / "entry.py", "import console.ui.stop_signals")
    code, verdicts = _lint(copy)
    assert code != 0
    assert verdicts[LAYERS] == "KEPT"
    assert verdicts[QT] == "BROKEN"


def test_a_package_outside_the_layers_breaks_the_layers_contract(copy: Path) -> None:
    (copy / "console" / "extras").mkdir()
    (copy / "console" / "extras" / "__init__.py").write_text("")
    code, verdicts = _lint(copy)
    assert code != 0
    assert verdicts[LAYERS] == "BROKEN"
