"""The outcome of each recipient of a bulk run, as a table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor

from console.domain.bulk import Outcome, RecipientView
from console.services.bulk import parameters_text
from console.ui.models.common import ROOT, Index
from console.ui.wording import say


def outcome_label(outcome: Outcome) -> str:
    return {
        Outcome.QUEUED: QCoreApplication.translate("bulk", "not sent yet"),
        Outcome.SENDING: QCoreApplication.translate("bulk", "sending"),
        Outcome.SENT: QCoreApplication.translate("bulk", "sent"),
        Outcome.FAILED: QCoreApplication.translate("bulk", "failed"),
        Outcome.VERIFY: QCoreApplication.translate("bulk", "verify"),
        Outcome.SKIPPED: QCoreApplication.translate("bulk", "skipped"),
    }[outcome]


_COLORS = {Outcome.FAILED: QColor("#b3261e"), Outcome.VERIFY: QColor("#8a5a00"), Outcome.SENT: QColor("#1e7b34")}


class BulkSummaryModel(QAbstractTableModel):
    POSITION, RECIPIENT, PARAMETERS, OUTCOME, DETAIL = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RecipientView] = []

    def replace(self, rows: list[RecipientView]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def recipient(self, row: int) -> RecipientView:
        return self._rows[row]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            "#",
            QCoreApplication.translate("bulk", "Recipient"),
            QCoreApplication.translate("bulk", "Parameters"),
            QCoreApplication.translate("bulk", "Outcome"),
            QCoreApplication.translate("bulk", "Detail"),
        ][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.POSITION:
                return row.position
            if column == self.RECIPIENT:
                return row.recipient
            if column == self.PARAMETERS:
                return parameters_text(row.params)
            if column == self.OUTCOME:
                return outcome_label(row.outcome)
            return say(row.detail) if row.detail else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DETAIL:
            return say(row.detail) if row.detail else None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.OUTCOME:
            return _COLORS.get(row.outcome)
        return None
