"""Steps the sender tests share: picking an account, a stored contact, the sandbox's numbers."""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.domain.phones import parse_phone
from console.domain.templates import Template
from console.store import contacts as contact_queries
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from tests.ui.support import Run

ORDER_READY = Template.from_body("pedido_listo", "Hola {{1}}, tu pedido {{2}} ya salio.", "es_mx")


def click_account(qtbot: QtBot, window: MainWindow, name: str) -> None:
    pane = window.accounts_pane
    qtbot.waitUntil(lambda: any(pane.model.account(r).name == name for r in range(pane.model.rowCount())))
    row = next(r for r in range(pane.model.rowCount()) if pane.model.account(r).name == name)
    rect = pane.list.visualRect(pane.model.index(row))
    qtbot.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.selection.account is not None and window.selection.account.name == name)


def store_contact(run: Run, session: ConsoleSession, account_name: str, phone: str, name: str) -> None:
    """A contact the console already knows (as after an import or a first message)."""

    async def store() -> None:
        account = await session.workspace.accounts.by_name(account_name)
        digits = parse_phone(phone).digits
        await session.workspace.db.run(contact_queries.ensure_contact, account.id, digits, digits, name)

    run(store())


def registered_numbers(session: ConsoleSession) -> list[str]:
    """The Broadcasterbot demo's opted-in customers, as +E.164."""
    server = session.sandbox
    assert server is not None
    contacts = server.call(server.sandbox.broadcasterbot.registered_contacts)
    return [
        phonenumbers.format_number(phonenumbers.parse(national, country), phonenumbers.PhoneNumberFormat.E164)
        for national, country in contacts
    ]


def broadcasterbot_sends(session: ConsoleSession) -> int:
    assert session.sandbox is not None
    return session.sandbox.sandbox.log.count("broadcasterbot", "send")
