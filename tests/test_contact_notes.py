"""A contact's note and labels, kept by agents; label changes reach its inbox row."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.domain.accounts import ProviderKind
from console.domain.errors import InvalidInput
from console.domain.inbox import MAX_NOTE_LENGTH, InboxFilter
from console.domain.phones import parse_phone
from console.services.topics import ConversationChanged
from console.store.types import utcnow
from tests.conftest import open_workspace, run_core


def test_a_note_and_labels_are_kept_and_label_changes_reach_the_inbox_row(tmp_path: Path) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "k"}
            )
            stored = await workspace.inbound.record(account, parse_phone("+52 55 4433 2211"), "Hola", "in-1", utcnow())
            assert stored is not None
            [row] = await workspace.inbox.page(InboxFilter(), 0, 1)
            notes = workspace.contact_notes
            changes: list[ConversationChanged] = []
            workspace.topics.conversation_changed.subscribe(changes.append)

            await notes.set_note(row.contact_id, "  Prefiere que le escriban de tarde.  ")
            with pytest.raises(InvalidInput, match="at most"):
                await notes.set_note(row.contact_id, "x" * (MAX_NOTE_LENGTH + 1))
            after_notes = list(changes)
            added = await notes.add_label(row.contact_id, "  Cliente   frecuente ")
            await notes.add_label(row.contact_id, "VIP")
            repeated = await notes.add_label(row.contact_id, "vip")  # the same label, other capitals
            with pytest.raises(InvalidInput):
                await notes.add_label(row.contact_id, "   ")
            listed = await workspace.inbox.page(InboxFilter(label="VIP"), 0, 10)
            removed = await notes.remove_label(row.contact_id, "Cliente frecuente")
            with pytest.raises(LookupError):
                await notes.note(row.contact_id + 100)
            return (
                await notes.note(row.contact_id),
                after_notes,
                added,
                repeated,
                listed,
                removed,
                await notes.labels_in_use(),
                changes,
                ConversationChanged(row.conversation_id, account.id),
            )

    note, after_notes, added, repeated, listed, removed, in_use, changes, expected = run_core(scenario())
    assert note == "Prefiere que le escriban de tarde."
    assert after_notes == []  # a note is not on the inbox row
    assert added == ("Cliente frecuente",)
    assert repeated == ("Cliente frecuente", "VIP")
    assert [row.labels for row in listed] == [("Cliente frecuente", "VIP")]
    assert removed == ("VIP",) and in_use == ["VIP"]
    assert changes == [expected] * 3  # added twice, removed once; the repeat changed nothing
