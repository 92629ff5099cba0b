"""A media link before a send: refused where the provider would refuse it, a warning where
the console only could not confirm it.

Cliengo's document has Cliengo HEAD the link and refuse what fails (`media_head_check`),
so the same check refuses here. The other providers document no such check: they fetch
the file with GET. A server that refuses the console's HEAD (links signed for GET answer
403), answers without a content-length (chunked downloads) or cannot be reached from this
computer is a warning the agent may override. What the server does declare is still
judged: a declared size over the limit is refused (their rules list no types).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.domain.accounts import PROVIDER_TITLES
from console.domain.capabilities import Capabilities, MediaRule
from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.domain.notices import Notice, Wording
from console.domain.send_warnings import SendWarning, WarningKind
from console.providers.media_check import (
    KIND_NOUNS,
    LinkUnreachable,
    MediaLinkInfo,
    check_media,
    describe_size,
    inspect_media_link,
    size_refusal,
)
from console.services import field_labels as labels

if TYPE_CHECKING:
    import httpx

KIND_NOT_SENT = Wording("media.kind_not_sent", "{provider} does not send {kind} files")
KIND_NAMES = {
    MediaKind.IMAGE: Wording("media.kind.image", "image"),
    MediaKind.VIDEO: Wording("media.kind.video", "video"),
    MediaKind.AUDIO: Wording("media.kind.audio", "audio"),
    MediaKind.DOCUMENT: Wording("media.kind.document", "document"),
}
HTTPS_ONLY = Wording("media.https_only", "{provider} only accepts links that start with https://")
UNREACHABLE_FROM_HERE = Wording("media.unreachable_from_here", "{reason} from this computer")
HEAD_REFUSED = Wording("media.head_refused", "the link's server refuses HEAD requests, the console's way of checking a file")
HEAD_STATUS = Wording("media.head_status", "the link's server answers {status} to the console's check (a HEAD request)")
SIZE_UNKNOWN = Wording(
    "media.size_unknown", "the link's server does not say how big the file is, so the {limit} limit is unchecked"
)
NOT_CHECKED = Wording(
    "media.not_checked", "{what}; {provider} fetches the file itself and asks for no such check, so it may still send it"
)


async def check_media_link(
    http: httpx.AsyncClient, capabilities: Capabilities, url: str, kind: MediaKind | None, *, allow_private: bool = False
) -> tuple[SendWarning, ...]:
    """Raise `InvalidInput` for a link the provider would refuse; return what could not be checked.
    `allow_private`: links on this computer or a private network may be checked (the sandbox)."""
    title = PROVIDER_TITLES[capabilities.provider]
    rule = capabilities.media.get(kind) if kind is not None else None
    if kind is not None and rule is None:
        raise InvalidInput(labels.MEDIA_TYPE(), KIND_NOT_SENT(provider=title, kind=KIND_NAMES[kind]()))
    if capabilities.media_head_check:
        info = await inspect_media_link(http, url, allow_private=allow_private)
        check_media(info, kind, rule, https_only=capabilities.https_media_only, provider=title)
        return ()
    if capabilities.https_media_only and not url.strip().lower().startswith("https://"):
        raise InvalidInput(labels.MEDIA_LINK(), HTTPS_ONLY(provider=title))
    try:
        info = await inspect_media_link(http, url, allow_private=allow_private)
    except LinkUnreachable as error:
        return (_unchecked(UNREACHABLE_FROM_HERE(reason=error.reason), title),)
    unconfirmed = _unconfirmed(info, rule)
    if unconfirmed is not None:
        return (_unchecked(unconfirmed, title),)
    if rule is not None and kind is not None and info.content_length is not None and not rule.allows(info.content_length):
        raise InvalidInput(labels.MEDIA_LINK(), size_refusal(info.content_length, rule, title, KIND_NOUNS[kind]))
    return ()


def _unconfirmed(info: MediaLinkInfo, rule: MediaRule | None) -> Notice | None:
    """What the HEAD answer could not confirm, or None when it said all a rule needs."""
    if not info.head_allowed:
        return HEAD_REFUSED()
    if not 200 <= info.status < 300:
        return HEAD_STATUS(status=str(info.status))
    if rule is not None and info.content_length is None:
        return SIZE_UNKNOWN(limit=describe_size(rule.max_bytes))
    return None


def _unchecked(what: Notice, title: str) -> SendWarning:
    return SendWarning(WarningKind.MEDIA_NOT_CHECKED, labels.MEDIA_LINK(), NOT_CHECKED(what=what, provider=title))
