"""Folding a text character by character gives what decomposing the whole text gives."""

from __future__ import annotations

import random
import unicodedata

from console.domain.text_search import fold


def _decomposed(value: str) -> str:
    """The definition: the whole text case-folded, decomposed, its combining marks dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", value.casefold()) if not unicodedata.combining(ch))


def test_names_and_numbers_fold_as_people_type_them() -> None:
    assert fold("Lucía SUÁREZ 59899123456") == "lucia suarez 59899123456"
    assert fold("Ñandú Straße ǅ ﬁ Σίσυφος") == _decomposed("Ñandú Straße ǅ ﬁ Σίσυφος") == "nandu strasse dz fi σισυφοσ"
    assert fold("") == ""


def test_any_text_folds_as_the_whole_text_would() -> None:
    """Combining marks after any letter, precomposed and compatibility characters, Hangul
    syllables, characters outside the basic plane: the same answer as decomposing at once."""
    rng = random.Random(17)
    ranges = ((0x20, 0x250), (0x300, 0x370), (0x370, 0x530), (0x1100, 0x1200), (0x1E00, 0x2000), (0xAC00, 0xAD00))
    ranges += ((0xFB00, 0xFB50), (0x1D400, 0x1D500), (0x1F600, 0x1F650))
    for _ in range(3000):
        value = "".join(chr(rng.randrange(*rng.choice(ranges))) for _ in range(rng.randrange(1, 12)))
        assert fold(value) == _decomposed(value), ascii(value)


def test_every_latin_1_character_folds_as_the_definition_says() -> None:
    """Texts within Latin-1 take a faster way; each of its characters, alone and among
    accented letters, folds as decomposing would ('ß', 'µ' and '½' fold beyond one byte)."""
    for code in range(256):
        ch = chr(code)
        assert fold(ch) == _decomposed(ch), hex(code)
        assert fold(f"Ñá{ch}Ü") == _decomposed(f"Ñá{ch}Ü"), hex(code)
