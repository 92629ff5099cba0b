"""The window sending on a team account: the customer's message the team server received is in
the chat; an answer typed in the composer while the server is out of reach shows as queued for
the server (in Spanish), and takes the server's state once the server is back; it reaches the
provider once. A colleague's bulk run, which the server owns, shows in the bulk pane while the
server sends it, and following it shows its progress to its end; a run started while the server
is out of reach shows queued (in Spanish) and is sent once when the server is back; a run a single
send would refuse is refused in one sentence, nothing kept."""

from __future__ import annotations

import secrets
import uuid

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.domain.lifecycle import DeliveryState
from console.domain.templates import Template, TemplateKind
from console.domain.views import ChatMessage
from console.sandbox import broadcasterbot
from console.sandbox.faults import Fault, FaultKind
from console.ui.main_window import MainWindow
from console.ui.models.messages import ITEM_ROLE
from console.ui.session import ConsoleSession
from tests.team_switch import Switch
from tests.test_relay import postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_console_send import SENDS, SendingTeam, sandbox_count, sending_team  # noqa: F401 - the team's fixture
from tests.test_team_send import rows
from tests.ui.sender_support import click_account, store_contact
from tests.ui.support import Run
from tests.ui.test_ui_team import spanish  # noqa: F401 - the Spanish catalogues' fixture

QUEUED_MARK = "En cola para el servidor del equipo"
RECIPIENTS = 6


def _row(window: MainWindow, body: str) -> tuple[ChatMessage, str] | None:
    """The chat's row of the message with this text, and what a screen reader says of it."""
    model = window.chat_pane.model
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        item: ChatMessage = index.data(ITEM_ROLE)
        if item.message.body == body:
            return item, str(index.data(Qt.ItemDataRole.AccessibleTextRole))
    return None


def test_a_message_sent_while_the_server_is_away_shows_queued_then_the_servers_state(
    sending_team: SendingTeam,  # noqa: F811
    spanish: None,  # noqa: F811
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    team, tag = sending_team, "ui-" + secrets.token_hex(3)
    national, country = team.registered[3]
    # She writes first (the 24 h are open): the server receives it by callback, and this console from the server.
    team.sandbox.call(team.sandbox.sandbox.broadcasterbot.customer_replies, national, country, f"Buenas {tag}")
    switch = Switch(team.servers[0])
    switch.on()
    try:
        assert run(window._team.join(switch.url, team.tokens["ana"])) == "ana"
        run(session.workspace.team.sync_accounts())
        store_contact(run, session, SENDS, team.customers[3], "Lucía Gómez")

        async def start() -> int:
            account = await session.workspace.accounts.by_name(SENDS)
            return (await session.workspace.new_conversations.start(account, team.customers[3])).conversation_id

        window.inbox_pane.open_conversation(run(start()))
        digits = team.customers[3].lstrip("+")  # her name may be the one she gave the provider, if her message came first
        qtbot.waitUntil(lambda: window.selection.contact is not None and window.selection.contact.phone == digits)

        qtbot.waitUntil(lambda: _row(window, f"Buenas {tag}") is not None, timeout=5000)

        switch.off()
        composer = window.sender_pane.composer
        qtbot.keyClicks(composer.text_edit, f"Hola {tag}")
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
        text = f"Hola {tag}"
        qtbot.waitUntil(lambda: (shown := _row(window, text)) is not None and shown[0].message.queued_for_team, timeout=5000)
        item, spoken = _row(window, text) or (None, "")
        assert item is not None and QUEUED_MARK in spoken
        delegate = window.chat_pane.list.itemDelegate()
        assert delegate._texts(item, None).time.startswith(QUEUED_MARK + " · ")
        assert sandbox_count(team, tag) == 0

        switch.on()
        taken = (DeliveryState.ACCEPTED, DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ)
        qtbot.waitUntil(lambda: (shown := _row(window, text)) is not None and shown[0].message.state in taken, timeout=15000)
        item, spoken = _row(window, text) or (None, "")
        assert item is not None and not item.message.queued_for_team and QUEUED_MARK not in spoken
        assert QUEUED_MARK not in delegate._texts(item, None).time
        assert sandbox_count(team, tag) == 1
    finally:
        switch.off()


def test_a_colleagues_run_shows_in_the_bulk_pane_and_is_followed_to_its_end(
    sending_team: SendingTeam,  # noqa: F811
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    team, tag = sending_team, "run-" + secrets.token_hex(3)
    assert run(window._team.join(team.servers[1], team.tokens["bruno"])) == "bruno"
    run(session.workspace.team.sync_accounts())
    bulk = window.sender_pane.bulk
    # The provider answers each send after 0.3 s: the run is still under way when it shows here.
    team.sandbox.sandbox.faults.add(broadcasterbot.PROVIDER, "send", Fault(FaultKind.DELAY, 0.3))
    try:
        posted = httpx.post(
            f"{team.servers[0]}/team/runs",
            headers={"Authorization": f"Bearer {team.tokens['ana']}"},
            json={
                "client_key": str(uuid.uuid4()),
                "account": SENDS,
                "template": {"name": "bienvenida", "language": "es_mx"},
                "recipients": [{"customer": c, "params": [f"{tag} {n}"]} for n, c in enumerate(team.customers[:RECIPIENTS])],
            },
        )
        assert posted.status_code == 201, posted.text
        qtbot.waitUntil(lambda: bulk.resume_bar.isVisible() and "bienvenida" in bulk.resume_label.text(), timeout=5000)
        assert f"of {RECIPIENTS} done" in bulk.resume_label.text()
        qtbot.mouseClick(bulk.resume_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bulk.progress_label.text().startswith("Finished:"), timeout=15000)
    finally:
        team.sandbox.sandbox.faults.clear()
    assert bulk.progress.value() == RECIPIENTS
    assert f"sent {RECIPIENTS}" in bulk.progress_label.text()
    assert sandbox_count(team, tag) == RECIPIENTS


READ_ONLY = (
    "No hay conexión con el servidor del equipo: las conversaciones del equipo son de solo lectura hasta que vuelva a "
    "responder; los envíos quedan en cola."
)
def _account_line(window: MainWindow, name: str) -> str:
    """The second line of the account's entry in the accounts pane: its connection."""
    model = window.accounts_pane.model
    row = next(row for row in range(model.rowCount()) if model.account(row).name == name)
    return str(model.data(model.index(row))).splitlines()[1]


BANNER = "Sin conexión con el servidor del equipo: solo lectura; los envíos quedan en cola"


def test_while_the_server_is_away_the_team_conversation_is_read_only_and_a_send_waits_queued(
    sending_team: SendingTeam,  # noqa: F811
    spanish: None,  # noqa: F811
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    team, tag, workspace = sending_team, "ro-" + secrets.token_hex(3), session.workspace
    banner, bar = window.offline_banner, window._offline_bar
    national, country = team.registered[4]
    team.sandbox.call(team.sandbox.sandbox.broadcasterbot.customer_replies, national, country, f"Buenas {tag}")  # the 24 h open
    switch = Switch(team.servers[1])
    switch.on()
    try:
        assert run(window._team.join(switch.url, team.tokens["ana"])) == "ana"
        run(workspace.team.sync_accounts())
        store_contact(run, session, SENDS, team.customers[4], "Rosa Díaz")

        async def start() -> int:
            account = await workspace.accounts.by_name(SENDS)
            return (await workspace.new_conversations.start(account, team.customers[4])).conversation_id

        conversation_id = run(start())
        window.inbox_pane.open_conversation(conversation_id)
        qtbot.waitUntil(lambda: window.team_bar.key is not None and window.inbox_keys._current_conversation() == conversation_id)
        qtbot.waitUntil(lambda: _row(window, f"Buenas {tag}") is not None, timeout=5000)
        contact = window.selection.contact
        assert contact is not None and not bar.isVisible()
        assert _account_line(window, SENDS) == "a través del servidor del equipo"  # checked by the server, not here
        qtbot.waitUntil(lambda: any(account.team for account in window.health._accounts))  # the status bar knows it
        assert "sin verificar" not in window.health.accounts_label.text()  # and does not count it unchecked

        switch.off()
        qtbot.waitUntil(bar.isVisible, timeout=5000)
        assert banner.label.text() == BANNER and banner.toolTip()  # the tooltip says why
        assert _account_line(window, SENDS) == "sin conexión con el servidor del equipo"
        # Each edit is refused in one sentence, and nothing changes in the store.
        window.inbox_keys.resolve.trigger()
        qtbot.waitUntil(lambda: READ_ONLY in window.notices.texts())
        window.take_action.trigger()
        qtbot.waitUntil(lambda: window.notices.texts().count(READ_ONLY) == 2)
        qtbot.keyClicks(window.notes_panel.labels_edit, "vip")
        qtbot.keyClick(window.notes_panel.labels_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.notes_panel.problem.isVisible() and window.notes_panel.problem.text() == READ_ONLY)
        row = run(workspace.inbox.row(conversation_id))
        assert row is not None and row.status.value == "open"
        assert run(workspace.contact_notes.labels(contact.id)) == ()
        held = run(workspace.team.conversation(SENDS, contact.phone))
        assert held is not None and held.holder is None

        composer = window.sender_pane.composer
        text = f"Hola {tag}"
        qtbot.keyClicks(composer.text_edit, text)
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: (shown := _row(window, text)) is not None and shown[0].message.queued_for_team, timeout=5000)
        assert sandbox_count(team, tag) == 0

        switch.on()
        qtbot.waitUntil(lambda: not bar.isVisible(), timeout=15000)
        assert _account_line(window, SENDS) == "a través del servidor del equipo"
        qtbot.waitUntil(lambda: (shown := _row(window, text)) is not None and not shown[0].message.queued_for_team, timeout=5000)
        qtbot.waitUntil(lambda: sandbox_count(team, tag) == 1, timeout=5000)
        window.inbox_keys.resolve.trigger()  # editable again
        qtbot.waitUntil(lambda: window.inbox_keys._current_conversation() is None)  # resolved: it left the open list
        resolved = run(workspace.inbox.row(conversation_id))
        assert resolved is not None and resolved.status.value == "resolved"
        query = "SELECT status FROM team_conversation WHERE account = :a AND customer = :c"
        assert rows(team.database_url, query, a=SENDS, c=contact.phone) == [("resolved",)]  # for the whole team
        assert sandbox_count(team, tag) == 1
    finally:
        switch.off()


QUEUED_RUN = "En cola para el servidor del equipo: lo envía en cuanto responda."


def test_a_bulk_run_started_while_the_server_is_away_shows_queued_then_is_sent_once(
    sending_team: SendingTeam,  # noqa: F811
    spanish: None,  # noqa: F811
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    team, tag, workspace = sending_team, "q-" + secrets.token_hex(3), session.workspace
    switch = Switch(team.servers[0])
    switch.on()
    try:
        assert run(window._team.join(switch.url, team.tokens["ana"])) == "ana"
        run(workspace.team.sync_accounts())
        account = run(workspace.accounts.by_name(SENDS))
        run(workspace.templates.add(account, Template.from_body("bienvenida", "Hola {{1}}", "es_mx")))
        click_account(qtbot, window, SENDS)
        sender = window.sender_pane
        sender.show_templates()
        qtbot.waitUntil(lambda: len(sender.templates.form.param_edits) == 1)
        qtbot.keyClicks(sender.templates.form.param_edits[0], tag)
        sender.templates.bulk_button.click()
        bulk = sender.bulk
        bulk.recipients_edit.setPlainText("\n".join(team.customers[:RECIPIENTS]))  # as pasted
        qtbot.waitUntil(lambda: bulk.start_button.isEnabled(), timeout=5000)

        switch.off()
        qtbot.waitUntil(window._offline_bar.isVisible, timeout=5000)
        qtbot.mouseClick(bulk.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: QUEUED_RUN in bulk.progress_label.text(), timeout=5000)
        assert bulk.cancel_button.isEnabled() and sandbox_count(team, tag) == 0

        switch.on()
        qtbot.waitUntil(lambda: bulk.progress_label.text().startswith("Terminado:"), timeout=20000)
        assert QUEUED_RUN not in bulk.progress_label.text() and bulk.progress.value() == RECIPIENTS
        assert sandbox_count(team, tag) == RECIPIENTS
    finally:
        switch.off()


def test_a_bulk_run_a_single_send_would_refuse_is_refused_in_one_sentence_with_nothing_kept(
    sending_team: SendingTeam,  # noqa: F811
    spanish: None,  # noqa: F811
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    """A template with a file on a team account is checked as a single send of it before the run is
    stored: Broadcasterbot's templates carry no file, so the run is refused and the pane can start again."""
    team, workspace = sending_team, session.workspace
    assert run(window._team.join(team.servers[0], team.tokens["ana"])) == "ana"
    run(workspace.team.sync_accounts())
    account = run(workspace.accounts.by_name(SENDS))
    run(workspace.templates.add(account, Template.from_body("factura_pdf", "Factura {{1}}", "es_mx", TemplateKind.DOCUMENT)))
    click_account(qtbot, window, SENDS)
    sender = window.sender_pane
    sender.show_templates()
    qtbot.waitUntil(lambda: sender.templates.form.media_edit is not None)
    form = sender.templates.form
    qtbot.keyClicks(form.param_edits[0], "A-1")
    qtbot.keyClicks(form.media_edit, "https://files.example.net/factura.pdf")
    sender.templates.bulk_button.click()
    bulk = sender.bulk
    bulk.recipients_edit.setPlainText("\n".join(team.customers[:2]))
    qtbot.waitUntil(lambda: bulk.start_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(bulk.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("no llevan archivos" in text for text in window.notices.texts()), timeout=5000)
    qtbot.waitUntil(bulk.start_button.isEnabled, timeout=2000)  # not left running
    assert run(workspace.bulk.unfinished()) == []
