"""Links as people may see them, and where a link points.

Signed links carry their secret in the query, and `user:pass@` carries a password: what
is shown (the chat, the command line's output, logs) keeps neither.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

__all__ = [
    "displayed_link",
    "has_credentials",
    "hide_link_secrets",
    "hide_queries_of",
    "is_link_local",
    "is_private_host",
    "is_public_address",
    "link_secrets",
]

_SHORTEST_SECRET = 8  # shorter query values (`w=1`, `expires=300`) are no secret; hiding them would mangle text


def displayed_link(url: str) -> str:
    """The link without credentials, query or fragment (`?…` says a query was there)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(a link that cannot be read)"
    if not parts.scheme or not host:
        return url.split("?", 1)[0].split("@")[-1][:80]
    shown_host = f"[{host}]" if ":" in host else host
    tail = "?…" if parts.query else ""
    return f"{parts.scheme}://{shown_host}{port}{parts.path}{tail}"


def link_secrets(url: str) -> list[str]:
    """What of `url` must not be kept or shown: its query (a signed link's signature, token,
    expiry), its `user:pass`, and each of its values long enough to be a secret; longest first."""
    try:
        parts = urlsplit(url.strip())
        userinfo = parts.netloc.rpartition("@")[0]
        values = [value for _, value in parse_qsl(parts.query, keep_blank_values=True)]
    except ValueError:
        return [url] if url else []
    parts_alone = [*values, parts.password or ""]
    found = {part for part in (parts.query, userinfo) if part} | {v for v in parts_alone if len(v) >= _SHORTEST_SECRET}
    return sorted(found, key=len, reverse=True)


def hide_link_secrets(text: str, urls: Iterable[str]) -> str:
    """`text` (a provider's answer, an error) with each of `urls` as `displayed_link` shows it,
    and any secret part of them that still appears (escaped differently, say) as `…`."""
    for url in urls:
        if url and url in text:
            text = text.replace(url, displayed_link(url))
        for secret in link_secrets(url):
            text = text.replace(secret, "…")
    return text


_QUERY_TAIL = "?…"
_QUERY = r"\?[^\s\"'<>\\]*"  # up to the end of the link in JSON, HTML or a sentence


def hide_queries_of(text: str, shown_links: Iterable[str]) -> str:
    """`text` with the query of any link that `displayed_link` showed as one of `shown_links`
    (`https://host/path?…`) cut as it was there: for answers that echo a link whose whole
    form is no longer known (a later status, a callback)."""
    for shown in shown_links:
        if shown.endswith(_QUERY_TAIL) and len(shown) > len(_QUERY_TAIL):
            base = shown[: -len(_QUERY_TAIL)]
            text = re.sub(re.escape(base) + _QUERY, lambda _, shown=shown: shown, text)
    return text


def has_credentials(url: str) -> bool:
    """Whether the link carries a user name or password (`https://user:pass@host/...`)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.username is not None or parts.password is not None


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_link_local(text: str) -> bool:
    """169.254.0.0/16 or fe80::/10 (cloud metadata services live there): never a file's home."""
    address = _address(text)
    return address is not None and address.is_link_local


def is_public_address(text: str) -> bool:
    """An address on the internet: not loopback, private, link-local, multicast, reserved or unspecified."""
    address = _address(text)
    return address is not None and address.is_global and not address.is_multicast


def is_private_host(host: str) -> bool:
    """`localhost`, or an address that is not on the internet (loopback, a private network)."""
    return host.lower() == "localhost" or (_address(host) is not None and not is_public_address(host))
