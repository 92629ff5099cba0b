"""A team conversation's past: its older messages paged from the server (`GET /team/messages`)
and stored by a console that joined with only the newest, each once, in time order and dated by
the server; every edit of its note kept by the server (`GET /team/notes/history`). Against two
real server processes on PostgreSQL (`older_messages_reach_a_joining_console` and
`the_note_keeps_every_edit`, run by `test_team_console` on its servers), and the server's page
rules on SQLite without processes."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from console.domain.messages import Direction
from console.domain.notices import NoticeError
from console.domain.team import TeamAccount
from console.relay.store import sqlite_url
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store import team as team_store
from console.store import team_accounts
from console.store.secrets import MemorySecrets
from console.store.tables import AccountRow, ContactRow, MessageRow
from console.team_server.history import older_messages
from console.team_server.schema import team_inbound, team_message
from console.team_server.shared_state import SharedState
from console.team_server.store import TeamStore
from tests.conftest import open_workspace, run_core
from tests.test_relay import _free_port
from tests.test_team_server import Team, auth

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _moment(n: int) -> str:
    return (START + timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fill_conversation(engine: Engine, account: str, customer: str, count: int, tie_at: int | None = None) -> list[str]:
    """`count` messages, a second apart (message `tie_at` and the next at the same moment), the
    agents' and the customer's in turn, stored as the server stores them: their bodies, oldest first."""
    bodies = []
    with engine.begin() as connection:
        for n in range(count):
            body = f"mensaje {n:03d}"
            at = _moment(n - 1 if tie_at is not None and n == tie_at + 1 else n)
            if n % 2 == 0:
                content = f'{{"body": "{body}", "type": "TextContent"}}'
                connection.execute(
                    insert(team_message).values(
                        client_key=f"00000000-0000-4000-8000-{abs(hash((account, customer, n))) % 10**12:012d}",
                        account=account,
                        customer=customer,
                        agent="ana",
                        kind="text",
                        content=content,
                        state="delivered",
                        attempts=1,
                        next_try_ms=0,
                        provider_message_id=f"out-{customer}-{n}",
                        created_at=at,
                        updated_at=at,
                    )
                )
            else:
                connection.execute(
                    insert(team_inbound).values(
                        account=account,
                        provider_message_id=f"in-{customer}-{n}",
                        customer=customer,
                        kind="text",
                        body=body,
                        content="{}",
                        relay_event_id=0,
                        received_at=at,
                    )
                )
            bodies.append(body)
    return bodies


def _body(message: dict[str, Any]) -> str:
    return str(message["body"] if message["direction"] == "in" else message["content"]["body"])


def test_pages_go_back_in_time_without_repeating_or_skipping_a_message_of_the_same_moment(tmp_path: Path) -> None:
    store = TeamStore.open(sqlite_url(tmp_path / "team.sqlite3"))
    try:
        bodies = fill_conversation(store.engine, "Ventas", "59899000111", 23, tie_at=12)
        fill_conversation(store.engine, "Ventas", "59899000222", 5)  # another conversation: never in the pages
        seen: list[str] = []
        pages, before = [], None
        while True:
            page = older_messages(store.engine, "Ventas", "59899000111", before, 5)
            pages.append(len(page.messages))
            seen = [_body(m) for m in page.messages] + seen
            if page.before is None:
                break
            before = page.before
        assert seen == bodies  # in time order, each once
        # 13 and 12 share a moment: the page that reaches 12 takes 13 too, so one page holds 6.
        assert pages == [5, 6, 5, 5, 2]
        assert older_messages(store.engine, "Ventas", "59899000333", None, 5).as_json() == {"messages": [], "before": None}
    finally:
        store.close()


def test_each_edit_of_a_note_is_kept_with_who_and_when_newest_first(tmp_path: Path) -> None:
    store = TeamStore.open(sqlite_url(tmp_path / "team.sqlite3"))
    try:
        shared = SharedState(store.engine)
        assert shared.set_note("ana", "Ventas", "598", "Pide factura A") is not None
        assert shared.set_note("bruno", "Ventas", "598", "  Pide factura A ") is None  # nothing changed: no edit
        assert shared.set_note("bruno", "Ventas", "598", "Pide factura B") is not None
        assert shared.set_note("ana", "Ventas", "598", "") is not None
        assert shared.set_note("ana", "Ventas", "599", "otra") is not None
        edits = shared.note_edits("Ventas", "598", None, 10)
        assert [(e.agent, e.text) for e in edits] == [("ana", ""), ("bruno", "Pide factura B"), ("ana", "Pide factura A")]
        assert edits[0].at >= edits[1].at >= edits[2].at
        assert [e.text for e in shared.note_edits("Ventas", "598", edits[0].id, 1)] == ["Pide factura B"]
    finally:
        store.close()


def _mirror(session: Session, account: str) -> None:
    team_accounts.mirror(session, [TeamAccount(account, "heynow", {})])


def _chat(session: Session, customer: str) -> list[tuple[str, str, datetime]]:
    """The conversation's messages as the chat orders them: direction, body, when."""
    rows = session.exec(
        select(MessageRow)
        .join(ContactRow, col(ContactRow.account_id) == MessageRow.account_id)
        .where(ContactRow.phone == customer, MessageRow.conversation_id == _conversation(session, customer))
        .order_by(col(MessageRow.id))
    ).all()
    return [(row.direction, row.body, row.created_at) for row in rows]


def _conversation(session: Session, customer: str) -> int | None:
    contact = session.exec(select(ContactRow).where(ContactRow.phone == customer)).first()
    if contact is None:
        return None
    return message_queries.conversation_for_contact(session, contact.account_id, contact.id or 0)


def _unread(session: Session, customer: str) -> int:
    shown = contact_queries.contact_in_conversation(session, _conversation(session, customer) or 0)
    assert shown is not None
    return shown.unread


def older_messages_reach_a_joining_console(team: Team, tmp_path: Path) -> None:
    """Run by `test_team_console` on its two servers: 230 messages on the server, a console that
    joins has the newest 50 (dated by the server), then pages back to the first, each once, in
    time order, the inbox row and unread count untouched; the server bounds a page and refuses a
    bad query; a console whose server is out of reach gets one sentence and keeps what it had."""
    account, customer = f"Historia {time.time_ns() % 10**6}", f"5989{time.time_ns() % 10**7:07d}"
    store = TeamStore.open(team.database_url)
    try:
        bodies = fill_conversation(store.engine, account, customer, 230, tie_at=40)
    finally:
        store.close()
    (tmp_path / "a").mkdir()

    async def scenario() -> dict[str, Any]:
        got: dict[str, Any] = {}
        async with open_workspace(tmp_path / "a", MemorySecrets()) as a:
            await a.team.join(team.servers[0], team.tokens["ana"])
            await a.db.run(_mirror, account)
            await a.team.start()
            deadline = time.monotonic() + 5
            while len(await a.db.run(_chat, customer)) < 50 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            got["joined"] = await a.db.run(_chat, customer)
            got["unread"] = await a.db.run(_unread, customer)
            conversation_id = await a.db.run(_conversation, customer)
            assert conversation_id is not None
            got["inbox"] = await a.db.run(contact_queries.contact_in_conversation, conversation_id)
            fetched = []
            while (page := await a.conversations.older_from_team(conversation_id, 30)) is not None:
                fetched.append((page.stored, page.more))
                if not page.more:
                    break
            got["fetched"] = fetched
            got["chat"] = await a.db.run(_chat, customer)
            got["unread_after"] = await a.db.run(_unread, customer)
            got["inbox_after"] = await a.db.run(contact_queries.contact_in_conversation, conversation_id)
            got["chat_page"] = [m.message.body for m in await a.conversations.chat_page(conversation_id, limit=200)]
            got["again"] = await a.conversations.older_from_team(conversation_id, 30)
            found = await a.message_search.search("mensaje 000")  # the oldest, stored below every other
            got["found"] = [(hit.snippet, hit.at) for hit in found.hits]
        async with aiohttp.ClientSession() as http:
            where = {"account": account, "customer": customer}
            async with http.get(
                team.servers[1] + "/team/messages", params={**where, "limit": "100000"}, headers=auth(team.tokens["bruno"])
            ) as answer:
                got["bounded"] = answer.status, len((await answer.json())["messages"])
            async with http.get(
                team.servers[1] + "/team/messages", params={**where, "before": "yesterday"}, headers=auth(team.tokens["bruno"])
            ) as answer:
                got["bad"] = answer.status, (await answer.json())["code"]
            async with http.get(
                team.servers[1] + "/team/notes/history",
                params={**where, "before": str(10**30)},
                headers=auth(team.tokens["bruno"]),
            ) as answer:
                got["bad_edit"] = answer.status, (await answer.json())["code"]
            async with http.get(team.servers[1] + "/team/messages", params=where) as answer:
                got["anonymous"] = answer.status
        return got

    got = run_core(scenario())
    joined = got["joined"]
    assert [body for _, body, _ in joined] == bodies[-50:]
    assert [at for _, _, at in joined][-1] == START + timedelta(seconds=229)  # the server's time, not the joining's
    assert got["fetched"][0][0] > 0 and got["fetched"][-1][1] is False and sum(s for s, _ in got["fetched"]) == 180
    chat = got["chat"]
    assert [body for _, body, _ in chat] == bodies and got["chat_page"] == bodies[-200:]
    assert [direction for direction, _, _ in chat[:2]] == [Direction.OUTGOING.value, Direction.INCOMING.value]
    assert chat[0][2] == START and chat[-1][2] == START + timedelta(seconds=229)
    assert got["unread_after"] == got["unread"] and got["inbox_after"] == got["inbox"]
    assert got["again"] is not None and (got["again"].stored, got["again"].more) == (0, False)
    assert got["bounded"] == (200, 200)
    assert got["found"] == [("mensaje 000", START)]
    assert got["bad"] == (400, "team.bad_history_query")
    assert got["bad_edit"] == (400, "team.bad_history_query")  # an id no database column holds: refused, not a 500
    assert got["anonymous"] == 401


def test_a_console_whose_server_is_out_of_reach_keeps_what_it_has_and_is_told_in_one_sentence(tmp_path: Path) -> None:
    async def scenario() -> tuple[str, int, list[tuple[str, str, datetime]]]:
        async with open_workspace(tmp_path, MemorySecrets()) as a:
            await a.db.run(team_store.join, f"http://127.0.0.1:{_free_port()}", "ana")
            a.secrets.set("team server", "agent token", "t0ken")
            await a.db.run(_mirror, "Ventas")

            def stored(session: Session) -> int:
                account_id = session.exec(select(AccountRow.id).where(AccountRow.name == "Ventas")).one()
                assert account_id is not None
                contact_id = contact_queries.ensure_contact(session, account_id, "59899000111", "59899000111")
                message_queries.record_incoming(session, account_id, contact_id, "hola", "in-1", START)
                return message_queries.conversation_for_contact(session, account_id, contact_id) or 0

            conversation_id = await a.db.run(stored)
            with pytest.raises(NoticeError) as failed:
                await a.conversations.older_from_team(conversation_id, 30)
            return str(failed.value), conversation_id, await a.db.run(_chat, "59899000111")

    reason, _, chat = run_core(scenario())
    assert reason.startswith("The team server") and "\n" not in reason
    assert [body for _, body, _ in chat] == ["hola"]


def the_note_keeps_every_edit(team: Team, tmp_path: Path) -> None:
    """Run by `test_team_console` on its two servers: Ana writes the note in her console, Bruno
    changes it on the other process; Ana's console shows both edits, newest first, with who and
    when; a note of one of her console's own accounts has no history (as in solo mode)."""
    account, customer = f"Notas {time.time_ns() % 10**6}", f"5989{time.time_ns() % 10**7:07d}"
    (tmp_path / "notes").mkdir()

    async def scenario() -> dict[str, Any]:
        got: dict[str, Any] = {}
        async with open_workspace(tmp_path / "notes", MemorySecrets()) as a:
            await a.team.join(team.servers[0], team.tokens["ana"])

            def contact(session: Session) -> int:
                _mirror(session, account)
                account_id = session.exec(select(AccountRow.id).where(AccountRow.name == account)).one()
                assert account_id is not None
                return contact_queries.ensure_contact(session, account_id, customer, customer)

            contact_id = await a.db.run(contact)
            await a.team.start()
            before = datetime.now(UTC)
            await a.contact_notes.set_note(contact_id, "Pide factura A")
            async with aiohttp.ClientSession() as http:
                body = {"account": account, "customer": customer, "text": "Pide factura B"}
                async with http.post(team.servers[1] + "/team/notes", json=body, headers=auth(team.tokens["bruno"])) as answer:
                    got["status"] = answer.status
            got["shared"] = await a.contact_notes.has_history(contact_id)
            got["history"] = await a.contact_notes.note_history(contact_id)
            got["before"] = before
        return got

    got = run_core(scenario())
    assert got["status"] == 200 and got["shared"] is True
    history = got["history"]
    assert [(e.agent, e.text) for e in history] == [("bruno", "Pide factura B"), ("ana", "Pide factura A")]
    assert got["before"] - timedelta(seconds=5) <= history[1].at <= history[0].at <= datetime.now(UTC)


def test_a_note_of_the_consoles_own_account_has_no_history_in_team_mode(tmp_path: Path) -> None:
    async def scenario() -> tuple[bool, object]:
        async with open_workspace(tmp_path, MemorySecrets()) as a:
            await a.db.run(team_store.join, f"http://127.0.0.1:{_free_port()}", "ana")
            a.secrets.set("team server", "agent token", "t0ken")

            def contact(session: Session) -> int:
                row = AccountRow(name="Propia", provider="heynow", settings_json="{}")
                session.add(row)
                session.flush()
                assert row.id is not None
                return contact_queries.ensure_contact(session, row.id, "59899000111", "59899000111")

            contact_id = await a.db.run(contact)
            return await a.contact_notes.has_history(contact_id), await a.contact_notes.note_history(contact_id)

    assert run_core(scenario()) == (False, None)
