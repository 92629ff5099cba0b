"""The inbox: every account's conversations in one list, each row kept right by every way a
message is stored, open and resolved, and the filters an agent works through."""

from __future__ import annotations

from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.content import TemplateContent
from console.domain.inbox import ConversationStatus, InboxFilter, preview_line
from console.domain.messages import Direction, MessageKind
from console.domain.phones import parse_phone
from console.sandbox.chattigo import DEMO_PASSWORD, DEMO_USER, DEMO_WA_ID
from console.sandbox.server import SandboxServer
from console.services.topics import ConversationChanged, UnreadChanged
from console.store.types import utcnow
from tests.conftest import add_broadcasterbot_account, add_demo_account, open_workspace, run_core
from tests.test_callbacks import ListFeed, _reader

CUSTOMER = "+52 55 4433 2211"
CONTACT = {"phone": "5544332211", "country": "MX"}


def test_every_way_a_message_is_stored_moves_its_row_to_the_top_with_what_it_was(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """Customers' files and places, our templates and texts, a bot's answer and its notice."""
    photo = {"type": "document", "url": "https://cdn.example.com/docs/factura.pdf"}
    place = {"latitud": "-34.9055", "longitud": "-56.1913", "placeName": "Sucursal Centro"}

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            changes: list[ConversationChanged] = []
            workspace.topics.conversation_changed.subscribe(changes.append)
            bb = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            chattigo = await workspace.accounts.add_account(
                "ch",
                ProviderKind.CHATTIGO,
                {
                    "base_url": sandbox.base_urls["chattigo"],
                    "username": DEMO_USER,
                    "password": DEMO_PASSWORD,
                    "wa_id": DEMO_WA_ID,
                },
            )
            heynow = await add_demo_account(workspace, sandbox)

            def top() -> object:
                return workspace.inbox.page(InboxFilter(), 0, 1)

            seen = []
            feed = ListFeed()
            feed.add("broadcasterbot", {"messages": [{"messageId": "in-1", "contact": CONTACT, "media": photo}]})
            await _reader(workspace, feed, bb).catch_up()
            seen.append((await top())[0])  # type: ignore[misc]
            feed.add("broadcasterbot", {"messages": [{"messageId": "in-2", "contact": CONTACT, "location": place}]})
            await _reader(workspace, feed, bb).catch_up()
            seen.append((await top())[0])  # type: ignore[misc]
            await workspace.outbox.send(bb, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            seen.append((await top())[0])  # type: ignore[misc]

            await workspace.bots.set_webhook(chattigo, "https://relay.example/callbacks/chattigo/x")
            await workspace.bots.forward(chattigo, "+59899123456", "Hola,   ¿tienen\nstock?", "Ana")
            seen.append((await top())[0])  # type: ignore[misc]
            for text in ("Mi pedido", "El 4821", "Gracias"):
                await workspace.bots.forward(chattigo, "+59899123456", text, "Ana")
            bot_feed = ListFeed()
            for _, body in sandbox.call(sandbox.sandbox.chattigo.recorded_posts):
                bot_feed.add("chattigo", body)
            await _reader(workspace, bot_feed, chattigo).catch_up()
            seen.append((await top())[0])  # type: ignore[misc]

            await workspace.outbox.send_text(heynow, "099 000 111", "Buenas tardes, le escribo por su reclamo")
            seen.append((await top())[0])  # type: ignore[misc]
            everything = await workspace.inbox.page(InboxFilter(), 0, 10)
            return seen, everything, changes, (bb.id, chattigo.id, heynow.id)

    seen, everything, changes, (bb_id, chattigo_id, heynow_id) = run_core(scenario())
    described = [(row.account_id, row.last_direction, row.last_kind, preview_line(row.last_kind, row.preview)) for row in seen]
    assert described == [
        (bb_id, Direction.INCOMING, MessageKind.MEDIA, "📎 factura.pdf"),
        (bb_id, Direction.INCOMING, MessageKind.LOCATION, "📍 Sucursal Centro"),
        (bb_id, Direction.OUTGOING, MessageKind.TEMPLATE, "template bienvenida"),
        (chattigo_id, Direction.INCOMING, MessageKind.TEXT, "Hola, ¿tienen stock?"),
        (chattigo_id, Direction.BOT, MessageKind.NOTICE, seen[4].preview),
        (heynow_id, Direction.OUTGOING, MessageKind.TEXT, "Buenas tardes, le escribo por su reclamo"),
    ]
    assert seen[4].preview.startswith("The bot closed the chat")
    assert [row.waiting for row in seen] == [True, True, False, True, False, False]
    assert [row.unread for row in seen] == [1, 2, 2, 1, 4, 0]  # our answer leaves the customer's messages unread
    # Newest activity first, across accounts: Hey Now's send, Chattigo's notice, Broadcasterbot's template.
    assert [row.account_id for row in everything] == [heynow_id, chattigo_id, bb_id]
    assert everything[2] == seen[2]
    assert [row.contact_title for row in everything] == ["59899000111", "Ana", "525544332211"]
    assert everything[2].keeps_window and not everything[1].keeps_window and not everything[0].keeps_window
    changed = {change.conversation_id for change in changes}
    assert changed == {row.conversation_id for row in everything}
    assert len(changes) >= 6  # one for each message stored above at least


def test_resolving_clears_and_hides_it_and_the_customers_next_message_reopens_it(tmp_path: Path) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": "http://127.0.0.1:9", "api_key": "unused"}
            )
            customer = parse_phone(CUSTOMER)
            first = await workspace.inbound.record(account, customer, "¿Sale hoy?", "in-1", utcnow())
            assert first is not None
            conversation = first.conversation_id
            changes: list[ConversationChanged] = []
            unread: list[UnreadChanged] = []
            workspace.topics.conversation_changed.subscribe(changes.append)
            workspace.topics.unread_changed.subscribe(unread.append)

            await workspace.conversations.resolve(conversation)
            await workspace.conversations.resolve(conversation)  # already resolved: nothing changes
            open_after_resolve = await workspace.inbox.count(InboxFilter())
            resolved = await workspace.inbox.page(InboxFilter(status=ConversationStatus.RESOLVED), 0, 10)
            totals_resolved = await workspace.inbox.unread_totals()
            changes_on_resolve = list(changes)

            await workspace.inbound.record(account, customer, "Otra pregunta", "in-2", utcnow())
            reopened = await workspace.inbox.page(InboxFilter(), 0, 10)
            still_resolved = await workspace.inbox.count(InboxFilter(status=ConversationStatus.RESOLVED))
            totals_reopened = await workspace.inbox.unread_totals()

            await workspace.conversations.resolve(conversation)
            await workspace.conversations.reopen(conversation)  # the agent changes their mind
            return (
                conversation,
                account.id,
                open_after_resolve,
                resolved,
                totals_resolved,
                changes_on_resolve,
                unread,
                reopened,
                still_resolved,
                totals_reopened,
                await workspace.inbox.row(conversation),
            )

    (
        conversation,
        account_id,
        open_after_resolve,
        resolved,
        totals_resolved,
        changes_on_resolve,
        unread,
        reopened,
        still_resolved,
        totals_reopened,
        last,
    ) = run_core(scenario())
    assert open_after_resolve == 0
    assert [(row.conversation_id, row.status, row.unread) for row in resolved] == [
        (conversation, ConversationStatus.RESOLVED, 0)
    ]
    assert totals_resolved.messages == 0 and totals_resolved.accounts == ()
    # Read, then resolved: two row changes; the second resolve changed nothing.
    assert changes_on_resolve == [ConversationChanged(conversation, account_id)] * 2
    assert [change.unread for change in unread] == [0, 0]  # each resolve that found something unread cleared it
    assert [(row.conversation_id, row.status, row.unread, row.preview) for row in reopened] == [
        (conversation, ConversationStatus.OPEN, 1, "Otra pregunta")
    ]
    assert still_resolved == 0
    assert (totals_reopened.conversations, totals_reopened.messages) == (1, 1)
    assert totals_reopened.of(account_id).messages == 1 and totals_reopened.of(account_id + 1).messages == 0
    assert last is not None and last.status is ConversationStatus.OPEN and last.unread == 0
