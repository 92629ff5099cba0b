"""A conversation resolved by one agent is resolved for all: the team server keeps whether each
conversation is open or resolved, and every console applies it from the change log.

On a real PostgreSQL with two server processes, the Cloud API's and Chattigo's simulators and a
Chattigo bot paired with the Cloud API account (`resolved_for_every_console`, run by
`test_team_chattigo` on its servers): Ana resolves, Bruno's console has it resolved within 2 s;
the customer writes, it is open again on both, and the bot an agent had taken it from has it
again, as in solo mode; Bruno resolves and a console joining then starts with it resolved;
Bruno reopens, Ana's console has it open, and so it has when Bruno starts a conversation with the
customer (Ctrl+N) after Ana resolved it again. The endpoint refuses a bad body (400) and an account
the server does not have (404) in one sentence. Without processes: the server's rules on SQLite,
and a console refusing a resolve in one sentence, changing nothing, while its server cannot be
reached.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from console.domain.accounts import ProviderKind
from console.domain.errors import InvalidInput
from console.domain.inbox import ConversationStatus
from console.domain.messages import Direction
from console.domain.notices import Notice
from console.domain.team import TeamAccount
from console.relay.signed_routes import Sealer
from console.relay.store import Incoming, RelayStore, open_engine
from console.sandbox import chattigo, cloudapi
from console.services.team_guard import TeamReadOnly
from console.services.workspace import Workspace
from console.store import contacts as contact_queries
from console.store import team as team_store
from console.store import team_accounts
from console.store.chat import chat_page
from console.store.messages import conversation_for_contact, ensure_conversation
from console.store.secrets import MemorySecrets
from console.store.tables import AccountRow
from console.team_server.accounts import ServerAccounts
from console.team_server.callbacks import CallbackStore
from console.team_server.conversation_status import set_status
from console.team_server.snapshot import read_snapshot
from console.team_server.store import Refusal, TeamStore
from console.team_server.upgrade import upgrade
from tests.conftest import open_workspace, run_core
from tests.test_relay import _free_port
from tests.test_team_console_send import joined, until
from tests.test_team_send import rows

FOLLOW_WAIT = 2.0
META, BOT, OTHER = "Meta Ventas", "Bot Ventas", "Meta Soporte"  # the first two as `test_team_chattigo` names them


def _customer_writes(sandbox_url: str, customer: str, text: str) -> None:
    answer = httpx.post(f"{sandbox_url}/_sandbox/cloudapi/inbound", json={"from": customer, "name": "Lucía", "text": text})
    answer.raise_for_status()


def _conversation_of(session: Any, account_id: int, phone: str) -> int | None:
    return conversation_for_contact(session, account_id, contact_queries.ensure_contact(session, account_id, phone, phone))


async def _conversation(console: Workspace, customer: str, written: str) -> int | None:
    """The customer's conversation on the mirrored Cloud API account once `written` is in it."""
    account = await console.accounts.by_name(META)
    found = await console.db.run(_conversation_of, account.id, customer)
    if found is None:
        return None
    chat = await console.db.run(chat_page, found)
    return found if any(i.message.direction is Direction.INCOMING and i.message.body == written for i in chat) else None


async def _status(console: Workspace, conversation_id: int) -> ConversationStatus | None:
    row = await console.inbox.row(conversation_id)
    return None if row is None else row.status


async def _within(console: Workspace, conversation_id: int, wanted: ConversationStatus) -> float | None:
    """Seconds until the console has the conversation in `wanted`; None when it did not within `FOLLOW_WAIT`."""
    began = time.monotonic()

    async def there() -> bool:
        return await _status(console, conversation_id) is wanted

    return time.monotonic() - began if await until(there, FOLLOW_WAIT) else None


def resolved_for_every_console(team: Any, tmp_path: Path) -> None:
    """`team`: `test_team_chattigo.BotTeam`, whose bot answers the customer's first message."""
    customer, sandbox = "59899100700", team.sandbox.root_url
    store = TeamStore.open(team.database_url)
    bruno = store.add_agent("bruno")
    store.close()
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()

    def handings() -> list[str]:
        query = "SELECT details FROM team_change WHERE kind = 'bot_handling' AND customer = :c ORDER BY id"
        return [json.loads(details)["handling"] for (details,) in rows(team.database_url, query, c=customer)]

    def forwards() -> list[str]:
        query = "SELECT state FROM team_bot_forward WHERE customer = :c ORDER BY id"
        return [state for (state,) in rows(team.database_url, query, c=customer)]

    async def scenario() -> dict[str, Any]:
        got: dict[str, Any] = {}
        async with (
            open_workspace(tmp_path / "a", MemorySecrets()) as a,
            open_workspace(tmp_path / "b", MemorySecrets()) as b,
        ):
            await joined(a, team.servers[0], team.token)
            await joined(b, team.servers[1], bruno)
            _customer_writes(sandbox, customer, "Hola")
            in_a = await until(lambda: _conversation(a, customer, "Hola"), 10.0)
            in_b = await until(lambda: _conversation(b, customer, "Hola"), 10.0)
            assert in_a is not None and in_b is not None
            assert await until(lambda: _async(handings() == ["bot"]), 10.0)
            await a.conversations.take_from_bot(in_a)  # the bot no longer has it

            await a.conversations.resolve(in_a)  # the change is applied here before it returns
            got["a_resolved"] = await _status(a, in_a)
            got["b_resolved_in"] = await _within(b, in_b, ConversationStatus.RESOLVED)
            await a.conversations.resolve(in_a)  # again: nothing new

            _customer_writes(sandbox, customer, "Hola otra vez")
            got["a_reopened_in"] = await _within(a, in_a, ConversationStatus.OPEN)
            got["b_reopened_in"] = await _within(b, in_b, ConversationStatus.OPEN)
            got["forwarded"] = await until(lambda: _async(forwards() == ["forwarded"] * 2), 10.0)  # the bot has it again

            await b.conversations.resolve(in_b)
            got["a_resolved_by_b_in"] = await _within(a, in_a, ConversationStatus.RESOLVED)
            async with open_workspace(tmp_path / "c", MemorySecrets()) as c:  # joins now: starts from the snapshot
                await joined(c, team.servers[0], team.token)
                in_c = await until(lambda: _conversation(c, customer, "Hola otra vez"), 10.0)
                got["c"] = None if in_c is None else await _status(c, in_c)
            await b.conversations.reopen(in_b)
            got["a_reopened_by_b_in"] = await _within(a, in_a, ConversationStatus.OPEN)
            await a.conversations.resolve(in_a)
            assert await _within(b, in_b, ConversationStatus.RESOLVED) is not None
            started = await b.new_conversations.start(await b.accounts.by_name(META), "+" + customer)  # Ctrl+N reopens it
            got["started"] = started.conversation_id == in_b and await _status(b, in_b)
            got["a_reopened_by_start_in"] = await _within(a, in_a, ConversationStatus.OPEN)
        return got

    got = run_core(scenario(), timeout=90)
    assert got["a_resolved"] is ConversationStatus.RESOLVED
    assert got["started"] is ConversationStatus.OPEN
    for seconds in [name for name in got if name.endswith("_in")]:
        assert got[seconds] is not None and got[seconds] < FOLLOW_WAIT, (seconds, got[seconds])
    assert got["forwarded"] and handings()[:3] == ["bot", "agent", "bot"]
    assert got["c"] is ConversationStatus.RESOLVED
    query = "SELECT agent, details FROM team_change WHERE kind = 'conversation_status' AND customer = :c ORDER BY id"
    made = [(agent, json.loads(details)["status"]) for agent, details in rows(team.database_url, query, c=customer)]
    resolves_and_reopens = [("ana", "resolved"), ("", "open"), ("bruno", "resolved"), ("bruno", "open")]
    assert made == [*resolves_and_reopens, ("ana", "resolved"), ("bruno", "open")]
    assert rows(team.database_url, "SELECT status FROM team_conversation WHERE customer = :c", c=customer) == [("open",)]

    # The endpoint refuses what it cannot take in one sentence, and changes nothing.
    headers = {"Authorization": f"Bearer {bruno}"}
    url = team.servers[0] + "/team/conversations/status"
    bad = httpx.post(url, json={"account": META, "customer": customer, "status": "closed"}, headers=headers)
    unknown = httpx.post(url, json={"account": "Nadie", "customer": customer, "status": "resolved"}, headers=headers)
    assert (bad.status_code, unknown.status_code) == (400, 404)
    for refused in (bad, unknown):
        body = refused.json()
        assert body["error"].count(".") <= 1 and "Traceback" not in refused.text and body["code"]
    assert unknown.json()["code"] == "missing.account_named"
    assert len(rows(team.database_url, query, c=customer)) == len(made)  # nothing written
    assert rows(team.database_url, "SELECT count(*) FROM team_conversation WHERE account = 'Nadie'") == [(0,)]


async def _async(value: bool) -> bool:
    return value


def _webhook(phone_number_id: str, customer: str, message_id: str, text: str) -> dict[str, Any]:
    """Meta's webhook for one customer's text (as the Cloud API posts it)."""
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "59800000000", "phone_number_id": phone_number_id},
        "contacts": [{"profile": {"name": "Lucía"}, "wa_id": customer}],
        "messages": [{"from": customer, "id": message_id, "timestamp": "1700000000", "type": "text", "text": {"body": text}}],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": cloudapi.DEMO_WABA_ID, "changes": [{"field": "messages", "value": value}]}],
    }


def test_on_sqlite_an_agent_resolves_for_the_team_and_the_customers_message_reopens(tmp_path: Path) -> None:
    """The server's rules without processes: a status changes once, with its change; an account the
    server does not have is refused; the customer's message reopens a resolved conversation (on a
    paired connection the bot has it again, even handed over before); the snapshot lists it."""
    database_url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    engine = open_engine(database_url)
    upgrade(engine)
    accounts = ServerAccounts(engine, MemorySecrets(), Sealer("the events token " + "x" * 24))
    cloud = {"waba_id": cloudapi.DEMO_WABA_ID, "access_token": "a", "app_secret": "s", "verify_token": "v"}
    accounts.add(META, ProviderKind.CLOUDAPI, {**cloud, "phone_number_id": cloudapi.DEMO_PHONE_NUMBER_ID})
    accounts.add(OTHER, ProviderKind.CLOUDAPI, {**cloud, "phone_number_id": "111"})
    bot = {"username": "demo", "password": "p", "wa_id": chattigo.PAIRED_WA_ID, "cloud_api": META}
    accounts.add(BOT, ProviderKind.CHATTIGO, bot)
    routes = {name: accounts.callback_path(name).rsplit("/", 1)[1] for name in (META, OTHER)}  # type: ignore[union-attr]
    relay, applier = RelayStore(engine), CallbackStore(engine)
    sent = iter(range(1, 100))

    def writes(name: str, customer: str, times: int = 1) -> list[tuple[str, str, Any]]:
        """The customer's `times` messages, applied as one page: the changes they made."""
        phone_number_id = "111" if name == OTHER else cloudapi.DEMO_PHONE_NUMBER_ID
        bodies = [json.dumps(_webhook(phone_number_id, customer, f"wamid.{next(sent)}", "Hola")) for _ in range(times)]
        relay.append([Incoming(routes[name], "cloudapi", body.encode(), "2026-01-01T00:00:00.000000Z") for body in bodies])
        changes, _ = applier.apply_next()  # type: ignore[misc]
        return [(c.kind, c.agent, c.details.get("status") or c.details.get("handling")) for c in changes]

    def resolve(name: str, customer: str) -> Any:
        status, change = set_status(engine, "ana", name, customer, ConversationStatus.RESOLVED)
        return status, None if change is None else (change.kind, change.agent, change.details)

    try:
        assert writes(META, "59899111111") == [("message", "", None), ("bot_handling", "", "bot")]
        assert writes(META, "59899111111") == [("message", "", None)]  # open: nothing to reopen
        with engine.begin() as connection:  # the bot closed the chat
            connection.exec_driver_sql("UPDATE team_bot_handling SET handling = 'handed_over'")
        resolved = ("conversation_status", "ana", {"status": "resolved"})
        assert resolve(META, "59899111111") == (ConversationStatus.RESOLVED, resolved)
        assert resolve(META, "59899111111") == (ConversationStatus.RESOLVED, None)
        snapshot = read_snapshot(engine, 10)["statuses"]
        assert snapshot == [{"account": META, "customer": "59899111111", "status": "resolved"}]
        # Resolved and handed over: the customer's message reopens it and the bot has it again.
        assert writes(META, "59899111111") == [
            ("message", "", None),
            ("conversation_status", "", "open"),
            ("bot_handling", "", "bot"),
        ]
        states = rows(database_url, "SELECT state FROM team_bot_forward WHERE customer = '59899111111' ORDER BY id")
        assert [state for (state,) in states] == ["pending", "pending", "pending"]
        # On an account no bot answers through, only the status moves.
        assert resolve(OTHER, "59899222222")[0] is ConversationStatus.RESOLVED
        page = writes(OTHER, "59899222222", times=2)  # reopened once
        assert page == [("message", "", None), ("conversation_status", "", "open"), ("message", "", None)]
        reopened, change = set_status(engine, "bruno", OTHER, "59899222222", ConversationStatus.OPEN)
        assert reopened is ConversationStatus.OPEN and change is None  # the customer reopened it already
        with pytest.raises(Refusal) as unknown:
            set_status(engine, "ana", "Nadie", "59899111111", ConversationStatus.RESOLVED)
        assert unknown.value.status == 404 and unknown.value.notice.code == "missing.account_named"
        assert read_snapshot(engine, 10)["statuses"] == []
    finally:
        engine.dispose()


def _mirrored_conversation(session: Session, phone: str) -> int:
    team_accounts.mirror(session, [TeamAccount(META, "cloudapi", {})])
    account_id = session.exec(select(AccountRow.id).where(AccountRow.name == META)).one()
    assert account_id is not None
    return ensure_conversation(session, account_id, contact_queries.ensure_contact(session, account_id, phone, phone))


def test_resolving_while_the_server_cannot_be_reached_is_refused_in_one_sentence_and_changes_nothing(tmp_path: Path) -> None:
    async def scenario() -> tuple[list[Notice | str], object]:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            conversation_id = await workspace.db.run(_mirrored_conversation, "59899000001")
            await workspace.db.run(team_store.join, f"http://127.0.0.1:{_free_port()}", "ana")
            workspace.secrets.set("team server", "agent token", "t0ken")
            refusals: list[Notice | str] = []
            with pytest.raises(InvalidInput) as unreachable:  # not known to be away yet: the request fails
                await workspace.conversations.resolve(conversation_id)
            refusals.append(unreachable.value.reason)
            workspace.team_guard.lost(unreachable.value.notice)  # the follower found it away
            for change in (workspace.conversations.resolve, workspace.conversations.reopen):
                with pytest.raises(TeamReadOnly) as read_only:
                    await change(conversation_id)
                refusals.append(read_only.value.reason)
            return refusals, await _status(workspace, conversation_id)

    refusals, status = run_core(scenario())
    codes = [reason.code if isinstance(reason, Notice) else reason for reason in refusals]
    assert codes == ["team.shared.unreachable", "team.read_only", "team.read_only"]
    assert status is ConversationStatus.OPEN
