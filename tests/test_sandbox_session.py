"""Sandbox mode end to end, without Qt: simulators push over HTTP to the embedded relay,
the console follows it, and a new user sees ticks move, bot replies arrive, customers
waiting at the first start and customers answering."""

from __future__ import annotations

import asyncio
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.phones import parse_phone
from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig
from console.sandbox.broadcasterbot_catalogue import TEMPLATES, answers_to
from console.sandbox.chattigo import ChattigoSandboxConfig
from console.sandbox.cliengo_catalogue import DEMO_WEBSITE, SEED_TEMPLATES
from console.sandbox.cloudapi_wire import demo_templates
from console.sandbox.customer_life import CustomerLife
from console.sandbox.server import SandboxConfigs
from console.services.workspace import Workspace
from console.services.workspace_options import WorkspaceOptions
from console.ui.session import (
    BROADCASTERBOT_DEMO,
    CHATTIGO_DEMO,
    CLIENGO_DEMO,
    CLOUDAPI_DEMO,
    DEMO_ACCOUNT,
    TIMELINESAI_DEMO,
    DemoLife,
    open_session,
)
from tests.conftest import FAST_POLLS, FAST_STATUS, MemorySecrets, run_core

FAST_PUSH = SandboxConfigs(
    heynow=FAST_STATUS,
    broadcasterbot=BroadcasterbotSandboxConfig(status_delays=(0.1, 0.2, 0.3, 0.4), never_read_ratio=0.0, callback_beat=0.1),
    chattigo=ChattigoSandboxConfig(webhook_beat=0.1),
)


async def _until(condition, timeout: float = 20) -> None:  # type: ignore[no-untyped-def]
    async def poll() -> None:
        while not await condition():
            await asyncio.sleep(0.05)

    await asyncio.wait_for(poll(), timeout)


def test_a_broadcasterbot_template_reaches_read_through_callbacks(tmp_path: Path) -> None:
    async def scenario():
        session = await open_session(
            tmp_path, secrets=MemorySecrets(), sandbox_configs=FAST_PUSH, options=WorkspaceOptions(poll_policy=FAST_POLLS)
        )
        try:
            workspace = session.workspace
            account = await workspace.accounts.by_name(BROADCASTERBOT_DEMO)
            phone, country = session.sandbox.call(session.sandbox.sandbox.broadcasterbot.registered_contacts)[0]  # type: ignore[union-attr]
            message = await workspace.outbox.send(account, f"{phone}", TemplateContent("bienvenida", ("Ana",)))
            assert message.state is DeliveryState.ACCEPTED, message.failure_reason

            async def read() -> bool:
                return (await workspace.conversations.message(message.id)).state is DeliveryState.READ  # type: ignore[union-attr]

            await _until(read)
            return await workspace.conversations.timeline(message.id), country
        finally:
            await session.close()

    events, _ = run_core(scenario(), timeout=60)
    callbacks = [e.raw_state for e in events if e.source is EventSource.CALLBACK]
    assert callbacks[-1] == "read" and "delivered" in callbacks


def test_the_chattigo_bots_answers_arrive_in_the_chat_after_a_forward(tmp_path: Path) -> None:
    async def scenario():
        session = await open_session(
            tmp_path, secrets=MemorySecrets(), sandbox_configs=FAST_PUSH, options=WorkspaceOptions(poll_policy=FAST_POLLS)
        )
        try:
            workspace = session.workspace
            account = await workspace.accounts.by_name(CHATTIGO_DEMO)
            forwarded = await workspace.bots.forward(account, "+59899123456", "Hola, quiero saber de mi pedido", "Ana")

            async def answered() -> bool:
                messages = await workspace.conversations.messages(forwarded.conversation_id)
                return any(m.direction is Direction.BOT for m in messages)

            await _until(answered)
            return await workspace.conversations.messages(forwarded.conversation_id)
        finally:
            await session.close()

    messages = run_core(scenario(), timeout=60)
    assert messages[0].direction is Direction.INCOMING
    bot = [m for m in messages if m.direction is Direction.BOT]
    assert bot and all(m.kind in (MessageKind.TEXT, MessageKind.NOTICE) for m in bot)


def test_callbacks_stored_while_the_console_was_closed_reach_it_on_the_next_start(tmp_path: Path) -> None:
    secrets = MemorySecrets()

    async def demo_callback_url():  # type: ignore[no-untyped-def]
        session = await open_session(
            tmp_path, secrets=secrets, sandbox_configs=FAST_PUSH, options=WorkspaceOptions(poll_policy=FAST_POLLS)
        )
        try:
            account = await session.workspace.accounts.by_name(BROADCASTERBOT_DEMO)
            return await session.workspace.callback_routes.callback_url(account)
        finally:
            await session.close()

    first = run_core(demo_callback_url(), timeout=60)
    second = run_core(demo_callback_url(), timeout=60)
    assert first is not None and second is not None
    assert first.rsplit("/", 1)[1] == second.rsplit("/", 1)[1]  # same route; only the port may change


# Every read message answered, in words; nobody writes first during a test.
FAST_LIFE = DemoLife(
    customers=CustomerLife(
        answer_ratio=1.0, answer_delay=(0.2, 0.4), first_words=(3600.0, 3600.0), photo_ratio=0.0, place_ratio=0.0
    ),
    chat_pause=(0.2, 0.4),
)
LIVELY_OPTIONS = WorkspaceOptions(poll_policy=FAST_POLLS)


async def _incoming(workspace: Workspace, account_id: int, contact_id: int) -> list[MessageSummary]:
    """The customer's messages in their conversation, oldest first ([] without one)."""
    conversation = await workspace.conversations.conversation_id(account_id, contact_id)
    if conversation is None:
        return []
    return [m for m in await workspace.conversations.messages(conversation) if m.direction is Direction.INCOMING]


async def _waiting(workspace: Workspace) -> dict[str, int]:
    """Each account's customers with unread messages, by account name."""
    waiting = {}
    for account in await workspace.accounts.list():
        contacts = await workspace.agenda.page(account.id, "", 0, 50)
        waiting[account.name] = sum(1 for contact in contacts if contact.unread)
    return waiting


def test_a_fresh_lively_sandbox_has_every_provider_customers_waiting_and_customers_who_answer(tmp_path: Path) -> None:
    async def scenario():  # type: ignore[no-untyped-def]
        session = await open_session(
            tmp_path, secrets=MemorySecrets(), sandbox_configs=FAST_PUSH, options=LIVELY_OPTIONS, life=FAST_LIFE
        )
        try:
            workspace, server = session.workspace, session.sandbox
            assert server is not None
            await workspace.start_background()
            accounts = {account.provider: account for account in await workspace.accounts.list()}
            catalogues = {kind: [t.name for t in await workspace.templates.list(accounts[kind])] for kind in accounts}

            async def everyone_waiting() -> bool:
                # The Chattigo demo's customers write to the Cloud API demo, which its bot answers through.
                waiting = await _waiting(workspace)
                others = all(count for name, count in waiting.items() if name != CHATTIGO_DEMO)
                return others and waiting[BROADCASTERBOT_DEMO] == 2 and waiting[CLOUDAPI_DEMO] == 3  # all of them wrote

            await _until(everyone_waiting)
            waiting = await _waiting(workspace)
            bb = accounts[ProviderKind.BROADCASTERBOT]
            bb_contacts = await workspace.agenda.page(bb.id, "", 0, 50)
            first_words = [await _incoming(workspace, bb.id, contact.id) for contact in bb_contacts]

            phone, country = server.call(server.sandbox.broadcasterbot.registered_contacts)[5]
            order_ready = TemplateContent("pedido_listo", ("Ana", "A-17"))
            sent = await workspace.outbox.send(bb, parse_phone(phone, country).e164, order_ready)

            async def answered() -> bool:
                messages = await workspace.conversations.messages(sent.conversation_id)
                return any(m.direction is Direction.INCOMING for m in messages)

            await _until(answered)
            answer = next(
                m for m in await workspace.conversations.messages(sent.conversation_id) if m.direction is Direction.INCOMING
            )
            meta = accounts[ProviderKind.CLOUDAPI]

            async def chattigo_customer_went_on() -> bool:
                found = await workspace.agenda.page(meta.id, "5491152348876", 0, 1)  # Martín, by his WhatsApp id
                conversation = None if not found else await workspace.conversations.conversation_id(meta.id, found[0].id)
                if conversation is None:
                    return False
                chat = await workspace.conversations.messages(conversation)
                directions = [m.direction for m in chat]
                return directions.count(Direction.INCOMING) >= 2 and directions.count(Direction.BOT) >= 2

            await _until(chattigo_customer_went_on)
            return set(accounts), catalogues, waiting, first_words, answer
        finally:
            await session.close()

    providers, catalogues, waiting, first_words, answer = run_core(scenario(), timeout=90)
    assert providers == set(ProviderKind)
    assert catalogues[ProviderKind.BROADCASTERBOT] == sorted(t.name for t in TEMPLATES)
    assert catalogues[ProviderKind.CLIENGO] == sorted(t.id for t in SEED_TEMPLATES[DEMO_WEBSITE])
    assert catalogues[ProviderKind.HEYNOW] == []  # Hey Now sends no templates
    assert catalogues[ProviderKind.CLOUDAPI] == sorted(t.name for t in demo_templates())  # fetched from the account
    assert waiting == {
        BROADCASTERBOT_DEMO: 2,
        CHATTIGO_DEMO: 0,
        CLIENGO_DEMO: 1,
        DEMO_ACCOUNT: 1,
        TIMELINESAI_DEMO: 1,
        # Through signed webhooks: one by number, one by business-scoped user id, and the first
        # customer of the Chattigo demo's bot, which answers through this number.
        CLOUDAPI_DEMO: 3,
    }
    # Broadcasterbot's waiting customers came through its callbacks: a question, and a photo.
    assert sorted(kinds for kinds in ([m.kind for m in messages] for messages in first_words) if kinds) == [
        [MessageKind.MEDIA],
        [MessageKind.TEXT],
    ]
    assert (answer.kind, answer.body in answers_to("pedido_listo")) == (MessageKind.TEXT, True)


def test_customers_wait_only_on_the_first_start_can_be_answered_later_and_a_quiet_sandbox_stays_quiet(
    tmp_path: Path,
) -> None:
    secrets = MemorySecrets()

    async def start(base: Path, life: DemoLife | None) -> tuple[dict[str, int], list[DeliveryState]]:
        """Hey Now's customers with their unread counts, and what became of text answers to the
        Hey Now and Broadcasterbot customers waiting (whose 24 h window is open)."""
        base.mkdir(exist_ok=True)
        session = await open_session(base, secrets=secrets, sandbox_configs=FAST_PUSH, options=LIVELY_OPTIONS, life=life)
        try:
            workspace = session.workspace
            await workspace.start_background()
            hey_now = await workspace.accounts.by_name(DEMO_ACCOUNT)
            contacts = await workspace.agenda.page(hey_now.id, "", 0, 50)
            unread = {contact.display_name: contact.unread for contact in contacts}
            if not unread:
                return unread, []
            bb = await workspace.accounts.by_name(BROADCASTERBOT_DEMO)

            async def bb_customers_wrote() -> bool:
                return sum(c.last_inbound_at is not None for c in await workspace.agenda.page(bb.id, "", 0, 50)) == 2

            await _until(bb_customers_wrote)
            waiting = next(c for c in await workspace.agenda.page(bb.id, "", 0, 50) if c.last_inbound_at is not None)
            answers = [
                await workspace.outbox.send_text(hey_now, contacts[0].phone, "Hola Lucía, sí, nos quedan dos."),
                await workspace.outbox.send_text(bb, waiting.phone, "Hola, ya te la reenviamos."),
            ]
            return unread, [answer.state for answer in answers]
        finally:
            await session.close()

    first = run_core(start(tmp_path / "demo", FAST_LIFE), timeout=60)
    second = run_core(start(tmp_path / "demo", FAST_LIFE), timeout=60)
    quiet = run_core(start(tmp_path / "quiet", None), timeout=60)
    assert first == ({"Lucía Fernández": 1}, [DeliveryState.ACCEPTED, DeliveryState.ACCEPTED])
    # Not seated twice, and still answerable: the simulators start afresh each run.
    assert second == ({"Lucía Fernández": 1}, [DeliveryState.ACCEPTED, DeliveryState.ACCEPTED])
    assert quiet == ({}, [])
