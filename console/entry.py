"""The `centralita` entry point: the GUI with no subcommand, the command line otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

SELF_TEST = "--self-test"
DATA_DIR = "--data-dir"
# httpx's own command line, which its package imports when rich, click and pygments happen to be
# installed (by the test tools here): some 60 ms of every start for a program this one never runs.
# A None entry makes that import fail, and httpx falls back to a stub (its `main` then says so).
UNUSED_MODULES = ("httpx._main",)


def leave_out_unused() -> None:
    """Keep `UNUSED_MODULES` from loading, unless something has loaded them already."""
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def window_only(args: list[str]) -> tuple[bool, Path | None]:
    """(True, the --data-dir given) when `args` ask for nothing but the window; (False, None)
    when the command line's parser must read them."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == DATA_DIR and args[1] and not args[1].startswith("-"):
        return True, Path(args[1])
    if len(args) == 1 and args[0].startswith(DATA_DIR + "=") and len(args[0]) > len(DATA_DIR) + 1:
        return True, Path(args[0].split("=", 1)[1])
    return False, None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    leave_out_unused()
    if args[:1] == [SELF_TEST]:
        from console.ui.self_test import main as self_test

        return self_test(args[1:])
    window, chosen_dir = window_only(args)
    if window:
        # The window without the command line's parser, which loads every command's modules.
        from console.ui.app import run_gui

        return run_gui(chosen_dir)
    from console.cli.main import parse_args, run_command

    options = parse_args(args)
    if options.command is None:
        # Imported late so that command-line use never loads Qt.
        from console.ui.app import run_gui

        return run_gui(options.data_dir)
    return run_command(options)
