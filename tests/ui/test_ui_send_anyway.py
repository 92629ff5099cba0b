"""Warnings with "Send anyway" in the window: the composer for a 24 h window the console
did not see, the template tab for a number newer than the numbering plan. Nothing is sent
until the agent says so, by mouse or keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from console.domain.accounts import ProviderKind
from console.domain.lifecycle import DeliveryState
from console.domain.templates import Template, TemplateKind
from console.sandbox.cliengo_catalogue import DEMO_API_KEY as CLIENGO_KEY
from console.sandbox.cliengo_catalogue import DEMO_WEBSITE
from console.store import contacts as contact_queries
from console.store.tables import RelayCursorRow
from console.ui.main_window import MainWindow
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession
from tests.ui.sender_support import broadcasterbot_sends, click_account, store_contact
from tests.ui.support import Run

CLIENGO = "Cliengo"


def _click_contact_numbered(qtbot: QtBot, window: MainWindow, digits: str) -> None:
    pane = window.agenda_pane

    def row() -> int | None:
        rows = (r for r in range(pane.model.rowCount()) if pane.model.contact(r) and pane.model.contact(r).phone == digits)
        return next(rows, None)

    qtbot.waitUntil(lambda: row() is not None)
    rect = pane.table.visualRect(pane.model.index(row(), 0))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.selection.contact is not None and window.selection.contact.phone == digits)


def _callbacks_applied(run: Run, session: ConsoleSession) -> int:
    def last(db: Session) -> int:
        return max((row.last_event_id for row in db.exec(select(RelayCursorRow))), default=0)

    return run(session.workspace.db.run(last))


def test_the_composer_offers_send_anyway_for_a_window_it_did_not_see(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    """The customer may have written before the console was installed: the agent is told,
    and Broadcasterbot, which refuses outside the window itself, has the last word."""
    customer = "+52 55 9876 5432"
    account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    run(session.workspace.contacts.register(account, customer))
    store_contact(run, session, BROADCASTERBOT_DEMO, customer, "Rosa Díaz")
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    _click_contact_numbered(qtbot, window, "525598765432")
    composer = window.sender_pane.composer
    qtbot.waitUntil(lambda: composer.session_bar.isVisible())
    assert composer.text_edit.isEnabled()  # a closed window as far as the console knows no longer locks the text

    qtbot.keyClicks(composer.text_edit, "Hola Rosa")
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    bar = composer.send_anyway
    qtbot.waitUntil(bar.isVisible)
    assert "A 24 h window this console did not see open." in bar.text.text()
    assert "only templates can open a conversation" in bar.text.text()
    assert composer.feedback.text().startswith("Not sent yet")
    assert broadcasterbot_sends(session) == 0
    assert composer.text_edit.toPlainText() == "Hola Rosa"

    qtbot.keyClicks(composer.text_edit, "!")  # the warning was about what was sent
    assert not bar.isVisible()
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(bar.isVisible)

    # From the keyboard: the button takes focus from Tab and sends with Space (or Alt+A).
    assert bar.button.focusPolicy() & Qt.FocusPolicy.TabFocus
    bar.button.setFocus()
    qtbot.keyClick(bar.button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: broadcasterbot_sends(session) == 1)
    # Nobody wrote from this number, so Broadcasterbot itself fails the text.
    qtbot.waitUntil(lambda: composer.feedback.text().startswith("Not sent:"))
    assert not bar.isVisible()
    assert window.selection.message_id is not None
    # The failure's callback follows; let the console apply it before the session closes (a
    # callback stored just as the relay reader is cancelled can hold the close up).
    qtbot.waitUntil(lambda: _callbacks_applied(run, session) >= 1)


def test_the_template_tab_offers_send_anyway_for_a_number_newer_than_the_plan(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    unlisted = "59890123456"  # +598 90 123 456: a possible Uruguayan number the plan does not list
    assert session.sandbox is not None
    values = {"base_url": session.sandbox.base_urls["cliengo"], "api_key": CLIENGO_KEY, "website_id": DEMO_WEBSITE}

    async def prepare() -> None:
        workspace = session.workspace
        account = await workspace.accounts.add_account(CLIENGO, ProviderKind.CLIENGO, values)
        await workspace.templates.add(account, Template("7", variables=("name",), body="¡Hola {{name}}!"))
        await workspace.db.run(contact_queries.ensure_contact, account.id, unlisted, unlisted, "Nuevo cliente")

    run(prepare())
    click_account(qtbot, window, CLIENGO)
    _click_contact_numbered(qtbot, window, unlisted)
    sender = window.sender_pane
    sender.show_templates()
    tab = sender.templates
    qtbot.waitUntil(lambda: tab.form.template is not None and tab.form.template.name == "7")
    qtbot.keyClicks(tab.form.variable_edits["name"], "Nuevo")
    bar = tab.send_anyway
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert "A number this console does not know." in bar.text.text()
    assert "is not in the numbering plan this console knows" in bar.text.text()
    assert not tab.send_button.isEnabled() and bar.button.isEnabled()
    assert session.sandbox.sandbox.cliengo.notifications_sent() == []  # (the health check posts an empty body)

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    edit = tab.form.variable_edits["name"]
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # "Send &anyway", from where the agent types
    qtbot.waitUntil(lambda: tab.feedback.text() == "Sent.", timeout=10_000)
    [sent] = session.sandbox.sandbox.cliengo.notifications_sent()
    assert sent.destination == unlisted
    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: chat.rowCount() == 1)
    assert chat.message(0).state is DeliveryState.ACCEPTED


def test_the_template_tab_refuses_a_broadcasterbot_template_with_media_inline(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    """Broadcasterbot's templates carry no media: said by the check, before anything is sent."""
    customer = "+52 55 9876 5432"
    account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    run(session.workspace.contacts.register(account, customer))
    run(session.workspace.templates.add(account, Template.from_body("promo", "Hola {{1}}", "es_mx", TemplateKind.IMAGE)))
    store_contact(run, session, BROADCASTERBOT_DEMO, customer, "Rosa Díaz")
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    _click_contact_numbered(qtbot, window, "525598765432")
    sender = window.sender_pane
    sender.show_templates()
    tab = sender.templates
    combo = tab.template_combo
    qtbot.waitUntil(lambda: any("promo" in combo.itemText(i) for i in range(combo.count())))
    combo.setCurrentIndex(next(i for i in range(combo.count()) if "promo" in combo.itemText(i)))
    qtbot.waitUntil(lambda: tab.form.template is not None and tab.form.template.name == "promo")
    qtbot.keyClicks(tab.form.param_edits[0], "Rosa")
    assert tab.form.media_edit is not None
    qtbot.keyClicks(tab.form.media_edit, "https://example.com/promo.png")
    expected = "media link: Concepto Móvil Broadcasterbot templates carry no media: send the file as a message of its own"
    qtbot.waitUntil(lambda: tab.checks.text() == expected, timeout=5000)
    assert not tab.send_button.isEnabled()
    assert broadcasterbot_sends(session) == 0
