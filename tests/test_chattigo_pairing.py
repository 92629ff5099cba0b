"""Chattigo paired with the Cloud API account whose connection it uses, end to end over
loopback: Meta's (simulated) signed webhooks reach the console's embedded relay, the
customer's message is forwarded to Chattigo's (simulated) bot, the bot's answers come back
on its webhook and are sent to the customer through the Cloud API, their statuses follow,
and the bot's closing notice hands the conversation to an agent."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.domain.accounts import Account, ProviderKind
from console.domain.errors import InvalidInput
from console.domain.inbox import BotHandling, InboxFilter
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.relay.embedded import EmbeddedRelay
from console.sandbox import chattigo as chattigo_sandbox
from console.sandbox import cloudapi as cloud_sandbox
from console.sandbox.chattigo import ChattigoSandboxConfig
from console.sandbox.cloudapi import CloudApiSandboxConfig
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.services.callback_setup import EmbeddedSettings
from console.services.callbacks import CallbackEvent
from console.services.workspace import Workspace
from console.store import bot_answers
from console.store import contacts as contact_queries
from console.store.tables import MessageRow
from console.store.types import utcnow
from console.wording.wordbook import Wordbook
from tests.conftest import MemorySecrets, open_workspace, run_core

CUSTOMER = "59899123456"
FAST = CloudApiSandboxConfig(status_delays=(0.05, 0.1, 0.15), callback_beat=0.2)


@pytest.fixture
def server() -> Any:
    configs = SandboxConfigs(chattigo=ChattigoSandboxConfig(script="order", webhook_beat=0.2), cloudapi=FAST)
    with SandboxServer(configs=configs) as running:
        yield running


@asynccontextmanager
async def _paired(data_dir: Path, server: SandboxServer) -> AsyncIterator[tuple[Workspace, Account, Account]]:
    """A console with a Cloud API account on the sandbox and a Chattigo account paired with
    it, both receiving on the embedded relay, and Meta's webhook verified and subscribed."""
    relay = EmbeddedRelay(data_dir, "embedded-events-token")
    try:
        async with open_workspace(data_dir, MemorySecrets(), receiver=relay) as workspace:
            meta = await _cloud_account(workspace, server)
            bot = await _chattigo_account(workspace, server, pair_with=meta.name)
            await workspace.start_background()
            url = await workspace.callback_setup.use_embedded(meta, EmbeddedSettings("127.0.0.1:0"))
            await workspace.callback_setup.use_embedded(bot, EmbeddedSettings("127.0.0.1:0"))
            async with httpx.AsyncClient() as http:
                answer = await http.post(f"{server.root_url}/_sandbox/cloudapi/webhook", json={"url": url})
            assert answer.status_code == 200, answer.text
            yield workspace, meta, bot
    finally:
        await relay.close()


async def _cloud_account(workspace: Workspace, server: SandboxServer, name: str = "meta") -> Account:
    values = {
        "phone_number_id": cloud_sandbox.DEMO_PHONE_NUMBER_ID,
        "waba_id": cloud_sandbox.DEMO_WABA_ID,
        "access_token": cloud_sandbox.DEMO_ACCESS_TOKEN,
        "app_secret": cloud_sandbox.DEMO_APP_SECRET,
        "verify_token": cloud_sandbox.DEMO_VERIFY_TOKEN,
        "graph_url": server.base_urls["cloudapi"],
    }
    return await workspace.accounts.add_account(name, ProviderKind.CLOUDAPI, values)


async def _chattigo_account(workspace: Workspace, server: SandboxServer, *, pair_with: str | None) -> Account:
    values = {
        "base_url": server.base_urls["chattigo"],
        "username": chattigo_sandbox.DEMO_USER,
        "password": chattigo_sandbox.DEMO_PASSWORD,
        "wa_id": chattigo_sandbox.PAIRED_WA_ID,
        "cloud_api": pair_with,
    }
    return await workspace.accounts.add_account("bot", ProviderKind.CHATTIGO, values)


async def _customer_writes(server: SandboxServer, text: str) -> str:
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{server.root_url}/_sandbox/cloudapi/inbound", json={"from": CUSTOMER, "name": "Ana", "text": text}
        )
    answer.raise_for_status()
    return str(answer.json()["id"])


async def _sends(server: SandboxServer) -> list[dict[str, Any]]:
    """What the customer's side of the Cloud API received, oldest first."""
    async with httpx.AsyncClient() as http:
        return list((await http.get(f"{server.root_url}/_sandbox/cloudapi/sends")).json())


def _forwards(server: SandboxServer) -> int:
    return server.sandbox.log.count("chattigo", "forward")


async def _until(check: Callable[[], Awaitable[Any]], timeout: float = 10) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = await check()
        if found:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not reached in {timeout} s: {check.__qualname__}")
        await asyncio.sleep(0.05)


async def _chat(workspace: Workspace, conversation_id: int) -> list[MessageSummary]:
    return await workspace.conversations.messages(conversation_id)


def test_a_customer_is_answered_by_the_bot_through_the_cloud_api_then_waits_for_an_agent(
    tmp_path: Path, server: SandboxServer
) -> None:
    async def scenario() -> None:
        async with _paired(tmp_path, server) as (workspace, meta, _bot):
            asked = await _customer_writes(server, "Hola, ¿y mi pedido?")

            sends = await _until(lambda: _three(server))
            assert [body["type"] for body in sends] == ["text", "template", "image"]
            assert all(body["to"] == CUSTOMER and body["messaging_product"] == "whatsapp" for body in sends)
            text, template, image = sends
            assert text["text"] == {"preview_url": False, "body": "¡Hola Ana! Ya despachamos tu pedido."}
            assert text["context"] == {"message_id": asked}
            assert template["template"]["name"] == "pedido_enviado" and template["template"]["language"] == {"code": "es"}
            header, body = template["template"]["components"]
            photo = image["image"]["link"]
            assert header == {"type": "header", "parameters": [{"type": "image", "image": {"link": photo}}]}
            order = photo.rsplit("/", 1)[1].removesuffix(".jpg")
            assert body["parameters"][0] == {"type": "text", "text": order}
            assert image["image"]["caption"] == f"Tu pedido {order}"

            row = (await workspace.inbox.page(InboxFilter(account_id=meta.id), 0, 10))[0]
            assert row.bot is BotHandling.BOT
            conversation = row.conversation_id

            async def all_read() -> list[MessageSummary] | None:
                answers = [m for m in await _chat(workspace, conversation) if m.direction is Direction.BOT]
                return answers if len(answers) == 3 and all(m.state is DeliveryState.READ for m in answers) else None

            answers = await _until(all_read)
            assert [m.kind for m in answers] == [MessageKind.TEXT, MessageKind.TEMPLATE, MessageKind.MEDIA]
            timeline = await workspace.conversations.timeline(answers[1].id)
            assert [event.state for event in timeline][-3:] == [DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ]
            chat = await _chat(workspace, conversation)
            assert chat[0].direction is Direction.INCOMING and chat[0].provider_message_id == asked

            # The second message ends the script: the bot says goodbye and closes the chat.
            await _customer_writes(server, "Gracias")

            async def handed_over() -> bool:
                found = await workspace.inbox.row(conversation)
                return found is not None and found.bot is BotHandling.HANDED_OVER

            await _until(handed_over)
            waiting = await workspace.inbox.page(InboxFilter(bot=BotHandling.HANDED_OVER), 0, 10)
            assert [r.conversation_id for r in waiting] == [conversation]
            notice = (await _chat(workspace, conversation))[-1]
            assert (notice.kind, notice.body) == (MessageKind.NOTICE, "The bot closed the chat: El chat finalizo")
            # The chat and the inbox keep its code, so each agent reads it in their language.
            shown = await workspace.conversations.chat_message(notice.id)
            row = await workspace.inbox.row(conversation)
            assert shown is not None and shown.note is not None and shown.note.code == "chattigo.bot_closed_chat_saying"
            assert row is not None and row.note == shown.note
            assert Wordbook("es").say(shown.note).endswith("El chat finalizo") and "The bot" not in Wordbook("es").say(shown.note)
            await _until(lambda: _count_sends(server, 4))
            forwards = _forwards(server)

            # An agent answers: the conversation is theirs, and the customer's next message stays here.
            sent = await workspace.outbox.send_text(meta, CUSTOMER, "Hola Ana, soy Laura. ¿En qué te ayudo?")
            assert sent.state is DeliveryState.ACCEPTED
            assert (await _sends(server))[-1]["text"]["body"] == "Hola Ana, soy Laura. ¿En qué te ayudo?"
            assert (await workspace.inbox.row(conversation)).bot is BotHandling.AGENT  # type: ignore[union-attr]
            await _customer_writes(server, "Quiero cambiar la dirección")

            async def arrived() -> bool:
                return (await _chat(workspace, conversation))[-1].body == "Quiero cambiar la dirección"

            await _until(arrived)
            await asyncio.sleep(0.3)
            assert _forwards(server) == forwards
            assert len(await _sends(server)) == 5

    run_core(scenario(), timeout=60)


async def _three(server: SandboxServer) -> list[dict[str, Any]] | None:
    sends = await _sends(server)
    return sends if len(sends) >= 3 else None


async def _count_sends(server: SandboxServer, count: int) -> bool:
    return len(await _sends(server)) >= count


def test_the_agent_takes_a_conversation_from_the_bot_and_gives_it_back(tmp_path: Path, server: SandboxServer) -> None:
    async def scenario() -> None:
        async with _paired(tmp_path, server) as (workspace, meta, _bot):
            await _customer_writes(server, "Hola")
            await _until(lambda: _count_sends(server, 3))
            conversation = (await workspace.inbox.page(InboxFilter(account_id=meta.id), 0, 1))[0].conversation_id
            forwards = _forwards(server)

            await workspace.conversations.take_from_bot(conversation)
            assert (await workspace.inbox.row(conversation)).bot is BotHandling.AGENT  # type: ignore[union-attr]
            with pytest.raises(InvalidInput, match="already with the agent"):
                await workspace.conversations.take_from_bot(conversation)
            await _customer_writes(server, "Prefiero hablar con una persona")
            await _until(lambda: _has_text(workspace, conversation, "Prefiero hablar con una persona"))
            await asyncio.sleep(0.3)
            assert _forwards(server) == forwards

            await workspace.conversations.give_back_to_bot(conversation)
            assert (await workspace.inbox.row(conversation)).bot is BotHandling.BOT  # type: ignore[union-attr]
            await _customer_writes(server, "Bueno, sigo con el bot")
            await _until(lambda: _forwarded(server, forwards + 1))

    run_core(scenario(), timeout=60)


async def _has_text(workspace: Workspace, conversation: int, text: str) -> bool:
    return any(m.body == text for m in await workspace.conversations.messages(conversation))


async def _forwarded(server: SandboxServer, count: int) -> bool:
    return _forwards(server) >= count


def test_a_conversation_without_a_bot_cannot_be_taken_or_given_back(tmp_path: Path, server: SandboxServer) -> None:
    async def scenario() -> None:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            meta = await _cloud_account(workspace, server)
            started = await workspace.new_conversations.start(meta, CUSTOMER)
            for hand in (workspace.conversations.take_from_bot, workspace.conversations.give_back_to_bot):
                with pytest.raises(InvalidInput, match="no bot answers this conversation"):
                    await hand(started.conversation_id)

    run_core(scenario())


def test_pairing_names_an_existing_account_that_can_send_a_bots_answers(tmp_path: Path, server: SandboxServer) -> None:
    async def scenario() -> None:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            with pytest.raises(InvalidInput, match="no account named 'meta'"):
                await _chattigo_account(workspace, server, pair_with="meta")
            other = await workspace.accounts.add_account(
                "plain",
                ProviderKind.CHATTIGO,
                {
                    "base_url": server.base_urls["chattigo"],
                    "username": chattigo_sandbox.DEMO_USER,
                    "password": chattigo_sandbox.DEMO_PASSWORD,
                    "wa_id": chattigo_sandbox.DEMO_WA_ID,
                },
            )
            with pytest.raises(InvalidInput, match="cannot send a bot's messages"):
                await _chattigo_account(workspace, server, pair_with=other.name)
            meta = await _cloud_account(workspace, server)
            bot = await _chattigo_account(workspace, server, pair_with=meta.name)
            assert bot.settings["cloud_api"] == "meta"
            assert (await workspace.bot_relay.pairing(meta)) == (await workspace.bot_relay.pairing(bot))

    run_core(scenario())


def test_meta_delivering_twice_and_out_of_order_forwards_once_and_sends_each_answer_once(tmp_path: Path) -> None:
    doubled = replace(FAST, duplicates=True, out_of_order=True)
    configs = SandboxConfigs(chattigo=ChattigoSandboxConfig(script="order", webhook_beat=0.2), cloudapi=doubled)
    with SandboxServer(configs=configs) as server:

        async def scenario() -> list[MessageSummary]:
            async with _paired(tmp_path, server) as (workspace, meta, _bot):
                await _customer_writes(server, "Hola")
                await _until(lambda: _count_sends(server, 3))
                conversation = (await workspace.inbox.page(InboxFilter(account_id=meta.id), 0, 1))[0].conversation_id

                async def all_read() -> list[MessageSummary] | None:
                    answers = [m for m in await _chat(workspace, conversation) if m.direction is Direction.BOT]
                    return answers if answers and all(m.state is DeliveryState.READ for m in answers) else None

                await _until(all_read)
                await asyncio.sleep(0.5)  # time for any repeat to arrive
                assert len(await _sends(server)) == 3
                return await _chat(workspace, conversation)

        chat = run_core(scenario(), timeout=60)
        assert _forwards(server) == 1
    assert [m.direction for m in chat] == [Direction.INCOMING, Direction.BOT, Direction.BOT, Direction.BOT]


def test_an_answer_meta_refuses_fails_with_its_reason_and_is_never_sent_again(tmp_path: Path, server: SandboxServer) -> None:
    async def scenario() -> list[MessageSummary]:
        async with _paired(tmp_path, server) as (workspace, meta, _bot):
            async with httpx.AsyncClient() as http:
                armed = await http.post(f"{server.root_url}/_sandbox/cloudapi/fail-next", json={"code": 131026})
            armed.raise_for_status()
            await _customer_writes(server, "Hola")
            await _until(lambda: _count_sends(server, 2))
            conversation = (await workspace.inbox.page(InboxFilter(account_id=meta.id), 0, 1))[0].conversation_id

            async def settled() -> list[MessageSummary] | None:
                answers = [m for m in await _chat(workspace, conversation) if m.direction is Direction.BOT]
                done = len(answers) == 3 and all(m.state in (DeliveryState.FAILED, DeliveryState.READ) for m in answers)
                return answers if done else None

            return await _until(settled)

    failed, template, image = run_core(scenario(), timeout=60)
    assert failed.state is DeliveryState.FAILED and failed.failure_reason
    assert (template.state, image.state) == (DeliveryState.READ, DeliveryState.READ)
    assert server.sandbox.log.count("cloudapi", "send") == 3  # the refused one was not tried again


def test_answers_left_queued_are_sent_on_the_next_start_and_one_a_dead_process_claimed_is_unknown(
    tmp_path: Path, server: SandboxServer
) -> None:
    async def scenario() -> tuple[list[MessageSummary], int]:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            meta = await _cloud_account(workspace, server)
            await _chattigo_account(workspace, server, pair_with=meta.name)
            # The customer wrote (their 24 h are open); the bot's two answers were stored, then the console stopped.
            await _customer_writes(server, "Hola")
            text = {"messaging_product": "whatsapp", "to": CUSTOMER, "type": "text", "text": {"body": "¡Hola!"}}

            def stored(session):  # type: ignore[no-untyped-def]
                contact = contact_queries.ensure_contact(session, meta.id, CUSTOMER, CUSTOMER)
                first = bot_answers.queue(session, meta.id, contact, MessageKind.TEXT, "¡Hola!", {}, text, utcnow())
                bot_answers.queue(session, meta.id, contact, MessageKind.TEXT, "¿Algo más?", {}, text, utcnow())
                return first

            first = await workspace.db.run(stored)
            # A process that then died had claimed the first, and may have sent it.
            claimed = await workspace.db.run(lambda session: bot_answers.claim(session, meta.id, "a-process-gone"))
            assert [message.id for message, _ in claimed] == [first.id, first.id + 1]
            await workspace.db.run(_release, first.id + 1)
            await workspace.outbox.recover_interrupted()
            await workspace.bot_relay.send_queued()
            return await workspace.conversations.messages(first.conversation_id), len(await _sends(server))

    (unknown, sent), sends = run_core(scenario())
    assert unknown.state is DeliveryState.UNKNOWN
    assert sent.state is DeliveryState.ACCEPTED and sends == 1


def test_a_paired_bots_contacts_are_sent_as_written_and_read_in_the_agents_language(
    tmp_path: Path, server: SandboxServer
) -> None:
    """The payload goes out untouched; the chat keeps a notice worded per reader, followed
    through its states like any answer this console sends."""
    sofia = [{"name": {"formatted_name": "Sofía"}}]
    cards = {"messaging_product": "whatsapp", "to": CUSTOMER, "type": "contacts", "contacts": sofia}

    async def scenario() -> tuple[Any, list[dict[str, Any]]]:
        async with open_workspace(tmp_path, MemorySecrets()) as workspace:
            meta = await _cloud_account(workspace, server)
            bot = await _chattigo_account(workspace, server, pair_with=meta.name)
            await _customer_writes(server, "Hola")
            event = CallbackEvent(1, "chattigo", "route", utcnow(), False, None, json.dumps(cards))
            await workspace.callbacks.apply(bot, event, "test-feed")
            conversation = (await workspace.inbox.page(InboxFilter(account_id=meta.id), 0, 1))[0].conversation_id
            return (await workspace.conversations.chat_page(conversation))[-1], await _sends(server)

    shown, sends = run_core(scenario())
    assert sends[-1] == cards
    assert shown.message.kind is MessageKind.NOTICE and shown.message.sent_by_us
    assert shown.message.state is not DeliveryState.PENDING and shown.message.provider_message_id
    assert Wordbook("es").say(shown.note) == "El bot compartió 1 contacto: Sofía"


def _release(session, message_id: int) -> None:  # type: ignore[no-untyped-def]
    """The answer as the store had it before any process claimed it."""
    row = session.get(MessageRow, message_id)
    row.send_owner = None
    session.add(row)


def test_a_resolved_conversation_the_customer_reopens_goes_to_the_bot_again(tmp_path: Path, server: SandboxServer) -> None:
    async def scenario() -> None:
        async with _paired(tmp_path, server) as (workspace, meta, _bot):
            await _customer_writes(server, "Hola")
            await _until(lambda: _count_sends(server, 3))
            conversation = (await workspace.inbox.page(InboxFilter(account_id=meta.id), 0, 1))[0].conversation_id
            await workspace.conversations.take_from_bot(conversation)
            await workspace.conversations.resolve(conversation)
            forwards = _forwards(server)

            await _customer_writes(server, "Hola de nuevo")
            await _until(lambda: _forwarded(server, forwards + 1))

            async def closed_by_the_bot() -> bool:  # its script's second answer says goodbye
                row = await workspace.inbox.row(conversation)
                return row is not None and row.bot is BotHandling.HANDED_OVER and row.status.value == "open"

            await _until(closed_by_the_bot)

    run_core(scenario(), timeout=60)
