"""What the agent reads on screen, and which of it is still English.

`visible_texts(root)` gathers every text a widget tree shows or says: labels, buttons,
menu actions, tooltips, headers and cells of item views, placeholders, window and dock
titles, tab texts, combo items, status bar, message boxes, chart titles, accessible names
and descriptions. `EnglishFinder` says which of them hold English words: words of the
English source strings of the catalogues, the window's and the core's (and of a short list of common English words)
that the language's own translations never use, once names from the reviewed allow-list,
links, paths and numbers are taken out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QStatusBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from console.ui.i18n import TRANSLATIONS_DIR
from console.wording.languages import LOCALES_DIR

ROWS_READ = 30  # rows of each item view looked at: the ones on screen and then some
ITEM_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)

# Reviewed: names that are the same in every language (products, providers, formats,
# the demo's accounts) and keys as keyboards print them.
ALLOWED_PHRASES = (
    "WhatsApp Business",
    "WhatsApp",
    "Hey Now",
    "Broadcasterbot",
    "Concepto Móvil",
    "Cliengo",
    "TimelinesAI",
    "Chattigo",
    "Centralita",
    "PySide6",
    "Python",
    "Qt",
    "qasync",
    "httpx",
    "SQLite",
    "SQLAlchemy",
    "aiohttp",
    "GPL",
    "MIT",
    "URL",
    "HTTPS",
    "HTTP",
    "JSON",
    "CSV",
    "UTF-8",
    "es_mx",
    "Ctrl",
    "Alt",
    "Esc",
)
# Common English words, besides those of the catalogues' sources, for sentences born elsewhere.
COMMON_ENGLISH_WORDS = """
the a an is are was were be been being has have had not and or of to in on for with at by from this that
these those it its as but if then than can cannot could will would should may might must do does did done any
all some every each empty missing invalid parameter parameters field fields user password key website base
account accounts sent send sending failed error refused wrong credentials connected unreachable check checks
token expired status message messages template templates contact contacts phone country local inbound webhook
platform secret secrets stored keyring file files encrypted allowed limit size link none yes no name number
new open closed unknown read delivered accepted pending deleted provider answer answered request response
timeout reached server denied unauthorized forbidden found not found returned says said here there what which
who when where why how only also yet still again already after before more less than too very
"""
_URL = re.compile(r"\b\w+://\S+")
_PATH = re.compile(r"(?:~|\.{0,2})?/[\w.\-/~]+")
_PLACEHOLDER = re.compile(r"\{[^}]*\}|%n|%v|%m|%\d")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Shown:
    where: str  # the screen it was on
    what: str  # which widget or part
    text: str


@dataclass(frozen=True)
class Catalogue:
    sources: list[str]
    translations: list[str]


def read_catalogue(language: str, directory: Path = TRANSLATIONS_DIR, core: Path = LOCALES_DIR) -> Catalogue:
    """The window's messages (`.ts`) and the core's (`.po`) in `language`: English sources, translations."""
    root = ET.parse(directory / f"centralita_{language}.ts").getroot()
    sources, translations = [], []
    for message in root.iter("message"):
        sources.append(message.findtext("source") or "")
        translation = message.find("translation")
        if translation is not None:
            forms = [form.text or "" for form in translation.iter("numerusform")] or [translation.text or ""]
            translations.extend(forms)
    po = core / f"{language}.po"
    if po.exists():
        with po.open("rb") as file:
            for message in read_po(file):
                if message.id:
                    sources.extend([message.id] if isinstance(message.id, str) else message.id)
                    translations.extend([message.string] if isinstance(message.string, str) else message.string)
    return Catalogue(sources, translations)


def _without_names(text: str) -> str:
    """`text` without the allowed names: "Hey Now" in a translation makes neither "hey" nor "now" Spanish."""
    for phrase in ALLOWED_PHRASES:
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", text)
    return text


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(_without_names(_PLACEHOLDER.sub(" ", text.replace("&", ""))))}


class EnglishFinder:
    """English words: those of the sources and the common list that no translation uses (in
    `language` or another: "Hola" or "teléfono" in a source are examples, not English)."""

    def __init__(self, language: str, directory: Path = TRANSLATIONS_DIR) -> None:
        catalogue = read_catalogue(language, directory)
        english = set().union(*(_words(source) for source in catalogue.sources)) | set(COMMON_ENGLISH_WORDS.split())
        translated = [
            read_catalogue(path.stem.removeprefix("centralita_"), directory).translations
            for path in directory.glob("centralita_*.ts")
            if path.stem != "centralita_en"
        ]
        own = set().union(*(_words(text) for texts in translated for text in texts))
        self.english_only = {word for word in english - own if len(word) > 1}

    def english_words(self, text: str) -> list[str]:
        """The words of `text` that are English and not the language's, in order."""
        cleaned = _URL.sub(" ", _TAG.sub(" ", _PLACEHOLDER.sub(" ", text.replace("&", ""))))
        cleaned = _without_names(_PATH.sub(" ", cleaned))
        return [word for word in _WORD.findall(cleaned) if word.lower() in self.english_only]


def visible_texts(where: str, root: QWidget) -> Iterator[Shown]:
    if isinstance(root, QMenu):
        yield from _menu(where, root)
        return
    yield Shown(where, "window title", root.windowTitle())
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.isVisible():
            for what, text in _texts_of(widget):
                yield Shown(where, f"{type(widget).__name__} {what}", text)


def _menu(where: str, menu: QMenu) -> Iterator[Shown]:
    yield Shown(where, "menu title", menu.title())
    for action in menu.actions():
        yield Shown(where, "menu action", action.text())
        yield Shown(where, "menu action tooltip", action.toolTip())
        if action.menu() is not None:
            yield from _menu(where, action.menu())


def _texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    yield "tooltip", widget.toolTip()
    yield "accessible name", widget.accessibleName()
    yield "accessible description", widget.accessibleDescription()
    if isinstance(widget, QLabel | QAbstractButton):
        yield "text", widget.text()
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        yield "placeholder", widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield from (("item", widget.itemText(i)) for i in range(widget.count()))
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield "tab", widget.tabText(i)
            yield "tab tooltip", widget.tabToolTip(i)
    elif isinstance(widget, QDockWidget | QGroupBox):
        yield "title", widget.windowTitle() if isinstance(widget, QDockWidget) else widget.title()
    elif isinstance(widget, QProgressBar):
        yield "text", widget.text()
    elif isinstance(widget, QStatusBar):
        yield "message", widget.currentMessage()
    elif isinstance(widget, QMenuBar):
        yield from (("menu", action.text()) for action in widget.actions())
    elif isinstance(widget, QMessageBox):
        yield "text", widget.text()
        yield "informative text", widget.informativeText()
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model())
    elif isinstance(widget, QChartView):
        chart = widget.chart()
        yield "chart title", chart.title()
        for series in chart.series():
            for bar_set in getattr(series, "barSets", list)():
                yield "chart legend", bar_set.label()


def _model_texts(model: QAbstractItemModel) -> Iterator[tuple[str, str]]:
    columns = _size(model.columnCount)
    for column in range(columns):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            header = model.headerData(column, Qt.Orientation.Horizontal, role)
            if isinstance(header, str):
                yield "header", header
    for row in range(min(_size(model.rowCount), ROWS_READ)):
        for column in range(columns):
            for role in ITEM_ROLES:
                value = model.data(model.index(row, column), role)
                if isinstance(value, str):
                    yield "item", value


def _size(count: Callable[..., int]) -> int:
    """rowCount/columnCount: Python models want the parent given, some of Qt's own refuse it,
    and a list model's columnCount is private (it has one column)."""
    for arguments in ((QModelIndex(),), ()):
        try:
            return count(*arguments)
        except TypeError:
            continue
    return 1


def english_left(shown: Iterable[Shown], finder: EnglishFinder) -> dict[str, list[str]]:
    """Each English text found (once), with the words that make it English and where it was."""
    found: dict[str, list[str]] = {}
    for item in shown:
        words = finder.english_words(item.text) if item.text else []
        if words and item.text not in found:
            found[item.text] = [", ".join(dict.fromkeys(words)), f"{item.where} / {item.what}"]
    return found
