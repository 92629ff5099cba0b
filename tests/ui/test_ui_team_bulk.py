"""The bulk pane following a run the team server owns: a colleague's run appears in this
window's bulk pane while the server sends it, and following it shows its progress until the
server has sent it to every recipient (once each at the provider)."""

from __future__ import annotations

import secrets
import uuid

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.sandbox import broadcasterbot
from console.sandbox.faults import Fault, FaultKind
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from tests.test_relay import postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_console_send import SENDS, SendingTeam, sandbox_count, sending_team  # noqa: F401 - the team's fixture
from tests.ui.support import Run

RECIPIENTS = 6


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
