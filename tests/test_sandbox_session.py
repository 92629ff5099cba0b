"""Sandbox mode end to end, without Qt: simulators push over HTTP to the embedded relay,
the console follows it, and a new user sees ticks move and bot replies arrive."""

from __future__ import annotations

import asyncio
from pathlib import Path

from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.messages import Direction, MessageKind
from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig
from console.sandbox.chattigo import ChattigoSandboxConfig
from console.sandbox.server import SandboxConfigs
from console.services.workspace_options import WorkspaceOptions
from console.ui.session import BROADCASTERBOT_DEMO, CHATTIGO_DEMO, open_session
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
