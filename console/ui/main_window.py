"""The main window: composes the panes around the chat and routes their notices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QToolBar, QWidget

from console.services.workspace import Workspace
from console.ui.banner import SandboxBanner
from console.ui.bridge import TopicsBridge
from console.ui.panes.accounts import AccountsPane
from console.ui.panes.agenda import AgendaPane
from console.ui.panes.chat import ChatPane
from console.ui.panes.sender import SenderPane
from console.ui.panes.timeline import TimelinePane
from console.ui.selection import Selection

NOTICE_MS = 8000


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, *, sandbox: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Centralita"))
        self.bridge = TopicsBridge(workspace.topics, self)
        self.selection = Selection(self)

        self.accounts_pane = AccountsPane(workspace.accounts, self.bridge, self.selection)
        self.agenda_pane = AgendaPane(workspace.agenda, workspace.accounts, self.bridge, self.selection)
        self.chat_pane = ChatPane(workspace.conversations, self.bridge, self.selection)
        self.sender_pane = SenderPane(workspace.outbox, workspace.accounts, self.selection)
        self.timeline_pane = TimelinePane(workspace.history, self.bridge, self.selection)

        self.banner = SandboxBanner() if sandbox else None
        if self.banner is not None:
            bar = QToolBar(self.tr("Sandbox"), objectName="sandboxBar", movable=False, floatable=False)
            bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
            bar.setStyleSheet("QToolBar { border: none; padding: 2px; }")
            bar.addWidget(self.banner)
            self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        self.setCentralWidget(self.chat_pane)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        accounts = self._dock(self.tr("Accounts"), "accountsDock", self.accounts_pane, Qt.DockWidgetArea.LeftDockWidgetArea)
        agenda = self._dock(self.tr("Agenda"), "agendaDock", self.agenda_pane, Qt.DockWidgetArea.LeftDockWidgetArea)
        sender = self._dock(self.tr("Sender"), "senderDock", self.sender_pane, Qt.DockWidgetArea.BottomDockWidgetArea)
        timeline = self._dock(self.tr("Timeline"), "timelineDock", self.timeline_pane, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resize(1500, 900)
        self.resizeDocks([accounts, agenda], [100, 760], Qt.Orientation.Vertical)
        self.resizeDocks([accounts, timeline], [430, 470], Qt.Orientation.Horizontal)
        self.resizeDocks([sender], [170], Qt.Orientation.Vertical)

        self.secrets_label = QLabel(self.tr("Secrets: {where}").format(where=workspace.accounts.secrets_description))
        self.statusBar().addPermanentWidget(self.secrets_label)
        for pane in (self.accounts_pane, self.agenda_pane, self.sender_pane):
            pane.notice.connect(lambda text: self.statusBar().showMessage(text, NOTICE_MS))

    def _dock(self, title: str, name: str, pane: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self, objectName=name)
        dock.setWidget(pane)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def shutdown(self) -> None:
        """Cancel every pane's work and stop observing the workspace."""
        for pane in (self.accounts_pane, self.agenda_pane, self.chat_pane, self.sender_pane, self.timeline_pane):
            pane.shutdown()
        self.bridge.detach()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
