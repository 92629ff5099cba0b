"""A callback body as the provider meant it: undo its `Content-Encoding`, within the size limit.

The relay reads bodies still encoded (aiohttp's own decompression answers a broken gzip
body with an error, and the promise is that an unreadable body is kept and answered 2xx).
A body that does not decompress is kept as received, quarantined with the reason; one that
would decompress beyond the limit is refused as too large (a gzip bomb).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

# wbits for zlib: gzip only, zlib (RFC 1950) only, or raw deflate (RFC 1951).
_GZIP, _ZLIB, _RAW = 16 + zlib.MAX_WBITS, zlib.MAX_WBITS, -zlib.MAX_WBITS


class TooLarge(Exception):
    """The body decompresses to more than the limit."""


@dataclass(frozen=True, slots=True)
class Decoded:
    body: bytes
    problem: str | None = None  # why the body is kept as received instead of decoded


def decode(body: bytes, content_encoding: str, limit: int) -> Decoded:
    """`body` with its content encoding undone; raises `TooLarge` past `limit` bytes."""
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return Decoded(body)
    if encoding in ("gzip", "x-gzip"):
        return _inflate(body, (_GZIP,), limit, "gzip")
    if encoding == "deflate":
        return _inflate(body, (_ZLIB, _RAW), limit, "deflate")
    return Decoded(body, f"content encoding '{encoding[:40]}' is not supported; kept as received")


def _inflate(body: bytes, formats: tuple[int, ...], limit: int, name: str) -> Decoded:
    for wbits in formats:
        inflater = zlib.decompressobj(wbits)
        try:
            data = inflater.decompress(body, limit + 1)
        except zlib.error:
            continue
        if len(data) > limit or inflater.unconsumed_tail:
            raise TooLarge
        if inflater.eof:
            return Decoded(data)
    return Decoded(body, f"not valid {name}; kept as received")
