"""No English left on screen in Spanish or in Portuguese: the tour opens every pane, menu,
dialog, tooltip and status message (a refused send, an account with a wrong password and
a file that is no CSV included) in the window built in that language, and every text it
shows is checked for English words (see `visible_text`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from console.ui.i18n import TRANSLATIONS_DIR, Translations, compile_catalogues
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from tests.ui.support import Run
from tests.ui.tour import Tour
from tests.ui.visible_text import EnglishFinder, Shown, english_left, visible_texts


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return compile_catalogues(cache_dir=tmp_path_factory.mktemp("qm"))


def open_window(language: str, translations: Translations, session: ConsoleSession, run: Run, qtbot: QtBot) -> MainWindow:
    assert translations.apply(language) == language
    window = MainWindow(session.workspace, sandbox=session.is_sandbox, can_leave_sandbox=True)
    run(session.workspace.start_background())
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.selection.account is not None)
    return window


@pytest.fixture
def translations(catalogues: dict[str, Path]) -> Iterator[Translations]:
    """Kept for the whole test: its translators leave the application with it."""
    chosen = Translations(catalogues)
    yield chosen
    chosen.uninstall()
    QLocale.setDefault(QLocale.system())


def everything_shown(window: MainWindow, session: ConsoleSession, run: Run, qtbot: QtBot, files: Path) -> list[Shown]:
    shown: list[Shown] = []

    def visit(where: str, root: QWidget) -> None:
        shown.extend(visible_texts(where, root))

    tour = Tour(qtbot, window, session, run, files)
    tour.walk(visit)
    shown.extend(Shown("notification", "title and body", text) for text in tour.notifications)
    shown.extend(Shown("status bar", "message", text) for text in tour.status_messages)
    return shown


@pytest.mark.parametrize("language", ["es", "pt_BR"])
def test_nothing_is_left_in_english(
    language: str, translations: Translations, session: ConsoleSession, run: Run, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(language, translations, session, run, qtbot)
    try:
        shown = everything_shown(window, session, run, qtbot, tmp_path)
    finally:
        window.shutdown()
        window.close()
    assert len({item.where for item in shown}) > 25  # the tour really went round
    left = english_left(shown, EnglishFinder(language))
    report = "\n".join(f"{text!r}\n    English: {words}; at {where}" for text, (words, where) in sorted(left.items()))
    assert not left, f"{len(left)} texts in English in the {language} window:\n{report}"


def test_a_missing_translation_is_caught(catalogues: dict[str, Path], tmp_path: Path) -> None:
    """The check is not blind: with one Spanish translation taken out, its English shows and is found."""
    finder = EnglishFinder("es")
    assert finder.english_words("Probar conexión") == []
    assert finder.english_words("Test connection") == ["Test", "connection"]
    assert {"parameter", "is", "empty"} <= set(finder.english_words("params: parameter 1 is empty"))
    assert finder.english_words("Cuentas: 3 conectadas · Hey Now demo · https://example.com/a/b") == []
    edited = (TRANSLATIONS_DIR / "centralita_es.ts").read_text(encoding="utf-8")
    edited = edited.replace("<translation>Probar conexión</translation>", '<translation type="unfinished"></translation>')
    sources = tmp_path / "ts"
    sources.mkdir()
    (sources / "centralita_es.ts").write_text(edited, encoding="utf-8")
    from PySide6.QtCore import QCoreApplication

    translations = Translations(compile_catalogues(sources, tmp_path / "qm"))
    translations.apply("es")
    try:
        shown = QCoreApplication.translate("AccountsPane", "Test connection")
    finally:
        translations.uninstall()
        QLocale.setDefault(QLocale.system())
    assert EnglishFinder("es").english_words(shown) == ["Test", "connection"]
