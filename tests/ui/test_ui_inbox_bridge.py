"""The window hears of every inbox row change as a Qt signal, from any account."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from console.domain.phones import parse_phone
from console.services.topics import ConversationChanged
from console.store.types import utcnow
from console.ui.bridge import TopicsBridge
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession
from tests.ui.support import Run


def test_a_customer_message_and_resolving_reach_the_window_as_conversation_changed(
    qtbot: QtBot, session: ConsoleSession, run: Run
) -> None:
    workspace = session.workspace
    bridge = TopicsBridge(workspace.topics)
    account = run(workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    with qtbot.waitSignal(bridge.conversation_changed, timeout=5000) as arrived:
        message = run(workspace.inbound.record(account, parse_phone("+52 55 4433 2211"), "Hola", "in-1", utcnow()))
    assert message is not None
    assert arrived.args == [ConversationChanged(message.conversation_id, account.id)]
    with qtbot.waitSignals([bridge.conversation_changed, bridge.conversation_changed], timeout=5000):
        run(workspace.conversations.resolve(message.conversation_id))  # read, then resolved
    bridge.detach()
    seen: list[object] = []
    bridge.conversation_changed.connect(seen.append)
    run(workspace.conversations.reopen(message.conversation_id))
    assert seen == []  # detached: the window no longer listens
