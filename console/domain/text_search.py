"""Text as searches compare it: lower-case, without accents, so 'Martín' finds 'martin'
and 'envio' finds 'envío'; and the piece of a message a search result shows."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MIN_SEARCH_LENGTH = 3  # the message index answers substrings of three characters or more
SNIPPET_CONTEXT = 40  # characters shown on each side of a match


def fold(value: str) -> str:
    """Lower-case without accents: what searches store and compare.

    Folding works character by character (case folding has no context, and the marks the
    decomposition could reorder are all dropped), so each character's folding is worked out
    once and a text is folded by `str.translate`: four times faster than decomposing every
    text, which an agenda sync of 100k contacts felt. A text within Latin-1 (names in
    Spanish, Portuguese…) is folded as bytes through a 256-entry table, five times faster
    again: `str.translate` looks each character up in a dict.
    """
    if value.isascii():
        return value.lower()
    try:
        folded = value.encode("latin-1").translate(_LATIN_1)
    except UnicodeEncodeError:
        return value.translate(_FOLDED)
    if _OUTSIDE_LATIN_1 in folded:  # 'ß', 'µ', '½': they fold to more than one character, or beyond Latin-1
        return value.translate(_FOLDED)
    return folded.decode("latin-1")


def fold_character(ch: str) -> str:
    """One character lower-case without accents (the definition `fold` applies to each)."""
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    return "".join(part for part in decomposed if not unicodedata.combining(part))


class _Folding(dict[int, str]):
    """Code point → its folding, filled as characters are first met (`str.translate`'s table)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_character(chr(code))
        return folded


_FOLDED = _Folding()


def _latin_1_table() -> tuple[bytes, int]:
    """Each Latin-1 character's folding as one Latin-1 byte, and the byte that stands for
    the few that fold otherwise (one no character folds to: folded text is lower-case)."""
    foldings = [fold_character(chr(code)) for code in range(256)]
    single = [len(folded) == 1 and ord(folded) < 256 for folded in foldings]
    taken = {ord(folded) for folded, one in zip(foldings, single, strict=True) if one}
    sentinel = next(code for code in range(255, -1, -1) if code not in taken)
    table = bytes(ord(folded) if one else sentinel for folded, one in zip(foldings, single, strict=True))
    return table, sentinel


_LATIN_1, _OUTSIDE_LATIN_1 = _latin_1_table()


def searchable(value: str) -> str:
    """A message's text or a query as the message index compares them: folded, on one line
    with single spaces, so line breaks and double spaces never hide a match."""
    return fold(" ".join(value.split()))


def _folded_with_origins(value: str) -> tuple[str, list[int]]:
    """`fold(value)` and, for each of its characters, the index in `value` it came from."""
    folded: list[str] = []
    origins: list[int] = []
    for index, ch in enumerate(value):
        for part in fold(ch):
            folded.append(part)
            origins.append(index)
    return "".join(folded), origins


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    start: int  # the match within `text`: [start, end); equal when the text does not show it
    end: int


def snippet(body: str, folded_needle: str, context: int = SNIPPET_CONTEXT) -> Snippet:
    """The part of `body` around the first match of `folded_needle`, on one line, with the
    match's place in it; the body's start when it does not contain the needle."""
    flat = " ".join(body.split())
    folded, origins = _folded_with_origins(flat)
    found = folded.find(folded_needle) if folded_needle else -1
    if found < 0:
        text = flat[: 2 * context]
        return Snippet(text, 0, 0)
    match_start = origins[found]
    match_end = origins[found + len(folded_needle) - 1] + 1
    start = max(0, match_start - context)
    end = min(len(flat), match_end + context)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    text = prefix + flat[start:end] + suffix
    return Snippet(text, match_start - start + len(prefix), match_end - start + len(prefix))
