"""The sandbox banner: impossible to mistake the simulated providers for real ones."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class SandboxBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sandboxBanner")
        self.setText(self.tr("Sandbox — simulated providers; nothing leaves this computer"))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setStyleSheet(
            "#sandboxBanner { background: #ffe08a; color: #4a3600; border: 1px solid #d9b44a;"
            " font-weight: bold; padding: 7px; }"
        )
