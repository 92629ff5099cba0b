"""The window's panes on a screen too small for every column: some fold behind others as tabs,
and tabs keep their titles readable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

from console.ui.screen_fit import room


def fold_to_fit(window: QMainWindow, docks: Sequence[QDockWidget], available: QRect) -> None:
    """On a screen too small for every column (a laptop at 1.5× or 2× scaling), the right
    column's panes go behind the inbox as tabs, then the accounts too: one click away."""
    space = room(available)
    accounts, inbox, agenda, _sender, timeline, contact = docks
    for folded in ((timeline, contact), (accounts,)):
        needed = window.minimumSizeHint()
        if needed.width() <= space.width() and needed.height() <= space.height():
            break
        for dock in folded:
            window.tabifyDockWidget(agenda, dock)
    inbox.raise_()


def readable_tabs(window: QMainWindow) -> None:
    """The tabs of docks stacked together scroll rather than shrink their titles to "C…"."""
    for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setUsesScrollButtons(True)
