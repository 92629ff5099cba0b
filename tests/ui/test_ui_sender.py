"""The sender pane against the sandbox: a template with preview, a pre-flight error and a
success; a bulk run of 20 cancelled midway and resumed in a new window over the same data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from console.domain.bulk import Outcome
from console.domain.lifecycle import DeliveryState
from console.domain.sessions import SessionWindow
from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxConfigs
from console.ui.main_window import MainWindow
from console.ui.panes.sender import SenderPane
from console.ui.sender.add_template import AddTemplateDialog
from console.ui.session import BROADCASTERBOT_DEMO, ConsoleSession, open_session
from tests.conftest import MemorySecrets
from tests.ui.sender_support import (
    ORDER_READY,
    broadcasterbot_sends,
    click_account,
    registered_numbers,
    store_contact,
)
from tests.ui.support import FAST_OPTIONS, FAST_SANDBOX, Driver, Run

BULK = 20
CONFIGS = SandboxConfigs(heynow=FAST_SANDBOX, broadcasterbot=BroadcasterbotSandboxConfig(demo_contacts=BULK))


@pytest.fixture
def session(tmp_path: Path, secrets: MemorySecrets, run: Run) -> Iterator[ConsoleSession]:
    opened = run(open_session(tmp_path, secrets=secrets, sandbox_configs=CONFIGS, options=FAST_OPTIONS))
    yield opened
    run(opened.close())


def open_window(qtbot: QtBot, session: ConsoleSession, run: Run) -> MainWindow:
    window = MainWindow(session.workspace, sandbox=session.is_sandbox)
    run(session.workspace.start_background())
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.selection.account is not None)
    return window


def click(qtbot: QtBot, button) -> None:  # noqa: ANN001 - any QAbstractButton
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_template_with_preview_a_preflight_error_then_a_success(
    agent: Driver, window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    customer = registered_numbers(session)[0]
    store_contact(run, session, BROADCASTERBOT_DEMO, customer, "Ana Pérez")
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    agent.click_contact(0)
    sender = window.sender_pane
    sender.show_templates()
    tab = sender.templates
    assert sender.tabs.currentWidget() is tab
    assert "No template chosen" in tab.checks.text()

    # The agent types the template into the catalogue.
    click(qtbot, tab.add_button)
    qtbot.waitUntil(lambda: tab.findChild(AddTemplateDialog) is not None and tab.findChild(AddTemplateDialog).isVisible())
    dialog = tab.findChild(AddTemplateDialog)
    qtbot.keyClicks(dialog.name_edit, ORDER_READY.name)
    qtbot.keyClicks(dialog.language_edit, ORDER_READY.language)
    qtbot.keyClicks(dialog.body_edit, ORDER_READY.body)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: len(tab.form.param_edits) == 2)
    assert tab.template_combo.currentText() == "pedido_listo · es_mx"

    # One parameter missing: the preview shows the gap, the check names it, Send stays off.
    qtbot.keyClicks(tab.form.param_edits[0], "Ana")
    assert tab.preview.toPlainText() == "Hola Ana, tu pedido {{2}} ya salio."
    qtbot.waitUntil(lambda: "parameter 2 is empty" in tab.checks.text(), timeout=5000)
    assert not tab.send_button.isEnabled()
    tab.send()  # even a shortcut does nothing while the check fails
    qtbot.wait(300)
    assert broadcasterbot_sends(session) == 0

    qtbot.keyClicks(tab.form.param_edits[1], "A-17")
    assert tab.preview.toPlainText() == "Hola Ana, tu pedido A-17 ya salio."
    assert not tab.send_button.isEnabled()  # until the new values are checked
    qtbot.waitUntil(tab.send_button.isEnabled, timeout=5000)
    assert "Ready" in tab.checks.text()
    click(qtbot, tab.send_button)

    qtbot.waitUntil(lambda: tab.feedback.text() == "Sent.", timeout=10_000)
    assert broadcasterbot_sends(session) == 1
    body = json.loads(session.sandbox.sandbox.log.records("broadcasterbot", "send")[0].body)  # type: ignore[union-attr]
    assert "Ana" in json.dumps(body) and "A-17" in json.dumps(body)
    chat = window.chat_pane.model
    qtbot.waitUntil(lambda: chat.rowCount() == 1)
    assert chat.message(0).body == "[pedido_listo] Ana · A-17"
    assert chat.message(0).state is not DeliveryState.FAILED
    assert window.selection.message_id == chat.message(0).id


def test_a_closed_session_points_to_templates_and_leaves_text_to_the_outbox(
    agent: Driver, window: MainWindow, qtbot: QtBot
) -> None:
    """The console knows the window only from what it received: closed, as far as it knows,
    is a hint, and the send itself warns (with send anyway) or refuses."""
    agent.sync_agenda()
    agent.click_contact(0)
    sender: SenderPane = window.sender_pane
    agent.type_message("Hola")
    assert sender.send_button.isEnabled()

    sender.set_session_window(SessionWindow(None, None))
    assert sender.send_button.isEnabled() and sender.text_edit.isEnabled()
    assert sender.composer.session_note.isVisibleTo(sender)
    click(qtbot, sender.composer.templates_button)
    assert sender.tabs.currentWidget() is sender.templates

    sender.show_composer()
    sender.set_session_window(None)  # a provider without a window
    assert sender.send_button.isEnabled() and sender.text_edit.isEnabled()
    assert not sender.composer.session_note.isVisibleTo(sender)


def _paste(qtbot: QtBot, widget, text: str) -> None:  # noqa: ANN001 - a text widget
    QApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def _numbers_in(session: ConsoleSession) -> list[str]:
    assert session.sandbox is not None
    return [
        contact["phone"]
        for record in session.sandbox.sandbox.log.records("broadcasterbot", "send")
        for contact in json.loads(record.body)["contacts"]
    ]


def test_bulk_send_of_20_cancelled_then_resumed_in_a_new_window_sends_only_the_rest(
    window: MainWindow,
    session: ConsoleSession,
    tmp_path: Path,
    secrets: MemorySecrets,
    run: Run,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    numbers = registered_numbers(session)
    assert len(numbers) == BULK
    run(session.workspace.templates.add(run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO)), ORDER_READY))
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    sender = window.sender_pane
    sender.show_templates()
    qtbot.waitUntil(lambda: len(sender.templates.form.param_edits) == 2)
    click(qtbot, sender.templates.bulk_button)
    bulk = sender.bulk
    assert sender.tabs.currentWidget() is bulk

    _paste(qtbot, bulk.recipients_edit, "\n".join(f"{n};Cliente {i};P-{i}" for i, n in enumerate(numbers)))
    qtbot.waitUntil(lambda: bulk.parse_label.text() == bulk.tr("%n recipient(s)", "", 20), timeout=5000)
    # Each answer held back a little, so the agent has time to cancel midway.
    session.sandbox.sandbox.faults.add("broadcasterbot", "send", Fault(FaultKind.DELAY, 0.15))  # type: ignore[union-attr]
    click(qtbot, bulk.start_button)
    qtbot.waitUntil(lambda: bulk.progress.value() >= 5, timeout=10_000)
    click(qtbot, bulk.cancel_button)
    qtbot.waitUntil(lambda: bulk.progress_label.text().startswith("Cancelled"), timeout=5000)

    first = broadcasterbot_sends(session)
    assert 5 <= first < BULK
    outcomes = [bulk.summary.recipient(r).outcome for r in range(bulk.summary.rowCount())]
    assert outcomes == [Outcome.SENT] * first + [Outcome.QUEUED] * (BULK - first)
    first_numbers = _numbers_in(session)
    window.shutdown()
    window.close()
    run(session.close())

    # The next start, on the same data dir: the pane offers the rest, and sends only that.
    again = run(open_session(tmp_path, secrets=secrets, sandbox_configs=CONFIGS, options=FAST_OPTIONS))
    try:
        second_window = open_window(qtbot, again, run)
        try:
            resumed = second_window.sender_pane.bulk
            qtbot.waitUntil(resumed.resume_bar.isVisible, timeout=5000)
            assert second_window.sender_pane.tabs.currentWidget() is resumed
            assert f"{first} of {BULK} done, {BULK - first} not sent yet" in resumed.resume_label.text()
            assert broadcasterbot_sends(again) == 0
            click(qtbot, resumed.resume_button)
            qtbot.waitUntil(lambda: resumed.progress_label.text().startswith("Finished"), timeout=15_000)

            assert broadcasterbot_sends(again) == BULK - first
            second_numbers = _numbers_in(again)
            everyone = first_numbers + second_numbers
            assert len(everyone) == len(set(everyone)) == BULK  # each customer got it exactly once
            summary = resumed.summary
            rows = [summary.recipient(r) for r in range(summary.rowCount())]
            assert [(r.position, r.detail) for r in rows if r.outcome is not Outcome.SENT] == []
            assert len(rows) == BULK
            assert not resumed.resume_bar.isVisible()

            target = tmp_path / "summary.csv"
            monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
            click(qtbot, resumed.export_button)
            qtbot.waitUntil(target.exists, timeout=5000)
            qtbot.waitUntil(lambda: len(target.read_text(encoding="utf-8").splitlines()) == BULK + 1, timeout=5000)
            lines = target.read_text(encoding="utf-8").splitlines()
            assert lines[1].startswith(f"1,{numbers[0]},Cliente 0 · P-0,sent,")
        finally:
            second_window.shutdown()
            second_window.close()
    finally:
        run(again.close())


def test_a_run_interrupted_by_closing_the_console_resumes_without_resending_what_may_have_left(
    window: MainWindow, session: ConsoleSession, tmp_path: Path, secrets: MemorySecrets, run: Run, qtbot: QtBot
) -> None:
    numbers = registered_numbers(session)
    run(session.workspace.templates.add(run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO)), ORDER_READY))
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    sender = window.sender_pane
    sender.show_templates()
    qtbot.waitUntil(lambda: len(sender.templates.form.param_edits) == 2)
    qtbot.keyClicks(sender.templates.form.param_edits[0], "cliente")
    qtbot.keyClicks(sender.templates.form.param_edits[1], "P-1")
    click(qtbot, sender.templates.bulk_button)
    bulk = sender.bulk
    _paste(qtbot, bulk.recipients_edit, "\n".join(numbers))
    qtbot.waitUntil(lambda: bulk.parse_label.text() == bulk.tr("%n recipient(s)", "", 20), timeout=5000)
    session.sandbox.sandbox.faults.add("broadcasterbot", "send", Fault(FaultKind.DELAY, 0.3))  # type: ignore[union-attr]
    click(qtbot, bulk.start_button)
    qtbot.waitUntil(lambda: bulk.progress.value() >= 3, timeout=10_000)
    qtbot.wait(100)  # the next request is on its way, its answer held back
    window.shutdown()  # the agent closes the console mid-run
    window.close()
    run(session.close())
    first_numbers = _numbers_in(session)

    again = run(open_session(tmp_path, secrets=secrets, sandbox_configs=CONFIGS, options=FAST_OPTIONS))
    try:
        second_window = open_window(qtbot, again, run)
        try:
            resumed = second_window.sender_pane.bulk
            qtbot.waitUntil(resumed.resume_bar.isVisible, timeout=5000)
            assert "1 may have left already and will not be sent again" in resumed.resume_label.text()
            click(qtbot, resumed.resume_button)
            qtbot.waitUntil(lambda: resumed.progress_label.text().startswith("Finished"), timeout=15_000)
            rows = [resumed.summary.recipient(r) for r in range(resumed.summary.rowCount())]
        finally:
            second_window.shutdown()
            second_window.close()
    finally:
        run(again.close())

    verify = [r for r in rows if r.outcome is Outcome.VERIFY]
    assert len(verify) == 1  # the one in flight when the console closed
    assert verify[0].detail is not None and "check with the provider" in verify[0].detail.english()
    assert all(r.outcome is Outcome.SENT for r in rows if r is not verify[0])
    everyone = first_numbers + _numbers_in(again)
    assert len(everyone) == len(set(everyone)) == BULK  # nobody got it twice, the verify one included


def test_a_catalogue_file_gives_a_form_of_named_variables_and_a_csv_fills_them_per_recipient(
    agent: Driver,
    window: MainWindow,
    session: ConsoleSession,
    run: Run,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    numbers = registered_numbers(session)
    store_contact(run, session, BROADCASTERBOT_DEMO, numbers[0], "Ana Pérez")
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    agent.click_contact(0)
    catalogue = tmp_path / "plantillas.json"
    catalogue.write_text(
        json.dumps([{"name": "turno", "language": "es_mx", "body": "Hola {{nombre}}, tu turno es el {{dia}}."}]),
        encoding="utf-8",
    )
    recipients = tmp_path / "clientes.csv"
    recipients.write_text(f"dia;telefono;nombre\nlunes;{numbers[1]};Luis\nmartes;{numbers[2]};\n", encoding="utf-8")
    chosen = [str(catalogue)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (chosen[0], ""))

    sender = window.sender_pane
    sender.show_templates()
    tab = sender.templates
    click(qtbot, tab.import_button)
    qtbot.waitUntil(lambda: tab.template_combo.currentText() == "turno · es_mx", timeout=5000)
    assert list(tab.form.variable_edits) == ["nombre", "dia"]
    qtbot.keyClicks(tab.form.variable_edits["nombre"], "cliente")
    assert tab.preview.toPlainText() == "Hola cliente, tu turno es el {{dia}}."
    qtbot.waitUntil(lambda: "needs a value for dia" in tab.checks.text(), timeout=5000)
    assert not tab.send_button.isEnabled()

    click(qtbot, tab.bulk_button)
    bulk = sender.bulk
    chosen[0] = str(recipients)
    click(qtbot, bulk.csv_button)
    from_file = bulk.tr("%n recipient(s)", "", 2) + bulk.tr(" from {file}").format(file="clientes.csv")
    qtbot.waitUntil(lambda: bulk.parse_label.text() == from_file, timeout=5000)
    assert not bulk.recipients_edit.isEnabled()
    assert bulk.start_button.isEnabled()
    assert bulk.parsed is not None
    assert [r.params["named_params"] for r in bulk.parsed.rows] == [
        {"nombre": "Luis", "dia": "lunes"},
        {"nombre": "cliente", "dia": "martes"},  # an empty cell takes the form's value
    ]
    click(qtbot, bulk.clear_csv_button)
    assert bulk.recipients_edit.isEnabled()
    qtbot.waitUntil(lambda: not bulk.start_button.isEnabled())
    assert broadcasterbot_sends(session) == 0


def test_bulk_lists_numbers_newer_than_the_plan_and_sends_them_once_confirmed(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot
) -> None:
    unlisted = "+598 90 123 456"  # a possible Uruguayan number the numbering plan does not list
    account = run(session.workspace.accounts.by_name(BROADCASTERBOT_DEMO))
    warned = session.workspace.contacts.registration_warnings(account, unlisted)
    run(session.workspace.contacts.register(account, unlisted, send_anyway=warned))
    run(session.workspace.templates.add(account, ORDER_READY))
    click_account(qtbot, window, BROADCASTERBOT_DEMO)
    sender = window.sender_pane
    sender.show_templates()
    qtbot.waitUntil(lambda: len(sender.templates.form.param_edits) == 2)
    click(qtbot, sender.templates.bulk_button)
    bulk = sender.bulk
    known = registered_numbers(session)[0]
    _paste(qtbot, bulk.recipients_edit, f"{known};Ana;P-1\n{unlisted};Luis;P-2")
    qtbot.waitUntil(lambda: "Numbers this console does not know" in bulk.parse_label.text(), timeout=5000)
    assert bulk.parse_label.text().startswith(bulk.tr("%n recipient(s)", "", 2))
    assert "line 2: +598 90 123 456 is not in the numbering plan" in bulk.parse_label.text()
    assert bulk.confirm_warnings.isVisible() and not bulk.start_button.isEnabled()

    click(qtbot, bulk.confirm_warnings)
    assert bulk.start_button.isEnabled()
    click(qtbot, bulk.start_button)
    qtbot.waitUntil(lambda: broadcasterbot_sends(session) == 2, timeout=10_000)
    qtbot.waitUntil(
        lambda: [bulk.summary.recipient(r).outcome for r in range(bulk.summary.rowCount())] == [Outcome.SENT] * 2,
        timeout=10_000,
    )
