"""A message search's answer as the window and the command line show it.

Built by the store, read by the services and the front ends (see `views`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from console.domain.messages import Direction, MessageKind


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A message found by its text; `snippet[highlight[0]:highlight[1]]` is the match."""

    message_id: int
    conversation_id: int
    account_id: int
    account_name: str
    contact_id: int
    contact_title: str
    direction: Direction
    kind: MessageKind
    at: datetime
    snippet: str
    highlight: tuple[int, int]


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of a message search, newest first. `more`: older matches may follow, either
    because the page is full or because the search stopped after a bounded number of
    candidates (so a page never costs more than that, however rare the match); the next page
    is asked with `before_message_id=next_before`. Not `more`: this is the end."""

    hits: tuple[SearchHit, ...]
    more: bool
    next_before: int | None
