"""Consoles sending through the team server: two `centralita server` processes on a real
PostgreSQL sending to the sandbox, two consoles' workspaces (two data folders) following them.

A template one console sends reaches the other console's chat with its states; a send made
while the server is out of reach is queued, marked, and delivered once when it is back (and
not again after another reconnection); a send the server refuses fails with its reason and
reaches nobody; and no provider secret of the server's accounts reaches a console's data folder.

A file one console sends by a signed link is checked by that console, posted (its answer lost on
the way, then again under its key), reaches the sandbox once with the whole link, and shows in the
other console's chat with its states, its link without the signature; a file larger than the
provider takes is refused before anything is stored or posted; a place reaches the other console
with its coordinates; and a Chattigo bot's answer and closing notice, posted to the server's
route, reach both consoles.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import phonenumbers
import pytest
from sqlmodel import col, select

from console.domain.accounts import ProviderKind
from console.domain.attachments import Attachment
from console.domain.content import Content, LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.content_codec import content_fields
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.notices import Notice
from console.providers.base import Sending
from console.relay.store import open_engine
from console.sandbox import broadcasterbot
from console.sandbox.media_host import MediaFile, MediaHost, png_bytes
from console.sandbox.server import SandboxServer
from console.services.team import TeamFollower
from console.services.workspace import Workspace
from console.store import team as team_store
from console.store.chat import chat_page
from console.store.messages import events_for, message_summary
from console.store.secrets import MemorySecrets
from console.store.tables import ContactRow, ConversationRow, MessageRow
from console.team_server.accounts import ServerAccounts
from console.team_server.process import ServerProcess
from console.team_server.secrets import secret_variable
from console.team_server.store import TeamStore
from console.wording.wordbook import Wordbook
from tests.conftest import FAST_STATUS, open_workspace, run_core
from tests.team_switch import Switch
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_send import centralita, rows
from tests.test_team_server import auth, server_env

SENDS, REFUSES = "Difusión", "Cobros"  # Broadcasterbot accounts on the sandbox; the second is removed from the server
CANARIES = {
    "admin_key": "Canary" + secrets.token_hex(8),  # typed on the admin's host: stays in that host's store
    "server_key": "Canary" + secrets.token_hex(8),  # a secret in the servers' environment
    "webhook": "Canary" + secrets.token_hex(8),  # in a TimelinesAI webhook URL: a secret address
    "host": "canary" + secrets.token_hex(6),  # in a provider's address: not a secret, still not an agent's to see
}
REAL_KEY = broadcasterbot.DEMO_API_KEY  # what the servers send with: a secret too
FOLLOW_WAIT = 2.0
# All an agent learns of an account's settings (its provider, the sandbox, is on this computer: private links).
WINDOW_SETTINGS = {"default_region": "UY", "template_language": "es_mx", "private_links": True}


@dataclass
class SendingTeam:
    database_url: str
    servers: list[str]
    tokens: dict[str, str]
    sandbox: SandboxServer
    admin_env: dict[str, str]
    customers: list[str]  # +E.164 numbers registered with the sandbox's demo business
    registered: list[tuple[str, str]]  # the same, as the sandbox keeps them: (national number, country)


def _add(env: dict[str, str], folder: Path, database_url: str, provider: str, name: str, *fields: str, stdin: str) -> str:
    added = centralita(
        env,
        "--data-dir",
        str(folder),
        "server",
        "accounts",
        "add",
        provider,
        name,
        *fields,
        "--database-url",
        database_url,
        stdin=stdin + "\n",
    )
    assert added.returncode == 0, added.stderr
    return added.stdout


@pytest.fixture(scope="module")
def sending_team(postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SendingTeam]:  # noqa: F811
    database_url = postgres_cluster.new_database()
    store = TeamStore.open(database_url)
    tokens = {name: store.add_agent(name) for name in ("ana", "bruno")}
    store.close()
    folder = tmp_path_factory.mktemp("team-console-send")
    admin_env = {**server_env(folder), "CENTRALITA_SERVER_DATABASE": database_url}
    env = {
        **server_env(folder),
        secret_variable(SENDS, "api_key"): REAL_KEY,
        secret_variable(REFUSES, "api_key"): REAL_KEY,
        secret_variable("Canario BB", "api_key"): CANARIES["server_key"],
        secret_variable("Canario TL", "webhook_url"): f"https://hooks.example.net/{CANARIES['webhook']}",
    }
    with SandboxServer(FAST_STATUS) as sandbox:
        admin = folder / "admin"
        bb_url = sandbox.base_urls[broadcasterbot.PROVIDER]
        paths = {
            name: _add(
                admin_env,
                admin,
                database_url,
                "broadcasterbot",
                name,
                "--base-url",
                bb_url,
                "--api-key",
                "-",
                stdin=CANARIES["admin_key"],
            )
            .split("(keep it private): ")[1]
            .split()[0]
            for name in (SENDS, REFUSES)
        }
        _add(
            admin_env,
            admin,
            database_url,
            "broadcasterbot",
            "Canario BB",
            "--base-url",
            f"https://{CANARIES['host']}.example.net",
            "--api-key",
            "-",
            stdin=CANARIES["admin_key"],
        )
        _add(
            admin_env,
            admin,
            database_url,
            "timelinesai",
            "Canario TL",
            "--webhook-url",
            "-",
            stdin=f"https://hooks.example.net/{CANARIES['admin_key']}",
        )
        registered = sandbox.call(sandbox.sandbox.broadcasterbot.registered_contacts)
        customers = [
            phonenumbers.format_number(phonenumbers.parse(national, country), phonenumbers.PhoneNumberFormat.E164)
            for national, country in registered
        ]
        processes = [ServerProcess(folder / f"host-{n}", database_url, env=env).start() for n in range(2)]
        url = processes[0].root_url + paths[SENDS]  # the demo business's states and customers' messages
        sandbox.call(lambda: sandbox.sandbox.broadcasterbot.set_callback_url(REAL_KEY, url))
        try:
            yield SendingTeam(database_url, [p.root_url for p in processes], tokens, sandbox, admin_env, customers, registered)
        finally:
            assert [process.stop() for process in processes] == [0, 0]


def sandbox_count(team: SendingTeam, tag: str) -> int:
    """Requests carrying `tag` that reached the sandbox's Broadcasterbot."""
    return sum(tag in record.body.decode() for record in team.sandbox.sandbox.log.records(broadcasterbot.PROVIDER))


async def until(check: Any, timeout: float = FOLLOW_WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := await check()):
        if time.monotonic() > deadline:
            return value
        await asyncio.sleep(0.05)
    return value


async def joined(workspace: Workspace, url: str, token: str) -> None:
    await workspace.team.join(url, token)
    await workspace.team.start()
    await workspace.team.sync_accounts()


def _by_key(session: Any, client_key: str) -> MessageSummary | None:
    row = session.exec(select(MessageRow).where(MessageRow.client_key == client_key)).first()
    return None if row is None else message_summary(row)


def _contact_of_conversation(session: Any, conversation_id: int) -> int:
    row = session.get(ConversationRow, conversation_id)
    assert row is not None
    return row.contact_id


def _key_of(session: Any, message_id: int) -> str:
    row = session.get(MessageRow, message_id)
    assert row is not None and row.client_key is not None
    return row.client_key


def _messages(session: Any) -> int:
    return len(session.exec(select(MessageRow.id)).all())


async def send_template(workspace: Workspace, account: str, to: str, tag: str) -> MessageSummary:
    found = await workspace.accounts.by_name(account)
    content = TemplateContent("bienvenida", (tag,), language="es_mx")
    anyway = (await workspace.outbox.check(found, to, content)).warnings
    return await workspace.outbox.send(found, to, content, send_anyway=anyway)


def stored_bytes(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in folder.rglob("*") if path.is_file())


def test_the_team_accounts_are_listed_to_agents_without_a_secret_or_an_address(sending_team: SendingTeam) -> None:
    async def listing(token: str | None) -> tuple[int, str]:
        headers = {} if token is None else auth(token)
        async with aiohttp.ClientSession() as http, http.get(sending_team.servers[1] + "/team/accounts", headers=headers) as got:
            return got.status, await got.text()

    (status, text), (anonymous, _) = run_core(listing(sending_team.tokens["bruno"])), run_core(listing(None))
    listed = {account["name"]: account for account in json.loads(text)["accounts"]}
    assert status == 200 and anonymous == 401
    assert listed[SENDS] == {"name": SENDS, "provider": "broadcasterbot", "settings": WINDOW_SETTINGS}
    assert listed["Canario TL"]["provider"] == "timelinesai"
    assert not any(canary in text for canary in (*CANARIES.values(), REAL_KEY, "127.0.0.1", "base_url", "webhook"))


def test_a_template_one_console_sends_reaches_the_others_chat_with_its_states(sending_team: SendingTeam, tmp_path: Path) -> None:
    team, tag = sending_team, "tpl-" + secrets.token_hex(3)
    kept: dict[str, MemorySecrets] = {"a": MemorySecrets(), "b": MemorySecrets()}
    for name in kept:
        (tmp_path / name).mkdir()

    async def scenario() -> dict[str, Any]:
        async with open_workspace(tmp_path / "a", kept["a"]) as a, open_workspace(tmp_path / "b", kept["b"]) as b:
            await joined(a, team.servers[0], team.tokens["ana"])
            await joined(b, team.servers[1], team.tokens["bruno"])
            mirrored = await b.accounts.by_name(SENDS)
            with pytest.raises(InvalidInput) as no_client:  # nothing on this computer talks to its provider
                await b.clients.get(mirrored, Sending)
            with pytest.raises(InvalidInput) as no_secret:  # nor keeps a secret of it
                await b.accounts.update_account(mirrored, {"base_url": "https://bb.example.net", "api_key": "typed-here"})
            began = time.monotonic()
            sent = await send_template(a, SENDS, team.customers[0], tag)
            key = await a.db.run(_key_of, sent.id)
            seen = await until(lambda: b.db.run(_by_key, key))
            seen_in = time.monotonic() - began
            accepted = await until(lambda: _in_state(b, key, DeliveryState.ACCEPTED))
            accepted_in = time.monotonic() - began
            assert seen is not None
            mine = await until(lambda: _in_state(a, key, DeliveryState.ACCEPTED))
            a_rows = await a.db.run(_messages)
            national, country = team.registered[0]
            replied = time.monotonic()
            team.sandbox.call(team.sandbox.sandbox.broadcasterbot.customer_replies, national, country, f"Gracias {tag}")
            answer = await until(lambda: _incoming(b, seen.conversation_id, f"Gracias {tag}"))
            answered_in = time.monotonic() - replied
            return {
                "answer": answer,
                "answered_in": answered_in,
                "refusals": (no_client.value.reason.code, no_secret.value.reason.code),  # type: ignore[union-attr]
                "mirrored": mirrored,
                "sent": sent,
                "seen_in": seen_in,
                "accepted": accepted,
                "accepted_in": accepted_in,
                "chat": await b.db.run(chat_page, seen.conversation_id),
                "timeline": [event.state for event in await b.db.run(events_for, seen.id)],
                "mine": mine,
                "a_rows": a_rows,
            }

    got = run_core(scenario())
    assert got["mirrored"].team and got["mirrored"].settings == WINDOW_SETTINGS
    assert got["refusals"] == ("accounts.team_account", "accounts.team_managed")
    print(
        f"\nthe other console's chat had it {got['seen_in']:.2f} s after the send, accepted {got['accepted_in']:.2f} s after; "
        f"the customer's answer {got['answered_in']:.2f} s after the sandbox sent it"
    )
    assert not got["sent"].queued_for_team  # the server took it at once
    assert got["seen_in"] < FOLLOW_WAIT and got["accepted"] and got["accepted_in"] < FOLLOW_WAIT, got
    assert [item.message.body for item in got["chat"]][0] == f"[bienvenida] {tag}"
    assert got["chat"][0].template is not None and got["chat"][0].template.content.params == (tag,)
    assert got["timeline"][:2] == [DeliveryState.PENDING, DeliveryState.ACCEPTED]  # then the callbacks' states
    assert got["answer"] and got["answered_in"] < FOLLOW_WAIT, got["answered_in"]  # the customer's answer, in the same chat
    assert got["mine"] and got["a_rows"] == 1  # the sender's own: matched by its key, not stored twice
    assert sandbox_count(team, tag) == 1
    # No provider secret, nor an account's address, on either agent's computer.
    for name in ("a", "b"):
        stored = stored_bytes(tmp_path / name) + repr(kept[name].values).encode()
        for canary in (*CANARIES.values(), REAL_KEY):
            assert canary.encode() not in stored, (name, canary)
        assert team.tokens["ana" if name == "a" else "bruno"] in repr(kept[name].values)  # the store was read


PROGRESS = [DeliveryState.ACCEPTED, DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ]


async def _in_state(workspace: Workspace, key: str, state: DeliveryState) -> MessageSummary | None:
    """The message once it is in `state` (or, for a progress state, further on)."""
    found = await workspace.db.run(_by_key, key)
    if found is None:
        return None
    reached = found.state is state or (state in PROGRESS and found.state in PROGRESS[PROGRESS.index(state) :])
    return found if reached else None


async def _incoming(workspace: Workspace, conversation_id: int, body: str) -> bool:
    chat = await workspace.db.run(chat_page, conversation_id)
    return any(item.message.direction is Direction.INCOMING and item.message.body == body for item in chat)


def test_a_send_made_while_the_server_is_away_is_queued_then_delivered_once(sending_team: SendingTeam, tmp_path: Path) -> None:
    team, tag = sending_team, "queued-" + secrets.token_hex(3)
    switch = Switch(team.servers[0])
    switch.on()

    async def scenario() -> dict[str, Any]:
        async with open_workspace(tmp_path, MemorySecrets()) as c:
            await joined(c, switch.url, team.tokens["ana"])
            switch.off()
            queued = await send_template(c, SENDS, team.customers[1], tag)
            key = await c.db.run(_key_of, queued.id)
            chat = await c.db.run(chat_page, queued.conversation_id)
            await asyncio.sleep(1.0)
            before = sandbox_count(team, tag)
            switch.on()
            delivered = await until(lambda: _in_state(c, key, DeliveryState.ACCEPTED), timeout=15)
            once = sandbox_count(team, tag)
            # Once more, as if the server's answer had been lost on the way: the send is queued
            # again here, so the next reconnection posts it again, under the same key.
            await c.db.run(_answer_lost, key)
            switch.off()
            await until(lambda: _has_problem(c), timeout=5)
            switch.on()
            again = await until(lambda: _linked(c, key), timeout=15)
            await asyncio.sleep(1.0)
            return {
                "queued": queued,
                "chat": chat,
                "before": before,
                "delivered": delivered,
                "once": once,
                "key": key,
                "again": again,
            }

    try:
        got = run_core(scenario())
    finally:
        switch.off()
    assert got["queued"].queued_for_team and got["queued"].state is DeliveryState.PENDING
    assert [item.message.queued_for_team for item in got["chat"]] == [True]
    assert got["before"] == 0 and got["delivered"] and not got["delivered"].queued_for_team
    assert got["once"] == 1 and got["again"] and got["again"].state in PROGRESS
    assert sandbox_count(team, tag) == 1  # posted twice, sent once
    assert [
        row.state for row in rows(team.database_url, "SELECT state FROM team_message WHERE client_key = :k", k=got["key"])
    ] == ["accepted"]


def _answer_lost(session: Any, client_key: str) -> None:
    row = session.exec(select(MessageRow).where(MessageRow.client_key == client_key)).one()
    row.team_message_id, row.state = None, DeliveryState.PENDING.value
    session.add(row)


async def _linked(workspace: Workspace, key: str) -> MessageSummary | None:
    found = await workspace.db.run(_by_key, key)
    return found if found is not None and not found.queued_for_team else None


async def _has_problem(workspace: Workspace) -> bool:
    health = workspace.team.health()
    return health is not None and health.problem is not None


async def _followed(workspace: Workspace) -> bool:
    health = workspace.team.health()
    return health is not None and health.problem is None


def test_a_send_the_server_refuses_fails_with_its_reason(sending_team: SendingTeam, tmp_path: Path) -> None:
    team, tag = sending_team, "refused-" + secrets.token_hex(3)

    async def scenario() -> MessageSummary:
        async with open_workspace(tmp_path, MemorySecrets()) as a:
            await joined(a, team.servers[0], team.tokens["ana"])
            removed = centralita(team.admin_env, "server", "accounts", "remove", REFUSES)
            assert removed.returncode == 0, removed.stderr
            return await send_template(a, REFUSES, team.customers[2], tag)

    failed = run_core(scenario())
    reason = failed.failure_reason
    assert failed.state is DeliveryState.FAILED and isinstance(reason, Notice)
    assert (reason.code, reason.values) == ("missing.account_named", {"name": REFUSES})
    assert Wordbook("es").say(reason) == f"No hay ninguna cuenta llamada '{REFUSES}'."
    time.sleep(0.5)
    assert sandbox_count(team, tag) == 0
    assert rows(team.database_url, "SELECT id FROM team_message WHERE content LIKE :t", t=f"%{tag}%") == []


def test_a_console_that_follows_nothing_a_command_posts_its_send_at_once(sending_team: SendingTeam, tmp_path: Path) -> None:
    team, tag = sending_team, "cmd-" + secrets.token_hex(3)

    async def scenario() -> MessageSummary:
        async with open_workspace(tmp_path, MemorySecrets()) as command:
            await command.team.join(team.servers[1], team.tokens["bruno"])  # joined, never started
            await command.team.sync_accounts()
            return await send_template(command, SENDS, team.customers[4], tag)

    sent = run_core(scenario())
    assert not sent.queued_for_team and sent.state is DeliveryState.PENDING  # the server has it, sending
    deadline = time.monotonic() + 5
    while sandbox_count(team, tag) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sandbox_count(team, tag) == 1


def test_a_change_log_page_is_read_whatever_messages_it_carries() -> None:
    """An agent's message and its outcome are read; a customer's message (which the server may
    log too) is passed over without holding up the page."""
    from console.services.team_client import _change

    sent = {
        "id": 7,
        "client_key": "0b8c6f1e-3f4a-4b36-9a43-5b0d7a6c2e10",
        "account": SENDS,
        "customer": "59899000001",
        "agent": "ana",
        "kind": "template",
        "content": {"type": "TemplateContent", "name": "bienvenida"},
        "state": "pending",
        "detail": None,
        "direction": "out",
    }
    base = {"agent": "ana", "account": SENDS, "customer": "59899000001"}
    out = _change({**base, "id": 1, "kind": "message", "message": sent})
    state = _change(
        {
            **base,
            "id": 2,
            "kind": "message_state",
            "message_id": 7,
            "client_key": sent["client_key"],
            "state": "failed",
            "detail": {"code": "missing.account_named", "english": "x", "values": {"name": "X"}},
        }
    )
    inbound = _change(
        {
            **base,
            "id": 3,
            "agent": "",
            "kind": "message",
            "message": {"id": 7, "direction": "in", "kind": "text", "body": "hola", "content": {}},
        }
    )
    assert out.message is not None and (out.message.id, out.message.kind) == (7, "template")
    assert state.message is not None and (state.message.id, state.message.state) == (7, "failed")
    assert state.message.detail is not None and state.message.detail.values == {"name": "X"}
    assert inbound.kind == "message" and inbound.message is None


def test_a_console_joining_starts_from_the_servers_snapshot_then_follows_the_log(
    sending_team: SendingTeam, tmp_path: Path
) -> None:
    team, tag = sending_team, "snap-" + secrets.token_hex(3)
    national, country = team.registered[5]
    digits = team.customers[5].lstrip("+")
    for name in ("a", "b"):
        (tmp_path / name).mkdir()

    async def scenario() -> dict[str, Any]:
        async with open_workspace(tmp_path / "a", MemorySecrets()) as a, open_workspace(tmp_path / "b", MemorySecrets()) as b:
            await joined(a, team.servers[0], team.tokens["ana"])
            sent = await send_template(a, SENDS, team.customers[5], tag)
            key = await a.db.run(_key_of, sent.id)
            assert await until(lambda: _in_state(a, key, DeliveryState.ACCEPTED))
            team.sandbox.call(team.sandbox.sandbox.broadcasterbot.customer_replies, national, country, f"Hola {tag}")
            assert await until(lambda: _incoming(a, sent.conversation_id, f"Hola {tag}"))
            async with aiohttp.ClientSession() as http:
                taken, as_ana = {"account": SENDS, "customer": digits}, auth(team.tokens["ana"])
                async with http.post(team.servers[1] + "/team/conversations/take", json=taken, headers=as_ana) as got:
                    assert got.status == 200
                # What agents share comes with the snapshot too: a note, a label and a quick reply.
                note = {**taken, "text": f"Nota {tag}"}
                label = {**taken, "label": f"L-{tag}"}
                reply = {"name": f"r-{tag}", "text": "Hola", "account": None}
                for path, body in (("notes", note), ("labels/add", label), ("quick-replies", reply)):
                    async with http.post(f"{team.servers[1]}/team/{path}", json=body, headers=as_ana) as got:
                        assert got.status in (200, 201), await got.text()
                async with http.get(team.servers[1] + "/team/snapshot?messages=1", headers=as_ana) as got:
                    bounded = await got.json()
            store = TeamStore.open(team.database_url)
            latest = store.last_change()
            store.close()

            # Bruno's console, new: the snapshot alone gives it the conversation, its holder and its cursor.
            await b.team.join(team.servers[1], team.tokens["bruno"])
            client = await b.team._client_if_joined()
            assert client is not None
            follower = TeamFollower(b.db, client, b.topics, before_start=b.team.sync_accounts)
            await follower.start_from_snapshot()
            link = await b.db.run(team_store.link)
            seen = await b.db.run(_by_key, key)
            assert seen is not None
            started = {
                "cursor": link.cursor if link is not None else None,
                "holder": await b.db.run(team_store.conversation, SENDS, digits, 0),
                "answer": await _incoming(b, seen.conversation_id, f"Hola {tag}"),
                "state": seen.state,
                "contact": await b.db.run(_contact_of_conversation, seen.conversation_id),
                "replies": [saved.name for saved in await b.quick_replies.every()],
            }
            contact_id = started["contact"]
            started["shared"] = (await b.contact_notes.note(contact_id), await b.contact_notes.labels(contact_id))
            # Then it follows the log from there: Ana's next send reaches it.
            await b.team.start()
            again = await send_template(a, SENDS, team.customers[5], tag + "-2")
            key_again = await a.db.run(_key_of, again.id)
            later = await until(lambda: b.db.run(_by_key, key_again))
            return {"latest": latest, "started": started, "later": later, "bounded": bounded, "rows": await b.db.run(_messages)}

    got = run_core(scenario())
    assert got["started"]["cursor"] >= got["latest"]  # nothing of the log before the snapshot is read again
    assert got["started"]["holder"].holder == "ana" and got["started"]["answer"]
    assert got["started"]["state"] in PROGRESS
    assert got["started"]["shared"] == (f"Nota {tag}", (f"L-{tag}",))
    assert f"r-{tag}" in got["started"]["replies"]
    assert got["later"] is not None
    conversations = [(message["account"], message["customer"]) for message in got["bounded"]["messages"]]
    assert conversations and len(conversations) == len(set(conversations))  # ?messages=1: each conversation's newest only
    assert sandbox_count(team, tag) == 2


BOT = "Bot Chattigo"
SIGNATURE = "Sig" + secrets.token_hex(12)  # a signed link's secret: sent whole, told to nobody


@pytest.fixture(scope="module")
def files() -> Iterator[MediaHost]:
    big = MediaFile(png_bytes(), "image/png", claimed_length=6_000_000)  # WhatsApp takes images up to 5 MB
    with MediaHost({"foto.png": MediaFile(png_bytes(), "image/png"), "grande.png": big}) as host:
        yield host


@pytest.fixture(scope="module")
def bot_route(sending_team: SendingTeam) -> str:
    """A Chattigo account on the server (added before any console joins), and its callback path."""
    engine = open_engine(sending_team.database_url)
    try:
        accounts = ServerAccounts(engine, MemorySecrets())
        accounts.add(BOT, ProviderKind.CHATTIGO, {"username": "bot", "wa_id": "59899000000", "password": "unused-here"})
        path = accounts.callback_path(BOT)
    finally:
        engine.dispose()
    assert path is not None
    return path


async def send_content(workspace: Workspace, account: str, to: str, content: Content) -> MessageSummary:
    found = await workspace.accounts.by_name(account)
    anyway = (await workspace.outbox.check(found, to, content)).warnings  # the 24 h window this console did not see
    return await workspace.outbox.send(found, to, content, send_anyway=anyway)


async def attachment(workspace: Workspace, key: str) -> Attachment | None:
    found = await workspace.db.run(_by_key, key)
    if found is None:
        return None
    chat = await workspace.db.run(chat_page, found.conversation_id)
    return next((item.attachment for item in chat if item.message.id == found.id), None)


def test_a_file_by_signed_link_and_a_place_reach_the_sandbox_once_and_the_other_console(
    sending_team: SendingTeam,
    files: MediaHost,
    tmp_path: Path,
) -> None:
    team, tag = sending_team, "foto-" + secrets.token_hex(3)
    link = files.url("foto.png") + f"?sig={SIGNATURE}&tag={tag}"
    national, country = team.registered[5]
    switch = Switch(team.servers[0])
    switch.on()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()

    async def scenario() -> dict[str, Any]:
        async with open_workspace(tmp_path / "a", MemorySecrets()) as a, open_workspace(tmp_path / "b", MemorySecrets()) as b:
            await joined(a, switch.url, team.tokens["ana"])
            await joined(b, team.servers[1], team.tokens["bruno"])
            # The customer writes first: their 24 h window is open, so the provider takes a file.
            team.sandbox.call(team.sandbox.sandbox.broadcasterbot.customer_replies, national, country, f"Hola {tag}")
            assert await until(lambda: _has_written(a, f"Hola {tag}"))
            heads = files.count("HEAD", "foto.png")
            switch.cut_answers = True  # the post reaches the server, its answer is lost
            sent = await send_content(a, SENDS, team.customers[5], MediaContent(MediaKind.IMAGE, link, caption=tag))
            key = await a.db.run(_key_of, sent.id)
            checked = files.count("HEAD", "foto.png") - heads
            kept = rows(team.database_url, "SELECT id FROM team_message WHERE client_key = :k", k=key)
            switch.cut_answers = False
            await a.team_sender.flush()  # posted again under its key, its link whole
            accepted = await until(lambda: _in_state(b, key, DeliveryState.ACCEPTED))
            mine = await until(lambda: _in_state(a, key, DeliveryState.ACCEPTED))
            place = await send_content(a, SENDS, team.customers[5], LocationContent(-34.9058, -56.1913, f"Sucursal {tag}"))
            place_key = await a.db.run(_key_of, place.id)
            place_seen = await until(lambda: _in_state(b, place_key, DeliveryState.ACCEPTED))
            await asyncio.sleep(0.5)
            return {
                "sent": sent,
                "kept": kept,
                "checked": checked,
                "accepted": accepted,
                "mine": mine,
                "shown": await attachment(b, key),
                "place": await attachment(b, place_key) if place_seen else None,
                "rows": (await a.db.run(_outgoing, tag), await b.db.run(_outgoing, tag)),
            }

    try:
        got = run_core(scenario())
    finally:
        switch.off()
    assert got["sent"].queued_for_team and len(got["kept"]) == 1  # stored by the server, the answer lost
    assert got["checked"] == 2  # this console's checks of the link (the go-ahead's `check`, then `send`'s), before posting
    assert got["accepted"] and got["mine"]
    shown = got["shown"]
    assert isinstance(shown, MediaContent) and shown.caption == tag and shown.kind is MediaKind.IMAGE
    assert SIGNATURE not in shown.url and shown.url.startswith(files.url("foto.png"))
    place = got["place"]
    assert isinstance(place, LocationContent) and (place.latitude, place.longitude) == (-34.9058, -56.1913)
    assert got["rows"] == (2, 2)  # one file and one place in each console, the repeated post included
    assert sandbox_count(team, tag) == 2  # the file once (with its whole link) and the place once
    assert sandbox_count(team, SIGNATURE) == 1
    assert len(rows(team.database_url, "SELECT id FROM team_message WHERE content LIKE :t", t=f"%{tag}%")) == 2
    assert rows(team.database_url, "SELECT id FROM team_change WHERE details LIKE :s", s=f"%{SIGNATURE}%") == []
    assert SIGNATURE.encode() not in stored_bytes(tmp_path / "b")


async def _has_written(workspace: Workspace, body: str) -> bool:
    account = await workspace.accounts.by_name(SENDS)
    return await workspace.db.run(_incoming_body, account.id, body)


def _incoming_body(session: Any, account_id: int, body: str) -> bool:
    found = session.exec(select(MessageRow.id).where(MessageRow.account_id == account_id, MessageRow.body == body)).first()
    return found is not None


def _outgoing(session: Any, tag: str) -> int:
    mine = (MessageRow.direction == Direction.OUTGOING.value, col(MessageRow.body).contains(tag))
    return len(session.exec(select(MessageRow.id).where(*mine)).all())


def test_a_file_larger_than_the_provider_takes_is_refused_before_anything_is_stored_or_posted(
    sending_team: SendingTeam,
    files: MediaHost,
    tmp_path: Path,
) -> None:
    team, tag = sending_team, "grande-" + secrets.token_hex(3)

    async def scenario() -> tuple[InvalidInput, int]:
        async with open_workspace(tmp_path, MemorySecrets()) as a:
            await joined(a, team.servers[0], team.tokens["ana"])
            await asyncio.sleep(0.5)  # the change log read up to now (the earlier tests' messages)
            before = await a.db.run(_messages)
            big = MediaContent(MediaKind.IMAGE, files.url("grande.png"), caption=tag)
            with pytest.raises(InvalidInput) as refused:
                await send_content(a, SENDS, team.customers[6], big)
            return refused.value, await a.db.run(_messages) - before

    refused, stored = run_core(scenario())
    assert "5 MB" in Wordbook("en").say(refused.notice) and stored == 0
    assert files.count("GET", "grande.png") == 0
    time.sleep(0.5)
    assert sandbox_count(team, tag) == 0
    assert rows(team.database_url, "SELECT id FROM team_message WHERE content LIKE :t", t=f"%{tag}%") == []


def test_a_bots_answer_and_its_closing_reach_both_consoles(
    sending_team: SendingTeam,
    bot_route: str,
    tmp_path: Path,
) -> None:
    team, tag = sending_team, "bot-" + secrets.token_hex(3)
    customer = "59899" + str(secrets.randbelow(900_000) + 100_000)
    answer = {"messaging_product": "whatsapp", "to": customer, "type": "text", "text": {"body": f"Hola, soy el bot {tag}"}}
    closing = {"chatBeenClosed": {"closed": True, "message": f"Gracias {tag}"}}
    for name in ("a", "b"):
        (tmp_path / name).mkdir()

    async def bot_said(workspace: Workspace) -> list[MessageSummary]:
        account = await workspace.accounts.by_name(BOT)
        conversation = await workspace.db.run(_conversation_of, account.id, customer)
        if conversation is None:
            return []
        chat = await workspace.db.run(chat_page, conversation)
        said = [item.message for item in chat if item.message.direction is Direction.BOT]
        return said if len(said) == 4 else []

    async def scenario() -> tuple[list[MessageSummary], list[MessageSummary], float]:
        async with open_workspace(tmp_path / "a", MemorySecrets()) as a, open_workspace(tmp_path / "b", MemorySecrets()) as b:
            await joined(a, team.servers[0], team.tokens["ana"])
            await joined(b, team.servers[1], team.tokens["bruno"])
            began = time.monotonic()
            async with aiohttp.ClientSession() as http:
                # The same greeting and closing again (a second chat): the bot's posts carry no id, so each is its own.
                for body in (answer, closing, answer, closing):
                    async with http.post(team.servers[0] + bot_route, data=json.dumps(body)) as posted:
                        assert posted.status == 200, await posted.text()
            in_a, in_b = await until(lambda: bot_said(a)), await until(lambda: bot_said(b))
            return in_a, in_b, time.monotonic() - began

    in_a, in_b, took = run_core(scenario())
    for said in (in_a, in_b):
        assert [(m.kind, m.body) for m in said] == [
            (MessageKind.TEXT, f"Hola, soy el bot {tag}"),
            (MessageKind.NOTICE, f"The bot closed the chat: Gracias {tag}"),
        ] * 2
    assert took < FOLLOW_WAIT * 2, took


def _conversation_of(session: Any, account_id: int, digits: str) -> int | None:
    return session.exec(
        select(ConversationRow.id)
        .join(ContactRow, col(ContactRow.id) == ConversationRow.contact_id)
        .where(ConversationRow.account_id == account_id, ContactRow.phone == digits)
    ).first()


def test_what_a_console_posts_is_read_by_the_server_as_the_content_sent() -> None:
    """Every kind of send survives the trip: the console's post, the server's reading of it, what
    the server keeps and sends from; a signed link is whole in the post and kept whole."""
    from console.providers.base import SendOptions
    from console.services.preflight import serialize
    from console.services.team_posts import content_document, link_lost
    from console.team_server.content import read_content, stored_content
    from console.team_server.media import kept_content, shown_content
    from console.team_server.store import Refusal

    signed = "https://files.example.net/a.png?sig=" + SIGNATURE
    sent = [
        TextContent("hola"),
        MediaContent(MediaKind.IMAGE, signed, caption="Factura", filename="a.png", mime_type="image/png"),
        LocationContent(-34.9058, -56.1913, "Sucursal", "18 de Julio 1234"),
        TemplateContent("menu", ("Ana",), language="es", media_url=signed, filename="menu.pdf"),
        TemplateContent("bienvenida", ("Ana",), language="es_mx"),
    ]
    for content in sent:
        posted = json.loads(json.dumps(content_document(content_fields(content))))
        assert read_content(posted) == content
        assert stored_content(kept_content(content, SendOptions())) == content
    media = sent[1]
    assert SIGNATURE not in json.dumps(shown_content(kept_content(media, SendOptions())))
    assert link_lost(serialize(media, SendOptions())) and not link_lost(serialize(sent[2], SendOptions()))
    for bad in (
        {"type": "location", "latitude": True, "longitude": 1},
        {"type": "location", "latitude": float("nan"), "longitude": 1},
        {"type": "location", "latitude": 10**400, "longitude": 1},
        {"type": "media", "kind": "image", "url": "javascript:alert(1)"},
        {"type": "media", "kind": "sticker", "url": signed},
        {"type": "media", "kind": "image", "url": "https://f.example/" + "a" * 3000},
        {"type": "template", "name": "menu", "media_url": "file:///etc/passwd"},
    ):
        with pytest.raises(Refusal) as refused:
            read_content(bad)
        assert refused.value.status == 400 and refused.value.notice.code == "team.bad_content"


def test_a_template_review_the_server_applied_reaches_the_mirrored_accounts_catalogue(tmp_path: Path) -> None:
    """A `template_review` change sets the template's status on the mirrored account, as a review
    received by this console would; one about an account it does not mirror changes nothing."""
    from console.domain.team import TeamAccount
    from console.services.team import _apply
    from console.services.team_client import _change
    from console.store import team as team_store
    from console.store import team_accounts
    from console.store.tables import AccountRow, TemplateRow

    url = "https://team.example.net"

    def prepare(session: Any) -> int:
        team_store.join(session, url, "ana")
        team_accounts.mirror(session, [TeamAccount("Meta", "cloudapi", {})])
        account = session.exec(select(AccountRow.id).where(AccountRow.name == "Meta")).one()
        session.add(TemplateRow(account_id=account, name="pedido_listo", language="es", status="APPROVED"))
        return account

    def status(session: Any, account: int) -> str:
        return session.exec(select(TemplateRow.status).where(TemplateRow.account_id == account)).one()

    base = {"at": "", "agent": "", "kind": "template_review", "customer": "", "language": "es", "status": "PAUSED"}
    page = [_change({**base, "id": 1, "account": "Meta", "name": "pedido_listo"}), _change({**base, "id": 2, "account": "Otra"})]

    async def scenario() -> tuple[set[int], str, int]:
        async with open_workspace(tmp_path, MemorySecrets()) as c:
            account = await c.db.run(prepare)
            runs = (await c.db.run(_apply, url, page, 2))[3]
            return runs.catalogues, await c.db.run(status, account), account

    reviewed, now, account = run_core(scenario())
    assert reviewed == {account} and now == "PAUSED"


def test_a_bots_answers_the_server_applied_read_in_the_agents_language(tmp_path: Path) -> None:
    """The server's `bot_message` change keeps an answer as a console keeps the ones it receives
    itself: a photo is a file, contacts and a reaction are notices worded per reader."""
    from sqlalchemy import create_engine

    from console.domain.callbacks import BotMessage
    from console.domain.phones import parse_wa_id
    from console.domain.team import TeamAccount
    from console.providers.chattigo.answers import shown_content
    from console.providers.cloud_api.envelopes import parse_send_payload
    from console.services.team import _apply
    from console.services.team_client import _change
    from console.store import team_accounts
    from console.team_server.bot_events import bot_answer
    from console.team_server.schema import team_bot_event

    url, customer = "https://team.example.net", "59899123456"
    answers = [
        {"type": "image", "image": {"link": "https://cdn.example.com/menu.jpg", "caption": "Menú"}},
        {"type": "contacts", "contacts": [{"name": {"formatted_name": "Ana"}}]},
        {"type": "reaction", "reaction": {"message_id": "wamid.1", "emoji": "👍"}},
    ]
    engine = create_engine("sqlite://")
    team_bot_event.create(engine)
    page = []
    with engine.begin() as connection:
        for number, body in enumerate(answers, start=1):
            reply = parse_send_payload({"messaging_product": "whatsapp", "to": customer, **body})
            item = BotMessage(parse_wa_id(reply.to), reply.summary, reply.raw, shown_content(reply.raw))
            event = type("Event", (), {"id": number, "received_at": "2026-12-06T12:00:00+00:00"})()
            _, kind, account, to, details = bot_answer(connection, "Ch", item, event)
            sent = json.loads(json.dumps(details))  # as the change log carries it
            page.append(_change({"id": number, "at": "", "agent": "", "kind": kind, "account": account, "customer": to, **sent}))

    def prepare(session: Any) -> None:
        team_store.join(session, url, "ana")
        team_accounts.mirror(session, [TeamAccount("Ch", "chattigo", {})])

    async def scenario() -> list[Any]:
        async with open_workspace(tmp_path, MemorySecrets()) as c:
            await c.db.run(prepare)
            await c.db.run(_apply, url, page, len(page))
            conversation = (await c.db.run(lambda s: s.exec(select(ConversationRow.id)).one()))
            return await c.db.run(chat_page, conversation)

    image, contacts, reaction = run_core(scenario())
    spanish = Wordbook("es")
    assert image.message.kind is MessageKind.MEDIA and isinstance(image.attachment, MediaContent)
    assert (contacts.message.kind, reaction.message.kind) == (MessageKind.NOTICE, MessageKind.NOTICE)
    assert spanish.say(contacts.note) == "El bot compartió 1 contacto: Ana"
    assert spanish.say(reaction.note) == "El bot reaccionó con 👍"
