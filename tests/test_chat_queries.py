"""What the chat reads: pages with attachments, the 24 h window, verifying an unknown outcome, media on disk."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
from sqlmodel import Session

from console.domain.attachments import file_name, map_url
from console.domain.content import LocationContent, MediaContent, MediaKind
from console.domain.content_codec import summarize
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.messages import MessageKind
from console.domain.phones import parse_phone
from console.providers.base import SendOptions
from console.sandbox.media_host import MediaFile, MediaHost, pdf_bytes, png_bytes
from console.sandbox.server import SandboxServer
from console.services.conversations import Verification
from console.services.media_cache import MediaCache
from console.services.preflight import serialize
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store.types import utcnow
from tests.conftest import OPEN_PLATFORM, add_broadcasterbot_account, add_demo_account, open_workspace, run_core

CUSTOMER = "59899123456"


def _store_conversation(session: Session, account_id: int, count: int) -> int:
    """`count` customer messages, then a picture and a place sent by the agent; the conversation's id."""
    contact_id = contact_queries.ensure_contact(session, account_id, CUSTOMER, CUSTOMER)
    start = utcnow() - timedelta(days=3)
    for n in range(count):
        message_queries.record_incoming(session, account_id, contact_id, f"message {n}", f"in-{n}", start + timedelta(minutes=n))
    for content in (
        MediaContent(MediaKind.IMAGE, "https://example.com/pics/shop%20front.png", caption="Our shop"),
        LocationContent(-34.9011, -56.1645, place_name="Tienda Centro", address="18 de Julio 1234"),
    ):
        kind = MessageKind.MEDIA if isinstance(content, MediaContent) else MessageKind.LOCATION
        message_queries.create_outgoing(
            session, account_id, contact_id, kind, summarize(content), serialize(content, SendOptions())
        )
    conversation_id = message_queries.conversation_for_contact(session, account_id, contact_id)
    assert conversation_id is not None
    return conversation_id


def test_chat_pages_go_back_from_the_newest_with_attachments(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            conversation_id = await workspace.db.run(_store_conversation, account.id, 250)
            newest = await workspace.conversations.chat_page(conversation_id, limit=200)
            older = await workspace.conversations.chat_page(conversation_id, before_id=newest[0].message.id, limit=200)
            single = await workspace.conversations.chat_message(newest[-1].message.id)
            return newest, older, single

    newest, older, single = run_core(scenario())
    assert len(newest) == 200 and len(older) == 52
    ids = [item.message.id for item in older + newest]
    assert ids == sorted(ids) and len(set(ids)) == 252
    assert older[0].message.body == "message 0"
    picture, place = newest[-2].attachment, newest[-1].attachment
    assert picture == MediaContent(MediaKind.IMAGE, "https://example.com/pics/shop%20front.png", caption="Our shop")
    assert file_name(picture) == "shop front.png"
    assert isinstance(place, LocationContent) and place.place_name == "Tienda Centro"
    assert "mlat=-34.901100" in map_url(place) and map_url(place).startswith("https://www.openstreetmap.org/")
    assert newest[0].attachment is None
    assert single == newest[-1]


def test_chat_pages_go_forward_from_a_message_with_attachments(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            conversation_id = await workspace.db.run(_store_conversation, account.id, 250)
            every = await workspace.conversations.chat_page(conversation_id, limit=1000)
            after = every[100].message.id
            pages = [await workspace.conversations.chat_page_after(conversation_id, after, limit=100)]
            pages.append(await workspace.conversations.chat_page_after(conversation_id, pages[0][-1].message.id, limit=100))
            return every, pages

    every, (first, rest) = run_core(scenario())
    assert first == every[101:201]  # oldest first, from just after the message
    assert rest == every[201:] and len(rest) == 51
    assert isinstance(rest[-1].attachment, LocationContent)


def test_the_session_window_follows_the_customers_last_message(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            heynow = await add_demo_account(workspace, sandbox)
            bb = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            contact_id = await workspace.db.run(contact_queries.ensure_contact, bb.id, CUSTOMER, CUSTOMER)
            no_window = await workspace.conversations.session_window(heynow, contact_id)
            closed = await workspace.conversations.session_window(bb, contact_id)
            wrote_at = utcnow() - timedelta(hours=10, minutes=40)
            await workspace.inbound.record(bb, parse_phone(CUSTOMER), "Hola", "wamid-1", wrote_at)
            opened = await workspace.conversations.session_window(bb, contact_id)
            return no_window, closed, opened, wrote_at

    no_window, closed, opened, wrote_at = run_core(scenario())
    assert no_window is None
    assert closed is not None and not closed.is_open and closed.last_inbound_at is None
    assert opened is not None and opened.is_open and opened.last_inbound_at == wrote_at
    assert opened.remaining is not None
    assert timedelta(hours=13, minutes=19) < opened.remaining <= timedelta(hours=13, minutes=20)


def _unknown_copy(session: Session, account_id: int, contact_id: int, provider_id: str | None) -> int:
    """A message whose send's outcome nobody knows; with `provider_id` when the provider named it."""
    stored = message_queries.create_outgoing(session, account_id, contact_id, MessageKind.TEXT, "Hola")
    event = StateEvent(DeliveryState.UNKNOWN, None, utcnow(), EventSource.LOCAL, "The connection dropped.")
    message_queries.record_event(session, stored.id, event, provider_message_id=provider_id)
    return stored.id


def test_verify_asks_the_provider_only_when_it_can(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            heynow = await add_demo_account(workspace, sandbox, platform_id=OPEN_PLATFORM)
            sent = await workspace.outbox.send_text(heynow, CUSTOMER, "Hola", contact_validation=False)
            assert sent.provider_message_id is not None
            contact_id = await workspace.db.run(contact_queries.ensure_contact, heynow.id, CUSTOMER, CUSTOMER)
            with_id = await workspace.db.run(_unknown_copy, heynow.id, contact_id, sent.provider_message_id)
            without_id = await workspace.db.run(_unknown_copy, heynow.id, contact_id, None)
            bb = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            bb_contact = await workspace.db.run(contact_queries.ensure_contact, bb.id, CUSTOMER, CUSTOMER)
            push_only = await workspace.db.run(_unknown_copy, bb.id, bb_contact, "bb-1")
            polls_before = sandbox.sandbox.log.count("heynow", "status")
            results = [await workspace.conversations.verify(i) for i in (with_id, without_id, push_only)]
            return (
                results,
                sandbox.sandbox.log.count("heynow", "status") - polls_before,
                sandbox.sandbox.log.count("heynow", "send"),
            )

    (asked, no_id, not_pollable), polls, sends = run_core(scenario())
    assert asked.outcome is Verification.ASKED and asked.provider == "Hey Now"
    assert asked.message.state in (DeliveryState.ACCEPTED, DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ)
    assert no_id.outcome is Verification.NO_ID and no_id.message.state is DeliveryState.UNKNOWN
    assert not_pollable.outcome is Verification.NOT_POLLABLE
    assert polls == 1 and sends == 1  # asked once, and nothing was sent again


def test_media_is_fetched_once_and_kept_on_disk(tmp_path: Path) -> None:
    files = {"shop.png": MediaFile(png_bytes(), "image/png"), "bill.pdf": MediaFile(pdf_bytes(), "application/pdf")}
    with MediaHost(files) as host:

        async def scenario():
            async with httpx.AsyncClient() as http:
                cache = MediaCache(http, tmp_path / "media")
                first, again = await cache.file(host.url("shop.png")), await cache.file(host.url("shop.png"))
                missing = await cache.file(host.url("nothing.png"))
                size = await cache.size(host.url("bill.pdf"))
                return first, again, missing, size

        first, again, missing, size = run_core(scenario())
        assert first is not None and first == again and first.parent == tmp_path / "media"
        assert first.read_bytes() == png_bytes()
        assert host.count("GET", "shop.png") == 1
        assert missing is None
        assert size == len(pdf_bytes()) and host.count("GET", "bill.pdf") == 0
