"""A Cloud API account end to end over loopback: the simulator verifies the relay's route
and signs every webhook, a customer's message reaches the conversation, the agent's answer
goes to Meta, and its statuses (out of order, each delivered twice) take it to `read`."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.domain.content import TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.messages import Direction, MessageKind
from console.domain.send_warnings import NeedsSendAnyway
from console.relay import RelayStore, RelayThread, sqlite_url
from console.sandbox.cloudapi import (
    DEMO_ACCESS_TOKEN,
    DEMO_APP_SECRET,
    DEMO_PHONE_NUMBER_ID,
    DEMO_VERIFY_TOKEN,
    DEMO_WABA_ID,
    CloudApiSandboxConfig,
)
from console.sandbox.cloudapi_wire import DEMO_FILES, envelope, signature
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.services.relay_reader import HttpEventFeed, RelayReader
from console.services.workspace import Workspace
from console.wording.wordbook import Wordbook
from tests.conftest import MemorySecrets, open_workspace, run_core

EVENTS_TOKEN = "events-token"
CUSTOMER = "59899123456"


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    config = CloudApiSandboxConfig(status_delays=(0.05, 0.1, 0.15), out_of_order=True, duplicates=True)
    with SandboxServer(configs=SandboxConfigs(cloudapi=config)) as running:
        yield running


async def _events(http: httpx.AsyncClient, relay: RelayThread) -> int:
    return (await http.get(f"{relay.root_url}/health")).json()["events"]


async def _until(http: httpx.AsyncClient, relay: RelayThread, count: int) -> None:
    deadline = time.monotonic() + 10
    while await _events(http, relay) < count:
        assert time.monotonic() < deadline, "the simulator's webhooks did not reach the relay"
        await asyncio.sleep(0.05)


def _values(server: SandboxServer) -> dict[str, object]:
    return {
        "phone_number_id": DEMO_PHONE_NUMBER_ID,
        "waba_id": DEMO_WABA_ID,
        "access_token": DEMO_ACCESS_TOKEN,
        "app_secret": DEMO_APP_SECRET,
        "verify_token": DEMO_VERIFY_TOKEN,
        "graph_url": server.base_urls["cloudapi"],
    }


async def _account(workspace: Workspace, server: SandboxServer):  # noqa: ANN202
    return await workspace.accounts.add_account("meta", ProviderKind.CLOUDAPI, _values(server))


async def _reading(workspace: Workspace, server: SandboxServer, relay: RelayThread, *, subscribed: bool = True):  # noqa: ANN202
    """The Cloud API account with its route at `relay`, Meta's simulator told the webhook URL
    (its verification handshake must pass) unless `subscribed` is False, and a reader of the relay:
    (account, webhook URL, reader)."""
    account = await _account(workspace, server)
    url = await workspace.callback_routes.connect(account, relay.root_url, EVENTS_TOKEN)
    if subscribed:
        told = await workspace.http.post(f"{server.root_url}/_sandbox/cloudapi/webhook", json={"url": url})
        assert told.status_code == 200  # the handshake passed
    feed = HttpEventFeed(workspace.http, relay.root_url, EVENTS_TOKEN)
    return account, url, RelayReader(workspace.db, workspace.callbacks, feed, workspace.callback_routes.routes)


def test_a_customer_writes_the_agent_answers_and_the_answer_reaches_read(tmp_path: Path, server: SandboxServer) -> None:
    relay = RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay-store.sqlite3")), EVENTS_TOKEN).start()
    steering = f"{server.root_url}/_sandbox/cloudapi"

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            account, _, reader = await _reading(workspace, server, relay)
            http = workspace.http
            wrote = await http.post(f"{steering}/inbound", json={"from": CUSTOMER, "name": "Ana", "text": "Hola, ¿tienen stock?"})
            wrote.raise_for_status()
            await _until(http, relay, 1)
            assert await reader.catch_up() == 1

            answer = await workspace.outbox.send(account, "+" + CUSTOMER, TextContent("Sí, tenemos."))
            assert answer.state is DeliveryState.ACCEPTED
            await _until(http, relay, 4)  # three statuses, each posted twice: the relay keeps each once
            await asyncio.sleep(0.3)  # any late duplicate has had its chance to be stored
            applied = await reader.catch_up()
            messages = await workspace.conversations.messages(answer.conversation_id)
            return (
                applied,
                await _events(http, relay),
                messages,
                await workspace.conversations.message(answer.id),
                await workspace.conversations.timeline(answer.id),
            )

    try:
        applied, stored, messages, answer, timeline = run_core(scenario(), timeout=60)
    finally:
        relay.stop()

    assert stored == 4 and applied == 3
    incoming = [m for m in messages if m.direction is Direction.INCOMING]
    assert [m.body for m in incoming] == ["Hola, ¿tienen stock?"]
    assert answer.state is DeliveryState.READ
    callbacks = [e for e in timeline if e.source is EventSource.CALLBACK]
    assert [e.raw_state for e in callbacks] == ["read", "delivered", "sent"]  # newest first, as the simulator sent them
    assert any(e.detail is not None and e.detail.code == "cloudapi.billing" for e in callbacks)
    assert any("Conversation: service" in (e.detail.english() if e.detail else "") for e in callbacks)
    assert all('"pricing"' in (e.payload or "") for e in callbacks)


def test_a_free_form_answer_after_24_hours_fails_with_the_window_sentence(tmp_path: Path, server: SandboxServer) -> None:
    relay = RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay-store.sqlite3")), EVENTS_TOKEN).start()

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            account, _, reader = await _reading(workspace, server, relay)
            with pytest.raises(NeedsSendAnyway) as asked:  # the console never saw the customer write
                await workspace.outbox.send(account, "+" + CUSTOMER, TextContent("Hola"))
            sent = await workspace.outbox.send(account, "+" + CUSTOMER, TextContent("Hola"), send_anyway=asked.value.warnings)
            await _until(workspace.http, relay, 1)
            await reader.catch_up()
            return await workspace.conversations.message(sent.id)

    try:
        message = run_core(scenario(), timeout=60)
    finally:
        relay.stop()
    assert message.state is DeliveryState.FAILED
    assert message.failure_reason is not None and message.failure_reason.code == "cloudapi.window_closed"
    said = message.failure_reason.english()
    assert "send an approved template" in said and "131047" in said


USER_ID = "UY.1502576394655843"


def test_a_customer_known_only_by_a_user_id_is_stored_found_answered_and_joined_by_their_number_later(
    tmp_path: Path, server: SandboxServer
) -> None:
    relay = RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay-store.sqlite3")), EVENTS_TOKEN).start()
    steering = f"{server.root_url}/_sandbox/cloudapi"

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            account, _, reader = await _reading(workspace, server, relay)
            http = workspace.http
            hidden = {"user_id": USER_ID, "name": "Bea", "text": "Hola, soy @bea"}
            (await http.post(f"{steering}/inbound", json=hidden)).raise_for_status()
            await _until(http, relay, 1)
            assert await reader.catch_up() == 1
            found = await workspace.agenda.page(account.id, "1502576394655843", 0, 10)
            contact = found[0]

            answer = await workspace.outbox.send(account, contact.phone, TextContent("¡Hola Bea!"))  # the window is open
            await _until(http, relay, 1 + 3)
            await asyncio.sleep(0.3)
            await reader.catch_up()
            answered = await workspace.conversations.message(answer.id)

            both = {"from": CUSTOMER, "user_id": USER_ID, "name": "Bea", "text": "Mi número, por si acaso"}
            (await http.post(f"{steering}/inbound", json=both)).raise_for_status()
            await _until(http, relay, 1 + 3 + 1)
            await reader.catch_up()
            later = await workspace.agenda.page(account.id, "", 0, 10)
            messages = await workspace.conversations.messages(answer.conversation_id)
            return found, answered, later, messages

    try:
        found, answered, later, messages = run_core(scenario(), timeout=60)
    finally:
        relay.stop()

    assert [(c.display_name, c.phone) for c in found] == [("Bea", USER_ID)]
    sent = server.call(lambda: list(server.sandbox.cloudapi.accepted))
    assert sent[0]["recipient"] == USER_ID and "to" not in sent[0]
    assert answered.state is DeliveryState.READ
    assert [(c.display_name, c.phone) for c in later] == [("Bea", CUSTOMER)]  # the number joined the same contact
    assert [m.body for m in messages] == ["Hola, soy @bea", "¡Hola Bea!", "Mi número, por si acaso"]


def test_connecting_again_after_the_app_secret_changed_gives_the_relay_the_new_one(tmp_path: Path, server: SandboxServer) -> None:
    relay = RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay-store.sqlite3")), EVENTS_TOKEN).start()

    async def scenario() -> tuple[str, str, int]:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            account = await _account(workspace, server)
            first = await workspace.callback_routes.connect(account, relay.root_url, EVENTS_TOKEN)
            connected = await workspace.accounts.by_id(account.id)
            account = await workspace.accounts.update_account(connected, {**_values(server), "app_secret": "a new app secret"})
            again = await workspace.callback_routes.connect(account, relay.root_url, EVENTS_TOKEN)
            body = b'{"object": "whatsapp_business_account", "entry": []}'
            signed = {"X-Hub-Signature-256": signature("a new app secret", body)}
            return first, again, (await workspace.http.post(again, content=body, headers=signed)).status_code

    try:
        first, again, status = run_core(scenario(), timeout=30)
    finally:
        relay.stop()
    assert first == again and status == 200


def test_a_customers_photo_and_place_reach_the_conversation(tmp_path: Path, server: SandboxServer) -> None:
    """The photo comes as a media id; the console fetches its bytes with the account's token."""
    relay = RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay-store.sqlite3")), EVENTS_TOKEN).start()
    steering = f"{server.root_url}/_sandbox/cloudapi"
    photo = {"from": CUSTOMER, "type": "image", "image": {"caption": "la caja rota"}}  # the simulator's demo photo
    place = {"from": CUSTOMER, "type": "location", "location": {"latitude": -34.9, "longitude": -56.16, "name": "Depósito"}}

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            account, _, reader = await _reading(workspace, server, relay)
            http = workspace.http
            for message in (photo, place):
                (await http.post(f"{steering}/inbound", json=message)).raise_for_status()
            await _until(http, relay, 2)
            await reader.catch_up()
            contact = (await workspace.agenda.page(account.id, CUSTOMER, 0, 1))[0]
            conversation = await workspace.conversations.conversation_id(account.id, contact.id)
            assert conversation is not None
            messages = await workspace.conversations.messages(conversation)
            return messages, await workspace.conversations.received_media_file(messages[0].id)

    try:
        messages, photo_file = run_core(scenario(), timeout=60)
    finally:
        relay.stop()
    assert [m.body for m in messages][0] == "[image] la caja rota"
    assert "Depósito" in messages[1].body
    assert photo_file is not None and photo_file.read_bytes() == DEMO_FILES["image"][0]
    assert photo_file.stat().st_mode & 0o077 == 0 and photo_file.parent.stat().st_mode & 0o077 == 0  # the user's alone
    assert server.sandbox.log.count("cloudapi", "media_download") == 1


def test_a_customers_reaction_is_described_in_the_agents_language(tmp_path: Path, server: SandboxServer) -> None:
    """No English tag reaches the chat: the reaction is kept as a notice, worded for each reader."""
    relay = RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay-store.sqlite3")), EVENTS_TOKEN).start()
    reaction = {"from": CUSTOMER, "type": "reaction", "reaction": {"message_id": "wamid.sent", "emoji": "👍"}}

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            account, _, reader = await _reading(workspace, server, relay)
            http = workspace.http
            (await http.post(f"{server.root_url}/_sandbox/cloudapi/inbound", json=reaction)).raise_for_status()
            await _until(http, relay, 1)
            await reader.catch_up()
            contact = (await workspace.agenda.page(account.id, CUSTOMER, 0, 1))[0]
            conversation = await workspace.conversations.conversation_id(account.id, contact.id)
            assert conversation is not None
            [message] = await workspace.conversations.messages(conversation)
            return message, await workspace.conversations.chat_message(message.id)

    try:
        message, shown = run_core(scenario(), timeout=60)
    finally:
        relay.stop()
    assert message.direction is Direction.INCOMING and message.kind is MessageKind.NOTICE
    assert shown is not None and shown.note is not None
    assert Wordbook.for_locale("es_AR").say(shown.note) == "Reaccionó con 👍"
    assert "[" not in message.body  # the English text kept for search names no wire type


def test_a_media_url_gives_the_file_only_with_the_access_token(server: SandboxServer) -> None:
    graph = f"{server.base_urls['cloudapi']}/v23.0"
    media_id = server.call(server.sandbox.cloudapi.add_media, b"%PDF-1.4 factura", "application/pdf")
    bearer = {"Authorization": f"Bearer {DEMO_ACCESS_TOKEN}"}
    with httpx.Client(timeout=10) as http:
        assert http.get(f"{graph}/{media_id}").status_code == 401  # describing the file needs the token too
        described = http.get(f"{graph}/{media_id}", headers=bearer).json()
        assert described["mime_type"] == "application/pdf" and described["file_size"] == 16 and described["id"] == media_id
        refused = http.get(described["url"])
        wrong = http.get(described["url"], headers={"Authorization": "Bearer not-the-token"})
        given = http.get(described["url"], headers=bearer)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == 190
    assert wrong.status_code == 401 and b"factura" not in wrong.content
    assert given.status_code == 200 and given.content == b"%PDF-1.4 factura"
    assert given.headers["content-type"] == "application/pdf"


def test_a_status_repeated_inside_another_webhook_is_applied_once(tmp_path: Path, server: SandboxServer) -> None:
    relay = RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay-store.sqlite3")), EVENTS_TOKEN).start()

    def webhook(*statuses: dict[str, object]) -> bytes:
        body = envelope(DEMO_WABA_ID, {"phone_number_id": DEMO_PHONE_NUMBER_ID}, {"statuses": list(statuses)})
        return json.dumps(body).encode()

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            account, url, reader = await _reading(workspace, server, relay, subscribed=False)
            http = workspace.http
            answer = await workspace.outbox.send(account, "+" + CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            assert answer.provider_message_id is not None
            sent = {"id": answer.provider_message_id, "status": "sent", "timestamp": "1700000000", "recipient_id": CUSTOMER}
            delivered = {**sent, "status": "delivered", "timestamp": "1700000005"}
            for body in (webhook(sent), webhook(sent, delivered), webhook(delivered, sent)):  # three bodies, two reports
                answered = await http.post(url, content=body, headers={"X-Hub-Signature-256": signature(DEMO_APP_SECRET, body)})
                assert answered.status_code == 200
            await reader.catch_up()
            return await workspace.conversations.timeline(answer.id)

    try:
        timeline = run_core(scenario(), timeout=60)
    finally:
        relay.stop()
    assert [e.raw_state for e in timeline if e.source is EventSource.CALLBACK] == ["sent", "delivered"]


def test_a_template_meta_approves_later_becomes_sendable_without_fetching_again(tmp_path: Path, server: SandboxServer) -> None:
    """`recordatorio_turno` is under review when fetched; Meta's review webhook approves it, and
    the next send goes out. A later pause is refused before any request."""
    relay = RelayThread(RelayStore.open(sqlite_url(tmp_path / "relay-store.sqlite3")), EVENTS_TOKEN).start()
    steering = f"{server.root_url}/_sandbox/cloudapi"
    reminder = TemplateContent("recordatorio_turno", ("martes 10:00",), language="es")

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            account, _, reader = await _reading(workspace, server, relay)
            http = workspace.http
            fetched = {t.name: t for t in await workspace.templates.sync(account)}
            assert fetched["recordatorio_turno"].status == "PENDING"
            changed: list[int] = []
            workspace.topics.templates_changed.subscribe(changed.append)

            async def review(status: str, events: int) -> None:
                body = {"name": "recordatorio_turno", "language": "es", "status": status}
                answer = await http.post(f"{steering}/template-status", json=body)
                answer.raise_for_status()
                await _until(http, relay, events)
                await reader.catch_up()

            await review("APPROVED", 1)
            approved = await workspace.templates.find(account, "recordatorio_turno", "es")
            sent = await workspace.outbox.send(account, "+" + CUSTOMER, reminder)
            await review("PAUSED", 2)
            paused = await workspace.templates.find(account, "recordatorio_turno", "es")
            before = server.call(lambda: len(server.sandbox.cloudapi.accepted))
            with pytest.raises(InvalidInput):
                await workspace.outbox.send(account, "+" + CUSTOMER, reminder)
            return approved, sent, paused, changed, server.call(lambda: len(server.sandbox.cloudapi.accepted)) - before

    try:
        approved, sent, paused, changed, requests_after_pause = run_core(scenario(), timeout=60)
    finally:
        relay.stop()

    assert approved is not None and approved.status == "APPROVED" and approved.sendable
    assert sent.state is DeliveryState.ACCEPTED
    assert paused is not None and paused.status == "PAUSED" and not paused.sendable
    assert requests_after_pause == 0  # refused before sending
    assert len(changed) == 2  # the window's template list is told each time
