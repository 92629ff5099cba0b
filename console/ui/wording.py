"""The core's notices in the language the window shows.

The language follows Qt's default locale, which `i18n.Translations.apply` sets on every
language change, so a widget words a notice the moment it shows it, like its own `tr()`.
The wordbook (Babel and the catalogue) loads with the first notice shown, not before the
window's first paint.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale

from console.domain.notices import Notice, notice_of

if TYPE_CHECKING:
    from console.wording.wordbook import Wordbook


def say(message: Notice | BaseException) -> str:
    """`message` (a notice, or an error carrying one) in the window's language."""
    notice = message if isinstance(message, Notice) else notice_of(message)
    return _wordbook(QLocale().name()).say(notice)


@lru_cache(maxsize=4)
def _wordbook(locale_name: str) -> Wordbook:
    from console.wording.wordbook import Wordbook

    return Wordbook.for_locale(locale_name)
