"""Sending from the sender pane: the message goes out and its timeline reaches `read`."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from console.domain.lifecycle import DeliveryState
from console.sandbox.heynow import DEMO_PLATFORM
from console.ui.labels import delivery_state
from console.ui.main_window import MainWindow
from console.ui.models.timeline import TimelineTableModel
from console.ui.session import ConsoleSession
from tests.ui.support import Driver


def timeline_states(window: MainWindow) -> list[str]:
    model = window.timeline_pane.model
    return [model.index(row, TimelineTableModel.STATE).data() for row in range(model.rowCount())]


def test_send_until_timeline_shows_read(agent: Driver, window: MainWindow, qtbot: QtBot) -> None:
    agent.sync_agenda()
    agent.click_contact(3)
    agent.type_message("Hola, como estas?")
    agent.click_send()

    qtbot.waitUntil(lambda: delivery_state(DeliveryState.READ) in timeline_states(window), timeout=10_000)
    states = timeline_states(window)
    assert states[:2] == [delivery_state(DeliveryState.PENDING), delivery_state(DeliveryState.ACCEPTED)]
    assert states[-1] == delivery_state(DeliveryState.READ)
    assert agent.sent_requests() == 1

    chat = window.chat_pane.model
    assert chat.rowCount() == 1
    assert chat.message(0).body == "Hola, como estas?"
    qtbot.waitUntil(lambda: chat.message(0).state is DeliveryState.READ)
    assert window.sender_pane.text_edit.toPlainText() == ""
    assert window.sender_pane.feedback.text() == ""


def test_send_is_disabled_without_contact_or_text(agent: Driver, window: MainWindow) -> None:
    send = window.sender_pane.send_button
    assert not send.isEnabled()
    agent.type_message("hola")
    assert not send.isEnabled()
    agent.sync_agenda()
    agent.click_contact(0)
    assert send.isEnabled()
    window.sender_pane.text_edit.clear()
    assert not send.isEnabled()


def test_blank_text_shows_error_and_sends_nothing(agent: Driver, window: MainWindow, qtbot: QtBot) -> None:
    agent.sync_agenda()
    agent.click_contact(0)
    agent.type_message("   ")
    agent.click_send()

    feedback = window.sender_pane.feedback
    qtbot.waitUntil(lambda: "empty" in feedback.text())
    assert agent.sent_requests() == 0
    assert window.chat_pane.model.rowCount() == 0
    assert window.sender_pane.text_edit.toPlainText() == "   "


def test_invalid_phone_shows_error_and_sends_nothing(
    agent: Driver, window: MainWindow, session: ConsoleSession, qtbot: QtBot
) -> None:
    server = session.sandbox
    assert server is not None and server.sandbox is not None
    server.call(server.sandbox.heynow.add_inbound_contact, DEMO_PLATFORM, "webchat-7f3a", "Ana", "Web")
    agent.sync_agenda()
    qtbot.keyClicks(window.agenda_pane.filter_edit, "webchat")
    qtbot.waitUntil(lambda: window.agenda_pane.model.rowCount() == 1)
    agent.click_contact(0)
    agent.type_message("Hola Ana")
    agent.click_send()

    feedback = window.sender_pane.feedback
    qtbot.waitUntil(lambda: "webchat-7f3a" in feedback.text())
    assert "not usable" in feedback.text()
    assert agent.sent_requests() == 0
    assert window.chat_pane.model.rowCount() == 0
