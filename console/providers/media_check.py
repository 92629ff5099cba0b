"""Pre-flight checks of a media link, before any provider is asked to send it.

Providers fetch media themselves; Cliengo documents how (a HEAD request whose
`content-type` and `content-length` must fit the template's type). Checking the same way
here turns a refusal that would cost a request into a sentence the agent reads at once.
`check_media` is that rule; for providers that document no check,
`console.services.link_preflight` warns about what a HEAD request could not confirm.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Collection
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING

from console.domain.capabilities import MediaRule
from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.domain.field_names import MEDIA_LINK
from console.domain.links import displayed_link, has_credentials, is_link_local, is_public_address
from console.domain.notices import ByteSize, Notice, Wording

if TYPE_CHECKING:  # httpx loads with the first link checked: the window comes up without it
    import httpx

FIELD = MEDIA_LINK()
HEAD_TIMEOUT = 5.0  # seconds for the whole HEAD exchange of each hop
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HEAD_REFUSED = frozenset({405, 501})  # Method Not Allowed, Not Implemented

KIND_NOUNS: dict[MediaKind, Notice] = {
    MediaKind.IMAGE: Wording("media.noun.images", "images")(),
    MediaKind.VIDEO: Wording("media.noun.videos", "videos")(),
    MediaKind.AUDIO: Wording("media.noun.audio_files", "audio files")(),
    MediaKind.DOCUMENT: Wording("media.noun.documents", "documents")(),
}
FILES = Wording("media.noun.files", "files")

# (one of them, the name of the type) for the types providers list: "an MP4 video", "MP4 video".
MIME_NAMES: dict[str, tuple[Wording, Wording]] = {
    "image/jpeg": (Wording("media.mime.a_jpeg", "a JPEG image"), Wording("media.mime.jpeg", "JPEG image")),
    "image/png": (Wording("media.mime.a_png", "a PNG image"), Wording("media.mime.png", "PNG image")),
    "video/mp4": (Wording("media.mime.an_mp4", "an MP4 video"), Wording("media.mime.mp4", "MP4 video")),
    "audio/mpeg": (Wording("media.mime.an_mp3", "an MP3 audio file"), Wording("media.mime.mp3", "MP3 audio file")),
    "application/pdf": (Wording("media.mime.a_pdf", "a PDF document"), Wording("media.mime.pdf", "PDF document")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        Wording("media.mime.a_docx", "a Word document (.docx)"),
        Wording("media.mime.docx", "Word document (.docx)"),
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        Wording("media.mime.an_xlsx", "an Excel workbook (.xlsx)"),
        Wording("media.mime.xlsx", "Excel workbook (.xlsx)"),
    ),
}
NAMED_TYPE = Wording("media.mime.named", "{name} ({mime})")
OTHER_TYPE = Wording("media.mime.other", "a file of type {mime}")
ONE_OF = Wording("media.one_of", "{others} or {last}")
LISTED = Wording("media.listed", "{first}, {rest}")
EXACT_BYTES = Wording("media.exact_bytes", "{count} byte", "{count} bytes", "count")

THE_PROVIDER = Wording("media.the_provider", "the provider")
HAS_CREDENTIALS = Wording(
    "media.has_credentials",
    "the link carries a user name or password (user:pass@), which would be kept with the message; use a link without them",
)
REDIRECT_LOOP = Wording("media.redirect_loop", "the link redirects in a loop and never reaches a file")
TOO_MANY_REDIRECTS = Wording(
    "media.too_many_redirects",
    "the link redirects more than {count} time before reaching a file",
    "the link redirects more than {count} times before reaching a file",
    "count",
)
HTTPS_ONLY = Wording("media.https_only", "{provider} only accepts links that start with https://")
HEAD_NEEDED = Wording(
    "media.head_needed", "the link's server refuses HEAD requests, which {provider} needs to check the file before sending it"
)
NOT_THE_FILE = Wording("media.not_the_file", "the link's server answers {status} instead of the file")
NO_CONTENT_TYPE = Wording(
    "media.no_content_type", "the link's server does not say what kind of file it is (no content-type header)"
)
WRONG_TYPE = Wording("media.wrong_type", "the link's file is {found}; {provider} accepts only {allowed} for {noun}")
NO_CONTENT_LENGTH = Wording(
    "media.no_content_length", "the link's server does not say how big the file is (no content-length header)"
)
TOO_BIG = Wording("media.too_big", "the link's file is {size}; {authority} allows at most {limit} for {noun}")
TOO_BIG_BELOW = Wording(
    "media.too_big_below", "the link's file is {size}; {authority} allows only files below {limit} for {noun}"
)
LINK_LOCAL = Wording("media.link_local", "the link points at a link-local address ({address}), where no public file lives")
NOT_PUBLIC = Wording(
    "media.not_public",
    "the link points at this computer or a private network ({address}); "
    "the provider fetches the file from the internet, so it needs a public address",
)
NOT_A_WEB_ADDRESS = Wording("media.not_a_web_address", "it is not a web address")
WRONG_SCHEME = Wording("media.wrong_scheme", "it must start with http:// or https:// (it has '{scheme}' scheme)")
NO_SCHEME = Wording("media.no_scheme", "it must start with http:// or https:// (it has no scheme)")
NO_SERVER_NAME = Wording("media.no_server_name", "it has no server name")
NO_SUCH_PORT = Wording("media.no_such_port", "its port {port} does not exist (ports go from 1 to 65535)")
NO_ANSWER_IN_TIME = Wording("media.no_answer_in_time", "the link's server did not answer within {seconds} seconds")
UNREACHABLE = Wording("media.unreachable", "the link's server could not be reached")


class LinkUnreachable(InvalidInput):
    """The link's server could not be reached from this computer, or did not answer in time."""


@dataclass(frozen=True, slots=True)
class MediaLinkInfo:
    """What a HEAD request learnt about a media link (after following redirects)."""

    url: str  # as given
    final_url: str  # after redirects
    head_allowed: bool
    status: int
    content_type: str | None  # lower case, without parameters
    content_length: int | None


async def inspect_media_link(
    http: httpx.AsyncClient,
    url: str,
    *,
    timeout: float = HEAD_TIMEOUT,
    max_redirects: int = MAX_REDIRECTS,
    allow_private: bool = False,
) -> MediaLinkInfo:
    """HEAD `url`, following up to `max_redirects` redirects.

    Raises `InvalidInput("media link", ...)` for a link that is not http(s), carries a
    password, points (itself or after a redirect) at a link-local address or, unless
    `allow_private` (the sandbox, a provider on the same private network), at this computer
    or a private network; for a redirect loop or chain that is too long, and a server that
    cannot be reached or does not answer in time: the provider has to fetch the file from
    the same public address.
    """
    if has_credentials(url):
        raise InvalidInput(FIELD, HAS_CREDENTIALS())
    current = _http_url(url)
    await check_target(current, allow_private=allow_private)
    seen = {str(current)}
    for _ in range(max_redirects + 1):
        response = await _head(http, current, timeout)
        location = response.headers.get("location")
        if response.status_code not in _REDIRECTS or not location:
            return MediaLinkInfo(
                url=url,
                final_url=str(current),
                head_allowed=response.status_code not in _HEAD_REFUSED,
                status=response.status_code,
                content_type=_mime_type(response.headers.get("content-type")),
                content_length=_length(response.headers.get("content-length")),
            )
        current = _http_url(str(current.join(location)))
        await check_target(current, allow_private=allow_private)  # every hop: a redirect may point inward
        if str(current) in seen:
            raise InvalidInput(FIELD, REDIRECT_LOOP())
        seen.add(str(current))
    raise InvalidInput(FIELD, TOO_MANY_REDIRECTS(count=max_redirects))


def check_media(
    info: MediaLinkInfo,
    kind: MediaKind | None,
    rule: MediaRule | None,
    *,
    https_only: bool,
    provider: Notice | str | None = None,
) -> None:
    """Raise `InvalidInput("media link", reason)` when the link breaks `rule` for `kind`.

    Only what the HEAD answer declares is judged, as providers do: a server whose
    `content-length` understates the file passes here and at the provider alike.
    Without a rule (the file's kind is not known yet) the headers must still be there.
    """
    provider = provider or THE_PROVIDER()
    noun = KIND_NOUNS[kind] if kind is not None else FILES()
    if https_only and not (_is_https(info.url) and _is_https(info.final_url)):
        raise InvalidInput(FIELD, HTTPS_ONLY(provider=provider))
    if not info.head_allowed:
        raise InvalidInput(FIELD, HEAD_NEEDED(provider=provider))
    if not 200 <= info.status < 300:
        raise InvalidInput(FIELD, NOT_THE_FILE(status=_status_text(info.status)))
    if info.content_type is None:
        raise InvalidInput(FIELD, NO_CONTENT_TYPE())
    if rule is not None and rule.mime_types and info.content_type not in rule.mime_types:
        found, allowed = describe_mime(info.content_type), allowed_mimes(rule.mime_types)
        raise InvalidInput(FIELD, WRONG_TYPE(found=found, provider=provider, allowed=allowed, noun=noun))
    if info.content_length is None:
        raise InvalidInput(FIELD, NO_CONTENT_LENGTH())
    if rule is not None and not rule.allows(info.content_length):
        raise InvalidInput(FIELD, size_refusal(info.content_length, rule, provider, noun))


def size_refusal(size: int, rule: MediaRule, provider: Notice | str, noun: Notice | str) -> Notice:
    """`the link's file is 6 MB; WhatsApp allows at most 5 MB for images`, in the rule's own
    terms: "below" for a document that says below the maximum, "at most" otherwise."""
    shown_size, shown_limit = describe_sizes(size, rule.max_bytes)
    wording = TOO_BIG_BELOW if rule.below_max else TOO_BIG
    return wording(size=shown_size, authority=rule.authority or provider, limit=shown_limit, noun=noun)


def describe_mime(mime_type: str) -> Notice:
    """`video/mp4` -> `an MP4 video (video/mp4)`."""
    if mime_type in MIME_NAMES:
        one, _ = MIME_NAMES[mime_type]
        return NAMED_TYPE(name=one(), mime=mime_type)
    return OTHER_TYPE(mime=mime_type)


def allowed_mimes(mime_types: Collection[str]) -> Notice | str:
    """`JPEG image or PNG image`, in a stable order (by their English names)."""
    names = sorted((MIME_NAMES[mime][1]() if mime in MIME_NAMES else mime for mime in mime_types), key=str)
    return _listed(names) if names else ""


def _listed(names: list[Notice | str]) -> Notice | str:
    """"A, B or C"."""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return ONE_OF(others=names[0], last=names[1])
    return LISTED(first=names[0], rest=_listed(names[1:]))


def describe_size(size: int) -> str:
    """Decimal units, as providers state their limits (2,000,000 bytes = 2 MB)."""
    if size < 1_000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1_000:.0f} KB"
    return f"{size / 1_000_000:.1f}".removesuffix(".0") + " MB"


def describe_sizes(size: int, limit: int) -> tuple[ByteSize | Notice, ByteSize | Notice]:
    """Both sizes rounded, or exact when rounding would make them look equal."""
    if describe_size(size) == describe_size(limit):
        return EXACT_BYTES(count=size), EXACT_BYTES(count=limit)
    return ByteSize(size), ByteSize(limit)


def shown_link(url: str) -> str:
    """The link without credentials, query or fragment (signed links carry secrets there)."""
    return displayed_link(url)


async def check_target(url: httpx.URL, *, allow_private: bool) -> None:
    """Refuse a link whose server is link-local, or (unless `allow_private`) not on the internet.

    A name is resolved and every address it has is judged, so a public-looking name that
    resolves to 169.254.169.254 (a cloud's metadata service) is refused too.
    """
    for address in await _addresses(url):
        if is_link_local(address):
            raise InvalidInput(FIELD, LINK_LOCAL(address=address))
        if not allow_private and not is_public_address(address):
            raise InvalidInput(FIELD, NOT_PUBLIC(address=address))


def _http_url(url: str) -> httpx.URL:
    import httpx

    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL:
        raise InvalidInput(FIELD, NOT_A_WEB_ADDRESS()) from None
    if parsed.scheme not in ("http", "https"):
        raise InvalidInput(FIELD, WRONG_SCHEME(scheme=parsed.scheme) if parsed.scheme else NO_SCHEME())
    if not parsed.host:
        raise InvalidInput(FIELD, NO_SERVER_NAME())
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise InvalidInput(FIELD, NO_SUCH_PORT(port=str(parsed.port)))
    return parsed


async def _head(http: httpx.AsyncClient, url: httpx.URL, timeout: float) -> httpx.Response:
    import httpx

    try:
        return await http.head(url, timeout=timeout, follow_redirects=False)
    except httpx.TimeoutException:
        raise LinkUnreachable(FIELD, NO_ANSWER_IN_TIME(seconds=timeout)) from None
    except httpx.TransportError:
        raise LinkUnreachable(FIELD, UNREACHABLE()) from None


async def _addresses(url: httpx.URL) -> list[str]:
    """The link's host as addresses: itself when it is one, else what the name resolves to."""
    try:
        return [str(ipaddress.ip_address(url.host.strip("[]")))]
    except ValueError:
        pass
    try:
        found = await asyncio.get_running_loop().getaddrinfo(url.host, url.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise InvalidInput(FIELD, UNREACHABLE()) from None
    return [str(entry[4][0]) for entry in found]


def _mime_type(header: str | None) -> str | None:
    mime = (header or "").split(";", 1)[0].strip().lower()
    return mime or None


def _length(header: str | None) -> int | None:
    text = (header or "").strip()
    return int(text) if text.isdigit() else None


def _is_https(url: str) -> bool:
    return url.lower().startswith("https://")


def _status_text(status: int) -> str:
    try:
        return f"{status} ({HTTPStatus(status).phrase})"
    except ValueError:
        return str(status)
