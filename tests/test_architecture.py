"""The layers stay true: Qt only in console/ui, dependencies pointing inward."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "console"
QT_MODULES = ("PySide6", "qasync", "shiboken6")
# Which top-level parts of `console` each layer may import.
ALLOWED = {
    "domain": {"domain"},
    "providers": {"domain", "providers"},
    "store": {"domain", "store", "private_files"},
    "services": {"domain", "providers", "store", "services", "private_files"},
    "sandbox": {"sandbox", "domain", "net"},
    "relay": {"relay", "store", "domain", "net", "private_files"},
    "team_server": {"team_server", "services", "relay", "providers", "store", "domain", "net", "private_files"},
    # Trying team mode: a team server over the running simulators, never the console's services.
    "team_trial": {"team_trial", "team_server", "sandbox", "relay", "store", "domain", "logging_setup", "private_files"},
    "net": {"net"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules_outside_ui() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]]


def test_no_qt_import_outside_the_ui() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(n for n in _imports(path) if n.split(".")[0] in QT_MODULES)
        for path in _modules_outside_ui()
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) > 20  # the scan did look at the core


def test_core_layers_only_import_inward() -> None:
    violations = []
    for layer, allowed in ALLOWED.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "console" and len(parts) > 1 and parts[1] not in allowed:
                    violations.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert violations == []
