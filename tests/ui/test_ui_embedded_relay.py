"""The console reads its embedded relay's store in-process: a callback stored while the
relay's HTTP listener is closed still reaches the chat, so no loopback HTTP is involved."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from console.domain.messages import Direction
from console.relay.embedded import STORE_FILE
from console.relay.store import Incoming, RelayStore, sqlite_url, utc_now
from console.sandbox.broadcasterbot_bodies import Contact
from console.sandbox.broadcasterbot_callbacks import text_message_callback
from console.ui.main_window import MainWindow
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession, open_session
from tests.conftest import MemorySecrets
from tests.ui.sender_support import click_account, store_contact
from tests.ui.support import FAST_OPTIONS, FAST_SANDBOX, Driver, Run

ANA = Contact("5544332211", "MX")


@pytest.fixture
def session(tmp_path: Path, secrets: MemorySecrets, run: Run) -> Iterator[ConsoleSession]:
    opened = run(open_session(tmp_path, secrets=secrets, heynow_config=FAST_SANDBOX, options=FAST_OPTIONS))
    yield opened
    run(opened.close())


def _store_as_the_relay_does(session: ConsoleSession, route: str, body: dict[str, object]) -> None:
    """What the relay's callback handler commits, written by another connection to the same
    store (as `centralita relay` on this data dir would)."""
    store = RelayStore.open(sqlite_url(session.workspace.data_dir / STORE_FILE))
    try:
        [stored] = store.append([Incoming(route, "broadcasterbot", json.dumps(body).encode(), utc_now())])
        assert not stored.duplicate
    finally:
        store.close()


def test_a_callback_reaches_the_chat_while_the_relays_port_is_closed(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    store_contact(run, session, BROADCASTERBOT_DEMO, "+525544332211", "Ana Pérez")
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    agent.click_contact(0)
    account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    url = run(session.workspace.callback_routes.callback_url(account))
    root = session.relay.root_url
    assert url is not None and root is not None

    run(session.relay.stop())
    with pytest.raises(httpx.ConnectError):  # nobody answers on the relay's port any more
        httpx.get(f"{root}/events", timeout=2)

    _store_as_the_relay_does(session, url.rsplit("/", 1)[1], text_message_callback("wamid-1", ANA, "¿Llegó mi pedido?"))

    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: chat.rowCount() == 1, timeout=10_000)
    assert chat.message(0).direction is Direction.INCOMING
    assert chat.message(0).body == "¿Llegó mi pedido?"
