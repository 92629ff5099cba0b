"""The core's notices in the language the window shows.

The language follows Qt's default locale, which `i18n.Translations.apply` sets on every
language change, so a widget words a notice the moment it shows it, like its own `tr()`.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QLocale

from console.domain.notices import Notice, notice_of
from console.wording.wordbook import Wordbook


def say(message: Notice | BaseException) -> str:
    """`message` (a notice, or an error carrying one) in the window's language."""
    notice = message if isinstance(message, Notice) else notice_of(message)
    return _wordbook(QLocale().name()).say(notice)


@lru_cache(maxsize=4)
def _wordbook(locale_name: str) -> Wordbook:
    return Wordbook.for_locale(locale_name)
