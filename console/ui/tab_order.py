"""Tab moves through the window as it reads on screen: the banner, the accounts, the
conversations (or the agenda), the chat, the composer, the timeline, the contact panel,
then the status bar. Qt's own order follows the order widgets were made in, which
jumped from the agenda to the composer and back up to the accounts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def focus_chain(window: QWidget) -> list[QWidget]:
    """The widgets of `window`'s focus chain that Tab may stop at, in Qt's order now.

    The walk stops at the widget before `window` instead of coming round to it: fetched
    from C++ while `window` is still in its `__init__`, the window would get a second
    Python wrapper, and PySide then deleted unrelated objects (an attach menu's actions).
    """
    last = window.previousInFocusChain()
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while True:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        if widget is last or widget is window:
            return chain
        widget = widget.nextInFocusChain()


def follow_the_screen(window: QWidget, areas: Sequence[QWidget]) -> None:
    """Chain the focus through `areas` in the order given, each keeping its own inner order;
    whatever lies in none of them keeps its place after them."""
    chain = focus_chain(window)
    grouped: list[list[QWidget]] = [[] for _ in areas]
    rest: list[QWidget] = []
    for widget in chain:
        home = next((i for i, area in enumerate(areas) if area is widget or area.isAncestorOf(widget)), None)
        (rest if home is None else grouped[home]).append(widget)
    ordered = [widget for group in grouped for widget in group] + rest
    for before, after in zip(ordered, ordered[1:], strict=False):
        QWidget.setTabOrder(before, after)
