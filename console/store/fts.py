"""Queries of the trigram FTS5 indexes (the contacts' names and numbers, the messages' text)."""

from __future__ import annotations

from console.domain.text_search import MIN_SEARCH_LENGTH


def trigram_phrase(needle: str) -> str | None:
    """The index's phrase for a folded needle it can answer (three characters or more):
    it matches the needle anywhere in the text."""
    return '"' + needle.replace('"', '""') + '"' if len(needle) >= MIN_SEARCH_LENGTH else None
