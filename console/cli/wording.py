"""The command line's words: the core's notices in the language of the locale it runs in
(`LANG=es_UY.UTF-8 centralita send …` answers in Spanish)."""

from __future__ import annotations

import sys
from functools import lru_cache

from console.domain.notices import Notice, as_notice, notice_of
from console.wording.languages import locale_from_environment
from console.wording.wordbook import Wordbook


@lru_cache(maxsize=1)
def wordbook() -> Wordbook:
    return Wordbook.for_locale(locale_from_environment())


def say(message: Notice | BaseException) -> str:
    """`message` (a notice, or an error carrying one) in the user's language."""
    return wordbook().say(message if isinstance(message, Notice) else notice_of(message))


def told(error: BaseException) -> Notice:
    """What `error` tells the user: its notice, or else its own text as it is (an error the
    core raised with a plain sentence), never "something unexpected" for an expected error."""
    found = getattr(error, "notice", None)
    return found if isinstance(found, Notice) else as_notice(str(error) or type(error).__name__)


def echo(notice: Notice) -> None:
    """Print `notice` as a line of the command's output."""
    print(say(notice))


def complain(notice: Notice) -> None:
    """Print `notice` on standard error after the program's name, as every refusal is."""
    print(f"centralita: {say(notice)}", file=sys.stderr)
