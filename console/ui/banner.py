"""The sandbox banner: impossible to mistake the simulated providers for real ones, and
one click away from the agent's own accounts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget


class SandboxBanner(QWidget):
    leave_requested = Signal()

    def __init__(self, can_leave: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sandboxBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.label = QLabel(self.tr("Sandbox — simulated providers; nothing leaves this computer"))
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.leave_button = QPushButton(self.tr("Work with my real accounts…"))
        self.leave_button.setVisible(can_leave)
        self.leave_button.clicked.connect(self.leave_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(7, 4, 7, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.leave_button)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # A warning colour in light and dark themes alike: the text colour is set with it.
        self.setStyleSheet(
            "#sandboxBanner { background: #ffe08a; border: 1px solid #d9b44a; }"
            "#sandboxBanner QLabel { color: #4a3600; font-weight: bold; }"
        )
