"""The outbox across providers: capabilities, pre-flight checks, pacing; the sandbox counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.domain.accounts import ProviderKind
from console.domain.content import LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.sandbox.server import SandboxServer
from console.services.workspace import Workspace
from tests.conftest import open_workspace, run_core


async def add_timelinesai(workspace: Workspace, server: SandboxServer, name: str = "tl"):
    url = server.root_url + server.call(server.sandbox.timelinesai.webhook_url, "demo")
    return await workspace.accounts.add_account(name, ProviderKind.TIMELINESAI, {"webhook_url": url})


@pytest.mark.slow
def test_timelinesai_sends_leave_at_least_two_seconds_apart(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_timelinesai(workspace, sandbox)
            import asyncio

            sends = [workspace.outbox.send_text(account, f"+5989912345{i}", f"Mensaje {i}") for i in range(5)]
            return await asyncio.gather(*sends)

    messages = run_core(scenario(), timeout=60)
    assert [m.state for m in messages] == [DeliveryState.ACCEPTED] * 5
    assert all(m.provider_message_id.startswith("wa_backend:") for m in messages)  # type: ignore[union-attr]
    received = sorted(r.received_at for r in sandbox.sandbox.log.records("timelinesai", "send"))
    assert len(received) == 5
    gaps = [later - earlier for earlier, later in zip(received, received[1:], strict=False)]
    assert min(gaps) >= 2.0, gaps


def test_chat_references_reach_timelinesai_and_only_timelinesai(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_timelinesai(workspace, sandbox)
            sent = await workspace.outbox.send_text(account, "name:Ventas Montevideo", "Hola")
            heynow = await workspace.accounts.add_heynow(
                "hn", base_url=sandbox.base_urls["heynow"], username="demo", password="demo", platform_id="59899000001"
            )
            with pytest.raises(InvalidInput, match="for TimelinesAI accounts"):
                await workspace.outbox.send_text(heynow, "chat:123", "Hola")
            return sent

    sent = run_core(scenario())
    assert sent.state is DeliveryState.ACCEPTED
    [message] = sandbox.sandbox.timelinesai.sent_messages()
    assert (message.recipient_key, message.recipient) == ("chat_name", "Ventas Montevideo")
    assert sandbox.sandbox.log.count("heynow") == 0


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (TextContent("   "), "text"),
        (TemplateContent("pedido"), "operation"),  # TimelinesAI sends no templates
        (LocationContent(-34.9, -56.2), "operation"),
        (MediaContent(MediaKind.IMAGE, "ftp://example.com/a.png"), "media link"),
    ],
)
def test_rejected_input_stores_nothing_and_sends_nothing(
    tmp_path: Path, sandbox: SandboxServer, content: object, field: str
) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_timelinesai(workspace, sandbox)
            with pytest.raises(InvalidInput) as error:
                await workspace.outbox.send(account, "+59899123456", content)  # type: ignore[arg-type]
            return error.value, await workspace.agenda.count(account.id)

    error, stored_contacts = run_core(scenario())
    assert str(error.field) == field
    assert stored_contacts == 0
    assert sandbox.sandbox.log.count() == 0


def test_a_regenerated_webhook_is_a_failed_send_with_what_to_do(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_timelinesai(workspace, sandbox)
            sandbox.call(sandbox.sandbox.timelinesai.regenerate_webhook, "demo")
            return await workspace.outbox.send_text(account, "+59899123456", "Hola")

    message = run_core(scenario())
    assert message.state is DeliveryState.FAILED
    assert "paste the current one" in str(message.failure_reason)


def test_providers_without_delivery_reports_say_so_in_the_timeline(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_timelinesai(workspace, sandbox)
            message = await workspace.outbox.send_text(account, "+59899123456", "Hola")
            return message, await workspace.conversations.timeline(message.id)

    message, events = run_core(scenario())
    assert message.state is DeliveryState.ACCEPTED
    assert [e.state for e in events] == [DeliveryState.PENDING, DeliveryState.ACCEPTED, DeliveryState.ACCEPTED]
    assert str(events[-1].detail) == (
        "TimelinesAI reports no delivery states: 'accepted' is the last state this console will know."
    )
