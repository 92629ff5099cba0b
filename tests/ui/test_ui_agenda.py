"""The agenda pane against the sandbox: sync, filter, progress and cancel, CSV import and export,
and the moves the window's shortcuts make."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.domain.accounts import Account
from console.domain.phones import parse_phone
from console.domain.text_search import fold
from console.sandbox.heynow import HeyNowSandboxConfig
from console.sandbox.recorder import Fault, FaultKind
from console.services.agenda import AgendaService
from console.store.contacts import UPSERT_BATCH
from console.store.secrets import MemorySecrets
from console.ui.bridge import TopicsBridge
from console.ui.labels import has_name
from console.ui.models.agenda import AgendaTableModel
from console.ui.panes.agenda import AgendaPane
from console.ui.selection import Selection
from console.ui.session import BROADCASTERBOT_DEMO, DEMO_ACCOUNT, ConsoleSession, open_session
from console.ui.tasks import stop_work
from tests.ui.support import FAST_OPTIONS, FAST_SANDBOX, Run

LEFT = Qt.MouseButton.LeftButton


class Agenda:
    """The pane on its own, over the session's workspace, with the account chosen."""

    def __init__(self, session: ConsoleSession, qtbot: QtBot, run: Run) -> None:
        self.session = session
        self.qtbot = qtbot
        self.run = run
        self.bridge = TopicsBridge(session.workspace.topics)
        self.selection = Selection()
        self.pane = AgendaPane(session.workspace.agenda, session.workspace.accounts, self.bridge, self.selection)
        qtbot.addWidget(self.pane)
        self.pane.resize(900, 600)
        self.pane.show()
        self.notices: list[str] = []
        self.pane.notice.connect(self.notices.append)

    def use(self, name: str) -> Account:
        account = self.run(self.session.workspace.accounts.by_name(name))
        self.selection.set_account(account)
        return account

    def stored(self, query: str = "") -> int:
        account = self.selection.account
        assert account is not None
        return self.run(self.session.workspace.agenda.count(account.id, query))

    def sync(self) -> None:
        pane = self.pane
        self.qtbot.mouseClick(pane.sync_button, LEFT)
        self.qtbot.waitUntil(lambda: pane.job_row.isHidden() and pane.model.rowCount() > 0, timeout=20_000)

    def text(self, row: int, column: int) -> str:
        self.qtbot.waitUntil(lambda: self.pane.model.contact(row) is not None)
        return self.pane.model.index(row, column).data()

    def choose_file(self, path: Path) -> None:
        dialog = self.pane.file_dialog
        assert dialog is not None
        self.qtbot.waitUntil(dialog.isVisible)
        dialog.selectFile(str(path))
        dialog.accept()

    def close(self) -> None:
        stop_work(self.pane)
        self.bridge.detach()


@pytest.fixture
def agenda(session: ConsoleSession, qtbot: QtBot, run: Run) -> Iterator[Agenda]:
    opened = Agenda(session, qtbot, run)
    opened.use(DEMO_ACCOUNT)
    yield opened
    opened.close()


def test_sync_then_typing_narrows_the_rows(agenda: Agenda, qtbot: QtBot) -> None:
    pane = agenda.pane
    assert pane.model.rowCount() == 0
    assert not pane.export_button.isEnabled()
    agenda.sync()
    total = agenda.stored()
    assert total == 200
    qtbot.waitUntil(lambda: pane.model.rowCount() == total)
    assert agenda.notices[-1] == pane.tr("Agenda synced: %n contact(s)", "", total)

    qtbot.keyClicks(pane.filter_edit, "ma")
    two_letters = agenda.stored("ma")
    assert 0 < two_letters < total
    qtbot.waitUntil(lambda: pane.model.rowCount() == two_letters)

    qtbot.keyClicks(pane.filter_edit, "rt")
    four_letters = agenda.stored("mart")
    assert 0 < four_letters < two_letters
    qtbot.waitUntil(lambda: pane.model.rowCount() == four_letters)
    qtbot.waitUntil(lambda: pane.model.contact(0) is not None)
    first = pane.model.contact(0)
    assert first is not None and "mart" in (first.display_name + first.phone).lower().replace("í", "i")

    pane.filter_edit.clear()
    qtbot.waitUntil(lambda: pane.model.rowCount() == total)


def test_the_table_writes_numbers_as_the_agent_does_and_finds_them_so(agenda: Agenda, qtbot: QtBot) -> None:
    pane = agenda.pane
    agenda.sync()
    qtbot.waitUntil(lambda: pane.model.contact(0) is not None)
    row, contact = next(
        (r, c) for r, c in ((r, pane.model.contact(r)) for r in range(200)) if c and has_name(c) and c.phone.startswith("598")
    )
    national = agenda.text(row, AgendaTableModel.PHONE)
    assert national.startswith("09"), national  # Uruguayan numbers in a UY account: national form
    other = next((r for r in range(200) if not pane.model.contact(r).phone.startswith("598")), None)
    if other is not None:
        assert agenda.text(other, AgendaTableModel.PHONE).startswith("+")
    written = parse_phone(contact.phone).number.national_number
    qtbot.keyClicks(pane.filter_edit, f"0{str(written)[:2]} {str(written)[2:]}")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    assert agenda.text(0, AgendaTableModel.NAME) == pane.model.contact(0).display_name
    assert pane.model.contact(0).id == contact.id
    assert agenda.text(0, AgendaTableModel.ACCOUNT) == DEMO_ACCOUNT
    assert agenda.text(0, AgendaTableModel.WINDOW) == pane.model.tr("n.a.")  # Hey Now has no 24 h window
    assert agenda.text(0, AgendaTableModel.OPT_IN) == pane.model.tr("yes")
    header = pane.model.headerData(AgendaTableModel.OPT_IN, Qt.Orientation.Horizontal)
    assert header == pane.model.tr("In agenda")


def test_sync_can_be_cancelled_while_downloading(agenda: Agenda, qtbot: QtBot) -> None:
    sandbox = agenda.session.sandbox
    assert sandbox is not None and sandbox.sandbox is not None
    sandbox.sandbox.faults.add("heynow", "agenda", Fault(FaultKind.DELAY, seconds=5.0, times=1))
    pane = agenda.pane
    qtbot.mouseClick(pane.sync_button, LEFT)
    assert pane.job_row.isVisible() and pane.cancel_button.isVisible()
    assert not pane.sync_button.isEnabled() and not pane.import_button.isEnabled()
    qtbot.waitUntil(lambda: sandbox.sandbox.log.count("heynow", "agenda") == 1)
    qtbot.mouseClick(pane.cancel_button, LEFT)
    assert pane.job_row.isHidden()
    assert pane.sync_button.isEnabled()
    assert agenda.notices[-1] == pane.tr("Agenda sync cancelled; the contacts stored so far are kept.")
    qtbot.wait(200)
    assert pane.model.rowCount() == 0


@pytest.fixture
def big_session(tmp_path: Path, run: Run) -> Iterator[ConsoleSession]:
    config = HeyNowSandboxConfig(status_delays=FAST_SANDBOX.status_delays, agenda_size=3 * UPSERT_BATCH)
    opened = run(open_session(tmp_path, secrets=MemorySecrets(), heynow_config=config, options=FAST_OPTIONS))
    yield opened
    run(opened.close())


def test_sync_shows_its_progress_and_a_cancel_keeps_the_store_consistent(
    big_session: ConsoleSession, qtbot: QtBot, run: Run
) -> None:
    agenda = Agenda(big_session, qtbot, run)
    try:
        agenda.use(DEMO_ACCOUNT)
        pane = agenda.pane
        seen: list[tuple[str, int, int]] = []

        def on_progress(value: int) -> None:
            if pane.progress.text().startswith("Storing") and value > 0 and not seen:
                seen.append((pane.progress.text(), pane.progress.value(), pane.progress.maximum()))
                qtbot.mouseClick(pane.cancel_button, LEFT)

        pane.progress.valueChanged.connect(on_progress)
        qtbot.mouseClick(pane.sync_button, LEFT)
        qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
        assert seen[0] == (f"Storing {UPSERT_BATCH} of {3 * UPSERT_BATCH} contacts", UPSERT_BATCH, 3 * UPSERT_BATCH)
        assert pane.job_row.isHidden()
        assert agenda.notices[-1] == pane.tr("Agenda sync cancelled; the contacts stored so far are kept.")

        # Whole batches only, and nobody marked as having left the agenda.
        stored = agenda.stored()
        assert stored in (UPSERT_BATCH, 2 * UPSERT_BATCH)
        qtbot.waitUntil(lambda: pane.model.rowCount() == agenda.stored())
        account = agenda.selection.account
        assert account is not None
        contacts = run(big_session.workspace.agenda.page(account.id, "", 0, 3 * UPSERT_BATCH))
        assert all(c.in_agenda for c in contacts)

        pane.progress.valueChanged.disconnect(on_progress)
        agenda.sync()
        qtbot.waitUntil(lambda: pane.model.rowCount() == 3 * UPSERT_BATCH, timeout=20_000)
    finally:
        agenda.close()


def _write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def test_the_import_preview_shows_bad_rows_before_anything_is_stored(agenda: Agenda, qtbot: QtBot, tmp_path: Path) -> None:
    source = _write(
        tmp_path / "clientes.csv",
        [
            "Nombre;Teléfono;Ciudad",
            "Lucía Pérez;099 111 222;Salto",
            "Sin número;;Rivera",
            "Raúl;12;Paysandú",
            "Eva;+598 99 333 444;",
        ],
        "latin-1",
    )
    pane = agenda.pane
    qtbot.mouseClick(pane.import_button, LEFT)
    agenda.choose_file(source)
    qtbot.waitUntil(lambda: pane.import_dialog is not None and pane.import_dialog.isVisible())
    dialog = pane.import_dialog
    assert dialog is not None
    model = dialog.model
    assert model.rowCount() == 4
    problems = [model.index(r, 3).data() for r in range(4)]
    assert problems[0] == problems[3] == model.tr("ready")
    assert problems[1] == "No phone number"
    assert problems[2].startswith("Invalid number:") and "12" in problems[2]
    assert model.index(2, 0).data() == "4"  # the file's line
    assert model.index(0, 2).data() == "099 111 222"
    assert model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "Nombre" in dialog.columns_label.text() and "Teléfono" in dialog.columns_label.text()
    assert dialog.tr("%n row(s) with problems will be skipped", "", 2) in dialog.summary.text()
    assert dialog.import_button.text() == dialog.tr("Import %n contact(s)", "", 2)
    assert dialog.registration_label.isHidden()  # Hey Now keeps no registration list

    qtbot.mouseClick(dialog.only_problems, LEFT, pos=QPoint(8, dialog.only_problems.height() // 2))
    assert model.rowCount() == 2

    qtbot.mouseClick(dialog.cancel_button, LEFT)
    qtbot.wait(100)
    assert agenda.stored() == 0


def test_a_file_without_a_phone_column_says_so(agenda: Agenda, qtbot: QtBot, tmp_path: Path) -> None:
    source = _write(tmp_path / "sin-telefono.csv", ["name,city", "Ana,Salto"])
    pane = agenda.pane
    qtbot.mouseClick(pane.import_button, LEFT)
    agenda.choose_file(source)
    qtbot.waitUntil(lambda: pane.message_box is not None and pane.message_box.isVisible())
    assert pane.message_box is not None
    assert "name, city" in pane.message_box.text()
    assert pane.import_dialog is None


def test_an_import_into_broadcasterbot_registers_the_contacts(agenda: Agenda, qtbot: QtBot, tmp_path: Path, run: Run) -> None:
    account = agenda.use(BROADCASTERBOT_DEMO)
    numbers = [f"099 {n:03d} {n:03d}" for n in range(120)]
    source = _write(
        tmp_path / "alta.csv", ["name,phone", *(f"Cliente {n},{number}" for n, number in enumerate(numbers)), "Mal,1"]
    )
    writer = parse_phone(numbers[7], "UY")
    wrote_at = datetime.now(UTC) - timedelta(hours=1)
    run(agenda.session.workspace.inbound.record(account, writer, "hola", "in-1", wrote_at))
    sandbox = agenda.session.sandbox
    assert sandbox is not None and sandbox.sandbox is not None
    before = sandbox.sandbox.log.count("broadcasterbot", "register_contacts")

    pane = agenda.pane
    assert not pane.sync_button.isEnabled()  # Broadcasterbot has no agenda to download
    qtbot.mouseClick(pane.import_button, LEFT)
    agenda.choose_file(source)
    qtbot.waitUntil(lambda: pane.import_dialog is not None and pane.import_dialog.isVisible())
    dialog = pane.import_dialog
    assert dialog is not None and dialog.registration_label.isVisible()
    with qtbot.waitSignal(pane.notice, timeout=20_000) as done:
        qtbot.mouseClick(dialog.import_button, LEFT)
    stored = pane.tr("Imported %n contact(s)", "", 120)
    assert done.args == [
        pane.tr("{stored}, registered with {provider}.").format(stored=stored, provider="Concepto Móvil Broadcasterbot")
    ]
    assert pane.job_row.isHidden()

    assert sandbox.sandbox.log.count("broadcasterbot", "register_contacts") - before == 2  # batches of 100
    at_provider = set(sandbox.call(sandbox.sandbox.broadcasterbot.registered_contacts))
    assert {("99007007", "UY"), ("99119119", "UY")} <= at_provider
    qtbot.waitUntil(lambda: pane.model.rowCount() == 120)
    assert pane.model.headerData(AgendaTableModel.OPT_IN, Qt.Orientation.Horizontal) == pane.model.tr("Registered")

    qtbot.keyClicks(pane.filter_edit, numbers[7])
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    assert agenda.text(0, AgendaTableModel.NAME) == "Cliente 7 (1)"  # its message is unread
    assert agenda.text(0, AgendaTableModel.OPT_IN) == pane.model.tr("yes")
    assert agenda.text(0, AgendaTableModel.WINDOW).startswith("open until")
    assert agenda.text(0, AgendaTableModel.LAST_INBOUND) != "—"
    pane.filter_edit.setText(numbers[8])
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1 and getattr(pane.model.contact(0), "phone", "") == "59899008008")
    assert agenda.text(0, AgendaTableModel.WINDOW) == pane.model.tr("closed")


def test_the_export_writes_the_filtered_agenda(agenda: Agenda, qtbot: QtBot, tmp_path: Path) -> None:
    pane = agenda.pane
    agenda.sync()
    qtbot.keyClicks(pane.filter_edit, "mar")
    matching = agenda.stored("mar")
    qtbot.waitUntil(lambda: pane.model.rowCount() == matching)
    target = tmp_path / "export" / "mar.csv"
    target.parent.mkdir()

    qtbot.mouseClick(pane.export_button, LEFT)
    with qtbot.waitSignal(pane.notice, timeout=10_000) as done:
        agenda.choose_file(target)
    assert done.args == [pane.tr("Exported %n contact(s) to {file}", "", matching).format(file=str(target))]
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["name", "phone", "account", "last_inbound", "in_agenda", "registered"]
    assert len(rows) == matching + 1
    shown = [pane.model.contact(r) for r in range(matching)]
    assert [row[0] for row in rows[1:]] == [c.display_name for c in shown if c is not None]
    assert all(row[1].startswith("+") and row[2] == DEMO_ACCOUNT for row in rows[1:])


def test_the_shortcuts_move_through_the_contacts(agenda: Agenda, qtbot: QtBot) -> None:
    pane = agenda.pane
    pane.select_relative(1)  # nothing to select yet
    assert agenda.selection.contact is None
    agenda.sync()
    qtbot.waitUntil(lambda: pane.model.contact(2) is not None)

    pane.select_relative(1)
    assert agenda.selection.contact == pane.model.contact(0)
    pane.select_relative(1)
    pane.select_relative(1)
    assert pane.table.currentIndex().row() == 2
    assert agenda.selection.contact == pane.model.contact(2)
    pane.select_relative(-1)
    assert agenda.selection.contact == pane.model.contact(1)
    pane.select_relative(-10)
    assert agenda.selection.contact == pane.model.contact(0)

    last = pane.model.rowCount() - 1
    pane.table.clearSelection()
    pane.table.setCurrentIndex(pane.model.index(last, 0))
    qtbot.waitUntil(lambda: agenda.selection.contact == pane.model.contact(last))
    pane.select_relative(1)
    assert pane.table.currentIndex().row() == last

    pane.filter_edit.setText("martin")
    pane.table.setFocus()
    pane.focus_filter()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.filter_edit)
    assert pane.filter_edit.selectedText() == "martin"


def test_enter_in_the_filter_opens_the_first_match(agenda: Agenda, qtbot: QtBot) -> None:
    pane = agenda.pane
    agenda.sync()
    pane.focus_filter()
    qtbot.keyClicks(pane.filter_edit, "mart")
    qtbot.keyClick(pane.filter_edit, Qt.Key.Key_Return)  # before the filter's rows are known
    expected = agenda.stored("mart")
    qtbot.waitUntil(lambda: pane.model.rowCount() == expected and agenda.selection.contact is not None)
    assert agenda.selection.contact == pane.model.contact(0)
    assert pane.table.hasFocus()


def test_a_sync_with_an_unreadable_contact_says_so_in_one_sentence(agenda: Agenda, qtbot: QtBot) -> None:
    server = agenda.session.sandbox
    assert server is not None
    server.sandbox.faults.add("heynow", "agenda", Fault(FaultKind.VARIANT, times=1, variant="unreadable_contact"))
    agenda.sync()
    qtbot.waitUntil(lambda: bool(agenda.notices))
    pane = agenda.pane
    left_out = pane.tr("%n could not be read and was left out (the first: {reason})", "", 1)
    expected = pane.tr("{synced}; {left_out}.").format(
        synced=pane.tr("Agenda synced: %n contact(s)", "", 200),
        left_out=left_out.format(reason="Hey Now sent a contact with no id and no phone."),
    )
    assert agenda.notices[-1] == expected
    assert agenda.stored() == 200


def test_an_import_into_broadcasterbot_registers_numbers_newer_than_the_plan_once_ticked(
    agenda: Agenda, qtbot: QtBot, tmp_path: Path
) -> None:
    agenda.use(BROADCASTERBOT_DEMO)
    source = _write(tmp_path / "alta.csv", ["name,phone", "Conocida,099 111 222", "Nueva,090 123 456"])
    sandbox = agenda.session.sandbox
    assert sandbox is not None and sandbox.sandbox is not None
    pane = agenda.pane
    qtbot.mouseClick(pane.import_button, LEFT)
    agenda.choose_file(source)
    qtbot.waitUntil(lambda: pane.import_dialog is not None and pane.import_dialog.isVisible())
    dialog = pane.import_dialog
    assert dialog is not None
    assert dialog.model.index(1, 3).data().startswith("Number this console does not know: +598 90 123 456 is not in")
    assert dialog.include_unlisted.isVisible()
    assert dialog.import_button.text() == dialog.tr("Import %n contact(s)", "", 1)
    qtbot.mouseClick(dialog.include_unlisted, LEFT, pos=QPoint(8, dialog.include_unlisted.height() // 2))
    assert dialog.import_button.text() == dialog.tr("Import %n contact(s)", "", 2)
    with qtbot.waitSignal(pane.notice, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, LEFT)
    at_provider = set(sandbox.call(sandbox.sandbox.broadcasterbot.registered_contacts))
    assert {("99111222", "UY"), ("90123456", "UY")} <= at_provider
    assert agenda.stored() == 2


def test_a_filter_few_contacts_hold_is_searched_in_bounded_steps_and_enter_waits_for_its_first_match(
    session: ConsoleSession, qtbot: QtBot, run: Run
) -> None:
    """Each answer compares only five contacts: two letters that only contacts far down the
    agenda hold come back empty at first, saying more may follow; the pane says it is still
    searching, asks on by itself, and Enter typed meanwhile opens the first match once found."""
    workspace = session.workspace
    stepwise = AgendaService(workspace.db, workspace.clients, workspace.topics, walked=5)
    bridge = TopicsBridge(workspace.topics)
    selection = Selection()
    pane = AgendaPane(stepwise, workspace.accounts, bridge, selection)
    qtbot.addWidget(pane)
    pane.show()
    account = run(workspace.accounts.by_name(DEMO_ACCOUNT))
    selection.set_account(account)
    qtbot.mouseClick(pane.sync_button, LEFT)
    qtbot.waitUntil(lambda: pane.job_row.isHidden() and pane.model.rowCount() == 200, timeout=20_000)
    everyone = run(workspace.agenda.page(account.id, "", 0, 200))
    # Two letters of a name that no contact among the agenda's first 100 holds.
    pair = next(
        pair
        for contact in reversed(everyone)
        for pair in (fold(contact.display_name)[n : n + 2] for n in range(len(contact.display_name) - 1))
        if pair.strip() == pair and all(pair not in fold(c.display_name + " " + c.phone) for c in everyone[:100])
    )
    matching = [c for c in everyone if pair in fold(c.display_name + " " + c.phone)]
    seen: list[tuple[int, str]] = []
    pane.model.counted.connect(lambda rows: seen.append((rows, pane.count_label.text())))

    pane.focus_filter()
    qtbot.keyClicks(pane.filter_edit, pair)
    qtbot.keyClick(pane.filter_edit, Qt.Key.Key_Return)  # before anything is found
    qtbot.waitUntil(lambda: selection.contact is not None)
    assert selection.contact is not None and selection.contact.id == matching[0].id
    qtbot.waitUntil(lambda: not pane.model.gathering and pane.model.total is not None)
    assert [pane.model.contact(row).id for row in range(pane.model.rowCount())] == [c.id for c in matching]
    assert pane.count_label.text() == pane.tr("%n matching contact(s)", "", len(matching))
    assert (0, pane.tr("Searching… %n matching contact(s) so far", "", 0)) in seen
    stop_work(pane)
    bridge.detach()


def test_each_keystroke_changes_the_rows_in_place_and_leaves_no_other_contact_selected(agenda: Agenda, qtbot: QtBot) -> None:
    """A keystroke's rows replace the shown ones without resetting the table (a reset made it
    lay out and paint twice per keystroke) and without resizing it; the selected row, now
    another contact, is no longer selected, and the first rows show."""
    pane = agenda.pane
    agenda.sync()
    scroll = pane.table.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    qtbot.keyClicks(pane.filter_edit, "9")  # in every number: more than a screenful
    qtbot.waitUntil(lambda: not pane.model.counting and pane.model.rowCount() > 1)
    assert scroll.value() == 0 < scroll.maximum()
    qtbot.keyClick(pane.filter_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(pane.filter_edit, "ma")
    qtbot.waitUntil(lambda: not pane.model.counting and pane.model.query == "ma")
    pane.table.setCurrentIndex(pane.model.index(1, AgendaTableModel.NAME))
    resets: list[None] = []
    pane.model.modelReset.connect(lambda: resets.append(None))
    size = pane.table.size()

    for typed in ("r", "t", "zzz"):  # narrower, then nobody, then the whole agenda again
        qtbot.keyClicks(pane.filter_edit, typed)
        qtbot.waitUntil(lambda: not pane.model.counting and pane.model.query == pane.filter_edit.text())
        assert not pane.table.selectionModel().hasSelection() and not pane.table.currentIndex().isValid()
    assert pane.model.rowCount() == 0 and pane.count_label.text() == pane.tr("%n matching contact(s)", "", 0)
    pane.filter_edit.clear()
    qtbot.waitUntil(lambda: pane.model.rowCount() == agenda.stored())
    assert resets == [] and pane.table.size() == size
