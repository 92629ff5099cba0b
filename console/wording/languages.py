"""Which languages the core's catalogue speaks, and which one a locale asks for."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

LOCALES_DIR = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"


def catalogue_languages(locales_dir: Path = LOCALES_DIR) -> tuple[str, ...]:
    """The languages with a catalogue (one `.po` file each), plus the source language."""
    return (SOURCE_LANGUAGE, *sorted(path.stem for path in locales_dir.glob("*.po")))


def language_for(locale_name: str, languages: tuple[str, ...] | None = None) -> str:
    """The catalogue language for a locale such as "es_UY.UTF-8" or "pt-BR": the exact one,
    else any of the same language (es_UY → es, pt_PT → pt_BR), else the source language."""
    known = languages if languages is not None else catalogue_languages()
    wanted = locale_name.split(".")[0].split("@")[0].replace("-", "_")
    if wanted in known:
        return wanted
    prefix = wanted.split("_")[0].lower()
    return next((language for language in known if language.split("_")[0].lower() == prefix), SOURCE_LANGUAGE)


def locale_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The locale the command line was run in, as POSIX orders the variables."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(".")[0]
    return SOURCE_LANGUAGE
