"""The `centralita` entry point: the GUI with no subcommand, the command line otherwise."""

from __future__ import annotations

import sys

SELF_TEST = "--self-test"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [SELF_TEST]:
        from console.ui.self_test import main as self_test

        return self_test(args[1:])
    from console.cli.main import parse_args, run_command

    options = parse_args(args)
    if options.command is None:
        # Imported late so that command-line use never loads Qt.
        from console.ui.app import run_gui

        return run_gui(options.data_dir)
    return run_command(options)
