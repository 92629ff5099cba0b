"""The callbacks set aside during this session: kept by the relay, applied to no message."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from console.domain.accounts import PROVIDER_TITLES, ProviderKind
from console.services.topics import CallbackProblem
from console.ui.labels import local_time
from console.ui.models.common import ROOT, Index
from console.ui.wording import say


def provider_title(provider: str) -> str:
    """The provider's name as the agent knows it; the raw value for one this console does not."""
    try:
        return PROVIDER_TITLES[ProviderKind(provider)]
    except ValueError:
        return provider


class SetAsideCallbacks(QAbstractTableModel):
    """Newest first, so the one a notice just announced is at the top."""

    RECEIVED, PROVIDER, REASON = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problems: list[CallbackProblem] = []

    def add(self, problem: CallbackProblem) -> None:
        self.beginInsertRows(ROOT, 0, 0)
        self._problems.insert(0, problem)
        self.endInsertRows()

    def take_over(self, other: SetAsideCallbacks) -> None:
        """List what `other` listed: a window rebuilt (in another language) keeps the session's."""
        self.beginResetModel()
        self._problems = [*other._problems, *self._problems]
        self.endResetModel()

    def problem(self, row: int) -> CallbackProblem:
        return self._problems[row]

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        problem = self._problems[index.row()]
        if index.column() == self.RECEIVED:
            return local_time(problem.received_at, seconds=True)
        if index.column() == self.PROVIDER:
            return provider_title(problem.provider)
        return say(problem.reason)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Received"), self.tr("Provider"), self.tr("Why it was set aside"))[section]
