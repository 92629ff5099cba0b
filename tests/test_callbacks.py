"""Callbacks mapped to the domain, from the bodies the simulators themselves record.

`ListFeed` stands in for the relay's event feed (the relay has its own tests); the
reader, the applier and the store under test are the real ones.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.content import LocationContent, MediaContent, TemplateContent
from console.domain.inbox import InboxFilter
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.messages import Direction, MessageKind
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.services.callbacks import CallbackEvent
from console.services.relay_reader import RelayReader
from console.store.types import utcnow
from console.wording.wordbook import Wordbook
from tests.conftest import MemorySecrets, add_broadcasterbot_account, open_workspace, run_core

ROUTE = "route-of-bb"
CUSTOMER = "+52 55 4433 2211"


class ListFeed:
    name = "test-feed"
    address = "memory"

    def __init__(self) -> None:
        self.events: list[CallbackEvent] = []

    def add(self, provider: str, body: object, route: str = ROUTE, quarantined: bool = False) -> None:
        text = body if isinstance(body, str) else json.dumps(body)
        self.events.append(CallbackEvent(len(self.events) + 1, provider, route, utcnow(), quarantined, None, text))

    async def events_after(self, after: int, limit: int) -> list[CallbackEvent]:
        return [e for e in self.events if e.id > after][:limit]


def _reader(workspace, feed: ListFeed, account) -> RelayReader:  # type: ignore[no-untyped-def]
    async def routes():  # type: ignore[no-untyped-def]
        return {ROUTE: account}

    return RelayReader(workspace.db, workspace.callbacks, feed, routes)


def test_status_callbacks_take_a_template_to_read(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            message = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            sandbox.call(sandbox.sandbox.broadcasterbot.advance, 3600)
            feed = ListFeed()
            for body in sandbox.call(sandbox.sandbox.broadcasterbot.recorded_callbacks):
                feed.add("broadcasterbot", body)
            await _reader(workspace, feed, account).catch_up()
            await _reader(workspace, feed, account).catch_up()  # nothing twice
            return await workspace.conversations.message(message.id), await workspace.conversations.timeline(message.id)

    message, events = run_core(scenario())
    assert message.state is DeliveryState.READ
    from_callbacks = [(e.raw_state, e.state) for e in events if e.source is EventSource.CALLBACK]
    assert from_callbacks[-1] == ("read", DeliveryState.READ)
    assert [raw for raw, _ in from_callbacks] == ["queued", "dispatched", "sent", "delivered", "read"]


def test_callbacks_that_overtake_the_send_answer_are_matched(tmp_path: Path, sandbox: SandboxServer) -> None:
    sandbox.sandbox.faults.add("broadcasterbot", "send", Fault(FaultKind.DELAY, seconds=1.0, times=1))

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            sending = asyncio.create_task(workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",))))
            feed = ListFeed()
            while not feed.events:  # the provider accepted it and reported before answering us
                await asyncio.sleep(0.05)
                sandbox.call(sandbox.sandbox.broadcasterbot.advance, 20)
                for body in sandbox.call(sandbox.sandbox.broadcasterbot.recorded_callbacks):
                    if "statuses" in body:
                        feed.add("broadcasterbot", body)
            await _reader(workspace, feed, account).catch_up()
            assert not sending.done()
            message = await sending
            return message, await workspace.conversations.timeline(message.id)

    message, events = run_core(scenario())
    assert message.state is not DeliveryState.ACCEPTED  # the early statuses were applied on arrival of the answer
    sources = [e.source for e in events if e.source is not EventSource.LOCAL]
    assert sources[0] is EventSource.RESPONSE and set(sources[1:]) == {EventSource.CALLBACK}
    assert len(sources) > 1


def test_customer_messages_join_the_conversation_and_open_the_window(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            sandbox.call(sandbox.sandbox.broadcasterbot.customer_replies, "5544332211", "MX", "Hola, ¿mi pedido?")
            feed = ListFeed()
            for body in sandbox.call(sandbox.sandbox.broadcasterbot.recorded_callbacks):
                feed.add("broadcasterbot", body)
                feed.add("broadcasterbot", body)  # the provider retried: stored once
            await _reader(workspace, feed, account).catch_up()
            text = await workspace.outbox.send_text(account, CUSTOMER, "Sale hoy")
            conversation = await workspace.conversations.conversation_id(
                account.id, (await workspace.agenda.page(account.id, "5544332211", 0, 1))[0].id
            )
            return text, await workspace.conversations.messages(conversation)  # type: ignore[arg-type]

    text, messages = run_core(scenario())
    assert text.state is DeliveryState.ACCEPTED
    assert [(m.direction, m.body) for m in messages] == [
        (Direction.INCOMING, "Hola, ¿mi pedido?"),
        (Direction.OUTGOING, "Sale hoy"),
    ]


def test_chattigo_bot_answers_and_closing_reach_the_chat(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "ch",
                ProviderKind.CHATTIGO,
                {"base_url": sandbox.base_urls["chattigo"], "username": "demo", "password": "demo", "wa_id": "5491100000000"},
            )
            await workspace.bots.set_webhook(account, "https://relay.example/callbacks/chattigo/x")
            for text in ("Hola", "Mi pedido", "El 4821", "Gracias"):
                await workspace.bots.forward(account, "+59899123456", text, "Ana")
            feed = ListFeed()
            for _, body in sandbox.call(sandbox.sandbox.chattigo.recorded_posts):
                feed.add("chattigo", body)
            await _reader(workspace, feed, account).catch_up()
            contact = (await workspace.agenda.page(account.id, "59899123456", 0, 1))[0]
            conversation = await workspace.conversations.conversation_id(account.id, contact.id)
            return await workspace.conversations.messages(conversation)  # type: ignore[arg-type]

    messages = run_core(scenario())
    directions = [m.direction for m in messages]
    assert directions.count(Direction.INCOMING) == 4
    assert Direction.BOT in directions
    assert messages[-1].kind is MessageKind.NOTICE and messages[-1].body.startswith("The bot closed the chat")


def _bot_answer(kind: str, content: object) -> dict[str, object]:
    return {"messaging_product": "whatsapp", "to": "59899123456", "type": kind, kind: content}


def test_a_chattigo_bots_answers_read_in_the_agents_language(tmp_path: Path, sandbox: SandboxServer) -> None:
    """Contacts, a reaction and a list are described notices worded per reader; a photo is a
    file; text stays the bot's words. Nothing reads as an English tag such as "[contacts] …"."""
    cards = [{"name": {"formatted_name": "Ana"}}, {"name": {"formatted_name": "Beto"}}]
    rows = [{"id": "v", "title": "Ventas"}, {"id": "s", "title": "Soporte"}]
    choice = {"type": "list", "body": {"text": "¿Qué necesita?"}, "action": {"button": "Ver", "sections": [{"rows": rows}]}}
    photo = {"link": "https://cdn.example.com/menu.jpg", "caption": "Nuestro menú"}
    answers = [
        _bot_answer("text", {"body": "Hola"}),
        _bot_answer("image", photo),
        _bot_answer("interactive", choice),
        _bot_answer("reaction", {"message_id": "wamid.1", "emoji": "👍"}),
        {"messaging_product": "whatsapp", "to": "59899123456", "type": "contacts", "contacts": cards},
    ]

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "ch",
                ProviderKind.CHATTIGO,
                {"base_url": sandbox.base_urls["chattigo"], "username": "demo", "password": "demo", "wa_id": "5491100000000"},
            )
            feed = ListFeed()
            for answer in answers:
                feed.add("chattigo", answer)
            await _reader(workspace, feed, account).catch_up()
            row = (await workspace.inbox.page(InboxFilter(account_id=account.id), 0, 1))[0]
            found = (await workspace.message_search.search("Beto")).hits
            return await workspace.conversations.chat_page(row.conversation_id), row, found

    (text, image, choices, reaction, contacts), row, found = run_core(scenario())
    spanish = Wordbook("es")
    assert (text.message.kind, text.message.body, text.note) == (MessageKind.TEXT, "Hola", None)
    assert image.message.kind is MessageKind.MEDIA
    assert isinstance(image.attachment, MediaContent) and image.attachment.caption == "Nuestro menú"
    described = (choices, reaction, contacts)
    assert all(m.message.kind is MessageKind.NOTICE and m.message.direction is Direction.BOT for m in described)
    assert spanish.say(choices.note) == "El bot ofreció elegir: ¿Qué necesita? (opciones: Ventas · Soporte)"  # type: ignore[arg-type]
    assert spanish.say(reaction.note) == "El bot reaccionó con 👍"  # type: ignore[arg-type]
    assert spanish.say(contacts.note) == "El bot compartió 2 contactos: Ana, Beto"  # type: ignore[arg-type]
    assert row.note is not None and spanish.say(row.note) == "El bot compartió 2 contactos: Ana, Beto"
    assert contacts.message.body == "The bot shared 2 contacts: Ana, Beto"  # what search reads
    assert [hit.message_id for hit in found] == [contacts.message.id]


def test_unreadable_callbacks_are_reported_and_passed(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            problems = []
            workspace.topics.callback_problem.subscribe(problems.append)
            feed = ListFeed()
            feed.add("broadcasterbot", "{not json", quarantined=True)
            feed.add("broadcasterbot", {"statuses": [{"nonsense": 1}]})
            feed.add("broadcasterbot", {"statuses": []}, route="somebody-else")
            applied = await _reader(workspace, feed, account).catch_up()
            return applied, problems

    applied, problems = run_core(scenario())
    assert applied == 3
    assert [p.event_id for p in problems] == [1, 2, 3]
    assert "quarantined" in str(problems[0].reason) and "no account" in str(problems[2].reason)
    assert problems[0].body == "{not json"  # the agent is shown what arrived


def _status(state: str, message_id: str | None) -> dict:
    recipient = {"phone": "5544332211", "country": "MX"}
    return {"statuses": [{"status": "success", "state": state, "messageId": message_id, "recipient": recipient}]}


def test_a_reopened_console_catches_up_from_its_cursor(tmp_path: Path, sandbox: SandboxServer) -> None:
    secrets = MemorySecrets()
    feed = ListFeed()

    async def first_run():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, secrets) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            message = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            feed.add(
                "broadcasterbot",
                {
                    "statuses": [
                        {
                            "status": "success",
                            "state": "sent",
                            "messageId": message.provider_message_id,
                            "recipient": {"phone": "5544332211", "country": "MX"},
                        }
                    ]
                },
            )
            await _reader(workspace, feed, account).catch_up()
            return message

    async def second_run(message_id: int):  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path, secrets) as workspace:
            account = await workspace.accounts.by_name("bb")
            applied = await _reader(workspace, feed, account).catch_up()
            return applied, await workspace.conversations.message(message_id), await workspace.conversations.timeline(message_id)

    message = run_core(first_run())
    for state in ("delivered", "read"):  # arrive while the console is closed
        feed.add(
            "broadcasterbot",
            {
                "statuses": [
                    {
                        "status": "success",
                        "state": state,
                        "messageId": message.provider_message_id,
                        "recipient": {"phone": "5544332211", "country": "MX"},
                    }
                ]
            },
        )
    applied, reopened, events = run_core(second_run(message.id))
    assert applied == 2
    assert reopened.state is DeliveryState.READ
    assert [e.raw_state for e in events if e.source is EventSource.CALLBACK] == ["sent", "delivered", "read"]


def test_a_customers_photo_and_place_keep_their_link_and_coordinates(tmp_path: Path, sandbox: SandboxServer) -> None:
    photo = {"type": "image", "url": "https://cdn.example.com/pedido.jpg", "caption": "Así llegó"}
    place = {"latitud": "-34.9055", "longitud": "-56.1913", "placeName": "Sucursal Centro", "address": "18 de Julio 1234"}
    contact = {"phone": "5544332211", "country": "MX"}

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            feed = ListFeed()
            feed.add("broadcasterbot", {"messages": [{"messageId": "in-1", "contact": contact, "media": photo}]})
            feed.add("broadcasterbot", {"messages": [{"messageId": "in-2", "contact": contact, "location": place}]})
            await _reader(workspace, feed, account).catch_up()
            row = (await workspace.agenda.page(account.id, "5544332211", 0, 1))[0]
            conversation = await workspace.conversations.conversation_id(account.id, row.id)
            assert conversation is not None
            return await workspace.conversations.chat_page(conversation)

    image, location = run_core(scenario())
    assert image.message.kind is MessageKind.MEDIA and image.message.body == "[image] Así llegó"
    assert isinstance(image.attachment, MediaContent) and image.attachment.url == photo["url"]
    assert location.message.kind is MessageKind.LOCATION
    assert isinstance(location.attachment, LocationContent) and location.attachment.place_name == "Sucursal Centro"
    assert (location.attachment.latitude, location.attachment.longitude) == (-34.9055, -56.1913)
