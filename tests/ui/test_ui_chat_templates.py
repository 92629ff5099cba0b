"""A template bubble reads as the customer read it; its name and values are in the tooltip and
the timeline; a template the catalogue has no text for says so in the bubble."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.domain.content import TemplateContent
from console.ui.chat.bubble_layout import shown_text
from console.ui.main_window import MainWindow
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession
from tests.ui.sender_support import ORDER_READY, click_account, registered_numbers, store_contact
from tests.ui.support import Driver, Run


def test_template_bubbles_show_the_text_the_customer_read(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    customer = registered_numbers(session)[0]
    store_contact(run, session, BROADCASTERBOT_DEMO, customer, "Lucía Gómez")
    workspace = session.workspace
    account = run(workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    run(workspace.templates.add(account, ORDER_READY))
    run(workspace.outbox.send(account, customer, TemplateContent("pedido_listo", ("Lucía", "MX-48213"), language="es_mx")))
    run(workspace.outbox.send(account, customer, TemplateContent("aviso_pago", ("Lucía",))))

    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    agent.click_contact(0)
    chat = window.chat_pane
    qtbot.waitUntil(lambda: chat.model.rowCount() == 2)

    known, unknown = chat.model.item(0), chat.model.item(1)
    assert shown_text(known) == "Hola Lucía, tu pedido MX-48213 ya salio."
    tooltip = chat.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.splitlines()[0] == "Template pedido_listo · es_mx: Lucía · MX-48213"
    assert shown_text(unknown) == "template aviso_pago — its text is not in the catalogue"
    assert chat.model.index(1).data(Qt.ItemDataRole.ToolTipRole).startswith("Template aviso_pago: Lucía")
    # Both bubbles hold their text (the painter draws `shown_text` in it).
    for row in (0, 1):
        layout = chat.delegate.layout_at(chat.model.index(row))
        assert layout.text is not None and layout.text.height() > 0

    # The timeline keeps what was asked: the template's name and values.
    chat.list.setCurrentIndex(chat.model.index(0))
    qtbot.waitUntil(lambda: "[pedido_listo] Lucía · MX-48213" in window.timeline_pane.header.text())
