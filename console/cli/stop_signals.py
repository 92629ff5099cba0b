"""Long-running commands (`relay`, `follow`) run until Ctrl+C or SIGTERM, then close in order."""

from __future__ import annotations

import asyncio
import contextlib
import signal

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


async def until_stopped() -> None:
    """Return when SIGINT or SIGTERM arrives (no traceback: the caller then closes in order)."""
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C arrives as KeyboardInterrupt
            loop.add_signal_handler(number, stopped.set)
    try:
        await stopped.wait()
    finally:
        for number in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(number)
