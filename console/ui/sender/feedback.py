"""The line under a form that says what happened, coloured by how it went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from console.domain.lifecycle import DeliveryState
from console.domain.messages import MessageSummary
from console.ui.wording import say

ERROR_STYLE = "color: #b3261e;"
WARNING_STYLE = "color: #8a5a00;"
OK_STYLE = "color: #1e7b34;"


class FeedbackLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_text(self, text: str, style: str = "") -> None:
        self.setText(text)
        self.setStyleSheet(style)

    def error(self, text: str) -> None:
        self.show_text(text, ERROR_STYLE)

    def warning(self, text: str) -> None:
        self.show_text(text, WARNING_STYLE)

    def ok(self, text: str) -> None:
        self.show_text(text, OK_STYLE)

    def clear_text(self) -> None:
        self.show_text("")

    def report(self, message: MessageSummary) -> bool:
        """Say how a send ended; True when the provider took it."""
        if message.state is DeliveryState.FAILED:
            reason = say(message.failure_reason) if message.failure_reason else self.tr("the provider refused it")
            self.error(self.tr("Not sent: {reason}").format(reason=reason))
            return False
        if message.state is DeliveryState.UNKNOWN:
            self.warning(self.tr("It may or may not have been sent; check the timeline before sending it again."))
            return False
        self.clear_text()
        return True
