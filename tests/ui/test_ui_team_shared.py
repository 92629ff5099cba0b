"""The notes panel in team mode, on a team account's conversation: labels typed there go to the
team server and come back from its change log (`label_typed_through_the_team`, run by
`test_ui_team` on its servers); with the server out of reach they are refused in one Spanish
sentence and nothing is kept, and so is the deletion of a team quick reply."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.domain.team import TeamAccount, TeamChange
from console.domain.team_shared import SharedEdit, TeamReply
from console.store import team as team_store
from console.store import team_accounts, team_shared
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from tests.test_relay import _free_port
from tests.test_team_server import Team
from tests.ui.sender_support import store_contact
from tests.ui.support import Run
from tests.ui.test_ui_team import spanish  # noqa: F401 - the Spanish catalogues' fixture

TEAM_ACCOUNT, CUSTOMER = "Ventas equipo", "+59899555001"


def _open_team_conversation(window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot) -> None:
    """A mirrored team account's conversation, open in the window."""
    run(session.workspace.db.run(team_accounts.mirror, [TeamAccount(TEAM_ACCOUNT, "heynow", {})]))
    store_contact(run, session, TEAM_ACCOUNT, CUSTOMER, "Lucía Gómez")

    async def start() -> int:
        account = await session.workspace.accounts.by_name(TEAM_ACCOUNT)
        return (await session.workspace.new_conversations.start(account, CUSTOMER)).conversation_id

    window.inbox_pane.open_conversation(run(start()))
    qtbot.waitUntil(lambda: window.selection.contact is not None and window.selection.contact.phone == CUSTOMER.lstrip("+"))


def _type_labels(window: MainWindow, qtbot: QtBot, text: str) -> None:
    edit = window.notes_panel.labels_edit
    qtbot.waitUntil(edit.isEnabled)
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_labels_typed_while_the_team_server_is_out_of_reach_are_refused_in_one_sentence(
    spanish: None,  # noqa: F811
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
) -> None:
    run(session.workspace.db.run(team_store.join, f"http://127.0.0.1:{_free_port()}", "bruno"))
    session.workspace.secrets.set("team server", "agent token", "t0ken")
    _open_team_conversation(window, session, run, qtbot)
    panel = window.notes_panel
    _type_labels(window, qtbot, "VIP")
    qtbot.waitUntil(lambda: not panel.problem.isHidden(), timeout=5000)
    assert panel.problem.text() == (
        "No se puede contactar con el servidor del equipo, así que este cambio no se hizo; inténtelo de nuevo cuando responda."
    )
    assert panel.labels_edit.text() == ""
    contact = window.selection.contact
    assert contact is not None and run(session.workspace.contact_notes.labels(contact.id)) == ()

    # A quick reply the team has (as the change log brought it) is not deleted while the server is away.
    reply = TeamChange(1, "ana", "quick_reply", "", "", shared=SharedEdit(reply=TeamReply(7, "saludo", "Hola {nombre}")))
    run(session.workspace.db.run(team_shared.apply, [reply]))
    dialog = window.show_quick_replies()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and dialog.delete_button.isEnabled())
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.feedback.text().startswith("No se eliminó: No se puede contactar con el servidor del equipo"))
    assert dialog.table.rowCount() == 1 and [r.name for r in run(session.workspace.quick_replies.every())] == ["saludo"]


def label_typed_through_the_team(team: Team, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot) -> None:
    """Bruno labels the open conversation in his window: the server's change log has it, by him,
    and the panel shows the labels as the log brought them back; Ana's note and her removal of
    a label (asked of the other server process) show in his panel while it stays open."""
    assert run(window._team.join(team.servers[0], team.tokens["bruno"])) == "bruno"
    _open_team_conversation(window, session, run, qtbot)
    _type_labels(window, qtbot, "vip, Mayorista")
    panel = window.notes_panel
    qtbot.waitUntil(lambda: panel.labels_edit.text() == "Mayorista, vip", timeout=5000)
    assert panel.problem.isHidden()

    async def logged() -> list[tuple[str, str, str]]:
        async with httpx.AsyncClient() as http:
            answer = await http.get(
                f"{team.servers[1]}/team/changes",
                params={"limit": 1000},
                headers={"Authorization": f"Bearer {team.tokens['ana']}"},
            )
        changes = answer.json()["changes"]
        return [
            (c["agent"], c["customer"], c["label"])
            for c in changes
            if c["kind"] == "label_added" and c["account"] == TEAM_ACCOUNT
        ]

    assert sorted(run(logged())) == [("bruno", CUSTOMER.lstrip("+"), "Mayorista"), ("bruno", CUSTOMER.lstrip("+"), "vip")]

    async def ana(path: str, body: dict[str, str]) -> int:
        async with httpx.AsyncClient() as http:
            answer = await http.post(
                f"{team.servers[1]}/team/{path}", json=body, headers={"Authorization": f"Bearer {team.tokens['ana']}"}
            )
        return answer.status_code

    conversation = {"account": TEAM_ACCOUNT, "customer": CUSTOMER.lstrip("+")}
    assert run(ana("notes", {**conversation, "text": "Pide factura A"})) == 200
    assert run(ana("labels/remove", {**conversation, "label": "VIP"})) == 200
    qtbot.waitUntil(
        lambda: panel.note_edit.toPlainText() == "Pide factura A" and panel.labels_edit.text() == "Mayorista", timeout=3000
    )
