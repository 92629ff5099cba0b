"""The window's own shortcuts, kept from the text fields that would take them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence


class WindowKeys(QObject):
    """Lets the window's shortcuts win over text fields' own bindings (Ctrl+K deletes to the
    end of the line in Qt's text fields on Linux): installed on each widget that takes focus."""

    def __init__(self, keys: list[QKeySequence], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            return any(pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch for keys in self._keys)
        return False
