"""Every control can be found by a screen reader: each focusable widget of the window, its
panes and every dialog it opens has an accessible name (QAccessible, as assistive
technology reads it), and Tab moves through the window without getting stuck."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QMenu, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from tests.ui.support import Driver, Run
from tests.ui.tour import Tour


def focusable(root: QWidget) -> list[QWidget]:
    """The widgets under `root` that Tab or a click can give the focus to, as shown now."""
    widgets = [root, *root.findChildren(QWidget)]
    return [
        widget
        for widget in widgets
        if widget.isVisible() and widget.focusPolicy() != widget.focusPolicy().NoFocus and not isinstance(widget, QMenu)
    ]


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None and interface.isValid()
    return interface.text(QAccessible.Text.Name).strip()


def labels_without_buddy(root: QWidget) -> list[str]:
    """Form rows whose label does not lead to its field (Alt+letter, and what a screen reader reads)."""
    missing = []
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None or not isinstance(label.widget(), QLabel) or field.widget() is None:
                continue
            takes_focus = field.widget().focusPolicy() != Qt.FocusPolicy.NoFocus
            if takes_focus and label.widget().isVisible() and label.widget().buddy() is None:
                missing.append(f"{label.widget().text()!r} in {type(root).__name__}")
    return missing


def describe(widget: QWidget) -> str:
    parents = []
    parent = widget.parentWidget()
    while parent is not None and len(parents) < 3:
        parents.append(type(parent).__name__ + (f"#{parent.objectName()}" if parent.objectName() else ""))
        parent = parent.parentWidget()
    return f"{type(widget).__name__}#{widget.objectName()} in {' < '.join(parents)}"


def test_every_focusable_control_has_an_accessible_name(
    window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot, tmp_path: Path
) -> None:
    nameless: dict[str, str] = {}
    no_buddy: list[str] = []
    traps: dict[str, str] = {}
    visited: list[str] = []

    def visit(where: str, root: QWidget) -> None:
        visited.append(where)
        for widget in focusable(root):
            if not accessible_name(widget):
                nameless.setdefault(describe(widget), where)
        no_buddy.extend(labels_without_buddy(root))
        for widget in focusable(root):
            if isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.tabChangesFocus():
                traps.setdefault(describe(widget), where)  # Tab would type a tab there, never leave

    Tour(qtbot, window, session, run, tmp_path).walk(visit)
    assert len(visited) > 25
    assert not nameless, "\n".join(f"{widget} (seen at: {where})" for widget, where in sorted(nameless.items()))
    assert not no_buddy, "form labels without a buddy:\n" + "\n".join(sorted(set(no_buddy)))
    assert not traps, "text boxes Tab cannot leave:\n" + "\n".join(f"{widget} ({where})" for widget, where in traps.items())


def test_tab_goes_round_the_window_as_it_reads_without_a_trap(window: MainWindow, session: ConsoleSession, qtbot: QtBot) -> None:
    """Tab from the first control goes through the panes in screen order and comes back: no widget keeps the focus."""
    agent = Driver(qtbot, window, session)
    agent.sync_agenda()
    agent.click_contact(0)  # the composer and the notes take the focus only with a contact open
    window.docks[1].raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    first = window.accounts_pane.add_button
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    seen: list[QWidget] = []
    for _ in range(200):
        widget = QApplication.focusWidget()
        assert widget is not None
        if seen and widget is seen[0]:
            break
        assert widget not in seen, f"Tab went round in a loop that misses {describe(seen[0])}, at {describe(widget)}"
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    else:
        raise AssertionError(f"Tab never came back to the first control; stuck at {describe(seen[-1])}")
    panes = [
        window.accounts_pane,
        window.inbox_pane,
        window.chat_pane,
        window.sender_pane,
        window.timeline_pane,
        window.notes_panel,
        window.statusBar(),
    ]
    visited = [next((i for i, pane in enumerate(panes) if pane.isAncestorOf(widget)), None) for widget in seen]
    in_panes = [i for i in visited if i is not None]
    assert sorted(set(in_panes)) == list(range(len(panes))), "Tab misses a pane"
    assert in_panes == sorted(in_panes), f"Tab jumps back and forth: {[describe(widget) for widget in seen]}"
