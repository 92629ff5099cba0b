"""`centralita` with nothing but a data folder opens the window without the command line's parser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from console.entry import window_only


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--data-dir", "/tmp/x"], (True, Path("/tmp/x"))),
        (["--data-dir=/tmp/x"], (True, Path("/tmp/x"))),
        (["--data-dir"], (False, None)),  # the parser says what is missing
        (["--data-dir", "--read-only"], (False, None)),
        (["--data-dir="], (False, None)),
        (["--read-only"], (False, None)),
        (["status"], (False, None)),
        (["--data-dir", "/tmp/x", "status"], (False, None)),
        (["--help"], (False, None)),
    ],
)
def test_only_a_data_folder_means_the_window(args: list[str], expected: tuple[bool, Path | None]) -> None:
    assert window_only(args) == expected


def test_a_start_leaves_httpx_s_command_line_and_what_it_imports_unloaded() -> None:
    """httpx imports its command line (rich, click, pygments) whenever they are installed; every
    start of the console went through them, the window's included."""
    script = (
        "import sys\n"
        "from console.entry import main\n"
        "try:\n"
        "    main(['--help'])  # the command line's parser, which loads every command's modules\n"
        "except SystemExit:\n"
        "    pass\n"
        "import httpx\n"
        "print(sorted(name for name in ('httpx._main', 'rich', 'click', 'pygments') if sys.modules.get(name)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
