"""Rewriting the plain texts inside a notice (a provider's words, a link) without touching its wording."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from console.domain.notices import Notice


def with_texts(notice: Notice, rewrite: Callable[[str], str]) -> Notice:
    """`notice` with `rewrite` applied to every plain-text value, nested notices included:
    how a link's secrets are kept out of a stored reason."""
    values = {
        name: with_texts(value, rewrite) if isinstance(value, Notice) else rewrite(value) if isinstance(value, str) else value
        for name, value in notice.values.items()
    }
    return Notice(notice.wording, MappingProxyType(values))
