"""The status poller against the simulator: progression, restart, pending recovery."""

from __future__ import annotations

import asyncio
from pathlib import Path

from console.domain.lifecycle import DeliveryState, EventSource
from console.sandbox.server import SandboxServer
from console.services.workspace import Workspace
from tests.conftest import (
    DEMO_PLATFORM,
    MemorySecrets,
    add_demo_account,
    agenda_client_ids,
    open_workspace,
    run_core,
)


async def _wait_for_state(
    workspace: Workspace, message_id: int, state: DeliveryState, timeout: float = 15
) -> None:
    async def reached() -> None:
        while (await workspace.conversations.message(message_id)).state is not state:  # type: ignore[union-attr]
            await asyncio.sleep(0.05)

    await asyncio.wait_for(reached(), timeout)


def test_poller_follows_a_message_to_read(tmp_path: Path, sandbox: SandboxServer) -> None:
    to = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            await workspace.start_background()
            account = await add_demo_account(workspace, sandbox)
            message = await workspace.outbox.send_text(account, to, "Hola")
            await _wait_for_state(workspace, message.id, DeliveryState.READ)
            return await workspace.conversations.timeline(message.id)

    events = run_core(scenario())
    assert [e.state for e in events] == [
        DeliveryState.PENDING,
        DeliveryState.ACCEPTED,
        *[e.state for e in events[2:]],
    ]
    polled = [(e.raw_state, e.state) for e in events if e.source is EventSource.POLL]
    assert polled[-1] == ("LU", DeliveryState.READ)
    raws = [raw for raw, _ in polled]
    assert raws == sorted(set(raws), key=raws.index)  # each raw state recorded once, in order
    assert set(raws) <= {"?", "RS", "RU", "LU"}


def test_poller_resumes_after_a_restart(tmp_path: Path, sandbox: SandboxServer) -> None:
    to = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]
    secrets = MemorySecrets()

    async def before_restart() -> int:
        async with open_workspace(tmp_path, secrets) as workspace:
            account = await add_demo_account(workspace, sandbox)
            message = await workspace.outbox.send_text(account, to, "Hola")
            return message.id  # closed before any poll ran

    async def after_restart(message_id: int):
        async with open_workspace(tmp_path, secrets) as workspace:
            assert (await workspace.conversations.message(message_id)).state is DeliveryState.ACCEPTED  # type: ignore[union-attr]
            await workspace.start_background()
            await _wait_for_state(workspace, message_id, DeliveryState.READ)
            return await workspace.conversations.message(message_id)

    message_id = run_core(before_restart())
    assert sandbox.sandbox.log.count("heynow", "status") == 0
    message = run_core(after_restart(message_id))
    assert message.state is DeliveryState.READ
    assert sandbox.sandbox.log.count("heynow", "status") >= 1
    assert sandbox.sandbox.log.count("heynow", "send") == 1


def test_poller_stops_on_messages_the_provider_does_not_know(tmp_path: Path, sandbox: SandboxServer) -> None:
    to = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            message = await workspace.outbox.send_text(account, to, "Hola")
            sandbox.call(sandbox.sandbox.heynow.forget_messages)
            await workspace.start_background()
            for _ in range(200):
                events = await workspace.conversations.timeline(message.id)
                if events[-1].detail and events[-1].detail.english().startswith("Stopped following"):
                    return events
                await asyncio.sleep(0.05)
            raise AssertionError("the poller kept polling an unknown message")

    events = run_core(scenario())
    assert events[-1].state is DeliveryState.ACCEPTED
    assert sandbox.sandbox.log.count("heynow", "status") == 3


def test_a_send_interrupted_by_a_crash_becomes_unknown_not_resent(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    from console.domain.messages import MessageKind
    from console.store import contacts, messages

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)

            def store_pending(session):  # what a crash right after "persist before send" leaves
                contact_id = contacts.ensure_contact(session, account.id, "59899123456", "59899123456")
                return messages.create_outgoing(session, account.id, contact_id, MessageKind.TEXT, "Hola")

            pending = await workspace.db.run(store_pending)
        async with open_workspace(tmp_path) as workspace:
            await workspace.start_background()
            await asyncio.sleep(0.2)
            return await workspace.conversations.message(pending.id)

    message = run_core(scenario())
    assert message.state is DeliveryState.UNKNOWN
    assert "may or may not have been sent" in str(message.failure_reason)
    assert sandbox.sandbox.log.count("heynow", "send") == 0
