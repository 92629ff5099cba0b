"""Messages with codes: what the core tells the agent, put into words by the front end.

The core never builds a sentence for the agent. It builds a `Notice`: a `Wording` (a stable
code for scripts and tests, and the English text with `{placeholders}`) and the values to
fill in. The window and the command line put it into the agent's language through one
gettext catalogue (`console.wording`); the English text is the catalogue's source and what
logs and `str(error)` show.

Every module declares its wordings at import time, next to the code that uses them:

    WINDOW_CLOSED = Wording("send.window_closed", "The 24 h window with {phone} has closed: send a template.")
    raise NoticeError(WINDOW_CLOSED(phone=contact.phone))

Values may be notices themselves (a field's label inside "{field} is required"), numbers,
sizes (`ByteSize`), datetimes and durations: the front end formats each in the agent's
locale. A wording with a plural form names the value that counts.
"""

from __future__ import annotations

import string
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

_REGISTRY: dict[str, Wording] = {}
_DECLARED_IN: dict[str, str] = {}


def registered_wordings(package: str = "console.") -> Mapping[str, Wording]:
    """Every wording declared by the modules of `package` imported so far, by code."""
    return MappingProxyType({code: wording for code, wording in _REGISTRY.items() if _DECLARED_IN[code].startswith(package)})


def placeholders(text: str) -> frozenset[str]:
    """The `{names}` a text fills in."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


@dataclass(frozen=True, slots=True)
class Wording:
    """A message the agent may read: its code, its English text and, if it counts something,
    the English plural and the name of the value that counts."""

    code: str
    text: str
    plural: str | None = None
    count: str | None = None

    def __post_init__(self) -> None:
        if (self.plural is None) != (self.count is None):
            raise ValueError(f"wording {self.code}: a plural needs the name of the value that counts, and only a plural")
        if self.plural is not None and placeholders(self.plural) != placeholders(self.text):
            raise ValueError(f"wording {self.code}: singular and plural must fill in the same values")
        known = _REGISTRY.setdefault(self.code, self)
        _DECLARED_IN.setdefault(self.code, sys._getframe(2).f_globals.get("__name__", ""))  # the caller of __init__
        if known != self:
            raise ValueError(f"wording code {self.code} is declared twice with different texts")

    @property
    def values(self) -> frozenset[str]:
        return placeholders(self.text) | ({self.count} if self.count else frozenset())

    def __call__(self, **values: object) -> Notice:
        missing = self.values - values.keys()
        if missing:
            raise TypeError(f"wording {self.code} needs {', '.join(sorted(missing))}")
        return Notice(self, MappingProxyType(dict(values)))


@dataclass(frozen=True, slots=True)
class ByteSize:
    """A size in bytes, shown as "2,5 MB" in the agent's locale."""

    bytes: int

    def __str__(self) -> str:
        size = float(self.bytes)
        for unit in ("bytes", "KB", "MB", "GB"):
            if size < 1000 or unit == "GB":
                return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
            size /= 1000
        raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True)
class Notice:
    """One message for the agent: a wording and its values."""

    wording: Wording
    values: Mapping[str, object] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.wording.code

    def english(self) -> str:
        """The message in the source language, for logs, `str(error)` and English users."""
        text = self.wording.text
        if self.wording.count is not None and self.values[self.wording.count] != 1:
            text = self.wording.plural or text
        return fill(text, self.values, english)

    def __str__(self) -> str:
        return self.english()

    def as_json(self) -> dict[str, object]:
        """Code and values for scripts (`--json`): values as the English sentence would show them."""
        return {"code": self.code, "values": {name: _json_value(value) for name, value in self.values.items()}}


def fill(text: str, values: Mapping[str, object], word: Callable[[object], str]) -> str:
    """`text` with its values worded by `word`. A notice set inside another sentence, right
    before a closing mark, loses its own full stop ("… (the first: it has no id)", not
    "… (the first: it has no id.)"); one that ends the text or is followed by another
    sentence keeps it."""
    worded = {}
    for name, value in values.items():
        shown = word(value)
        if isinstance(value, Notice) and _inside_a_sentence(text, name):
            shown = embedded(shown)
        worded[name] = shown
    return text.format_map(worded)


def _inside_a_sentence(text: str, name: str) -> bool:
    """Whether `{name}` is followed straight away by punctuation that goes on or closes the outer sentence."""
    placeholder = f"{{{name}}}"
    at = text.find(placeholder)
    following = text[at + len(placeholder) : at + len(placeholder) + 1] if at >= 0 else ""
    return following in _CLOSING_MARKS


_CLOSING_MARKS = frozenset(").;,:")


def embedded(sentence: str) -> str:
    """`sentence` without its closing full stop (an ellipsis stays)."""
    return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence


def english(value: object) -> str:
    """A value as the English source shows it."""
    if isinstance(value, Notice):
        return value.english()
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
    return str(value)


def _json_value(value: object) -> object:
    if isinstance(value, Notice):
        return value.as_json()
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return english(value)


class NoticeError(Exception):
    """An error whose message is a `Notice`; `str()` is its English text (for logs)."""

    def __init__(self, notice: Notice | str) -> None:
        self.notice = as_notice(notice)
        super().__init__(self.notice.english())


def as_notice(message: Notice | str) -> Notice:
    """`message` as a notice. A plain string is English that never reached the catalogue: the
    window shows it as it is, and the all-visible-text test finds it."""
    return message if isinstance(message, Notice) else UNTRANSLATED(text=message)


def notice_of(error: BaseException, fallback: Wording | None = None) -> Notice:
    """What to tell the agent about `error`: its notice, or `fallback` (or the generic
    "unexpected error") carrying the error's English text as `detail`."""
    found = getattr(error, "notice", None)
    if isinstance(found, Notice):
        return found
    return (fallback or UNEXPECTED)(detail=str(error) or type(error).__name__)


UNTRANSLATED = Wording("core.untranslated", "{text}")
UNEXPECTED = Wording("core.unexpected", "Something unexpected happened: {detail}")
