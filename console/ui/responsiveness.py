"""Keeping the interpreter's own pauses out of the agent's way once the window has started.

- The cyclic garbage collector: everything loaded to start (Qt's wrappers, SQLAlchemy's
  mappers, the providers, the translations) lives until the window closes, yet each full
  pass walked all of it with the event loop stopped: 100-230 ms, seen while typing in the
  agenda and scrolling a long chat. `gc.freeze()` moves it out of every later pass (as
  large Python services do), and a bigger young generation makes passes rarer; the full
  ones then walk only what was made since the start.
- The collector during the start: the start builds a few hundred thousand objects that all
  live until the window closes, and makes little cyclic garbage; yet each full pass walked
  what had been built so far (up to 40 ms once the ORM is loaded, 0.1-0.2 s in all before the
  live window was up). It makes no pass from the start (`hold_collector`) until the window is
  up (`tune_after_start`), which freezes what was built out of every later pass.
- The interpreter lock: the database thread runs Python (SQLAlchemy) while the loop waits
  for a query's answer; the loop got the lock back only every 5 ms (the default switch
  interval), so a page being read held the window up in 5 ms slices. 1 ms keeps it smooth.
"""

from __future__ import annotations

import gc
import sys

THRESHOLDS = (20_000, 20, 100)  # young passes of up to 20k new objects (~1-2 ms); full ones rare
SWITCH_INTERVAL = 0.001  # seconds a thread may hold the interpreter lock while another waits


def hold_collector() -> None:
    """No collector pass until `tune_after_start` or `release_collector`: call when the start begins."""
    gc.disable()


def release_collector() -> None:
    """The collector runs again (the start ended without `tune_after_start`: a quit, a problem)."""
    gc.enable()


def tune_after_start() -> None:
    """Call once the window is up: what exists now is frozen out of the collector's passes."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL)
    gc.enable()
