"""The unread totals the accounts pane's badges, the window title and the tray show,
read again (once per burst) whenever a conversation changes."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.unread import UnreadTotals
from console.ui.bridge import TopicsBridge
from console.ui.tasks import TaskHolder

GATHER_MS = 100


class UnreadSource(Protocol):
    async def unread_totals(self) -> UnreadTotals: ...


class UnreadWatcher(QObject):
    changed = Signal(object)  # UnreadTotals

    def __init__(self, source: UnreadSource, bridge: TopicsBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._tasks = TaskHolder(self)
        self.totals = UnreadTotals()
        self._gather = QTimer(self, singleShot=True, interval=GATHER_MS)
        self._gather.timeout.connect(self.refresh)
        bridge.conversation_changed.connect(lambda _change: self._gather.start())
        bridge.unread_changed.connect(lambda _change: self._gather.start())
        self.refresh()

    def refresh(self) -> None:
        self._tasks.start("totals", self._read())

    async def _read(self) -> None:
        totals = await self._source.unread_totals()
        if totals != self.totals:
            self.totals = totals
            self.changed.emit(totals)
