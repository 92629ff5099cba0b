"""Spanish and English through Qt translations.

The `.ts` sources live in `resources/translations/`; they are compiled with lrelease into
a cache dir the first time they are needed and again whenever a source changes, so a
fresh clone needs no build step. The packaged app ships compiled `.qm` files there
instead (it has no lrelease). English is the source language: it needs no catalogue.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
from enum import StrEnum
from pathlib import Path

import platformdirs
import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from console.ui.resources import RESOURCES_DIR

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
CATALOGUE_PREFIX = "centralita_"
SOURCE_LANGUAGE = "en"


class LanguageChoice(StrEnum):
    SYSTEM = "system"
    SPANISH = "es"
    ENGLISH = "en"


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("centralita", appauthor=False)) / "translations"


def resolve(choice: LanguageChoice, system: QLocale | None = None) -> str:
    """The language to show: the one chosen, or the system's when it is one we have."""
    if choice is not LanguageChoice.SYSTEM:
        return choice.value
    locale = system if system is not None else QLocale.system()
    return LanguageChoice.SPANISH.value if locale.language() == QLocale.Language.Spanish else SOURCE_LANGUAGE


def _lrelease() -> Path | None:
    bundled = Path(PySide6.__file__).parent / "lrelease"
    if bundled.exists():
        return bundled
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compile_catalogues(source_dir: Path = TRANSLATIONS_DIR, cache_dir: Path | None = None) -> dict[str, Path]:
    """Compiled `.qm` per language. Blocking: run it on a worker thread.

    A compiled file is named after its source's content, so an edited source (or another
    checkout sharing the cache) never picks up a stale one.
    """
    target_dir = cache_dir if cache_dir is not None else default_cache_dir()
    catalogues: dict[str, Path] = {}
    sources = sorted(source_dir.glob(f"{CATALOGUE_PREFIX}*.ts"))
    tool = _lrelease() if sources else None
    for source in sources:
        language = source.stem.removeprefix(CATALOGUE_PREFIX)
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        compiled = target_dir / f"{source.stem}-{digest}.qm"
        if not compiled.exists():
            if tool is None:
                log.warning("lrelease is missing: the window stays in English")
                continue
            target_dir.mkdir(parents=True, exist_ok=True)
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
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()
        applied = language if language in self._catalogues else SOURCE_LANGUAGE
        if applied != SOURCE_LANGUAGE:
            ours = QTranslator()
            if ours.load(str(self._catalogues[applied])):
                self._install(ours)
            qt_own = QTranslator()  # Qt's standard dialogs and buttons
            if qt_own.load(f"qtbase_{applied}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self._install(qt_own)
        # Numbers and dates in the language shown, in the system's own variant when it speaks it.
        system, chosen = QLocale.system(), QLocale(applied)
        QLocale.setDefault(system if system.language() == chosen.language() else chosen)
        self.language = applied
        return applied

    def _install(self, translator: QTranslator) -> None:
        QCoreApplication.installTranslator(translator)
        self._installed.append(translator)
