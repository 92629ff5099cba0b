"""The team's read-only guard at the services: while the follower cannot reach the team server,
every edit of a team account's conversation or contact (and every take, transfer, release) is
refused with one sentence and changes nothing, while a bulk run, a set of sends, is stored queued
for the server; the console's own accounts stay editable; the server reached again, the same edits
go through. The follower tells the guard by itself."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.domain.content import TemplateContent
from console.domain.inbox import ConversationStatus, InboxFilter
from console.domain.notices import UNTRANSLATED, Notice
from console.domain.phones import parse_phone
from console.domain.team import TeamAccount
from console.domain.team_runs import queued_for_team
from console.services.team import TeamFollower
from console.services.team_client import TeamClient
from console.services.team_guard import READ_ONLY, TeamReadOnly
from console.services.workspace import Workspace
from console.store import team as team_store
from console.store import team_accounts
from console.store.bulk_runs import NewRecipient
from console.store.types import utcnow
from tests.conftest import open_workspace, run_core

WHY = UNTRANSLATED(text="the server is away")


async def _conversation(workspace: Workspace, account_name: str, phone: str) -> tuple[int, int]:
    account = await workspace.accounts.by_name(account_name)
    await workspace.inbound.record(account, parse_phone(phone), "Hola", f"in-{account_name}", utcnow())
    rows = await workspace.inbox.page(InboxFilter(account_id=account.id), 0, 1)
    return rows[0].conversation_id, rows[0].contact_id


async def _refused(edits: list) -> list[Notice]:  # type: ignore[type-arg]
    said = []
    for edit in edits:
        with pytest.raises(TeamReadOnly) as refused:
            await edit
        said.append(refused.value.reason)
    return said


def test_team_edits_are_refused_while_the_server_is_away_and_the_consoles_own_accounts_stay_editable(tmp_path: Path) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            own_fields = {"base_url": "http://127.0.0.1:9", "api_key": "k"}
            await workspace.accounts.add_account("Propia", ProviderKind.BROADCASTERBOT, own_fields)
            await workspace.db.run(team_accounts.mirror, [TeamAccount("Equipo", "broadcasterbot", {})])
            team_account = await workspace.accounts.by_name("Equipo")
            on_team, team_contact = await _conversation(workspace, "Equipo", "+52 55 4433 2211")
            on_own, own_contact = await _conversation(workspace, "Propia", "+52 55 4433 2212")
            told: list[Notice | None] = []
            workspace.topics.team_offline.subscribe(told.append)
            guard, conversations, notes = workspace.team_guard, workspace.conversations, workspace.contact_notes

            guard.lost(WHY)
            guard.lost(WHY)  # still away: said once
            said = await _refused(
                [
                    conversations.resolve(on_team),
                    conversations.reopen(on_team),
                    conversations.take_from_bot(on_team),
                    notes.set_note(team_contact, "Prefiere la tarde"),
                    notes.add_label(team_contact, "vip"),
                    notes.remove_label(team_contact, "vip"),
                    workspace.new_conversations.start(team_account, "+52 55 4433 2299"),
                    workspace.team.take("Equipo", "5255443322"),
                    workspace.team.transfer("Equipo", "5255443322", "ana", ""),
                    workspace.team.release("Equipo", "5255443322"),
                ]
            )
            untouched = (
                (await workspace.inbox.row(on_team)).status,  # type: ignore[union-attr]
                await notes.note(team_contact),
                await notes.labels(team_contact),
                await workspace.inbox.count(InboxFilter(account_id=team_account.id)),
            )
            run_id = await workspace.bulk.create(team_account, TemplateContent("aviso"), [NewRecipient("+525544332299", {})])
            queued = await workspace.bulk.get(run_id)
            await conversations.resolve(on_own)  # the console's own account
            own = ((await workspace.inbox.row(on_own)).status, await notes.add_label(own_contact, "vip"))  # type: ignore[union-attr]

            guard.reached()
            await conversations.resolve(on_team)
            again = (await workspace.inbox.row(on_team)).status, await notes.add_label(team_contact, "vip")  # type: ignore[union-attr]
            return list(told), said, untouched, queued, own, again

    told, said, untouched, queued, own, again = run_core(scenario())
    assert told == [WHY, None]
    assert said == [READ_ONLY()] * 10
    assert untouched == (ConversationStatus.OPEN, "", (), 1)
    assert queued is not None and queued_for_team(queued.template) and queued.remaining == 1
    assert own == (ConversationStatus.RESOLVED, ("vip",))
    assert again == (ConversationStatus.RESOLVED, ("vip",))


def test_the_follower_tells_the_guard_when_it_cannot_reach_the_server(tmp_path: Path) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            await workspace.db.run(team_store.join, "http://127.0.0.1:9", "ana")
            told: list[Notice | None] = []
            workspace.topics.team_offline.subscribe(told.append)
            async with httpx.AsyncClient() as http:
                client = TeamClient(http, "http://127.0.0.1:9", "token")  # nothing listens there
                follower = TeamFollower(workspace.db, client, workspace.topics, guard=workspace.team_guard)
                task = asyncio.create_task(follower.run())
                for _ in range(100):
                    if workspace.team_guard.offline:
                        break
                    await asyncio.sleep(0.02)
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            return list(told), follower.problem  # (closing the workspace says "reachable" again: solo)

    told, problem = run_core(scenario())
    assert len(told) == 1 and told[0] == problem and problem is not None
