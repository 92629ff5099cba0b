"""The line under a form that says what happened, coloured by how it went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from console.domain.lifecycle import DeliveryState
from console.domain.messages import MessageSummary
from console.ui.tones import Tone, tone_style
from console.ui.wording import say


class FeedbackLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def show_text(self, text: str, style: str = "") -> None:
        self.setText(text)
        # Selectable while it says something; an empty line takes no focus (a nameless stop for Tab).
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus if text else Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(style)

    def error(self, text: str) -> None:
        self.show_text(text, tone_style(Tone.ERROR, self.palette()))

    def warning(self, text: str) -> None:
        self.show_text(text, tone_style(Tone.WARNING, self.palette()))

    def ok(self, text: str) -> None:
        self.show_text(text, tone_style(Tone.OK, self.palette()))

    def clear_text(self) -> None:
        self.show_text("")

    def report(self, message: MessageSummary) -> bool:
        """Say how a send ended; True when the provider took it, or the send is queued for the team server."""
        if message.state is DeliveryState.FAILED:
            reason = say(message.failure_reason) if message.failure_reason else self.tr("the provider refused it")
            self.error(self.tr("Not sent: {reason}").format(reason=reason))
            return False
        if message.state is DeliveryState.UNKNOWN:
            self.warning(self.tr("It may or may not have been sent; check the timeline before sending it again."))
            return False
        if message.queued_for_team:
            self.warning(self.tr("Queued: the team server cannot be reached now; it gets it as soon as it answers."))
            return True
        self.clear_text()
        return True
