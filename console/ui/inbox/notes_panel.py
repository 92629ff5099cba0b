"""The open contact's note and labels, beside the chat, written with the keyboard: the note
is kept when the agent leaves it (or presses Ctrl+Enter in it); labels are typed separated
by commas and kept on Enter. In team mode a colleague's change to them shows when the change
log brings it, unless the agent is changing that field, and a team conversation's note has a
History… (every version the team server kept, with who and when); a note of the console's own
accounts keeps only its text, as in solo mode."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from console.domain.errors import InvalidInput
from console.domain.notices import as_notice
from console.domain.views import ContactView
from console.services.contact_notes import ContactNotes
from console.services.topics import TeamConversationChanged
from console.ui.bridge import TopicsBridge
from console.ui.dialogs.note_history import NoteHistoryDialog
from console.ui.labels import contact_title
from console.ui.selection import Selection
from console.ui.tasks import TaskHolder
from console.ui.wording import say

NOTE_LINES = 3


def typed_labels(text: str) -> list[str]:
    return [label.strip() for label in text.split(",") if label.strip()]


class ContactNotesPanel(QWidget):
    labels_changed = Signal()  # the inbox's label filter offers the labels in use

    def __init__(
        self, notes: ContactNotes, selection: Selection, bridge: TopicsBridge | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._notes = notes
        self._selection = selection
        self._tasks = TaskHolder(self)
        self._contact: ContactView | None = None
        self._saved_note = ""
        self._saved_labels: tuple[str, ...] = ()
        self.who = QLabel()
        self.who.setWordWrap(True)  # a long name must not widen the window
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("A short note about this contact"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * NOTE_LINES + 12)
        self.note_edit.installEventFilter(self)
        self.labels_edit = QLineEdit()
        self.labels_edit.setPlaceholderText(self.tr("e.g. vip, wholesale"))
        self.labels_edit.setToolTip(self.tr("Labels, separated by commas; Enter keeps them"))
        self.labels_edit.returnPressed.connect(self.save_labels)
        self.history_button = QPushButton(self.tr("&History…"))
        self.history_button.setToolTip(self.tr("Every version of this note the team kept, with who wrote it and when"))
        self.history_button.clicked.connect(self.show_history)
        self.history_button.setVisible(False)
        self.history: NoteHistoryDialog | None = None
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)

        form = QFormLayout()
        form.addRow(self.who)
        form.addRow(self.tr("&Note:"), self.note_edit)
        form.addRow("", self.history_button)
        form.addRow(self.tr("&Labels:"), self.labels_edit)
        form.addRow(self.problem)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addStretch(1)  # a tall pane keeps the rows together at the top
        selection.contact_changed.connect(self._on_contact)
        if bridge is not None:
            bridge.team_changed.connect(self._on_team_changed)
        self._on_contact(selection.contact)

    def _on_contact(self, contact: ContactView | None) -> None:
        if self._contact is not None:
            self.save_note()
        self._contact = contact
        self.problem.setVisible(False)
        self.who.setText(contact_title(contact) if contact is not None else self.tr("No conversation open"))
        for field in (self.note_edit, self.labels_edit):
            field.setEnabled(contact is not None)
        self.note_edit.setPlainText("")
        self.labels_edit.clear()
        self.history_button.setVisible(False)
        if contact is not None:
            self._tasks.start("load", self._load(contact.id))

    async def _load(self, contact_id: int) -> None:
        self._saved_note = await self._notes.note(contact_id)
        self._saved_labels = await self._notes.labels(contact_id)
        self.note_edit.setPlainText(self._saved_note)
        self.labels_edit.setText(", ".join(self._saved_labels))
        self.history_button.setVisible(await self._notes.has_history(contact_id))

    def show_history(self) -> None:
        """The note's versions the team kept, in a dialog of their own (not modal: the chat stays usable)."""
        if self._contact is None:
            return
        if self.history is not None:
            self.history.close()
        self.history = NoteHistoryDialog(self._notes, self._contact.id, contact_title(self._contact), self)
        self.history.show()

    def _on_team_changed(self, changed: TeamConversationChanged) -> None:
        account = self._selection.account
        if self._contact is None or account is None or (changed.account, changed.customer) != (account.name, self._contact.phone):
            return
        self._tasks.start("team", self._reload(self._contact.id))

    async def _reload(self, contact_id: int) -> None:
        """What the team changed, shown where the agent is not typing something else."""
        note, labels = await self._notes.note(contact_id), await self._notes.labels(contact_id)
        if self._contact is None or self._contact.id != contact_id:
            return
        if self.note_edit.toPlainText().strip() == self._saved_note:
            self._saved_note = note
            self.note_edit.setPlainText(note)
        if labels != self._saved_labels:
            if typed_labels(self.labels_edit.text()) == list(self._saved_labels):
                self.labels_edit.setText(", ".join(labels))
            self._saved_labels = labels
            self.labels_changed.emit()

    def save_note(self) -> None:
        text = self.note_edit.toPlainText()
        if self._contact is not None and text.strip() != self._saved_note:
            before, self._saved_note = self._saved_note, text.strip()
            self._tasks.start(f"note:{self._contact.id}", self._save_note(self._contact.id, text, before))

    async def _save_note(self, contact_id: int, text: str, before: str) -> None:
        try:
            await self._notes.set_note(contact_id, text)
        except InvalidInput as error:  # too long, or a team contact while its server cannot be reached
            if self._contact is not None and self._contact.id == contact_id:
                self._saved_note = before  # not kept: leaving the field later tries again
            self._show_problem(say(as_notice(error.reason)))

    def save_labels(self) -> None:
        if self._contact is not None:
            self._tasks.start("labels", self._save_labels(self._contact.id, typed_labels(self.labels_edit.text())))

    async def _save_labels(self, contact_id: int, wanted: list[str]) -> None:
        self.problem.setVisible(False)
        current = self._saved_labels
        kept = {label.casefold() for label in wanted}
        try:
            for label in current:
                if label.casefold() not in kept:
                    current = await self._notes.remove_label(contact_id, label)
            for label in wanted:
                if label.casefold() not in {had.casefold() for had in current}:
                    current = await self._notes.add_label(contact_id, label)
        except InvalidInput as error:
            self._show_problem(say(as_notice(error.reason)))
        self._saved_labels = current
        self.labels_edit.setText(", ".join(current))
        self.labels_changed.emit()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.note_edit and event.type() == QEvent.Type.FocusOut:
            self.save_note()
        if (
            watched is self.note_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save_note()
            return True
        return False
