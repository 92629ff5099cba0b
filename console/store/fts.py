"""Queries of the trigram FTS5 indexes (the contacts' names and numbers, the messages' text)."""

from __future__ import annotations

from console.domain.text_search import MIN_SEARCH_LENGTH


def quoted(value: str) -> str:
    """`value` as one FTS5 string: the index's tokenizer reads it, its quotes are kept."""
    return '"' + value.replace('"', '""') + '"'


def every_trigram(needle: str) -> str | None:
    """The contacts' index's query for a folded needle it can answer (three characters or
    more): the texts holding each of its trigrams, anywhere. That index keeps no positions
    (`detail=none`, a third cheaper to build), so it cannot match a phrase: the texts it
    finds are compared with the needle afterwards."""
    if len(needle) < MIN_SEARCH_LENGTH:
        return None
    trigrams = dict.fromkeys(needle[start : start + 3] for start in range(len(needle) - 2))
    return " AND ".join(quoted(trigram) for trigram in trigrams)
