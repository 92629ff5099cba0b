"""A banner across the window while the team server cannot be reached: the team's
conversations are read-only then (`services/team_guard.py` refuses their edits) and sends
wait queued. The service layer decides the state (`TopicsBridge.team_offline`); the banner
only shows it, and hides again when the follower reaches the server."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from console.domain.notices import Notice
from console.services.team_guard import OFFLINE
from console.ui.bridge import TopicsBridge
from console.ui.wording import say


class TeamOfflineBanner(QWidget):
    shown_changed = Signal(bool)  # whoever holds the banner shows or hides its bar

    def __init__(self, bridge: TopicsBridge, problem: Notice | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamOfflineBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.offline = False
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(7, 3, 7, 3)
        layout.addWidget(self.label, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Like the sandbox banner, readable in light and dark themes: the text colour is set with it.
        self.setStyleSheet(
            "#teamOfflineBanner { background: #f6c9c4; border: 1px solid #c2645a; }"
            "#teamOfflineBanner QLabel { color: #5c1510; font-weight: bold; }"
        )
        bridge.team_offline.connect(self.show_problem)
        self.show_problem(problem)

    def show_problem(self, problem: Notice | None) -> None:
        """The server cannot be reached (`problem` says why, in the tooltip), or can again (None)."""
        offline = problem is not None
        self.label.setText(say(OFFLINE()) if offline else "")
        self.setToolTip(say(problem) if problem is not None else "")
        self.label.setAccessibleName(self.label.text())
        if offline and not self.offline:
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.label, self.label.text()))
        if offline != self.offline:
            self.offline = offline
            self.shown_changed.emit(offline)
