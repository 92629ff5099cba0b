"""The data cannot be opened: the reason, and the ways out it offers, as buttons."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from console.domain.storage import StorageProblem, WayOut
from console.ui.wording import say


class StorageProblemDialog(QMessageBox):
    def __init__(self, problem: StorageProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("Centralita cannot open its data"))
        self.setText(say(problem))
        labels = {
            WayOut.RESTORE_BACKUP: self.tr("Restore the last backup"),
            WayOut.NEW_PROFILE: self.tr("Start a new profile (keep this file aside)"),
            WayOut.NEW_RELAY_STORE: self.tr("Start a new relay store (keep this file aside)"),
        }
        self.ways: dict[QAbstractButton, WayOut] = {
            self.addButton(labels[way], QMessageBox.ButtonRole.AcceptRole): way for way in problem.ways_out
        }
        self.quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.quit_button)

    def button_for(self, way: WayOut) -> QAbstractButton:
        return next(button for button, offered in self.ways.items() if offered is way)

    async def choose(self) -> WayOut | None:
        """Shown without blocking the loop; the way out chosen, or None to quit."""
        chosen: asyncio.Future[WayOut | None] = asyncio.get_running_loop().create_future()
        self.finished.connect(lambda _: chosen.done() or chosen.set_result(self.ways.get(self.clickedButton())))
        self.open()
        return await chosen
