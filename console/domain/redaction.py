"""Keeping secrets and customers' numbers out of text that leaves the program (logs, reports).

Two halves: `Secret`, a string that shows a mask wherever it is turned into text for people
(`str`, `repr`, logging's `%s`/`%r`), and `redact`, which masks what still slipped into a
text: bearer tokens, `token=`/`api_key=`/`password` values, JWTs, route and webhook tokens
in URL paths, and phone numbers except their last 4 digits.
"""

from __future__ import annotations

import re

REDACTED = "[redacted]"
SECRET_MASK = "<secret>"
PHONE_DIGITS_SHOWN = 4


class Secret(str):
    """A password, API key or token. Its characters are the secret's, so it can be sent,
    compared, stripped or JSON-encoded as any string; `str()`, `repr()` and the `%s`/`%r`
    of a log line show a mask. `reveal()` gives the plain string where one is needed.

    `format()` (f-strings) is left as `str`'s, so request headers built with an f-string
    keep working: never put a secret into a log message with an f-string.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Secret({SECRET_MASK!r})"

    def __str__(self) -> str:
        return SECRET_MASK

    def __format__(self, spec: str) -> str:
        return format(self.reveal(), spec)

    def reveal(self) -> str:
        return str.__str__(self)


_KEYS = r"access_token|refresh_token|events_token|token|api[_-]?key|apikey|password|passwd|secret|authorization"
_BEARER = re.compile(r"\b(Bearer)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
# `key=value`, `key: value`, `"key": "value"`; a value already masked is left alone.
_KEY_VALUE = re.compile(
    rf"""(?P<key>\b(?:{_KEYS})\b["']?\s*[:=]\s*["']?)(?!Bearer\b|\[redacted\])(?P<value>[^\s"'&,;)}}\]]+)""",
    re.IGNORECASE,
)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
# The relay's callback routes and webhook URLs carry their secret as the path's last part.
_ROUTE = re.compile(r"(?P<path>/(?:callbacks/[a-z]+|inbound|webhooks?)/(?:[\w.~-]+/)*)(?P<token>[\w.~-]{6,})")
# Any other URL path part that looks generated: long, with letters and digits mixed.
_PATH_TOKEN = re.compile(r"(?<=/)(?=[A-Za-z0-9_-]{20,}\b)(?=[A-Za-z_-]*\d)(?=[0-9_-]*[A-Za-z])[A-Za-z0-9_-]+")
# A number with a leading + (spaces, dots, dashes, brackets allowed between digits), or a
# run of 8 to 15 digits standing alone. Dates (2026-11-21) and times are neither.
_PHONE = re.compile(r"\+\d[\d \-.()]{6,22}\d|(?<![\w.+-])\d{8,15}(?!\w)")


def _mask_phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    if digits < 8 or digits > 15:
        return text
    to_hide = digits - PHONE_DIGITS_SHOWN
    out = []
    for char in text:
        if char.isdigit() and to_hide > 0:
            out.append("*")
            to_hide -= 1
        else:
            out.append(char)
    return "".join(out)


def mask_phones(text: str) -> str:
    """Every phone number in `text` with all but its last 4 digits replaced by `*`."""
    return _PHONE.sub(_mask_phone, text)


def mask_secrets(text: str) -> str:
    """`text` with known secret shapes replaced by `[redacted]`."""
    text = _BEARER.sub(rf"\1 {REDACTED}", text)
    text = _JWT.sub(REDACTED, text)
    text = _KEY_VALUE.sub(lambda m: m.group("key") + REDACTED, text)
    text = _ROUTE.sub(lambda m: m.group("path") + REDACTED, text)
    return _PATH_TOKEN.sub(REDACTED, text)


def redact(text: str, *, keep_phones: bool = False) -> str:
    """`text` as it may be logged or shown in a report: secrets masked, and phone numbers
    too unless `keep_phones` (debug logging switched on by the user)."""
    text = mask_secrets(text)
    return text if keep_phones else mask_phones(text)
