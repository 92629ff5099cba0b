"""PySide6's check of later imports, made cheap, gives the answers PySide6's own check gives."""

from __future__ import annotations

import importlib
import sys

import pytest

from console.ui import early_imports  # noqa: F401 - installs the check, as the window's start does
from console.ui.pyside_import_check import FEATURE_MODULE


@pytest.mark.parametrize(
    "name",
    [
        "console.ui.main_window",
        "console.ui.chat.bubble_delegate",
        "console.domain.views",
        "console.services.poller",
        "sys",
        "json",
    ],
)
def test_the_cheap_check_answers_as_pysides_own(name: str) -> None:
    check = sys.modules[FEATURE_MODULE]._mod_uses_pyside
    original = getattr(check, "__wrapped__", None)
    assert original is not None  # installed: the start's modules load under the cheap check
    module = importlib.import_module(name)
    assert check(module) == original(module)
    assert check(module) is name.startswith("console.ui.")  # only the window's modules use PySide6
