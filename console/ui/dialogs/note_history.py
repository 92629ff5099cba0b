"""A team conversation's note as it was: every edit the team server kept, newest first, each
with who wrote it and when (the notes panel's History…). Read-only; the note is edited in the
panel. While the server cannot be reached it says so in one sentence."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from console.domain.notices import NoticeError
from console.domain.team_shared import NoteEdit
from console.services.contact_notes import ContactNotes
from console.ui.labels import local_time
from console.ui.sender.feedback import FeedbackLabel
from console.ui.tasks import TaskHolder
from console.ui.wording import say

LOAD = "load"


class NoteHistoryDialog(QDialog):
    def __init__(self, notes: ContactNotes, contact_id: int, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("The note's history"))
        self._tasks = TaskHolder(self)
        about = QLabel(self.tr("Every version of the note about {contact}, newest first.").format(contact=title))
        about.setWordWrap(True)
        self.edits = QListWidget()
        self.edits.setAccessibleName(self.tr("Versions of the note"))
        self.edits.setWordWrap(True)
        self.edits.setAlternatingRowColors(True)
        self.status = FeedbackLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.edits, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(460, 360)
        self.status.show_text(self.tr("Asking the team server…"))
        self._tasks.start(LOAD, self._load(notes, contact_id))

    async def _load(self, notes: ContactNotes, contact_id: int) -> None:
        try:
            edits = await notes.note_history(contact_id)
        except NoticeError as error:
            self.status.error(say(error))
            return
        self.show_edits(edits or [])

    def show_edits(self, edits: list[NoteEdit]) -> None:
        self.edits.clear()
        for edit in edits:
            said = edit.text if edit.text else self.tr("(removed the note)")
            who = self.tr("{agent}, {when}").format(agent=edit.agent, when=local_time(edit.at))
            item = QListWidgetItem(f"{who}\n{said}")
            item.setToolTip(said)
            self.edits.addItem(item)
        self.status.show_text(self.tr("The note has never been written.") if not edits else "")
