"""What the window benchmarks wait on: a condition polled each loop turn, and a pane's
first paint with rows."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject


async def until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        await asyncio.sleep(0.001)


class PaintWatch(QObject):
    """Sets `painted` at the first paint of the watched list while `has_rows()` holds."""

    def __init__(self, has_rows: Callable[[], bool]) -> None:
        super().__init__()
        self._has_rows = has_rows
        self.painted = asyncio.Event()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self._has_rows():
            self.painted.set()
        return False
