"""Message history and the day chart, over a real workspace and the sandbox on loopback."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.lifecycle import DeliveryState
from console.sandbox.server import SandboxServer
from console.services.workspace import Workspace
from console.store.secrets import MemorySecrets
from console.store.types import utcnow
from tests.conftest import DEMO_PLATFORM, add_demo_account, agenda_client_ids, open_workspace, run_core

OUTSIDER = "59899123456"  # never wrote to the channel: Hey Now refuses it


async def wait_for_state(workspace: Workspace, message_id: int, state: DeliveryState, timeout: float = 15) -> None:
    async def reached() -> None:
        while (message := await workspace.conversations.message(message_id)) is None or message.state is not state:
            await asyncio.sleep(0.05)

    await asyncio.wait_for(reached(), timeout)


def parse_utc(text: str) -> datetime:
    assert text.endswith("Z"), text
    return datetime.fromisoformat(text)


def test_export_holds_the_message_and_every_event_in_order(tmp_path: Path, sandbox: SandboxServer) -> None:
    customer = agenda_client_ids(sandbox, DEMO_PLATFORM)[0]
    secrets = MemorySecrets()
    target = tmp_path / "history.json"
    (tmp_path / "data").mkdir()

    async def scenario():
        async with open_workspace(tmp_path / "data", secrets) as workspace:
            await workspace.start_background()
            account = await add_demo_account(workspace, sandbox, name="Ventas UY")
            message = await workspace.outbox.send_text(account, customer, "Hola, tu pedido salió")
            await wait_for_state(workspace, message.id, DeliveryState.READ)
            written = await workspace.history.export(message.id, target)
            return written, message.id, await workspace.conversations.timeline(message.id)

    written, message_id, events = run_core(scenario())
    assert written == target
    text = target.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["message"]["id"] == message_id
    assert document["message"]["body"] == "Hola, tu pedido salió"
    assert document["message"]["content"]["body"] == "Hola, tu pedido salió"
    assert document["message"]["state"] == "read"
    assert document["message"]["provider_message_id"]
    assert document["account"] == {
        "id": document["account"]["id"],
        "name": "Ventas UY",
        "provider": "heynow",
        "provider_title": "Hey Now",
        "delivery_reports": True,
    }
    assert document["contact"]["phone"] == customer
    exported = document["events"]
    assert [e["state"] for e in exported] == [e.state.value for e in events]
    assert [e["state"] for e in exported][:2] == ["pending", "accepted"]
    assert exported[-1]["state"] == "read"
    assert [e["raw_state"] for e in exported] == [e.raw_state for e in events]
    assert [e["source"] for e in exported] == [e.source.value for e in events]
    times = [parse_utc(e["at"]) for e in exported]
    assert times == sorted(times)
    assert [t.utcoffset() for t in times] == [timedelta(0)] * len(times)
    assert abs(times[0] - events[0].at) < timedelta(milliseconds=1)
    assert parse_utc(document["message"]["created_at"]) <= times[0] + timedelta(milliseconds=1)
    # Nothing kept in the secret store (the password, the provider's login token) is in the file.
    assert secrets.values
    for value in secrets.values.values():
        assert value not in text
    assert not list(tmp_path.glob(".*.partial"))


def test_export_of_a_timelinesai_message_leaves_its_webhook_out(tmp_path: Path, sandbox: SandboxServer) -> None:
    webhook = sandbox.root_url + sandbox.call(sandbox.sandbox.timelinesai.webhook_url, "demo")
    target = tmp_path / "tl.json"
    (tmp_path / "data").mkdir()

    async def scenario():
        async with open_workspace(tmp_path / "data") as workspace:
            account = await workspace.accounts.add_account("tl", ProviderKind.TIMELINESAI, {"webhook_url": webhook})
            message = await workspace.outbox.send_text(account, "+59899123456", "Hola")
            await workspace.history.export(message.id, target)
            return await workspace.history.timeline(message.id)

    timeline = run_core(scenario())
    assert timeline is not None and not timeline.delivery_reports
    text = target.read_text(encoding="utf-8")
    assert webhook not in text
    assert webhook.rsplit("/", 1)[-1] not in text
    document = json.loads(text)
    assert document["account"]["delivery_reports"] is False
    assert [e["state"] for e in document["events"]] == ["pending", "accepted", "accepted"]


def test_day_chart_counts_todays_sends_by_hour_and_current_state(tmp_path: Path, sandbox: SandboxServer) -> None:
    customers = agenda_client_ids(sandbox, DEMO_PLATFORM)[:2]

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            await workspace.start_background()
            account = await add_demo_account(workspace, sandbox)
            other = await add_demo_account(workspace, sandbox, name="other")
            sent = [await workspace.outbox.send_text(account, to, "Hola") for to in customers]
            refused = await workspace.outbox.send_text(account, OUTSIDER, "Hola")
            await workspace.outbox.send_text(other, customers[0], "Hola desde otra cuenta")
            for message in sent:
                await wait_for_state(workspace, message.id, DeliveryState.READ)
            today = await workspace.history.day_chart(account.id)
            tomorrow = await workspace.history.day_chart(account.id, now=utcnow() + timedelta(days=1))
            return sent + [refused], today, tomorrow

    messages, today, tomorrow = run_core(scenario())
    assert today.states == [DeliveryState.READ, DeliveryState.FAILED]
    assert (today.total(), today.total(DeliveryState.READ), today.total(DeliveryState.FAILED)) == (3, 2, 1)
    hour = messages[-1].created_at.astimezone().hour
    assert today.counts[DeliveryState.FAILED][hour] == 1
    assert all(len(values) == 24 for values in today.counts.values())
    assert today.day == messages[0].created_at.astimezone().date()
    assert tomorrow.total() == 0 and tomorrow.states == []
