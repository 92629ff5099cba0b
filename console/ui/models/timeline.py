"""A message's state events, in the order they were learnt."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from console.domain.lifecycle import StateEvent
from console.ui.labels import delivery_state, event_source, precise_time
from console.ui.models.common import ROOT, Index


class TimelineTableModel(QAbstractTableModel):
    TIME, STATE, RAW, SOURCE, DETAIL = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: list[StateEvent] = []

    def replace(self, events: list[StateEvent]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Time"), self.tr("State"), self.tr("Raw"), self.tr("Source"), self.tr("Detail"))[section]
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        event = self._events[index.row()]
        column = index.column()
        if column == self.TIME:
            return precise_time(event.at)
        if column == self.STATE:
            return delivery_state(event.state)
        if column == self.RAW:
            return event.raw_state or "—"
        if column == self.SOURCE:
            return event_source(event.source)
        return event.detail or ""
