"""A message's state events, in the order they were learnt, with the time each step took."""

from __future__ import annotations

import json
import textwrap

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from console.domain.lifecycle import StateEvent
from console.ui.labels import delivery_state, event_source, precise_time
from console.ui.models.common import ROOT, Index
from console.ui.timeline.colors import STATE_COLORS
from console.ui.timeline.steps import step_text
from console.ui.wording import say

PAYLOAD_PREVIEW_LINES = 30  # a tooltip taller than this would leave the screen; the export has it all
PAYLOAD_PREVIEW_CHARS = 2000
PAYLOAD_PREVIEW_WIDTH = 120  # characters; a tooltip does not wrap plain text by itself


def payload_preview(payload: str) -> str:
    """The start of a raw payload, JSON indented for reading, long lines wrapped."""
    try:
        text = json.dumps(json.loads(payload), ensure_ascii=False, indent=2)
    except ValueError:
        text = payload
    lines = [
        part
        for line in text[:PAYLOAD_PREVIEW_CHARS].splitlines()
        for part in textwrap.wrap(line, PAYLOAD_PREVIEW_WIDTH, drop_whitespace=False) or [""]
    ]
    shown = "\n".join(lines[:PAYLOAD_PREVIEW_LINES])
    cut = len(text) > PAYLOAD_PREVIEW_CHARS or len(lines) > PAYLOAD_PREVIEW_LINES
    return shown + "\n…" if cut else shown


class TimelineTableModel(QAbstractTableModel):
    TIME, STEP, STATE, RAW, SOURCE, DETAIL = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: list[StateEvent] = []

    def replace(self, events: list[StateEvent]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def state_event(self, row: int) -> StateEvent:
        return self._events[row]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("Time"),
                self.tr("Step"),
                self.tr("State"),
                self.tr("Raw"),
                self.tr("Source"),
                self.tr("Detail"),
            )[section]
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == self.STEP:
            return self.tr("Time since the previous event")
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        event = self._events[row]
        if role == Qt.ItemDataRole.DecorationRole and column == self.STATE:
            return STATE_COLORS[event.state]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.STEP:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole and column == self.RAW and event.payload is not None:
            return self.tr("What the provider said (Export history… has it whole):") + "\n" + payload_preview(event.payload)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.TIME:
            return precise_time(event.at)
        if column == self.STEP:
            return step_text(event.at - self._events[row - 1].at) if row else ""
        if column == self.STATE:
            return delivery_state(event.state)
        if column == self.RAW:
            return event.raw_state or "—"
        if column == self.SOURCE:
            return event_source(event.source)
        return say(event.detail) if event.detail else ""
