"""Queries of the trigram FTS5 indexes (the contacts' names and numbers, the messages' text)."""

from __future__ import annotations

from console.domain.text_search import MIN_SEARCH_LENGTH


def quoted(value: str) -> str:
    """`value` as one FTS5 string: the index's tokenizer reads it, its quotes are kept."""
    return '"' + value.replace('"', '""') + '"'


def trigram_phrase(needle: str) -> str | None:
    """The index's phrase for a folded needle it can answer (three characters or more):
    it matches the needle anywhere in the text."""
    return quoted(needle) if len(needle) >= MIN_SEARCH_LENGTH else None
