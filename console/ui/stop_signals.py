"""Ctrl+C and SIGTERM close the window in order, even while Qt's loop idles.

Python runs signal handlers only when the interpreter gets control, which an idle Qt
loop never gives it. The wakeup fd makes the signal readable on a socket that a
QSocketNotifier watches, so Qt wakes Python and the handler asks the run to stop (quitting
Qt's loop instead would abandon a start-up still in progress).
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication


class StopSignals(QObject):
    def __init__(self, app: QApplication, stop: Callable[[], None]) -> None:
        super().__init__(app)
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {s: signal.signal(s, lambda *_: stop()) for s in (signal.SIGINT, signal.SIGTERM)}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        with contextlib.suppress(BlockingIOError):
            self._reader.recv(64)

    def restore(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for stop_signal, handler in self._previous.items():
            signal.signal(stop_signal, handler)
        self._reader.close()
        self._writer.close()
