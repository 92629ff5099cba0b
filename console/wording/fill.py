"""`python -m console.wording.fill LANG FILE.json`: writes translations into LANG's catalogue.

FILE.json maps a code to its text, or to a list of plural forms (as many as the language's
plural rule has: `make translations` shows them in the `.po` header); codes not in the
file keep what they had. A translator's tool does the same; this is for batches.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from console.wording.languages import LOCALES_DIR


def fill(language: str, texts: dict[str, str | list[str]], locales_dir: Path = LOCALES_DIR) -> list[str]:
    """Writes `texts` into the catalogue; the codes the catalogue does not have."""
    path = locales_dir / f"{language}.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=language)
    by_code = {message.context: message for message in catalog if message.id}
    unknown = []
    for code, text in texts.items():
        message = by_code.get(code)
        if message is None:
            unknown.append(code)
            continue
        if isinstance(message.id, tuple):
            forms = [text] * catalog.num_plurals if isinstance(text, str) else list(text)
            forms += [forms[-1]] * (catalog.num_plurals - len(forms))
            message.string = tuple(forms[: catalog.num_plurals])
        else:
            message.string = text if isinstance(text, str) else text[0]
        message.flags.discard("fuzzy")
    with path.open("wb") as file:
        write_po(file, catalog, width=120, omit_header=True, ignore_obsolete=True)
    return unknown


if __name__ == "__main__":
    missing = fill(sys.argv[1], json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    if missing:
        print("not in the catalogue:", ", ".join(missing), file=sys.stderr)
