"""Notices put into one language: the text from the catalogue, the values in its locale.

Babel (some 30 ms to import) loads with the first catalogue read or the first value formatted:
a notice of plain text in the source language (the window's status bar as it starts) needs none.
"""

from __future__ import annotations

import gettext
import io
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from console.domain.notices import ByteSize, Notice, fill
from console.wording.languages import LOCALES_DIR, SOURCE_LANGUAGE, language_for

if TYPE_CHECKING:
    from babel import Locale


class Wordbook:
    """Words notices in `language` ("es", "pt_BR", "en"), formatting values for `locale`
    (e.g. "es_UY"; the language itself when not given)."""

    def __init__(self, language: str, locale: str | None = None, locales_dir: Path = LOCALES_DIR) -> None:
        self.language = language
        self._translations = _translations(language, locales_dir)
        self._locale_name = locale or language

    @cached_property
    def _locale(self) -> Locale:
        return _babel_locale(self._locale_name)

    @classmethod
    def for_locale(cls, locale_name: str) -> Wordbook:
        """The wordbook a user of `locale_name` (e.g. "es_MX") reads."""
        return cls(language_for(locale_name), locale_name)

    def say(self, notice: Notice) -> str:
        wording = notice.wording
        if wording.plural is not None and wording.count is not None:
            count = notice.values[wording.count]
            text = self._translations.npgettext(wording.code, wording.text, wording.plural, int(count))  # type: ignore[call-overload]
        else:
            text = self._translations.pgettext(wording.code, wording.text)
        try:
            return fill(text, notice.values, self.value)
        except (KeyError, IndexError, ValueError):  # a translation naming a value the code does not give
            return fill(wording.text, notice.values, self.value)

    def value(self, value: object) -> str:
        """One value as this locale writes it."""
        if isinstance(value, Notice):
            return self.say(value)
        if isinstance(value, str | bool) or value is None:
            return str(value)
        from babel.dates import format_date, format_datetime, format_time, format_timedelta
        from babel.numbers import format_decimal

        if isinstance(value, int | float):
            return format_decimal(value, locale=self._locale)
        if isinstance(value, ByteSize):
            return self._size(value.bytes)
        if isinstance(value, datetime):
            return format_datetime(value, format="short", locale=self._locale)
        if isinstance(value, date):
            return format_date(value, format="medium", locale=self._locale)
        if isinstance(value, time):
            return format_time(value, format="short", locale=self._locale)
        if isinstance(value, timedelta):
            return format_timedelta(value, threshold=1.5, locale=self._locale)
        return str(value)

    def _size(self, size_in_bytes: int) -> str:
        from babel.numbers import format_decimal

        if size_in_bytes < 1000:
            return f"{format_decimal(size_in_bytes, locale=self._locale)} B"
        size = float(size_in_bytes)
        for unit in ("KB", "MB", "GB", "TB"):
            size /= 1000
            if size < 1000 or unit == "TB":
                return f"{format_decimal(size, format='#,##0.#', locale=self._locale)} {unit}"
        raise AssertionError("unreachable")


@lru_cache(maxsize=8)
def _translations(language: str, locales_dir: Path) -> gettext.NullTranslations:
    """The language's catalogue compiled in memory (a few hundred messages: milliseconds),
    so a fresh clone needs no build step and an edited `.po` is read as it is."""
    source = locales_dir / f"{language}.po"
    if language == SOURCE_LANGUAGE or not source.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        catalog = read_po(file, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _babel_locale(name: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(name.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(SOURCE_LANGUAGE)
