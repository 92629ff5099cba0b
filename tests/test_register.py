"""The translations address the agent one way: Spanish with "usted", Brazilian Portuguese with
"você", and each names the team server the same way everywhere (the window's and the core's)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from console.wording.languages import LOCALES_DIR

TRANSLATIONS_DIR = Path(__file__).parents[1] / "resources" / "translations"  # the window's, read without Qt

# Words that only the informal "you" uses; the other forms are too close to formal ones to spot by spelling.
INFORMAL = {
    "es": r"\b(tú|tu|tus|te|ti|contigo|vos|tienes)\b",
    "pt_BR": r"\b(tu|te|ti|teu|tua|teus|tuas|contigo)\b",
}
# The name each language settled on wins over its near twins.
TWINS = {
    "es": r"\bservidor de equipo\b|\brelay\b",
    "pt_BR": r"\bservidor de equipe\b|\brelay de equipe\b",
}


def _texts(language: str) -> list[str]:
    with (LOCALES_DIR / f"{language}.po").open("rb") as file:
        catalog = read_po(file, locale=language)
    entries = [message.string for message in catalog if message.id]
    core = [form for entry in entries for form in (entry if isinstance(entry, tuple) else (entry,))]
    tree = ElementTree.parse(TRANSLATIONS_DIR / f"centralita_{language}.ts")
    window = [element.text or "" for element in tree.iter() if element.tag in ("translation", "numerusform")]
    return core + window


def _without_commands(text: str) -> str:
    """Command lines quoted in a text (`centralita relay token`) keep their English words."""
    return re.sub(r"`[^`]*`", "", text)


@pytest.mark.parametrize("language", sorted(INFORMAL))
def test_the_agent_is_addressed_formally(language: str) -> None:
    found = [text for text in _texts(language) if re.search(INFORMAL[language], _without_commands(text), re.IGNORECASE)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", sorted(TWINS))
def test_one_thing_has_one_name(language: str) -> None:
    found = [text for text in _texts(language) if re.search(TWINS[language], _without_commands(text), re.IGNORECASE)]
    assert not found, "\n".join(found)
