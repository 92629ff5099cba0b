"""Files and places from the composer, where the provider sends them: chosen from the Attach
menu with the keyboard, checked by the send's own pre-flight before Send is enabled; a
refused link never reaches the provider."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.domain.capabilities import MB
from console.domain.quick_replies import QuickReply
from console.sandbox.media_host import MediaFile, MediaHost, pdf_bytes
from console.ui.main_window import MainWindow
from console.ui.sender.attach_dialogs import MediaLinkDialog, PlaceDialog
from console.ui.sender.composer import ComposerTab
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession, open_session
from tests.conftest import MemorySecrets
from tests.ui.keyboard import press, type_text
from tests.ui.sender_support import broadcasterbot_sends, click_account, registered_numbers, store_contact
from tests.ui.support import FAST_OPTIONS, FAST_PUSH, Driver, Run

INVOICE = pdf_bytes("Factura 4821")
FILES = {
    "factura.pdf": MediaFile(INVOICE, "application/pdf"),
    "escaneo.pdf": MediaFile(INVOICE, "application/pdf", claimed_length=120 * MB),  # over WhatsApp's 100 MB for documents
}


@pytest.fixture
def media_host(run: Run) -> Iterator[MediaHost]:
    """A file host on its own thread (it cannot start on the thread where the Qt loop runs)."""
    host = run(asyncio.to_thread(MediaHost(FILES).start))
    yield host
    run(asyncio.to_thread(host.stop))


@pytest.fixture
def session(tmp_path: Path, secrets: MemorySecrets, run: Run) -> Iterator[ConsoleSession]:
    """Broadcasterbot's callbacks come at once: the customer's message opens the 24 h window."""
    opened = run(open_session(tmp_path, secrets=secrets, sandbox_configs=FAST_PUSH, options=FAST_OPTIONS))
    yield opened
    run(opened.close())


def _open_chat_where_the_customer_wrote(agent: Driver, window: MainWindow, session: ConsoleSession, run: Run) -> ComposerTab:
    server = session.sandbox
    assert server is not None
    store_contact(run, session, BROADCASTERBOT_DEMO, registered_numbers(session)[0], "Ana Pérez")
    national, country = server.call(server.sandbox.broadcasterbot.registered_contacts)[0]
    server.call(server.sandbox.broadcasterbot.customer_replies, national, country, "¿Me mandan la factura?")
    click_account(agent.qtbot, window, BROADCASTERBOT_DEMO)
    agent.click_contact(0)
    composer = window.sender_pane.composer
    agent.qtbot.waitUntil(lambda: window.chat_pane.model.rowCount() == 1, timeout=20_000)
    agent.qtbot.waitUntil(lambda: composer.text_edit.isEnabled() and composer.attachment.button.isEnabled())
    return composer


def _choose_from_attach_menu(qtbot: QtBot, composer: ComposerTab, position: int) -> None:
    """Tab to Attach, open its menu with Space, walk down to the item at `position` (from 1) and press Enter."""
    composer.text_edit.setFocus()
    qtbot.waitUntil(composer.text_edit.hasFocus)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(composer.attachment.button.hasFocus)

    def in_menu() -> None:
        menu = QApplication.activePopupWidget()
        if menu is not composer.attachment.menu:
            QTimer.singleShot(50, in_menu)
            return
        for _ in range(position):
            qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(100, in_menu)
    press(qtbot, Qt.Key.Key_Space)  # the menu runs until in_menu() picks an item


def _dialog(qtbot: QtBot, composer: ComposerTab, kind: type[Any]) -> Any:
    """The dialog an Attach item opened, once it has the keyboard."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in composer.findChildren(kind)))
    dialog = next(d for d in composer.findChildren(kind) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.focusWidget() is not None)
    return dialog


def _back_in_composer(qtbot: QtBot, window: MainWindow) -> None:
    """The dialog closed: the window is active again, with the keyboard in the message."""
    window.activateWindow()  # the offscreen platform does not give it back on its own
    qtbot.waitUntil(window.sender_pane.text_edit.hasFocus)


def _sent_bodies(session: ConsoleSession) -> list[dict[str, Any]]:
    assert session.sandbox is not None
    return [json.loads(r.body) for r in session.sandbox.sandbox.log.records("broadcasterbot", "send")]


def test_a_file_link_from_the_composer_is_checked_and_sent_and_a_refused_one_sends_nothing(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot, media_host: MediaHost
) -> None:
    composer = _open_chat_where_the_customer_wrote(agent, window, session, run)
    attachment = composer.attachment
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # Too big for the provider: the pre-flight says so in the composer, and nothing can send it.
    _choose_from_attach_menu(qtbot, composer, position=1)
    dialog = _dialog(qtbot, composer, MediaLinkDialog)
    type_text(qtbot, media_host.url("escaneo.pdf"))
    assert dialog.kind_combo.currentText() == "document"
    press(qtbot, Qt.Key.Key_Return)
    _back_in_composer(qtbot, window)
    qtbot.waitUntil(lambda: "media link" in attachment.verdict.text(), timeout=5000)
    assert attachment.bar.isVisible() and "escaneo.pdf" in attachment.label.text()
    assert not composer.send_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    assert broadcasterbot_sends(session) == 0

    qtbot.mouseClick(attachment.remove_button, Qt.MouseButton.LeftButton)
    assert not attachment.bar.isVisible() and attachment.content is None

    # A file it can fetch: checked, then sent with the typed text as its caption.
    _choose_from_attach_menu(qtbot, composer, position=1)
    _dialog(qtbot, composer, MediaLinkDialog)
    type_text(qtbot, media_host.url("factura.pdf"))
    press(qtbot, Qt.Key.Key_Return)
    _back_in_composer(qtbot, window)
    qtbot.waitUntil(composer.send_button.isEnabled, timeout=5000)
    assert attachment.verdict.text() == "✓ Ready to send"
    type_text(qtbot, "Aqui esta tu factura")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: broadcasterbot_sends(session) == 1, timeout=10_000)
    media = _sent_bodies(session)[0]["media"]
    assert media == {
        "type": "document",
        "url": media_host.url("factura.pdf"),
        "caption": "Aqui esta tu factura",
        "filename": "factura.pdf",
        "mimeType": "application/pdf",
    }
    qtbot.waitUntil(lambda: composer.text_edit.toPlainText() == "" and attachment.content is None)
    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: chat.rowCount() == 2)
    assert chat.item(1).attachment is not None and chat.item(1).attachment.url == media_host.url("factura.pdf")


def test_a_place_goes_first_and_the_text_after_it(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    composer = _open_chat_where_the_customer_wrote(agent, window, session, run)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    _choose_from_attach_menu(qtbot, composer, position=2)
    dialog = _dialog(qtbot, composer, PlaceDialog)
    type_text(qtbot, "-34.9")  # one number: the longitude is missing
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "latitude and longitude" in dialog.error.text())
    dialog.coordinates_edit.clear()
    type_text(qtbot, "-34.9058, -56.1913")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Tienda Centro")
    press(qtbot, Qt.Key.Key_Return)
    _back_in_composer(qtbot, window)
    qtbot.waitUntil(composer.send_button.isEnabled, timeout=5000)
    assert "Tienda Centro" in composer.attachment.label.text()
    type_text(qtbot, "Te esperamos aqui")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: broadcasterbot_sends(session) == 2, timeout=10_000)
    place, text = _sent_bodies(session)
    assert place["location"] == {"latitud": "-34.9058", "longitud": "-56.1913", "placeName": "Tienda Centro"}
    assert text["text"]["body"] == "Te esperamos aqui"


def test_attach_is_offered_only_where_the_provider_sends_files_or_places(agent: Driver, window: MainWindow) -> None:
    agent.sync_agenda()  # the Hey Now demo: text only
    agent.click_contact(0)
    attachment = window.sender_pane.composer.attachment
    assert not attachment.button.isEnabled()
    assert "does not send files or places" in attachment.button.toolTip()


def test_a_quick_replys_file_is_attached_and_checked_where_the_provider_sends_files(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot, media_host: MediaHost
) -> None:
    reply = QuickReply("factura", "Hola {nombre}, tu factura.", media_url=media_host.url("factura.pdf"))
    run(session.workspace.quick_replies.save(reply))
    composer = _open_chat_where_the_customer_wrote(agent, window, session, run)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    composer.text_edit.setFocus()
    qtbot.waitUntil(composer.text_edit.hasFocus)

    type_text(qtbot, "/fac")
    qtbot.waitUntil(composer.quick_replies.popup.isVisible)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: composer.text_edit.toPlainText() == "Hola Ana Pérez, tu factura.")
    assert composer.attachment.content is not None and "factura.pdf" in composer.attachment.label.text()
    qtbot.waitUntil(composer.send_button.isEnabled, timeout=5000)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: broadcasterbot_sends(session) == 1, timeout=10_000)
    media = _sent_bodies(session)[0]["media"]
    assert (media["url"], media["caption"]) == (media_host.url("factura.pdf"), "Hola Ana Pérez, tu factura.")
