"""A callback is read item by item: one item the console cannot read is set aside with its
reason and its raw text, and every other item of the body is applied. The bodies are the
ones the simulators push, bent by the variants their providers' documents allow.
"""

from __future__ import annotations

import json
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.content import LocationContent, MediaContent, TemplateContent
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.messages import Direction, MessageKind
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxServer
from tests.conftest import add_broadcasterbot_account, open_workspace, run_core
from tests.test_callbacks import ListFeed, _reader

CUSTOMER = "+52 55 4433 2211"
LOCAL, COUNTRY = "5544332211", "MX"
WELCOME = TemplateContent("bienvenida", ("Ana",))


def _arm(server: SandboxServer, route: str, variant: str, times: int | None = 1) -> None:
    server.sandbox.faults.add("broadcasterbot", route, Fault(FaultKind.VARIANT, times=times, variant=variant))


def _pushed(server: SandboxServer) -> ListFeed:
    """Every callback the simulator has pushed so far, as the relay would hand them over."""
    feed = ListFeed()
    for body in server.call(server.sandbox.broadcasterbot.recorded_callbacks):
        feed.add("broadcasterbot", body)
    return feed


async def _conversation(workspace, account):  # type: ignore[no-untyped-def]
    contact = (await workspace.agenda.page(account.id, LOCAL, 0, 1))[0]
    conversation = await workspace.conversations.conversation_id(account.id, contact.id)
    return await workspace.conversations.chat_page(conversation)


def test_an_unreadable_report_does_not_sink_the_customer_message_beside_it(tmp_path: Path, sandbox: SandboxServer) -> None:
    _arm(sandbox, "message_callback", "mixed")  # the reply travels with the next report...
    _arm(sandbox, "status_callback", "unknown_state")  # ...which is in a state the document does not list
    simulator = sandbox.sandbox.broadcasterbot

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            problems = []
            workspace.topics.callback_problem.subscribe(problems.append)
            sandbox.call(simulator.customer_replies, LOCAL, COUNTRY, "Hola, ¿sigue en pie lo del sábado?")
            await workspace.outbox.send(account, CUSTOMER, WELCOME)
            feed = _pushed(sandbox)
            await _reader(workspace, feed, account).catch_up()
            answer = await workspace.outbox.send_text(account, CUSTOMER, "¡Sí! Te esperamos el sábado.")
            return feed, problems, answer, await _conversation(workspace, account)

    feed, problems, answer, chat = run_core(scenario())
    [body] = [json.loads(event.body) for event in feed.events]
    assert set(body) == {"messages", "statuses"}  # one body, both kinds
    incoming = [m.message.body for m in chat if m.message.direction is Direction.INCOMING]
    assert incoming == ["Hola, ¿sigue en pie lo del sábado?"]
    assert answer.state is DeliveryState.ACCEPTED  # the reply opened the 24 hours: text goes out
    [problem] = problems
    assert "'pending'" in str(problem.reason) and "rest of this callback was applied" in str(problem.reason)
    assert json.loads(problem.body) == body["statuses"][0]  # the item itself, as it arrived


def test_deleted_is_shown_deleted_not_failed(tmp_path: Path, sandbox: SandboxServer) -> None:
    simulator = sandbox.sandbox.broadcasterbot

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            message = await workspace.outbox.send(account, CUSTOMER, WELCOME)
            _arm(sandbox, "status_callback", "deleted")  # the report after `queued`
            sandbox.call(simulator.advance, 20.0)
            await _reader(workspace, _pushed(sandbox), account).catch_up()
            return await workspace.conversations.message(message.id), await workspace.conversations.timeline(message.id)

    message, events = run_core(scenario())
    assert message.state is DeliveryState.DELETED
    [deleted] = [e for e in events if e.raw_state == "deleted"]
    assert deleted.source is EventSource.CALLBACK and deleted.state is DeliveryState.DELETED
    assert str(deleted.detail) == "Broadcasterbot reports the message was deleted, or expired, in WhatsApp."


def test_a_report_without_its_recipient_is_applied_by_its_message_id(tmp_path: Path, sandbox: SandboxServer) -> None:
    _arm(sandbox, "status_callback", "no_recipient", times=None)
    simulator = sandbox.sandbox.broadcasterbot

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            problems = []
            workspace.topics.callback_problem.subscribe(problems.append)
            message = await workspace.outbox.send(account, CUSTOMER, WELCOME)
            sandbox.call(simulator.advance, 20.0)
            await _reader(workspace, _pushed(sandbox), account).catch_up()
            return await workspace.conversations.message(message.id), problems

    message, problems = run_core(scenario())
    assert message.state is DeliveryState.READ and problems == []


def test_photos_places_and_senders_written_as_an_array_join_the_conversation(tmp_path: Path, sandbox: SandboxServer) -> None:
    for variant in ("media", "location", "contacts_array"):
        _arm(sandbox, "message_callback", variant)
    simulator = sandbox.sandbox.broadcasterbot

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            for text in ("Así llegó el paquete", "Estoy acá", "¿Me escuchan?"):
                sandbox.call(simulator.customer_replies, LOCAL, COUNTRY, text)
            await _reader(workspace, _pushed(sandbox), account).catch_up()
            return await _conversation(workspace, account)

    photo, place, text = run_core(scenario())
    assert photo.message.kind is MessageKind.MEDIA and photo.message.body == "[image] Así llegó el paquete"
    assert isinstance(photo.attachment, MediaContent) and photo.attachment.mime_type == "image/jpeg"
    assert place.message.kind is MessageKind.LOCATION
    assert isinstance(place.attachment, LocationContent) and place.attachment.place_name == "Zócalo"
    assert (text.message.kind, text.message.body) == (MessageKind.TEXT, "¿Me escuchan?")  # sender as an array


def test_a_closing_reply_that_cannot_be_read_does_not_keep_the_chat_open(tmp_path: Path, sandbox: SandboxServer) -> None:
    sandbox.sandbox.faults.add("chattigo", "closing", Fault(FaultKind.VARIANT, times=1, variant="inline_unreadable"))

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            url = sandbox.base_urls["chattigo"]
            settings = {"base_url": url, "username": "demo", "password": "demo", "wa_id": "5491100000000"}
            account = await workspace.accounts.add_account("ch", ProviderKind.CHATTIGO, settings)
            problems = []
            workspace.topics.callback_problem.subscribe(problems.append)
            await workspace.bots.set_webhook(account, "https://relay.example/callbacks/chattigo/x")
            for text in ("Hola", "Mi pedido", "El 4821", "Gracias"):
                await workspace.bots.forward(account, "+59899123456", text, "Ana")
            feed = ListFeed()
            for _, body in sandbox.call(sandbox.sandbox.chattigo.recorded_posts):
                feed.add("chattigo", body)
            await _reader(workspace, feed, account).catch_up()
            contact = (await workspace.agenda.page(account.id, "59899123456", 0, 1))[0]
            conversation = await workspace.conversations.conversation_id(account.id, contact.id)
            return feed, problems, await workspace.conversations.messages(conversation)  # type: ignore[arg-type]

    feed, problems, messages = run_core(scenario())
    last = json.loads(feed.events[-1].body)
    assert "chatBeenClosed" in last and "to" not in last  # one body: an unreadable reply and the notice
    assert messages[-1].kind is MessageKind.NOTICE and messages[-1].body == "The bot closed the chat: El chat finalizo"
    [problem] = problems
    assert "the recipient (to) is missing" in str(problem.reason) and "rest of this callback was applied" in str(problem.reason)
    assert "chatBeenClosed" not in json.loads(problem.body)  # the reply alone, as it arrived
