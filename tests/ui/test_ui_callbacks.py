"""Sandbox mode end to end through the window: the push-only simulators call the embedded
relay, and what they report shows up in the timeline and the chat."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import phonenumbers
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState, EventSource
from console.domain.messages import Direction
from console.providers.registry import definition
from console.sandbox import chattigo as chattigo_sandbox
from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig
from console.sandbox.chattigo import ChattigoSandboxConfig
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxConfigs
from console.store import contacts as contact_queries
from console.ui.dialogs.set_aside import SetAsideDialog
from console.ui.main_window import MainWindow
from console.ui.session import BROADCASTERBOT_DEMO, CHATTIGO_DEMO, ConsoleSession, open_session
from tests.conftest import MemorySecrets
from tests.ui.sender_support import ORDER_READY, broadcasterbot_sends, click_account, registered_numbers, store_contact
from tests.ui.support import FAST_OPTIONS, FAST_SANDBOX, Driver, Run

FAST_PUSH = SandboxConfigs(
    heynow=FAST_SANDBOX,
    broadcasterbot=BroadcasterbotSandboxConfig(status_delays=(0.1, 0.2, 0.3, 0.4), never_read_ratio=0.0, callback_beat=0.1),
    chattigo=ChattigoSandboxConfig(webhook_beat=0.1),
)


@pytest.fixture
def session(tmp_path: Path, secrets: MemorySecrets, run: Run) -> Iterator[ConsoleSession]:
    opened = run(open_session(tmp_path, secrets=secrets, sandbox_configs=FAST_PUSH, options=FAST_OPTIONS))
    yield opened
    run(opened.close())


def test_a_broadcasterbot_template_reaches_read_in_the_timeline_through_callbacks(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    run(session.workspace.templates.add(account, ORDER_READY))
    store_contact(run, session, BROADCASTERBOT_DEMO, registered_numbers(session)[0], "Ana Pérez")
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    agent.click_contact(0)

    sender = window.sender_pane
    sender.show_templates()
    tab = sender.templates
    qtbot.waitUntil(lambda: len(tab.form.param_edits) == 2)
    qtbot.keyClicks(tab.form.param_edits[0], "Ana")
    qtbot.keyClicks(tab.form.param_edits[1], "A-17")
    qtbot.waitUntil(tab.send_button.isEnabled, timeout=5000)
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.feedback.text() == "Sent.", timeout=10_000)
    assert broadcasterbot_sends(session) == 1

    timeline = window.timeline_pane.model

    def events():  # noqa: ANN202 - the timeline's StateEvents
        return [timeline.state_event(row) for row in range(timeline.rowCount())]

    qtbot.waitUntil(
        lambda: any(e.state is DeliveryState.READ and e.source is EventSource.CALLBACK for e in events()), timeout=30_000
    )
    shown = events()
    assert shown[0].state is DeliveryState.PENDING
    from_callbacks = [e.state for e in shown if e.source is EventSource.CALLBACK]
    assert DeliveryState.DELIVERED in from_callbacks and from_callbacks[-1] is DeliveryState.READ
    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: chat.rowCount() == 1 and chat.message(0).state is DeliveryState.READ)


def _unpaired(run: Run, session: ConsoleSession) -> None:
    """The Chattigo demo on its own channel, not answering through the Cloud API demo: its
    customers' messages are the ones an agent forwards by hand."""
    account = run(session.workspace.accounts.by_name(CHATTIGO_DEMO))
    fields = {field.key for field in definition(account.provider).fields}
    kept = {key: value for key, value in account.settings.items() if key in fields}
    values = {**kept, "wa_id": chattigo_sandbox.DEMO_WA_ID, "cloud_api": None, "password": ""}
    account = run(session.workspace.accounts.update_account(account, values))
    url = run(session.workspace.callback_routes.callback_url(account))
    assert url is not None
    run(session.workspace.bots.set_webhook(account, url))  # the bot's answers of that channel come here too


def test_the_chattigo_bots_answers_appear_in_the_chat_after_forward_to_bot(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    _unpaired(run, session)
    store_contact(run, session, CHATTIGO_DEMO, "+59899123456", "Ana Pérez")
    click_account(qtbot, window, CHATTIGO_DEMO)
    agent.click_contact(0)

    composer = window.sender_pane.composer
    assert composer.forward_button.isVisibleTo(composer)
    assert not composer.send_button.isVisibleTo(composer)  # Chattigo sends nothing itself
    assert not composer.forward_button.isEnabled()
    qtbot.keyClicks(composer.text_edit, "Hola, quiero saber de mi pedido")
    qtbot.mouseClick(composer.forward_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: composer.text_edit.toPlainText() == "", timeout=10_000)

    chat = window.chat_pane.model

    def directions() -> list[Direction]:
        return [chat.message(row).direction for row in range(chat.rowCount())]

    qtbot.waitUntil(lambda: Direction.BOT in directions(), timeout=30_000)
    assert directions()[0] is Direction.INCOMING
    assert chat.message(0).body == "Hola, quiero saber de mi pedido"
    assert composer.feedback.text() == ""


def test_a_malformed_callback_is_shown_to_the_agent_with_its_raw_body(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    url = run(session.workspace.callback_setup.status(account)).url
    assert url is not None
    body = '{"statuses": [{"state": "read", "messageId": "wamid.1"'  # cut short: not JSON

    async def post() -> int:
        async with httpx.AsyncClient() as client:
            return (await client.post(url, content=body, headers={"Content-Type": "application/json"})).status_code

    assert run(post()) == 200  # the relay keeps what it cannot read, quarantined
    qtbot.waitUntil(lambda: window.set_aside.rowCount() == 1, timeout=10_000)
    [notice] = window.notices.texts()
    assert "Concepto Móvil Broadcasterbot" in notice and "not JSON" in notice and body in notice

    window.set_aside_action.trigger()
    dialog = window.findChild(SetAsideDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.model().index(0, 1).data() == "Concepto Móvil Broadcasterbot"
    assert "quarantined" in dialog.table.model().index(0, 2).data()
    assert dialog.body_edit.toPlainText() == body
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == body
    dialog.close()


def test_a_report_that_cannot_be_read_is_set_aside_and_the_message_beside_it_reaches_the_chat(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    server = session.sandbox
    assert server is not None
    number = registered_numbers(session)[0]
    store_contact(run, session, BROADCASTERBOT_DEMO, number, "Ana Pérez")
    for route, variant in (("message_callback", "mixed"), ("status_callback", "unknown_state")):
        server.sandbox.faults.add("broadcasterbot", route, Fault(FaultKind.VARIANT, times=1, variant=variant))
    parsed = phonenumbers.parse(number)
    local, region = str(parsed.national_number), phonenumbers.region_code_for_number(parsed)
    server.call(server.sandbox.broadcasterbot.customer_replies, local, region, "Hola, ¿sigue en pie lo del sábado?")
    account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    run(session.workspace.outbox.send(account, number, TemplateContent("bienvenida", ("Ana",))))  # its report carries the reply
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    agent.click_contact(0)

    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: window.set_aside.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: chat.rowCount() == 2, timeout=10_000)
    incoming = [chat.message(row) for row in range(chat.rowCount()) if chat.message(row).direction is Direction.INCOMING]
    assert [message.body for message in incoming] == ["Hola, ¿sigue en pie lo del sábado?"]

    window.set_aside_action.trigger()
    dialog = window.findChild(SetAsideDialog)
    assert dialog is not None
    assert "'pending'" in dialog.table.model().index(0, 2).data()
    shown = json.loads(dialog.body_edit.toPlainText())
    assert shown["state"] == "pending" and "messageId" in shown  # the report alone, as it arrived
    dialog.close()


def test_forwarding_from_a_number_newer_than_the_plan_waits_for_send_anyway(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    _unpaired(run, session)
    account = run(session.workspace.accounts.by_name(CHATTIGO_DEMO))
    unlisted = "59890123456"  # +598 90 123 456: a range the numbering plan does not list
    run(session.workspace.db.run(contact_queries.ensure_contact, account.id, unlisted, unlisted, "Nuevo cliente"))
    click_account(qtbot, window, CHATTIGO_DEMO)
    agent.click_contact(0)
    composer = window.sender_pane.composer
    qtbot.keyClicks(composer.text_edit, "Hola")
    qtbot.mouseClick(composer.forward_button, Qt.MouseButton.LeftButton)
    bar = composer.send_anyway
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert "+598 90 123 456 is not in the numbering plan" in bar.text.text()
    assert composer.feedback.text().startswith("Not forwarded yet")
    assert composer.text_edit.toPlainText() == "Hola"

    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: composer.text_edit.toPlainText() == "", timeout=10_000)
    assert not bar.isVisible() and composer.feedback.text() == ""
    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: chat.rowCount() >= 1, timeout=10_000)
    assert chat.message(0).body == "Hola"
