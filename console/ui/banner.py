"""The sandbox banner: impossible to mistake the simulated providers for real ones, and
one click away from the agent's own accounts; and the fixed bar a banner sits in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QSizePolicy, QToolBar, QWidget


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


def banner_bar(window: QMainWindow, title: str, name: str, banner: QWidget) -> QToolBar:
    """A bar across `window`'s top, on a row of its own, that the agent cannot move or hide."""
    if window.findChildren(QToolBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    bar = QToolBar(title, objectName=name, movable=False, floatable=False)
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    bar.setStyleSheet("QToolBar { border: none; padding: 2px; }")
    bar.toggleViewAction().setVisible(False)
    bar.addWidget(banner)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
