"""Notes, labels and quick replies shared through the team server: two consoles (two data
folders) on two server processes and a real PostgreSQL converge on the server's state
(`two_consoles_converge`, run by `test_team_console` on its servers); an
edit while the server cannot be reached is refused in one sentence and changes nothing;
the server's own rules checked on SQLite without processes."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from console.domain.accounts import ProviderKind
from console.domain.errors import InvalidInput
from console.domain.notices import Notice
from console.domain.quick_replies import QuickReply
from console.domain.team import TeamAccount, TeamChange
from console.domain.team_shared import SharedEdit
from console.domain.team_shared import TeamReply as LoggedReply
from console.relay.store import sqlite_url
from console.services.workspace import Workspace
from console.store import contacts as contact_queries
from console.store import team as team_store
from console.store import team_accounts, team_shared
from console.store.secrets import MemorySecrets
from console.store.tables import AccountRow, ContactRow
from console.team_server.shared_state import SharedState, TeamReply
from console.team_server.store import Refusal, TeamStore
from console.wording.wordbook import Wordbook
from tests.conftest import open_workspace, run_core
from tests.test_relay import _free_port
from tests.test_team_server import Team

FOLLOW_WAIT = 2.0
ACCOUNT = "Ventas"


async def _until(check, timeout: float = FOLLOW_WAIT):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not (value := await check()):
        if time.monotonic() > deadline:
            return value
        await asyncio.sleep(0.05)
    return value


def _mirrored_contact(session: Session, phone: str) -> int:
    """The team account mirrored here, and the customer's contact on it."""
    team_accounts.mirror(session, [TeamAccount(ACCOUNT, "heynow", {})])
    account_id = session.exec(select(AccountRow.id).where(AccountRow.name == ACCOUNT)).one()
    assert account_id is not None
    return contact_queries.ensure_contact(session, account_id, phone, phone)


def _contact_of(session: Session, phone: str) -> int | None:
    return session.exec(select(ContactRow.id).where(ContactRow.phone == phone)).first()


async def _shared(workspace: Workspace, phone: str) -> tuple[str, tuple[str, ...]] | None:
    """The note and labels this console keeps for the customer; None while it has no contact."""
    contact_id = await workspace.db.run(_contact_of, phone)
    if contact_id is None:
        return None
    return await workspace.contact_notes.note(contact_id), await workspace.contact_notes.labels(contact_id)


async def _replies(workspace: Workspace) -> list[tuple[str, str, int | None]]:
    return [(reply.name, reply.text, reply.account_id) for reply in await workspace.quick_replies.every()]


def two_consoles_converge(team: Team, tmp_path: Path) -> None:
    """Run by `test_team_console` on its two servers (starting them is what costs)."""
    phone = f"5989{time.time_ns() % 10**7:07d}"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    async def scenario() -> dict[str, Any]:
        got: dict[str, Any] = {}
        async with (
            open_workspace(tmp_path / "a", MemorySecrets()) as a,
            open_workspace(tmp_path / "b", MemorySecrets()) as b,
        ):
            await a.team.join(team.servers[0], team.tokens["ana"])
            await b.team.join(team.servers[1], team.tokens["bruno"])
            contact_a = await a.db.run(_mirrored_contact, phone)
            await b.db.run(team_accounts.mirror, [TeamAccount(ACCOUNT, "heynow", {})])
            await a.team.start()
            await b.team.start()

            # Ana writes a note and a label: her console has them from the log, Bruno's within 2 s
            # (his contact made for it).
            await a.contact_notes.set_note(contact_a, "  Pide factura A ")
            got["a_labels"] = await a.contact_notes.add_label(contact_a, "VIP")
            got["a"] = await _shared(a, phone)
            began = time.monotonic()
            got["b"] = await _until(lambda: _is(b, phone, ("Pide factura A", ("VIP",))))
            got["b_in"] = time.monotonic() - began

            # Both label the conversation at the same moment, one with other capitals: one label
            # each, the same on both consoles.
            contact_b = await b.db.run(_contact_of, phone)
            await asyncio.gather(a.contact_notes.add_label(contact_a, "Mayorista"), b.contact_notes.add_label(contact_b, "vip"))
            wanted = ("Pide factura A", ("Mayorista", "VIP"))
            got["both"] = [await _until(lambda w=w: _is(w, phone, wanted)) for w in (a, b)]

            # Bruno adds a team quick reply and edits it: Ana has the edit.
            saved = await b.quick_replies.save(QuickReply("saludo", "Hola {nombre}"))
            got["saved_id"] = saved.id
            await b.quick_replies.save(dataclasses.replace(saved, text="Buenas, {nombre}"))
            got["a_replies"] = await _until(lambda: _has_reply(a, ("saludo", "Buenas, {nombre}", None)))
            got["b_replies"] = await _replies(b)
            with pytest.raises(InvalidInput) as clash:  # the server's refusal, in the agent's words
                await a.quick_replies.save(QuickReply("Saludo", "Otra"))
            got["clash"] = clash.value.reason

            # Removals travel too.
            await a.contact_notes.remove_label(contact_a, "vip")
            await a.contact_notes.set_note(contact_a, "")
            got["removed"] = await _until(lambda: _is(b, phone, ("", ("Mayorista",))))
            await a.quick_replies.delete((await a.quick_replies.every())[0])
            got["b_after_delete"] = await _until(lambda: _no_replies(b))
        return got

    got = run_core(scenario())
    assert got["a_labels"] == ("VIP",)
    assert got["a"] == ("Pide factura A", ("VIP",))
    assert got["b"] and got["b_in"] < FOLLOW_WAIT, got["b_in"]
    assert got["both"] == [True, True]
    assert got["saved_id"] is not None
    assert got["a_replies"] and got["b_replies"] == [("saludo", "Buenas, {nombre}", None)]
    assert isinstance(got["clash"], Notice) and got["clash"].code == "team.quick_reply_exists"
    assert Wordbook("es").say(got["clash"]) == "otra respuesta rápida del equipo ya se llama «saludo»"
    assert got["removed"] and got["b_after_delete"]


async def _is(workspace: Workspace, phone: str, wanted: tuple[str, tuple[str, ...]]) -> bool:
    return await _shared(workspace, phone) == wanted


async def _has_reply(workspace: Workspace, wanted: tuple[str, str, int | None]) -> bool:
    return await _replies(workspace) == [wanted]


async def _no_replies(workspace: Workspace) -> bool:
    return await _replies(workspace) == []


def test_an_edit_while_the_server_cannot_be_reached_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    phone = "59899000001"

    async def scenario() -> dict[str, Any]:
        got: dict[str, Any] = {}
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            contact_id = await workspace.db.run(_mirrored_contact, phone)
            own = await workspace.accounts.add_account(
                "Propia", ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "k"}
            )
            await workspace.db.run(team_store.join, f"http://127.0.0.1:{_free_port()}", "ana")
            workspace.secrets.set("team server", "agent token", "t0ken")
            refusals: list[Notice | str] = []
            for edit in (
                workspace.contact_notes.set_note(contact_id, "Pide factura A"),
                workspace.contact_notes.add_label(contact_id, "VIP"),
                workspace.quick_replies.save(QuickReply("saludo", "Hola")),
            ):
                with pytest.raises(InvalidInput) as refused:
                    await edit
                refusals.append(refused.value.reason)
            got["refusals"] = refusals
            got["kept"] = await _shared(workspace, phone), await _replies(workspace)
            # What the team does not share stays this console's, as in solo mode.
            got["own"] = await workspace.quick_replies.save(QuickReply("propia", "Hola", own.id))
        return got

    got = run_core(scenario())
    codes = [reason.code if isinstance(reason, Notice) else reason for reason in got["refusals"]]
    assert codes == ["team.shared.unreachable"] * 3
    spanish = Wordbook("es").say(got["refusals"][0])
    assert spanish.startswith("No se puede contactar con el servidor del equipo") and spanish.count(".") == 1
    assert got["kept"] == (("", ()), [])
    assert got["own"].id is not None and got["own"].name == "propia"


def test_the_server_keeps_one_of_each_and_refuses_what_it_cannot_keep(tmp_path: Path) -> None:
    store = TeamStore.open(sqlite_url(tmp_path / "team.sqlite3"))
    shared = SharedState(store.engine)
    try:
        note = shared.set_note("ana", ACCOUNT, "59899000001", " Pide factura A ")
        assert note is not None and (note.kind, note.agent, note.details) == ("note", "ana", {"text": "Pide factura A"})
        assert shared.set_note("bruno", ACCOUNT, "59899000001", "Pide factura A") is None  # no news
        with pytest.raises(Refusal) as too_long:
            shared.set_note("ana", ACCOUNT, "59899000001", "x" * 2001)
        assert too_long.value.status == 400

        added = shared.add_label("ana", ACCOUNT, "59899000001", "VIP")
        assert added is not None and added.details == {"label": "VIP"}
        assert shared.add_label("bruno", ACCOUNT, "59899000001", "vip") is None
        other = shared.add_label("bruno", ACCOUNT, "59899000002", "vip")  # the team's spelling
        assert other is not None and other.details == {"label": "VIP"}
        removed = shared.remove_label("bruno", ACCOUNT, "59899000001", "vip")
        assert removed is not None and removed.details == {"label": "VIP"}
        assert shared.remove_label("bruno", ACCOUNT, "59899000001", "vip") is None

        kept, change = shared.save_reply("ana", TeamReply("saludo", "Hola"))
        assert kept.id is not None and change is not None and change.details["reply"]["name"] == "saludo"
        assert shared.save_reply("bruno", kept) == (kept, None)
        with pytest.raises(Refusal) as clash:
            shared.save_reply("bruno", TeamReply("Saludo", "Buenas"))
        assert clash.value.status == 409 and clash.value.notice.code == "team.quick_reply_exists"
        assert shared.save_reply("bruno", TeamReply("Saludo", "Buenas", ACCOUNT))[1] is not None  # another scope
        assert shared.remove_reply("bruno", kept.id).details == {"reply_id": kept.id}
        with pytest.raises(Refusal) as gone:
            shared.save_reply("ana", kept)
        assert gone.value.status == 404
        kinds = [c.kind for c in store.changes(0, 100)]
        labels = ["label_added", "label_added", "label_removed"]
        assert kinds == ["note", *labels, "quick_reply", "quick_reply", "quick_reply_removed"]
    finally:
        store.close()


def test_a_console_that_leaves_keeps_the_teams_quick_replies_as_its_own(tmp_path: Path) -> None:
    reply = TeamChange(1, "ana", "quick_reply", "", "", shared=SharedEdit(reply=LoggedReply(7, "saludo", "Hola")))
    renamed = TeamChange(2, "ana", "quick_reply", "", "", shared=SharedEdit(reply=LoggedReply(7, "Saludo", "Buenas")))

    async def scenario() -> tuple[object, ...]:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            db = workspace.db
            await db.run(team_shared.apply, [reply, renamed])
            [kept] = await workspace.quick_replies.every()
            linked = await db.run(team_shared.team_id, kept.id)
            await db.run(team_store.join, "https://team.example.com", "ana")
            await db.run(team_store.leave)
            return kept, linked, await workspace.quick_replies.every(), await db.run(team_shared.team_id, kept.id)

    kept, linked, after, unlinked = run_core(scenario())
    assert (kept.name, kept.text, linked) == ("Saludo", "Buenas", 7)  # type: ignore[attr-defined]
    assert after == [kept] and unlinked is None
