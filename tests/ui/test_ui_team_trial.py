"""File → Try team mode… in the sandbox: a real PostgreSQL and a real team server process on the
sandbox's simulators, this console joined as Ana, Beto's token shown for a second console, and
everything stopped with the session. Without PostgreSQL: the sentence, and nothing changed.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytestqt.qtbot import QtBot

from console.sandbox import broadcasterbot
from console.team_trial.postgres import NO_POSTGRES, POSTGRES_BIN_ENV, postgres_binaries
from console.team_trial.team import BROADCASTERBOT
from console.ui.dialogs.team_trial import TeamTrialDialog
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession, open_session
from console.ui.wording import say
from tests.conftest import MemorySecrets
from tests.ui.support import FAST_OPTIONS, FAST_SANDBOX, Run


class Opened:
    """The sandbox's session and its window, closed once (by the test or at its end)."""

    def __init__(self, session: ConsoleSession, window: MainWindow, run: Run) -> None:
        self.session, self.window, self._run = session, window, run
        self._closed = False

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.window.shutdown()
            self.window.close()
            self._run(self.session.close(), timeout=30_000)


@pytest.fixture
def sandbox_window(tmp_path: Path, qtbot: QtBot, run: Run) -> Iterator[Opened]:
    session = run(open_session(tmp_path, secrets=MemorySecrets(), heynow_config=FAST_SANDBOX, options=FAST_OPTIONS))
    window = MainWindow(session.workspace, sandbox=True, try_team=session.try_team)
    run(session.workspace.start_background())
    window.show()
    qtbot.waitExposed(window)
    opened = Opened(session, window, run)
    yield opened
    opened.close()


def _open_trial(window: MainWindow, qtbot: QtBot) -> TeamTrialDialog:
    assert window.try_team_action is not None and window.try_team_action.isVisible()
    window.try_team_action.trigger()
    dialog = window.findChild(TeamTrialDialog)
    assert dialog is not None
    return dialog


def test_without_postgresql_the_dialog_says_what_to_install_and_nothing_changes(
    sandbox_window: Opened, qtbot: QtBot, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, window = sandbox_window.session, sandbox_window.window
    (tmp_path / "none").mkdir()
    monkeypatch.setenv(POSTGRES_BIN_ENV, str(tmp_path / "none"))
    dialog = _open_trial(window, qtbot)
    qtbot.waitUntil(lambda: dialog.status.text() == say(NO_POSTGRES()), timeout=5000)
    assert dialog.started is None and not dialog.details.isVisible()
    assert session.trial is None and run(session.workspace.team.link()) is None
    assert not (session.workspace.data_dir / "team-trial").exists()


@pytest.mark.skipif(postgres_binaries() is None, reason="needs PostgreSQL's binaries (Debian's postgresql package)")
def test_the_sandbox_starts_a_team_joins_it_as_ana_and_stops_it_with_the_session(
    sandbox_window: Opened, qtbot: QtBot, run: Run
) -> None:
    session, window = sandbox_window.session, sandbox_window.window
    assert session.sandbox is not None
    simulator = session.sandbox.sandbox.broadcasterbot
    before = session.sandbox.call(simulator.subscriptions)[broadcasterbot.DEMO_API_KEY]["url"]
    dialog = _open_trial(window, qtbot)
    again = run(session.try_team(), timeout=30_000)  # asked while it starts: it waits for that start
    qtbot.waitUntil(lambda: dialog.started is not None, timeout=5000)
    started = dialog.started
    assert started is again
    assert started.tokens["beto"] in dialog.details.toPlainText() and started.server_url in dialog.details.toPlainText()
    assert "ana" in dialog.status.text()
    link = run(session.workspace.team.link())
    assert link is not None and link.agent == "ana" and link.server_url == started.server_url
    qtbot.waitUntil(lambda: BROADCASTERBOT in [a.name for a in run(session.workspace.accounts.list())], timeout=5000)
    assert run(session.try_team()) is started  # asked again later: the same team, not a second one
    cluster = session.trial.cluster_folder if session.trial is not None else None
    assert cluster is not None and (cluster / "data" / "postmaster.pid").exists()

    sandbox_window.close()
    assert not (cluster / "data" / "postmaster.pid").exists()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", urlsplit(started.server_url).port or 0)) != 0
    assert simulator.subscriptions()[broadcasterbot.DEMO_API_KEY]["url"] == before  # its callbacks went back to the console
