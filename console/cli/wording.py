"""The command line's words: the core's notices in the language of the locale it runs in
(`LANG=es_UY.UTF-8 centralita send …` answers in Spanish)."""

from __future__ import annotations

from functools import lru_cache

from console.domain.notices import Notice, notice_of
from console.wording.languages import locale_from_environment
from console.wording.wordbook import Wordbook


@lru_cache(maxsize=1)
def wordbook() -> Wordbook:
    return Wordbook.for_locale(locale_from_environment())


def say(message: Notice | BaseException) -> str:
    """`message` (a notice, or an error carrying one) in the user's language."""
    return wordbook().say(message if isinstance(message, Notice) else notice_of(message))
