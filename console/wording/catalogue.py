"""Keeps the `.po` files in step with the wordings the core declares.

`python -m console.wording.catalogue [LANG ...]` imports every module of the core (all but
the window's), adds each new wording to every catalogue untranslated, and drops those no
module declares any more; a new language is `python -m console.wording.catalogue xx_YY`.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Mapping
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

import console
from console.domain.notices import Wording, registered_wordings
from console.wording.languages import LOCALES_DIR, catalogue_languages

# The window has its own catalogue; the entry points and migrations declare no wordings.
_NOT_CORE = ("console.ui", "console.__main__", "console.store.migrations", "console.team_server.migrations")


def core_wordings() -> Mapping[str, Wording]:
    """Every wording of the core, by code (imports every core module)."""
    for module in pkgutil.walk_packages(console.__path__, "console."):
        if not module.name.startswith(_NOT_CORE):
            importlib.import_module(module.name)
    return registered_wordings()


def template(wordings: Mapping[str, Wording]) -> Catalog:
    catalog = Catalog(project="Centralita", header_comment="# The core's messages. Translate msgstr; keep every {value}.")
    for code in sorted(wordings):
        wording = wordings[code]
        msgid = (wording.text, wording.plural) if wording.plural else wording.text
        catalog.add(msgid, context=code, auto_comments=[f"values: {', '.join(sorted(wording.values)) or '-'}"])
    return catalog


def update(language: str, wordings: Mapping[str, Wording], locales_dir: Path = LOCALES_DIR) -> Path:
    path = locales_dir / f"{language}.po"
    if path.exists():
        with path.open("rb") as file:
            catalog = read_po(file, locale=language)
    else:
        catalog = Catalog(locale=language, project="Centralita")
    catalog.update(template(wordings), no_fuzzy_matching=True, update_header_comment=True)
    catalog.obsolete.clear()
    with path.open("wb") as file:
        write_po(file, catalog, width=120, omit_header=True, ignore_obsolete=True)
    return path


def main(argv: list[str]) -> None:
    wordings = core_wordings()
    languages = set(argv) | {language for language in catalogue_languages() if language != "en"}
    for language in sorted(languages):
        print(update(language, wordings))


if __name__ == "__main__":
    main(sys.argv[1:])
