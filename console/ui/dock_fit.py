"""The window's panes sized to the screen: the default layout's dock sizes and, on a screen
too small for every column, some folded behind others as tabs, whose titles stay readable.
(`screen_fit` places the window itself, before the first paint; this waits for the live window.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

from console.ui.screen_fit import room


@dataclass(frozen=True)
class DockSizes:
    """The default layout's dock sizes for a window of a given size: proportions of the
    window, so a small screen keeps room for the chat and a big one does not waste it."""

    left: int  # accounts, inbox and agenda column
    right: int  # timeline and contact column
    sender: int  # the composer's height
    accounts: int  # the accounts list's height, above the inbox
    timeline: int  # the timeline's height, above the contact panel

    @classmethod
    def for_window(cls, size: QSize) -> DockSizes:
        width, height = size.width(), size.height()
        return cls(
            left=round(width * 0.28),
            right=round(width * 0.30),
            sender=max(190, round(height * 0.22)),
            accounts=round(height * 0.16),
            timeline=round(height * 0.62),
        )


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
