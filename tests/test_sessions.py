"""The 24 h customer-service window (Broadcasterbot): held back before sending (the agent
may send anyway: the console only sees the messages it received), opened by a reply."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from console.domain.callbacks import CustomerMessage
from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState
from console.domain.phones import parse_phone
from console.domain.send_warnings import NeedsSendAnyway
from console.providers.broadcasterbot.callbacks import parse_callback
from console.sandbox.server import SandboxServer
from console.store.types import utcnow
from tests.conftest import add_broadcasterbot_account, open_workspace, run_core

CUSTOMER = "+52 55 4433 2211"


def test_template_then_reply_then_text(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            template = await workspace.outbox.send(account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))
            sends_before = sandbox.sandbox.log.count("broadcasterbot", "send")
            with pytest.raises(NeedsSendAnyway) as refused:
                await workspace.outbox.send_text(account, CUSTOMER, "¿Seguimos?")
            refused_sent_nothing = sandbox.sandbox.log.count("broadcasterbot", "send") == sends_before

            sandbox.call(sandbox.sandbox.broadcasterbot.customer_replies, "5544332211", "MX", "Sí, gracias")
            callbacks = sandbox.call(sandbox.sandbox.broadcasterbot.recorded_callbacks)
            [reply] = [m for body in callbacks for m in parse_callback(json.dumps(body)) if isinstance(m, CustomerMessage)]
            stored = await workspace.inbound.record(account, reply.sender, "Sí, gracias", reply.provider_message_id, utcnow())
            repeat = await workspace.inbound.record(account, reply.sender, "Sí, gracias", reply.provider_message_id, utcnow())
            text = await workspace.outbox.send_text(account, CUSTOMER, "¿Seguimos?")
            return template, refused.value, refused_sent_nothing, stored, repeat, text

    template, refused, refused_sent_nothing, stored, repeat, text = run_core(scenario())
    assert template.state is DeliveryState.ACCEPTED
    assert refused.field.code == "field.session" and "only templates can open a conversation" in str(refused)
    assert refused_sent_nothing
    assert stored is not None and stored.body == "Sí, gracias"
    assert repeat is None  # a retried callback is stored once
    assert text.state is DeliveryState.ACCEPTED  # the simulator agrees: its session is open too


def test_a_reply_older_than_24_hours_no_longer_opens_the_window(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_broadcasterbot_account(workspace, sandbox, CUSTOMER)
            customer = parse_phone(CUSTOMER)
            await workspace.inbound.record(account, customer, "hola", "m-old", utcnow() - timedelta(hours=24, minutes=1))
            with pytest.raises(NeedsSendAnyway, match="over 24 hours old: their window is likely closed"):
                await workspace.outbox.send_text(account, CUSTOMER, "¿Seguimos?")
            await workspace.inbound.record(account, customer, "hola otra vez", "m-new", utcnow() - timedelta(hours=23))
            return await workspace.outbox.send_text(account, CUSTOMER, "¿Seguimos?")

    sandbox.call(sandbox.sandbox.broadcasterbot.customer_replies, "5544332211", "MX", "hola otra vez")
    assert run_core(scenario()).state is DeliveryState.ACCEPTED
