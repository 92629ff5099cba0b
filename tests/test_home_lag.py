"""The home loop's lag watch: the status poller's thread pauses only while it says the
window's loop has been late lately."""

from __future__ import annotations

import asyncio
import time

from console.services.home_lag import HomeLag
from tests.conftest import run_core


def test_a_late_wake_up_is_recent_for_the_hold_and_an_idle_loop_is_never_late() -> None:
    async def scenario() -> tuple[bool, bool, bool]:
        lag = HomeLag(period=0.005, late=0.04, hold=0.2)
        watch = asyncio.get_running_loop().create_task(lag.watch(lambda: True))
        await asyncio.sleep(0.1)  # the loop answers in time
        idle = lag.recent
        time.sleep(0.1)  # the loop is held up, as the window's is while another thread keeps the lock
        await asyncio.sleep(0.02)
        held = lag.recent
        await asyncio.sleep(0.3)
        watch.cancel()
        return idle, held, lag.recent

    idle, held, later = run_core(scenario(), timeout=10)
    assert not idle
    assert held
    assert not later  # the hold ran out with no new lag


def test_while_nothing_is_polled_a_lag_is_not_watched() -> None:
    async def scenario() -> bool:
        lag = HomeLag(period=0.005, late=0.04, hold=5)
        watch = asyncio.get_running_loop().create_task(lag.watch(lambda: False))
        await asyncio.sleep(0.02)
        time.sleep(0.1)
        await asyncio.sleep(0.02)
        watch.cancel()
        return lag.recent

    assert not run_core(scenario(), timeout=10)
