"""A success the console cannot read is never a failure: each provider's real client, through
the outbox, against its simulator answering success in a shape the document allows or leaves open.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from console.domain.accounts import ProviderKind
from console.domain.content import TextContent
from console.domain.lifecycle import DeliveryState
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.services.workspace import Workspace
from tests.conftest import OPEN_PLATFORM, add_demo_account, open_workspace, run_core
from tests.faults.support import SEND_ROUTES, add_sending_account, outgoing, recipient

OUTSIDER = "59899123456"  # not in the agenda: the open channel sends anyway


def _variant(server: SandboxServer, provider: str, route: str, variant: str) -> None:
    server.sandbox.faults.add(provider, route, Fault(FaultKind.VARIANT, times=1, variant=variant))


async def _until_state(workspace: Workspace, message_id: int, state: DeliveryState, timeout: float = 15) -> None:
    async def reached() -> None:
        while (await workspace.conversations.message(message_id)).state is not state:  # type: ignore[union-attr]
            await asyncio.sleep(0.05)

    await asyncio.wait_for(reached(), timeout)


@pytest.mark.parametrize("variant", ["ok_text", "empty"])
def test_a_hey_now_200_without_an_id_is_sent_not_failed(tmp_path: Path, sandbox: SandboxServer, variant: str) -> None:
    _variant(sandbox, "heynow", "send", variant)

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox, platform_id=OPEN_PLATFORM)
            message = await workspace.outbox.send_text(account, OUTSIDER, "Hola", contact_validation=False)
            return message, await workspace.conversations.timeline(message.id)

    message, events = run_core(scenario())
    assert message.state is DeliveryState.ACCEPTED and message.provider_message_id is None
    assert "no message id" in str(events[-1].detail)
    assert sandbox.sandbox.log.count("heynow", "send") == 1  # and nothing invites a second one
    assert sandbox.sandbox.log.count("heynow", "status") == 0  # no id, nothing to ask about


@pytest.mark.parametrize("variant", ["id_string", "id_text"])
def test_a_hey_now_id_written_bare_is_followed_to_read(tmp_path: Path, sandbox: SandboxServer, variant: str) -> None:
    _variant(sandbox, "heynow", "send", variant)

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            await workspace.start_background()
            account = await add_demo_account(workspace, sandbox, platform_id=OPEN_PLATFORM)
            message = await workspace.outbox.send_text(account, OUTSIDER, "Hola", contact_validation=False)
            await _until_state(workspace, message.id, DeliveryState.READ)
            return message

    message = run_core(scenario())
    [sent] = sandbox.call(sandbox.sandbox.heynow.messages_sent)
    assert message.provider_message_id == sent.id


def test_a_timelinesai_success_without_a_message_id_is_queued_not_unknown(tmp_path: Path, sandbox: SandboxServer) -> None:
    _variant(sandbox, "timelinesai", "send", "no_message_id")

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_sending_account(workspace, sandbox, ProviderKind.TIMELINESAI, 1)
            message = await workspace.outbox.send(account, recipient(0), TextContent("Hola"))
            return message, await workspace.conversations.timeline(message.id)

    message, events = run_core(scenario())
    assert message.state is DeliveryState.ACCEPTED and message.provider_message_id is None
    assert any("no message id" in str(e.detail) for e in events)
    assert len(sandbox.call(sandbox.sandbox.timelinesai.sent_messages)) == 1


@pytest.mark.parametrize("provider", [ProviderKind.BROADCASTERBOT, ProviderKind.CLIENGO], ids=lambda p: p.value)
def test_a_success_whose_body_is_cut_short_is_unknown_never_failed(
    tmp_path: Path, sandbox: SandboxServer, provider: ProviderKind
) -> None:
    sandbox_provider, route = SEND_ROUTES[provider]
    sandbox.sandbox.faults.add(sandbox_provider, route, Fault(FaultKind.MALFORMED_JSON, times=1))

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_sending_account(workspace, sandbox, provider, 2)
            sent = outgoing(provider, 1)
            return await workspace.outbox.send(account, sent.to, sent.content, sent.options)

    assert run_core(scenario()).state is DeliveryState.UNKNOWN


def test_a_broadcasterbot_registration_whose_answer_is_cut_short_still_registered(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.faults.add("broadcasterbot", "register_contacts", Fault(FaultKind.MALFORMED_JSON, times=1))

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_sending_account(workspace, sandbox, ProviderKind.BROADCASTERBOT, 0)
            phone = await workspace.contacts.register(account, "+52 55 4433 2211")
            sent = outgoing(ProviderKind.BROADCASTERBOT, 0)
            return phone, await workspace.outbox.send(account, "+52 55 4433 2211", sent.content, sent.options)

    phone, message = run_core(scenario())
    assert phone.e164 == "+525544332211"
    assert ("5544332211", "MX") in sandbox.call(sandbox.sandbox.broadcasterbot.registered_contacts)
    assert message.state is DeliveryState.ACCEPTED


def test_a_broadcasterbot_acceptance_without_a_message_id_says_so(tmp_path: Path, sandbox: SandboxServer) -> None:
    _variant(sandbox, "broadcasterbot", "send", "no_message_id")

    async def scenario():  # type: ignore[no-untyped-def]
        async with open_workspace(tmp_path) as workspace:
            account = await add_sending_account(workspace, sandbox, ProviderKind.BROADCASTERBOT, 2)
            sent = outgoing(ProviderKind.BROADCASTERBOT, 1)  # recipient 0 ends in 0000: no WhatsApp there
            message = await workspace.outbox.send(account, sent.to, sent.content, sent.options)
            return message, await workspace.conversations.timeline(message.id)

    message, events = run_core(scenario())
    assert message.state is DeliveryState.ACCEPTED and message.provider_message_id is None
    assert "named no message id" in str(events[-1].detail)
