"""Out of file descriptors, asyncio logs a traceback for every failed `accept` and retries a
second later: a flood of idle connections becomes hundreds of thousands of identical log
lines. Here the first is logged as one sentence, and then a count at most once a minute.

The retries outlive the server: asyncio (3.11) schedules one per failed accept of a pass
(up to the backlog, ~1,000 a second), and those still pending when the server closes
each fail on the closed socket with a traceback. They have nothing left to do, so they
are dropped without a word.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

__all__ = ["quiet_accept_errors"]

SUMMARY_INTERVAL = 60.0
_ACCEPT_MESSAGE = "socket.accept() out of system resource"


class _AcceptErrors:
    def __init__(self, log: logging.Logger, previous: Any) -> None:
        self._log = log
        self._previous = previous
        self._count = 0
        self._last_logged = 0.0

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if _is_retry_after_close(context):
            return
        if context.get("message") != _ACCEPT_MESSAGE:
            if self._previous is not None:
                self._previous(loop, context)
            else:
                loop.default_exception_handler(context)
            return
        self._count += 1
        now = time.monotonic()
        if self._count == 1 or now - self._last_logged >= SUMMARY_INTERVAL:
            error = context.get("exception")
            self._log.error(
                "Cannot accept connections: %s (%d time(s) so far); raise the open-file limit or lower the connection cap",
                getattr(error, "strerror", None) or type(error).__name__,
                self._count,
            )
            self._last_logged = now


def _is_retry_after_close(context: dict[str, Any]) -> bool:
    """asyncio's accept retry (`_start_serving`) run after its listening socket was closed."""
    callback = getattr(context.get("handle"), "_callback", None)
    return isinstance(context.get("exception"), ValueError) and getattr(callback, "__name__", "") == "_start_serving"


def quiet_accept_errors(loop: asyncio.AbstractEventLoop, log: logging.Logger) -> None:
    """Log `loop`'s failed accepts once with a count instead of a traceback each; other errors as before."""
    loop.set_exception_handler(_AcceptErrors(log, loop.get_exception_handler()))
