"""The provider's raw answers and callbacks kept with each state event, and in the export.

Against the sandbox over loopback; the secret-echo cases use a small aiohttp server that
answers like Hey Now but repeats the token and password back, as a careless API might.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from aiohttp import web

from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.payloads import PAYLOAD_LIMIT, REDACTED, kept_payload
from console.providers.heynow.client import HeyNowClient, HeyNowSettings
from console.sandbox.broadcasterbot import DEMO_API_KEY
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.store import messages as message_queries
from console.store.database import DATABASE_FILE, Database, make_engine
from console.store.migrations.runner import upgrade_to
from console.store.secrets import MemorySecrets
from tests.conftest import (
    DEMO_PLATFORM,
    add_broadcasterbot_account,
    add_demo_account,
    agenda_client_ids,
    open_workspace,
    run_core,
)
from tests.test_callbacks import ListFeed, _reader
from tests.test_history import wait_for_state

CUSTOMER = "+52 55 4433 2211"
RECIPIENT = {"phone": "5544332211", "country": "MX"}


def test_a_hey_now_export_holds_the_send_answer_and_every_poll_answer(tmp_path: Path, sandbox: SandboxServer) -> None:
    customer = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]
    secrets = MemorySecrets()
    target = tmp_path / "history.json"

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, secrets) as workspace:
            await workspace.start_background()
            account = await add_demo_account(workspace, sandbox, name="Ventas")
            message = await workspace.outbox.send_text(account, customer, "Hola")
            await wait_for_state(workspace, message.id, DeliveryState.READ)
            await workspace.history.export(message.id, target)
            return await workspace.conversations.message(message.id)

    message = run_core(scenario())
    text = target.read_text(encoding="utf-8")
    events = json.loads(text)["events"]
    [pending] = [e for e in events if e["source"] == "local"]
    assert pending["payload"] is None  # the console's own event: no provider said anything
    [answer] = [e for e in events if e["source"] == "response"]
    assert answer["payload"] == {"idMessageHey": message.provider_message_id}
    polls = [e for e in events if e["source"] == "poll"]
    assert polls and polls[-1]["raw_state"] == "LU"
    # Hey Now answers a status call with a bare JSON string: it comes back as that string.
    assert [e["payload"] for e in polls] == [e["raw_state"] for e in polls]
    assert secrets.values
    for value in secrets.values.values():  # the password and the login token
        assert value not in text


def test_a_broadcasterbot_message_keeps_its_send_answer_and_each_callback(tmp_path: Path, sandbox: SandboxServer) -> None:
    target = tmp_path / "bb.json"

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            message = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            sandbox.call(sandbox.sandbox.broadcasterbot.advance, 3600)
            bodies = [b for b in sandbox.call(sandbox.sandbox.broadcasterbot.recorded_callbacks) if "statuses" in b]
            feed = ListFeed()
            for body in bodies:
                feed.add("broadcasterbot", body)
            await _reader(workspace, feed, account).catch_up()
            await workspace.history.export(message.id, target)
            return message, bodies, await workspace.conversations.timeline(message.id)

    message, bodies, timeline = run_core(scenario())
    text = target.read_text(encoding="utf-8")
    assert DEMO_API_KEY not in text
    events = json.loads(text)["events"]
    [answer] = [e for e in events if e["source"] == "response"]
    [entry] = answer["payload"]["data"]  # the whole answer: this message was its only recipient
    assert entry["messageId"] == message.provider_message_id
    callbacks = [e for e in events if e["source"] == "callback"]
    assert [e["payload"] for e in callbacks] == bodies  # one status per body: the body as received
    assert [e["raw_state"] for e in callbacks] == [b["statuses"][0]["state"] for b in bodies]
    stored = [e.payload for e in timeline if e.source is EventSource.CALLBACK]
    assert all(isinstance(p, str) for p in stored)


def test_a_send_the_provider_refuses_keeps_the_refusal(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            # Never registered (no opt-in): Broadcasterbot answers, refusing this recipient.
            message = await workspace.outbox.send(account, "+52 55 1234 5678", TemplateContent("bienvenida", ("Ana",)))
            return message, await workspace.conversations.timeline(message.id)

    message, events = run_core(scenario())
    assert message.state is DeliveryState.FAILED
    [refusal] = [e for e in events if e.source is EventSource.RESPONSE]
    [entry] = json.loads(refusal.payload or "{}")["data"]
    assert (entry["status"], entry["state"]) == ("failure", refusal.raw_state) == ("failure", "no_opt_in")


def test_a_callback_with_several_statuses_gives_each_message_its_own_item(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            first = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            second = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Eva",)))
            items = [
                {"status": "success", "state": "delivered", "messageId": first.provider_message_id, "recipient": RECIPIENT},
                {"status": "failure", "state": "failed", "messageId": second.provider_message_id, "recipient": RECIPIENT},
            ]
            feed = ListFeed()
            feed.add("broadcasterbot", {"statuses": items})
            await _reader(workspace, feed, account).catch_up()
            timelines = [await workspace.conversations.timeline(m.id) for m in (first, second)]
            return items, timelines

    items, timelines = run_core(scenario())
    for item, events in zip(items, timelines, strict=True):
        [callback] = [e for e in events if e.source is EventSource.CALLBACK]
        assert callback.raw_state == item["state"]
        assert callback.payload is not None and json.loads(callback.payload) == item


def test_statuses_that_overtake_the_send_answer_keep_their_bodies(tmp_path: Path, sandbox: SandboxServer) -> None:
    sandbox.sandbox.faults.add("broadcasterbot", "send", Fault(FaultKind.DELAY, seconds=1.0, times=1))

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            sending = asyncio.create_task(workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",))))
            feed = ListFeed()
            while not feed.events:
                await asyncio.sleep(0.05)
                sandbox.call(sandbox.sandbox.broadcasterbot.advance, 20)
                for body in sandbox.call(sandbox.sandbox.broadcasterbot.recorded_callbacks):
                    if "statuses" in body:
                        feed.add("broadcasterbot", body)
            await _reader(workspace, feed, account).catch_up()
            assert not sending.done(), "the answer came first; the test proves nothing"
            message = await sending
            return [json.loads(e.body) for e in feed.events], await workspace.conversations.timeline(message.id)

    bodies, events = run_core(scenario())
    early = [e for e in events if e.source is EventSource.CALLBACK]
    assert early and [json.loads(e.payload or "null") for e in early] == bodies


async def _echoing_hey_now(token: str) -> web.AppRunner:
    """Answers like Hey Now, but repeats the request's credentials in its answers."""

    async def login(request: web.Request) -> web.Response:
        return web.json_response({"token": token})

    async def send(request: web.Request) -> web.Response:
        asked = await request.json()
        return web.json_response({"idMessageHey": "m-1", "you": request.headers["Authorization"], "echo": asked})

    async def status(request: web.Request) -> web.Response:
        return web.json_response({"status": "RU", "session": token, "filler": "x" * (PAYLOAD_LIMIT * 2)})

    app = web.Application()
    app.router.add_post("/login", login)
    app.router.add_post("/message/{channel}/{platform}/{client}", send)
    app.router.add_get("/message/{channel}/{platform}/{message}", status)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner


def test_an_answer_that_echoes_the_token_or_password_is_kept_without_them() -> None:
    token, password = "tok-0f9e8d7c6b5a", "s3cret-Pa55word"

    async def scenario() -> tuple[Any, Any]:
        runner = await _echoing_hey_now(token)
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        try:
            async with httpx.AsyncClient() as http:
                client = HeyNowClient(http, HeyNowSettings(base, "ana", "59899000001"), password)
                # A careless agent pastes the password into the message: the provider echoes it.
                receipt = await client.send_text("59899123456", f"mi clave es {password}")
                report = await client.message_status("m-1")
                return receipt, report
        finally:
            await runner.cleanup()

    receipt, report = run_core(scenario())
    assert receipt.provider_message_id == "m-1"
    for payload in (receipt.payload, report.payload):
        assert payload is not None and token not in payload and password not in payload
    sent = json.loads(receipt.payload)
    assert sent["you"] == f"Bearer {REDACTED}" and sent["echo"] == {"text": f"mi clave es {REDACTED}"}
    assert report.state is DeliveryState.DELIVERED
    assert len(report.payload) < PAYLOAD_LIMIT + 100  # capped, with a marker saying so
    assert report.payload.endswith("more characters]")


def test_a_payload_is_capped_and_a_secret_cannot_survive_the_cut() -> None:
    secret = "k3y-abcdefgh"
    text = "a" * (PAYLOAD_LIMIT - 4) + secret + "b" * 10
    kept = kept_payload(text, (secret,))
    assert kept is not None and secret[:4] not in kept[PAYLOAD_LIMIT - 8 :]
    assert kept.startswith("a" * (PAYLOAD_LIMIT - 4) + REDACTED[:4])
    assert kept_payload("  ") is None and kept_payload(None) is None
    assert kept_payload("{}") == "{}"


def test_events_stored_before_payloads_existed_upgrade_and_export_without_one(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / DATABASE_FILE)
    upgrade_to(engine, "0007")
    statements = [
        "INSERT INTO account (id, name, provider, settings_json, sandbox, created_at) "
        "VALUES (1, 'old', 'heynow', '{}', 0, '2025-01-01 00:00:00')",
        "INSERT INTO contact (id, account_id, external_id, phone, display_name, search_text, in_agenda) "
        "VALUES (1, 1, '59899123456', '59899123456', 'Ana', 'ana 59899123456', 1)",
        "INSERT INTO conversation (id, account_id, contact_id, unread_count) VALUES (1, 1, 1, 0)",
        "INSERT INTO message (id, conversation_id, account_id, direction, kind, body, options_json, state, "
        "created_at, updated_at, poll_attempts) "
        "VALUES (1, 1, 1, 'outgoing', 'text', 'Hola', '{}', 'accepted', '2025-01-01 00:00:00', '2025-01-01 00:00:00', 0)",
        "INSERT INTO state_event (message_id, state, raw_state, source, at) "
        "VALUES (1, 'accepted', '?', 'response', '2025-01-01 00:00:01')",
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()

    database = Database.open(tmp_path)
    try:
        [event] = database.call(message_queries.events_for, 1)
    finally:
        database.close()
    assert (event.raw_state, event.payload) == ("?", None)
