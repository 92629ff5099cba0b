"""Saved replies an agent inserts by name, with the contact's name and number filled in.

A reply belongs to every account (`account_id` None) or to one. Its text may hold
`{nombre}` / `{name}` and `{numero}` / `{number}`; a link to a file may go with it, sent
as media where the provider sends media.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.domain.field_names import MEDIA_LINK, NAME, TEXT
from console.domain.messages import MAX_TEXT_LENGTH
from console.domain.notices import Wording
from console.domain.text_search import fold

MAX_NAME_LENGTH = 60
NUMBER_VARIABLES = ("numero", "number")  # as `normalise` leaves them; the others are the name's
NEEDS_NAME = Wording("quick_reply.needs_name", "a quick reply needs a name to find it by")
NAME_TOO_LONG = Wording("quick_reply.name_too_long", "the name has {length} characters; the limit is {limit}")
NAME_ON_ONE_LINE = Wording("quick_reply.name_on_one_line", "the name must fit on one line")
EMPTY = Wording("quick_reply.empty", "the reply is empty")
TEXT_TOO_LONG = Wording("quick_reply.text_too_long", "the reply has {length} characters; WhatsApp allows {limit}")
NOT_HTTP_LINK = Wording("quick_reply.not_http_link", "'{url}' is not an http(s) link")
_VARIABLE = re.compile(r"\{\s*(nombre|name|numero|número|number)\s*\}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class QuickReply:
    name: str  # what the agent types after "/"
    text: str
    account_id: int | None = None  # None: offered on every account
    media_url: str | None = None
    media_kind: MediaKind | None = None  # set exactly when media_url is
    id: int | None = None  # None until stored


@dataclass(frozen=True, slots=True)
class FilledReply:
    text: str
    unfilled: tuple[str, ...]  # variables left as typed: the contact has no value for them


def fill_variables(text: str, name: str | None, number: str) -> FilledReply:
    """`text` with the contact's name and number in place of its variables.

    `name` is None for a contact known only by its number: its variables stay in the
    text, listed in `unfilled`, for the agent to replace.
    """
    unfilled: list[str] = []

    def fill(match: re.Match[str]) -> str:
        variable = fold(match.group(1))
        if variable in NUMBER_VARIABLES:
            return number
        if name is None:
            unfilled.append(match.group(0))
            return match.group(0)
        return name

    return FilledReply(_VARIABLE.sub(fill, text), tuple(dict.fromkeys(unfilled)))


def search_key(reply: QuickReply) -> str:
    """What "/" + a few letters is matched against: name and text, without accents."""
    return fold(f"{reply.name} {reply.text}")


def matching(replies: Iterable[QuickReply], typed: str) -> list[QuickReply]:
    """The replies whose name or text contains `typed`; names that start with it first."""
    query = fold(typed.strip())
    found = [reply for reply in replies if query in search_key(reply)]
    return sorted(found, key=lambda reply: (not fold(reply.name).startswith(query), fold(reply.name)))


def guess_media_kind(url: str) -> MediaKind:
    """The kind of file a link's name suggests; a document when it suggests nothing."""
    guessed, _ = mimetypes.guess_type(urlsplit(url).path)
    family = (guessed or "").split("/", 1)[0]
    return {"image": MediaKind.IMAGE, "video": MediaKind.VIDEO, "audio": MediaKind.AUDIO}.get(family, MediaKind.DOCUMENT)


def checked_reply(reply: QuickReply) -> QuickReply:
    """The reply with its fields trimmed; `InvalidInput` naming the field that cannot be saved."""
    name = reply.name.strip()
    if not name:
        raise InvalidInput(NAME(), NEEDS_NAME())
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(NAME(), NAME_TOO_LONG(length=len(name), limit=MAX_NAME_LENGTH))
    if "\n" in name:
        raise InvalidInput(NAME(), NAME_ON_ONE_LINE())
    if not reply.text.strip() and not reply.media_url:
        raise InvalidInput(TEXT(), EMPTY())
    if len(reply.text) > MAX_TEXT_LENGTH:
        raise InvalidInput(TEXT(), TEXT_TOO_LONG(length=len(reply.text), limit=MAX_TEXT_LENGTH))
    url = (reply.media_url or "").strip() or None
    if url is not None and urlsplit(url).scheme not in ("http", "https"):
        raise InvalidInput(MEDIA_LINK(), NOT_HTTP_LINK(url=url))
    kind = None if url is None else (reply.media_kind or guess_media_kind(url))
    return QuickReply(name, reply.text, reply.account_id, url, kind, reply.id)
