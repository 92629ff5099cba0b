"""The window meets a database it cannot use: one dialog with the ways out, nothing lost."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from console.domain.storage import StorageProblem, WayOut
from console.store.database import DATABASE_FILE
from console.ui.dialogs.storage_problem import StorageProblemDialog
from console.ui.session import open_accounts_session
from console.ui.storage_recovery import open_with_ways_out
from tests.conftest import MemorySecrets
from tests.ui.support import Run


def _dialogs() -> list[StorageProblemDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, StorageProblemDialog) and w.isVisible()]


async def _click_when_shown(dialog: StorageProblemDialog, button: QAbstractButton, qtbot: QtBot) -> WayOut | None:
    """The agent clicks `button` once the dialog is on screen."""

    def click() -> None:
        assert dialog.isVisible()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    asyncio.get_running_loop().call_later(0.2, click)
    return await dialog.choose()


def test_an_empty_database_offers_ways_out_and_a_new_profile_keeps_the_old_file(
    tmp_path: Path, qtbot: QtBot, run: Run
) -> None:
    (tmp_path / DATABASE_FILE).write_bytes(b"")
    shown: list[tuple[str, list[str]]] = []

    async def choose(problem: StorageProblem) -> WayOut | None:
        dialog = StorageProblemDialog(problem)
        shown.append((dialog.text(), [button.text() for button in dialog.buttons()]))
        # First restore, but there is no backup yet; then a new profile.
        way = WayOut.RESTORE_BACKUP if len(shown) == 1 else WayOut.NEW_PROFILE
        return await _click_when_shown(dialog, dialog.button_for(way), qtbot)

    session = run(open_with_ways_out(lambda: open_accounts_session(tmp_path, secrets=MemorySecrets()), choose, tmp_path))
    try:
        assert session is not None
        assert run(session.workspace.accounts.list()) == []
    finally:
        run(session.close())
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(DATABASE_FILE + ".set-aside-")]
    assert "empty (0 bytes)" in shown[0][0]
    assert "Restore the last backup" in shown[0][1] and "Quit" in shown[0][1]
    assert "no backup yet" in shown[1][0]
    assert "Restore the last backup" not in shown[1][1]  # it failed: only the other way and Quit remain
    assert len(kept) == 1 and kept[0].stat().st_size == 0
    assert _dialogs() == []


def test_quitting_at_the_dialog_changes_nothing(tmp_path: Path, qtbot: QtBot, run: Run) -> None:
    (tmp_path / DATABASE_FILE).write_bytes(bytes(8192))

    async def choose(problem: StorageProblem) -> WayOut | None:
        dialog = StorageProblemDialog(problem)
        return await _click_when_shown(dialog, dialog.quit_button, qtbot)

    session = run(open_with_ways_out(lambda: open_accounts_session(tmp_path, secrets=MemorySecrets()), choose, tmp_path))
    assert session is None
    assert (tmp_path / DATABASE_FILE).read_bytes() == bytes(8192)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(DATABASE_FILE)) == [
        DATABASE_FILE,
        DATABASE_FILE + ".lock",
    ]
