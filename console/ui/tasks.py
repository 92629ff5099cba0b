"""The asyncio tasks a widget starts: kept alive, superseded ones cancelled, and cancelled
with the widget.

A widget's `TaskHolder` is its child in Qt's object tree. Closing a window stops everything
under it with one `stop_work(window)` (no chain of `shutdown()` calls through the panes),
and a widget destroyed on its own takes its tasks with it.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog

T = TypeVar("T")


class TaskHolder(QObject):
    """Tasks by key: starting a key again cancels the task it supersedes.

    An unexpected exception reaches `sys.excepthook`, as one raised in a Qt slot would.
    """

    def __init__(self, owner: QObject | None = None) -> None:
        """`owner`: the object the tasks work for; its destruction cancels them."""
        super().__init__(owner)
        self._tasks: dict[str, asyncio.Task[Any]] = {}
        if owner is not None:
            tasks = self._tasks  # not `self`: its Qt half goes with the owner
            owner.destroyed.connect(lambda: _cancel(tasks))

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
        _cancel(self._tasks)

    def _finished(self, key: str, task: asyncio.Task[Any]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            assert error is not None
            sys.excepthook(type(error), error, error.__traceback__)


def _cancel(tasks: dict[str, asyncio.Task[Any]]) -> None:
    for task in list(tasks.values()):
        task.cancel()
    tasks.clear()


def stop_work(root: QObject) -> None:
    """Stop what `root` and everything under it do on their own: their tasks are cancelled,
    their timers stopped (so none starts a new task), their dialogs closed."""
    for holder in root.findChildren(TaskHolder):
        holder.cancel_all()
    for timer in root.findChildren(QTimer):
        timer.stop()
    for dialog in root.findChildren(QDialog):
        dialog.close()
