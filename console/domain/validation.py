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
from console.domain.field_names import NAME
from console.domain.notices import Notice, Wording

MAX_NAME_LENGTH = 100
MAX_TEXT_LENGTH = 500
MAX_DIGITS = 30
MAX_WHOLE_NUMBER = 2**63 - 1  # what the database's INTEGER holds
_SHOWN_LENGTH = 40

NOT_UTF8 = Wording("input.not_utf8", "contains bytes that are not UTF-8 text")
CONTROL_CHARACTERS = Wording("input.control_characters", "must not contain control characters (tabs, new lines, escapes)")
TOO_LONG = Wording(
    "input.too_long",
    "is {length} character long; at most {limit} are allowed",
    "is {length} characters long; at most {limit} are allowed",
    "length",
)
ACCOUNT_NEEDS_NAME = Wording("input.account_needs_name", "the account needs a name")
DIGITS_ONLY = Wording("input.digits_only", "'{text}' must be digits 0-9 only")
TOO_MANY_DIGITS = Wording(
    "input.too_many_digits",
    "has {count} digit; at most {limit} are allowed",
    "has {count} digits; at most {limit} are allowed",
    "count",
)
NOT_WHOLE_NUMBER = Wording("input.not_whole_number", "'{text}' is not a whole number")
OUT_OF_BOUNDS = Wording("input.out_of_bounds", "must be between {minimum} and {maximum}")
UNKNOWN_COUNTRY = Wording("input.unknown_country", "'{text}' is not a country code we know (two letters, e.g. UY, AR, MX)")
SPACES_IN_URL = Wording("input.spaces_in_url", "must not contain spaces or control characters")
NO_SUCH_PORT = Wording("input.no_such_port", "has a port that does not exist (ports go from 1 to 65535)")
NOT_HTTP = Wording("input.not_http", "must be an http(s) address")
CREDENTIALS_IN_URL = Wording(
    "input.credentials_in_url", "must not carry a user name or password (user:pass@); enter them in their own fields"
)
BASE_URL_OF = Wording("field.base_url_of", "the base URL of '{account}'")


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


def clean_text(text: str, field: Notice | str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """One line of text for people: UTF-8, no control characters, bounded."""
    text = text.strip()
    if not is_utf8(text):
        raise InvalidInput(field, NOT_UTF8())
    if _has_control(text):
        raise InvalidInput(field, CONTROL_CHARACTERS())
    if len(text) > max_length:
        raise InvalidInput(field, TOO_LONG(length=len(text), limit=max_length))
    return text


def clean_name(text: str, field: Notice | str | None = None) -> str:
    """An account's name: required, one short line."""
    field = field or NAME()
    name = clean_text(text, field, MAX_NAME_LENGTH)
    if not name:
        raise InvalidInput(field, ACCOUNT_NEEDS_NAME())
    return name


def clean_digits(text: str, field: Notice | str, max_digits: int = MAX_DIGITS) -> str:
    """ASCII digits 0-9 only ("²³" and other scripts' digits are refused), at most `max_digits`."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise InvalidInput(field, DIGITS_ONLY(text=shown(text)))
    if len(text) > max_digits:
        raise InvalidInput(field, TOO_MANY_DIGITS(count=len(text), limit=max_digits))
    return text


def clean_whole_number(text: str, field: Notice | str, minimum: int = 0, maximum: int = MAX_WHOLE_NUMBER) -> int:
    """A whole number written in ASCII digits between `minimum` and `maximum`."""
    raw = text.strip()
    digits = raw.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 30:
        raise InvalidInput(field, NOT_WHOLE_NUMBER(text=shown(raw)))
    value = int(raw)
    if not minimum <= value <= maximum:
        raise InvalidInput(field, OUT_OF_BOUNDS(minimum=minimum, maximum=maximum))
    return value


def clean_region(text: str, field: Notice | str) -> str:
    """An ISO 3166 country code that phone numbers are known for (UY, AR, MX…)."""
    code = text.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(field, UNKNOWN_COUNTRY(text=shown(text.strip())))
    return code


def clean_http_url(text: str, field: Notice | str) -> str:
    """An http(s) address with a host, a real port, no spaces and no user name or password in it."""
    url = text.strip()
    if not is_utf8(url) or any(ch.isspace() or not ch.isprintable() for ch in url):
        raise InvalidInput(field, SPACES_IN_URL())
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise InvalidInput(field, NO_SUCH_PORT()) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(field, NOT_HTTP())
    if port == 0:
        raise InvalidInput(field, NO_SUCH_PORT())
    if parts.username is not None or parts.password is not None:
        raise InvalidInput(field, CREDENTIALS_IN_URL())
    return url


def check_account_address(name: str, settings: Mapping[str, Any]) -> None:
    """Refuse an account saved by an earlier version with an address no request can use
    (port 99999, a space in the host): one sentence instead of a crash in every command."""
    base_url = settings.get("base_url")
    if base_url is not None:
        clean_http_url(str(base_url), BASE_URL_OF(account=shown(name)))
