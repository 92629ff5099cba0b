"""The window's languages through Qt translations.

The `.ts` sources live in `resources/translations/`; they are compiled with lrelease into
a cache dir the first time they are needed and again whenever a source changes, so a
fresh clone needs no build step. The packaged app ships compiled `.qm` files there
instead (it has no lrelease). English is the source language: its catalogue holds only
the plural forms ("%n contact(s)" → "1 contact", "2 contacts").
The languages offered are the catalogues present: a new language is one more `.ts` file.
Qt's `.ts`/`.qm` catalogues are used (not gettext) because Qt reads them itself: `tr()`
with `%n` numerus forms, Qt's own dialogs and buttons from `qtbase_*.qm`, and Linguist.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import platformdirs
import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from console.ui.resources import RESOURCES_DIR
from console.ui.sha256 import sha256

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
CATALOGUE_PREFIX = "centralita_"
SOURCE_LANGUAGE = "en"


SYSTEM = "system"  # the choice that follows the system's language


def available_languages(source_dir: Path = TRANSLATIONS_DIR) -> list[str]:
    """English and every language with a catalogue (`centralita_pt_BR.ts` → `pt_BR`), sorted."""
    found = {
        path.stem.removeprefix(CATALOGUE_PREFIX)
        for pattern in ("*.ts", "*.qm")
        for path in source_dir.glob(CATALOGUE_PREFIX + pattern)
    }
    return sorted(found | {SOURCE_LANGUAGE})


def language_name(language: str) -> str:
    """The language named in itself ("Español", "Português"), so it can be found whatever the window shows."""
    if language == SOURCE_LANGUAGE:
        return "English"
    locale = QLocale(language)
    name = locale.nativeLanguageName()
    if "_" not in language:  # a catalogue for every country: "español", not "español de España"
        territory = locale.nativeTerritoryName()
        name = name.removesuffix(f" de {territory}").removesuffix(f" ({territory})")
    return name[:1].upper() + name[1:] if name else language


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("centralita", appauthor=False)) / "translations"


def resolve(choice: str, system: QLocale | None = None, languages: list[str] | None = None) -> str:
    """The language to show: the one chosen, or the system's when we have it (any `es_*` → `es`,
    any `pt_*` → `pt_BR`, the same country's first), else English."""
    offered = languages if languages is not None else available_languages()
    if choice != SYSTEM:
        return choice if choice in offered else SOURCE_LANGUAGE
    locale = system if system is not None else QLocale.system()
    speaking = [language for language in offered if QLocale(language).language() == locale.language()]
    same_country = [language for language in speaking if QLocale(language).territory() == locale.territory()]
    return (same_country or speaking or [SOURCE_LANGUAGE])[0]


@cache
def _lrelease() -> Path | None:
    import shutil  # only when a catalogue must be compiled: not on every start

    bundled = Path(PySide6.__file__).parent / "lrelease"
    if bundled.exists():
        return bundled
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compile_catalogues(source_dir: Path = TRANSLATIONS_DIR, cache_dir: Path | None = None) -> dict[str, Path]:
    """Compiled `.qm` per language. Hashing the sources takes a millisecond; compiling one
(a new or edited source: a first start, an update) takes longer, once.

    A compiled file is named after its source's content, so an edited source (or another
    checkout sharing the cache) never picks up a stale one.
    """
    target_dir = cache_dir if cache_dir is not None else default_cache_dir()
    catalogues: dict[str, Path] = {}
    sources = sorted(source_dir.glob(f"{CATALOGUE_PREFIX}*.ts"))
    for source in sources:
        language = source.stem.removeprefix(CATALOGUE_PREFIX)
        digest = sha256(source.read_bytes()).hexdigest()[:16]
        compiled = target_dir / f"{source.stem}-{digest}.qm"
        if not compiled.exists():
            tool = _lrelease()
            if tool is None:
                log.warning("lrelease is missing: the window stays in English")
                continue
            target_dir.mkdir(parents=True, exist_ok=True)
            import subprocess  # only when a catalogue must be compiled: not on every start

            done = subprocess.run(
                [str(tool), "-silent", str(source), "-qm", str(compiled)], capture_output=True, text=True, check=False
            )
            if done.returncode != 0 or not compiled.exists():
                log.warning("could not compile %s: %s", source.name, done.stderr.strip())
                continue
        catalogues[language] = compiled
    for compiled in sorted(source_dir.glob(f"{CATALOGUE_PREFIX}*.qm")):  # compiled at build time
        catalogues.setdefault(compiled.stem.removeprefix(CATALOGUE_PREFIX), compiled)
    return catalogues


class Translations:
    """The translators installed in the application, swapped as a whole on a language change."""

    def __init__(self, catalogues: dict[str, Path]) -> None:
        self._catalogues = catalogues
        self._installed: list[QTranslator] = []
        self.language = SOURCE_LANGUAGE

    def apply(self, language: str) -> str:
        """Show `language` from now on (English when there is no catalogue); the one applied."""
        self.uninstall()
        applied = language if language in self._catalogues else SOURCE_LANGUAGE
        if applied in self._catalogues:  # English's holds only its plural forms
            ours = QTranslator()
            if ours.load(str(self._catalogues[applied])):
                self._install(ours)
        if applied != SOURCE_LANGUAGE:
            qt_own = QTranslator()  # Qt's standard dialogs and buttons
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt_own.load(QLocale(applied), "qtbase", "_", qt_dir):  # qtbase_pt_BR, else qtbase_pt
                self._install(qt_own)
        # Numbers and dates in the language shown, in the system's own variant when it speaks it.
        system, chosen = QLocale.system(), QLocale(applied)
        QLocale.setDefault(system if system.language() == chosen.language() else chosen)
        self.language = applied
        return applied

    def uninstall(self) -> None:
        """Take every translator out: the source strings as written, "(s)" and all."""
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()

    def _install(self, translator: QTranslator) -> None:
        QCoreApplication.installTranslator(translator)
        self._installed.append(translator)
