"""Holding the asyncio tasks a widget starts: kept alive, superseded ones cancelled."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class TaskHolder:
    """Tasks by key: starting a key again cancels the task it supersedes.

    An unexpected exception reaches `sys.excepthook`, as one raised in a Qt slot would.
    """

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    def start(self, key: str, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        self.cancel(key)
        task = asyncio.get_running_loop().create_task(coroutine, name=key)
        self._tasks[key] = task
        task.add_done_callback(lambda done: self._finished(key, done))
        return task

    def running(self, key: str) -> bool:
        task = self._tasks.get(key)
        return task is not None and not task.done()

    def cancel(self, key: str) -> None:
        task = self._tasks.pop(key, None)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        for key in list(self._tasks):
            self.cancel(key)

    def _finished(self, key: str, task: asyncio.Task[Any]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            assert error is not None
            sys.excepthook(type(error), error, error.__traceback__)
