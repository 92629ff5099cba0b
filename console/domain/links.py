"""Links as people may see them, and where a link points.

Signed links carry their secret in the query, and `user:pass@` carries a password: what
is shown (the chat, the command line's output, logs) keeps neither.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["displayed_link", "has_credentials", "is_link_local", "is_private_host", "is_public_address"]


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
