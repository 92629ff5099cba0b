"""Text as searches compare it."""

from __future__ import annotations

import unicodedata


def normalise(value: str) -> str:
    """Lower-case without accents: 'Martín' and 'martin' find each other."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
