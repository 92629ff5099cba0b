"""The workspace's accounts with their connection health."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QAbstractListModel, QObject, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from console.domain.accounts import Account, AccountHealth, ConnectionState
from console.domain.notices import Notice
from console.ui.accounts.health import health_line
from console.ui.labels import CONNECTION_COLORS, connection_state
from console.ui.models.common import ROOT, Index
from console.ui.wording import say


def _dot(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(color.darker(130))
    painter.setBrush(color)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class AccountListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._accounts: list[Account] = []
        self._health: dict[int, AccountHealth] = {}
        self._unread: dict[int, int] = {}  # conversations with unread messages, per account
        self._expiry: Callable[[int], datetime | None] = lambda _: None
        self._team_problem: Notice | None = None  # why the team server cannot be reached; None while it can
        self._icons = {state: _dot(color) for state, color in CONNECTION_COLORS.items()}

    def replace(self, accounts: list[Account], health: dict[int, AccountHealth]) -> None:
        self.beginResetModel()
        self._accounts = list(accounts)
        self._health = dict(health)
        self.endResetModel()

    def set_health(self, account_id: int, health: AccountHealth) -> None:
        self._health[account_id] = health
        for row, account in enumerate(self._accounts):
            if account.id == account_id:
                self.dataChanged.emit(self.index(row), self.index(row))

    def set_unread(self, unread: dict[int, int]) -> None:
        """The badge on each account's line: its conversations with unread messages."""
        if unread != self._unread:
            self._unread = dict(unread)
            self.refresh()

    def set_team_problem(self, problem: Notice | None) -> None:
        """The team's accounts are checked by the team server, not by this console: their line
        says whether this console reaches that server."""
        self._team_problem = problem
        self.refresh()

    def _team_state(self) -> ConnectionState:
        return ConnectionState.UNREACHABLE if self._team_problem is not None else ConnectionState.CONNECTED

    def _team_line(self) -> str:
        if self._team_problem is not None:
            return self.tr("team server unreachable")
        return self.tr("through the team server")

    def unread(self, account_id: int) -> int:
        return self._unread.get(account_id, 0)

    def set_expiry_source(self, expiry: Callable[[int], datetime | None]) -> None:
        """Where the line reads each account's token expiry (asked at every repaint)."""
        self._expiry = expiry

    def refresh(self) -> None:
        """Repaint every line: the time left on tokens moves on by itself."""
        if self._accounts:
            self.dataChanged.emit(self.index(0), self.index(len(self._accounts) - 1))

    def account(self, row: int) -> Account:
        return self._accounts[row]

    def row_of(self, account_id: int) -> int | None:
        return next((row for row, account in enumerate(self._accounts) if account.id == account_id), None)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._accounts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        account = self._accounts[index.row()]
        health = self._health.get(account.id, AccountHealth(ConnectionState.UNKNOWN))
        if role == Qt.ItemDataRole.DisplayRole:
            sandbox = self.tr(" · sandbox") if account.sandbox else ""
            unread = self.unread(account.id)
            badge = f"  ● {unread}" if unread else ""
            line = self._team_line() if account.team else health_line(health, self._expiry(account.id))
            return f"{account.title}{sandbox}{badge}\n{line}"
        if role == Qt.ItemDataRole.FontRole and self.unread(account.id):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[self._team_state() if account.team else health.state]
        if role == Qt.ItemDataRole.ToolTipRole:
            if account.team:
                state = say(self._team_problem) if self._team_problem is not None else self._team_line()
            else:
                state = say(health.detail) if health.detail else connection_state(health.state)
            unread = self.unread(account.id)
            waiting = self.tr("%n conversation(s) with unread messages", "", unread)
            return f"{state}\n{waiting}" if unread else state
        return None
