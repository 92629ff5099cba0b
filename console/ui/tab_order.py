"""Tab moves through the window as it reads on screen: the banner, the accounts, the
conversations (or the agenda), the chat, the composer, the timeline, the contact panel,
then the status bar. Qt's own order follows the order widgets were made in, which
jumped from the agenda to the composer and back up to the accounts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def focus_chain(window: QWidget) -> list[QWidget]:
    """The widgets of `window`'s focus chain that Tab may stop at, in Qt's order now."""
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not window and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return [widget for widget in chain if widget.focusPolicy() & Qt.FocusPolicy.TabFocus]


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
