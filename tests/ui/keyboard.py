"""Typing the way a keyboard does: each key goes where Qt routes a real one, to an open popup
(a completer's list, a menu) first, else to the widget with focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def receiver() -> QWidget:
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard"
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    for character in text:
        qtbot.keyClicks(receiver(), character)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(receiver(), key, modifier)
