"""A conversation with a number typed by the agent: checked for the account's provider
before anything is stored, and it says when only a template can reach the customer."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.domain.accounts import ProviderKind
from console.domain.errors import InvalidInput
from console.domain.inbox import ConversationStatus, InboxFilter
from console.domain.phones import parse_phone
from console.services.topics import AgendaChanged, ConversationChanged
from console.services.workspace import Workspace
from console.store.types import utcnow
from tests.conftest import open_workspace, run_core

UNREACHABLE = "http://127.0.0.1:9"  # nothing is asked of the provider


async def _stored(workspace: Workspace) -> tuple[int, int]:
    """Conversations listed (open and resolved) and contacts of every account."""
    listed = await workspace.inbox.count(InboxFilter()) + await workspace.inbox.count(
        InboxFilter(status=ConversationStatus.RESOLVED)
    )
    accounts = await workspace.accounts.list()
    contacts = sum([await workspace.agenda.count(account.id) for account in accounts])
    return listed, contacts


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("12", "not a phone number"), ("hola", "not a phone number"), ("+598 99 123", "no such number"), ("", "empty")],
)
def test_an_unusable_number_is_refused_and_nothing_is_stored(tmp_path: Path, typed: str, reason: str) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_heynow(
                "hn", base_url=UNREACHABLE, username="u", password="p", platform_id="59899000001"
            )
            changes: list[object] = []
            workspace.topics.conversation_changed.subscribe(changes.append)
            with pytest.raises(InvalidInput) as refused:
                await workspace.new_conversations.start(account, typed)
            return refused.value, await _stored(workspace), changes

    refused, stored, changes = run_core(scenario())
    assert refused.field.code == "field.phone" and reason in str(refused.reason)
    assert stored == (0, 0) and changes == []


def test_a_provider_that_cannot_write_is_refused_before_the_number_is_read(tmp_path: Path) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "ch",
                ProviderKind.CHATTIGO,
                {"base_url": UNREACHABLE, "username": "u", "password": "p", "wa_id": "5491100000000"},
            )
            with pytest.raises(InvalidInput) as refused:
                await workspace.new_conversations.start(account, "+54 9 11 5555 1234")
            return refused.value, await _stored(workspace)

    refused, stored = run_core(scenario())
    assert "Chattigo ISV cannot send text" in str(refused) and "cannot send messages" in str(refused)
    assert stored == (0, 0)


def test_each_provider_says_whether_free_text_can_reach_the_customer(tmp_path: Path) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            heynow = await workspace.accounts.add_heynow(
                "hn", base_url=UNREACHABLE, username="u", password="p", platform_id="59899000001"
            )
            bb = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": UNREACHABLE, "api_key": "k"}
            )
            cliengo = await workspace.accounts.add_account(
                "cl", ProviderKind.CLIENGO, {"base_url": UNREACHABLE, "api_key": "k", "website_id": "w"}
            )
            changes: list[ConversationChanged] = []
            agenda: list[AgendaChanged] = []
            workspace.topics.conversation_changed.subscribe(changes.append)
            workspace.topics.agenda_changed.subscribe(agenda.append)

            local = await workspace.new_conversations.start(heynow, "099 123 456")  # as people write it in Uruguay
            stranger = await workspace.new_conversations.start(bb, "+52 55 4433 2211")
            templates_only = await workspace.new_conversations.start(cliengo, "+54 9 299 484 3975")

            # The customer writes: the window opens, and starting again finds the same conversation.
            await workspace.inbound.record(bb, parse_phone("+525544332211"), "Hola", "in-1", utcnow())
            await workspace.conversations.resolve(stranger.conversation_id)
            again = await workspace.new_conversations.start(bb, "5255 4433 2211")
            rows = await workspace.inbox.page(InboxFilter(), 0, 10)
            return (heynow, bb, cliengo), (local, stranger, templates_only, again), rows, changes, agenda

    (heynow, bb, cliengo), (local, stranger, templates_only, again), rows, changes, agenda = run_core(scenario())
    assert (local.account_id, local.created, local.window, local.template_first) == (heynow.id, True, None, False)
    assert stranger.created and stranger.window is not None and not stranger.window.is_open and stranger.template_first
    assert templates_only.template_first and templates_only.window is None  # Cliengo sends templates only
    assert again.conversation_id == stranger.conversation_id and not again.created
    assert again.window is not None and again.window.is_open and not again.template_first

    by_conversation = {row.conversation_id: row for row in rows}
    assert by_conversation[local.conversation_id].contact_phone == "59899123456"
    assert by_conversation[local.conversation_id].last_kind is None  # nothing written yet
    assert by_conversation[local.conversation_id].preview == ""
    assert by_conversation[again.conversation_id].status is ConversationStatus.OPEN  # starting again reopened it
    started = {local.conversation_id, stranger.conversation_id, templates_only.conversation_id}
    assert {row.conversation_id for row in rows} == started
    assert ConversationChanged(local.conversation_id, heynow.id) in changes
    assert [change.account_id for change in agenda] == [heynow.id, bb.id, cliengo.id]  # new contacts, not the repeat
