"""What agents keep about a contact: a short note and labels (the inbox filters by label)."""

from __future__ import annotations

from console.domain.errors import InvalidInput
from console.domain.inbox import MAX_NOTE_LENGTH, clean_label
from console.domain.notices import Wording
from console.domain.team_shared import NoteEdit
from console.services import field_labels as labels
from console.services.team_guard import TeamGuard
from console.services.team_shared import TeamSharedEdits
from console.services.topics import ConversationChanged, Topics
from console.store import contact_notes as note_queries
from console.store import conversations as conversation_queries
from console.store.database import Database
from console.store.missing import NO_CONTACT, Missing

NOTE_TOO_LONG = Wording("notes.too_long", "a note has at most {limit} characters; this one has {length}")


class ContactNotes:
    """On a team account's contact, editing is refused (`TeamReadOnly`) while the team server cannot be reached."""

    def __init__(self, db: Database, topics: Topics, guard: TeamGuard) -> None:
        self._db = db
        self._topics = topics
        self.team: TeamSharedEdits | None = None  # team mode: a team account's contact is the server's to change
        self._guard = guard

    async def note(self, contact_id: int) -> str:
        found = await self._db.run(note_queries.note, contact_id)
        if found is None:
            raise Missing(NO_CONTACT(id=str(contact_id)))
        return found

    async def set_note(self, contact_id: int, text: str) -> None:
        note = text.strip()
        if len(note) > MAX_NOTE_LENGTH:
            raise InvalidInput(labels.NOTE(), NOTE_TOO_LONG(limit=MAX_NOTE_LENGTH, length=len(note)))
        await self._guard.check_contact(contact_id)
        if self.team is not None and await self.team.set_note(contact_id, note):
            return
        await self._db.run(note_queries.set_note, contact_id, note)

    async def has_history(self, contact_id: int) -> bool:
        """Whether the note's earlier versions are kept: a team account's note, on its server. A
        note of this console's own accounts keeps only its text, as in solo mode."""
        return self.team is not None and await self.team.shared(contact_id)

    async def note_history(self, contact_id: int) -> list[NoteEdit] | None:
        """Who wrote what in the note and when, newest first; None when no history is kept
        (`has_history`). A `NoticeError` in one sentence when the team server cannot tell."""
        return None if self.team is None else await self.team.note_edits(contact_id)

    async def labels(self, contact_id: int) -> tuple[str, ...]:
        return await self._db.run(note_queries.labels, contact_id)

    async def add_label(self, contact_id: int, label: str) -> tuple[str, ...]:
        """Label the contact; its labels after. A label in use with other capitals keeps its spelling."""
        await self._guard.check_contact(contact_id)
        if self.team is not None and await self.team.add_label(contact_id, clean_label(label)):
            return await self.labels(contact_id)
        if await self._db.run(note_queries.add_label, contact_id, clean_label(label)):
            await self._announce(contact_id)
        return await self.labels(contact_id)

    async def remove_label(self, contact_id: int, label: str) -> tuple[str, ...]:
        """Its labels after."""
        await self._guard.check_contact(contact_id)
        if self.team is not None and await self.team.remove_label(contact_id, label):
            return await self.labels(contact_id)
        if await self._db.run(note_queries.remove_label, contact_id, label):
            await self._announce(contact_id)
        return await self.labels(contact_id)

    async def labels_in_use(self) -> list[str]:
        """Every label on some contact, alphabetically: the inbox's label filter offers these."""
        return await self._db.run(note_queries.labels_in_use)

    async def _announce(self, contact_id: int) -> None:
        """Labels show on the contact's inbox row."""
        conversation = await self._db.run(conversation_queries.of_contact, contact_id)
        if conversation is not None:
            self._topics.conversation_changed.publish(ConversationChanged(*conversation))
