"""The bar a send's warnings show: what the console could not confirm, and "Send anyway".

The button (its mnemonic, Alt+A in English; or Tab to it and Space) sends despite
exactly the warnings shown; a warning that appears later is asked about again. Nothing
moves the focus to it, so a key meant for the text never sends anyway by accident.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from console.domain.send_warnings import SendWarning, WarningKind
from console.ui.sender.feedback import WARNING_STYLE
from console.ui.wording import say


class SendAnywayBar(QWidget):
    confirmed = Signal(tuple)  # tuple[SendWarning, ...]: the warnings the agent overrides

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._warnings: tuple[SendWarning, ...] = ()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet(WARNING_STYLE)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(self.tr("Send &anyway"))
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.button.setToolTip(self.tr("Send despite the warning above ({keys})").format(keys=self.keys()))
        self.button.clicked.connect(self._confirm)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    @property
    def warnings(self) -> tuple[SendWarning, ...]:
        return self._warnings

    def keys(self) -> str:
        """The button's mnemonic as the agent reads it (the translation chooses the letter)."""
        return QKeySequence.mnemonic(self.button.text()).toString(QKeySequence.SequenceFormat.NativeText)

    def show_warnings(self, warnings: tuple[SendWarning, ...]) -> None:
        """Show `warnings` with the button; none hides the bar."""
        self._warnings = warnings
        if not warnings:
            self.hide()
            return
        self.text.setText("\n".join(f"⚠ {self._headline(w.kind)} {say(w.notice)}" for w in warnings))
        self.show()

    def clear(self) -> None:
        self.show_warnings(())

    def _confirm(self) -> None:
        if self._warnings:
            self.confirmed.emit(self._warnings)

    def _headline(self, kind: WarningKind) -> str:
        headlines = {
            WarningKind.NUMBER_NOT_IN_PLAN: self.tr("A number this console does not know."),
            WarningKind.MEDIA_NOT_CHECKED: self.tr("A media link this console could not check."),
            WarningKind.WINDOW_NOT_SEEN: self.tr("A 24 h window this console did not see open."),
        }
        return headlines[kind]
