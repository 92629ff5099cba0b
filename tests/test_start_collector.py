"""The collector makes no pass while the window starts, and runs again once it is up or the start ends."""

from __future__ import annotations

import json
import subprocess
import sys


def _run(script: str) -> list[object]:
    """In a process of its own: the collector's state is the whole process's."""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_a_cycle_made_during_the_start_waits_and_what_the_start_built_is_frozen_once_the_window_is_up() -> None:
    script = (
        "import gc, json, weakref\n"
        "from console.ui.responsiveness import THRESHOLDS, hold_collector, tune_after_start\n"
        "class Node: pass\n"
        "hold_collector()\n"
        "node = Node(); node.me = node; gone = weakref.ref(node); del node\n"
        "for _ in range(200_000): [[]]  # enough allocations for many passes\n"
        "during = [gc.isenabled(), gone() is not None]\n"
        "tune_after_start()\n"
        "print(json.dumps(during + [gc.isenabled(), gc.get_freeze_count() > 0, list(gc.get_threshold()) == list(THRESHOLDS)]))\n"
    )
    assert _run(script) == [False, True, True, True, True]


def test_a_start_that_ends_before_the_window_is_up_gives_the_collector_back() -> None:
    script = (
        "import gc, json\n"
        "from console.ui.responsiveness import hold_collector, release_collector\n"
        "hold_collector()\n"
        "held = gc.isenabled()\n"
        "release_collector()\n"
        "print(json.dumps([held, gc.isenabled(), gc.get_freeze_count()]))\n"
    )
    assert _run(script) == [False, True, 0]
