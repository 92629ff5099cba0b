"""`centralita` with nothing but a data folder opens the window without the command line's parser."""

from __future__ import annotations

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
