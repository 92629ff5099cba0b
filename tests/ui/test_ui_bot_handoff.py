"""The Chattigo demo's bot answering through the Cloud API demo, as the agent sees it in the
window: the inbox says who answers, the bot's closing hands the chat to the agents (its own
filter), and the agent takes a conversation from the bot and gives it back with the keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.domain.inbox import BotHandling
from console.domain.messages import Direction
from console.domain.views import InboxRow
from console.sandbox.cloudapi import CloudApiSandboxConfig
from console.ui.chat.bubble_layout import shown_text
from console.ui.inbox.filters import View
from console.ui.inbox.model import ROW_ROLE
from console.ui.main_window import MainWindow
from console.ui.models.messages import ITEM_ROLE
from console.ui.session import CLOUDAPI_DEMO, ConsoleSession, open_session
from console.ui.wording import say
from tests.conftest import MemorySecrets
from tests.ui.support import FAST_OPTIONS, FAST_PUSH, Run

CUSTOMER = "59899123456"
ORDER_SCRIPT = replace(
    FAST_PUSH,
    chattigo=replace(FAST_PUSH.chattigo, script="order"),
    cloudapi=CloudApiSandboxConfig(status_delays=(0.05, 0.1, 0.15), callback_beat=0.1),
)


@pytest.fixture
def session(tmp_path: Path, secrets: MemorySecrets, run: Run) -> Iterator[ConsoleSession]:
    opened = run(open_session(tmp_path, secrets=secrets, sandbox_configs=ORDER_SCRIPT, options=FAST_OPTIONS))
    yield opened
    run(opened.close())


def _writes(session: ConsoleSession, text: str) -> None:
    server = session.sandbox
    assert server is not None
    server.call(server.sandbox.cloudapi.customer_writes, CUSTOMER, text, "Ana Pérez")


def _sends(session: ConsoleSession) -> list[dict]:
    server = session.sandbox
    assert server is not None
    return server.call(lambda: list(server.sandbox.cloudapi.accepted))


def _row(window: MainWindow) -> InboxRow | None:
    model = window.inbox_pane.model
    rows = [model.row(i) for i in range(model.rowCount())]
    return next((row for row in rows if row is not None and row.account_name == CLOUDAPI_DEMO), None)


def _key(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifiers)


def test_the_bot_hands_the_chat_to_an_agent_who_takes_and_gives_back_conversations(
    window: MainWindow, session: ConsoleSession, qtbot: QtBot
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _writes(session, "Hola, ¿y mi pedido?")
    qtbot.waitUntil(lambda: len(_sends(session)) == 3, timeout=20_000)
    qtbot.waitUntil(lambda: (row := _row(window)) is not None and row.bot is BotHandling.BOT, timeout=10_000)
    row = _row(window)
    assert row is not None
    model = window.inbox_pane.model
    index = model.index(model.row_of_contact(row.contact_id))
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).endswith(", bot")

    # The agent opens it and takes it from the bot (Ctrl+Shift+T), then gives it back (Ctrl+Shift+B).
    window.inbox_pane.open_conversation(row.conversation_id)
    qtbot.waitUntil(lambda: window.selection.contact is not None and window.selection.contact.id == row.contact_id)
    window.inbox_pane.focus_list()
    _key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _row(window).bot is BotHandling.AGENT)  # type: ignore[union-attr]
    assert "You answer this conversation now" in window.statusBar().currentMessage()
    _key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "You already answer this conversation.")
    _key(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _row(window).bot is BotHandling.BOT)  # type: ignore[union-attr]

    # The customer thanks; the bot says goodbye and closes: "Bot finished" (Alt+6) lists it.
    _writes(session, "Gracias")
    qtbot.waitUntil(lambda: _row(window).bot is BotHandling.HANDED_OVER, timeout=20_000)  # type: ignore[union-attr]
    _key(qtbot, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.inbox_pane.view is View.BOT_FINISHED and model.rowCount() == 1)
    shown = model.index(0).data(ROW_ROLE)
    assert shown.conversation_id == row.conversation_id
    assert model.index(0).data(Qt.ItemDataRole.AccessibleTextRole).endswith(", bot finished, waiting for an agent")
    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: chat.rowCount() >= 6)
    assert [chat.message(i).direction for i in range(chat.rowCount())].count(Direction.BOT) == 5  # 4 answers, 1 notice
    closing = chat.index(chat.rowCount() - 1).data(ITEM_ROLE)
    assert closing.note is not None and shown_text(closing) == say(closing.note)  # worded when shown, not stored English

    # The agent answers: sent through the Cloud API, and the conversation is theirs.
    sends = len(_sends(session))
    composer = window.sender_pane.text_edit
    composer.setFocus()
    qtbot.keyClicks(composer, "Hola Ana, soy Laura")
    _key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(_sends(session)) == sends + 1, timeout=10_000)
    assert _sends(session)[-1]["text"]["body"] == "Hola Ana, soy Laura"
    qtbot.waitUntil(lambda: model.rowCount() == 0)  # no longer waiting for an agent


def test_the_bots_answers_show_their_ticks_up_to_read(window: MainWindow, session: ConsoleSession, qtbot: QtBot) -> None:
    _writes(session, "Hola")
    qtbot.waitUntil(lambda: _row(window) is not None, timeout=20_000)
    row = _row(window)
    assert row is not None
    window.inbox_pane.open_conversation(row.conversation_id)
    chat = window.chat_pane.model

    def bot_rows() -> list[int]:
        return [i for i in range(chat.rowCount()) if chat.message(i).direction is Direction.BOT]

    qtbot.waitUntil(
        lambda: len(bot_rows()) == 3 and all(chat.message(i).state.value == "read" for i in bot_rows()), timeout=20_000
    )
    delegate = window.chat_pane.list.itemDelegate()
    for i in bot_rows():
        assert delegate.layout_at(chat.index(i)).ticks is not None  # read, shown as the customer's side saw it
    assert delegate.layout_at(chat.index(0)).ticks is None  # the customer's own message
