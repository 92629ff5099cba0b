"""Checks of typed values shared by the window and the command line.

Each `clean_*` returns the value to keep or raises `InvalidInput` with one sentence; the
sentences show what was typed through `shown`, so a control character in the input never
reaches a terminal raw.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import phonenumbers

from console.domain.errors import InvalidInput

MAX_NAME_LENGTH = 100
MAX_TEXT_LENGTH = 500
MAX_DIGITS = 30
MAX_WHOLE_NUMBER = 2**63 - 1  # what the database's INTEGER holds
_SHOWN_LENGTH = 40


def shown(text: str, limit: int = _SHOWN_LENGTH) -> str:
    """`text` safe to print: control and format characters escaped, cut to `limit` characters."""
    escaped = "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def is_utf8(text: str) -> bool:
    """False for text made from bytes that were not UTF-8 (the surrogates Python keeps them as)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text)


def clean_text(text: str, field: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """One line of text for people: UTF-8, no control characters, bounded."""
    text = text.strip()
    if not is_utf8(text):
        raise InvalidInput(field, "contains bytes that are not UTF-8 text")
    if _has_control(text):
        raise InvalidInput(field, "must not contain control characters (tabs, new lines, escapes)")
    if len(text) > max_length:
        raise InvalidInput(field, f"is {len(text):,} characters long; at most {max_length} are allowed")
    return text


def clean_name(text: str, field: str = "name") -> str:
    """An account's name: required, one short line."""
    name = clean_text(text, field, MAX_NAME_LENGTH)
    if not name:
        raise InvalidInput(field, "the account needs a name")
    return name


def clean_digits(text: str, field: str, max_digits: int = MAX_DIGITS) -> str:
    """ASCII digits 0-9 only ("²³" and other scripts' digits are refused), at most `max_digits`."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise InvalidInput(field, f"'{shown(text)}' must be digits 0-9 only")
    if len(text) > max_digits:
        raise InvalidInput(field, f"has {len(text):,} digits; at most {max_digits} are allowed")
    return text


def clean_whole_number(text: str, field: str, minimum: int = 0, maximum: int = MAX_WHOLE_NUMBER) -> int:
    """A whole number written in ASCII digits between `minimum` and `maximum`."""
    raw = text.strip()
    digits = raw.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 30:
        raise InvalidInput(field, f"'{shown(raw)}' is not a whole number")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise InvalidInput(field, f"must be between {minimum:,} and {maximum:,}")
    return value


def clean_region(text: str, field: str) -> str:
    """An ISO 3166 country code that phone numbers are known for (UY, AR, MX…)."""
    code = text.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(field, f"'{shown(text.strip())}' is not a country code we know (two letters, e.g. UY, AR, MX)")
    return code


def clean_http_url(text: str, field: str) -> str:
    """An http(s) address with a host, a real port, no spaces and no user name or password in it."""
    url = text.strip()
    if not is_utf8(url) or any(ch.isspace() or not ch.isprintable() for ch in url):
        raise InvalidInput(field, "must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise InvalidInput(field, "has a port that does not exist (ports go from 1 to 65535)") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(field, "must be an http(s) address")
    if port == 0:
        raise InvalidInput(field, "has a port that does not exist (ports go from 1 to 65535)")
    if parts.username is not None or parts.password is not None:
        raise InvalidInput(field, "must not carry a user name or password (user:pass@); enter them in their own fields")
    return url


def check_account_address(name: str, settings: Mapping[str, Any]) -> None:
    """Refuse an account saved by an earlier version with an address no request can use
    (port 99999, a space in the host): one sentence instead of a crash in every command."""
    base_url = settings.get("base_url")
    if base_url is not None:
        clean_http_url(str(base_url), f"the base URL of '{shown(name)}'")
