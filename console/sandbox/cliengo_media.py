"""Cliengo's check of `media.link`: a real HEAD request, judged by the doc's rules.

Mapping of failures to the documented codes (the doc lists the codes and one example
each, not the order of the checks; ours: HEAD, then type, then length, then size):
- the HEAD request fails in any way (405/501, any non-2xx answer, unreachable server,
  timeout, redirect loop): 400 HEAD_METHOD_NOT_ALLOWED, the only documented code about
  reaching the link;
- no `content-type`, or one not listed for the template's type: 400 INVALID_CONTENT_TYPE
  (`contentType` null when absent);
- no readable `content-length`: 400 INVALID_CONTENT_LENGTH (the doc's example);
- a `content-length` that is not below the maximum: 409 FILE_SIZE_EXCEEDED. The document
  says "el tamaño debe ser menor al máximo": a file of exactly the maximum is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp

from console.sandbox.cliengo_catalogue import TemplateType

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class MediaRules:
    mime_types: tuple[str, ...]
    max_bytes: int


RULES: dict[TemplateType, MediaRules] = {
    TemplateType.IMAGE: MediaRules(("image/png", "image/jpeg"), 2_000_000),
    TemplateType.VIDEO: MediaRules(("audio/mpeg", "video/mp4"), 20_000_000),
    TemplateType.DOCUMENT: MediaRules(("application/pdf", _DOCX, _XLSX), 2_000_000),
}


@dataclass(frozen=True, slots=True)
class MediaRefusal:
    status: int
    code: str
    description: str
    result: dict[str, Any]


async def check_media_link(
    link: str, template_type: TemplateType, *, timeout: float, max_redirects: int
) -> MediaRefusal | None:
    """None when the link passes, else the answer Cliengo gives."""
    rules = RULES[template_type]
    headers = await _head(link, timeout, max_redirects)
    if headers is None:
        return MediaRefusal(400, "HEAD_METHOD_NOT_ALLOWED", "The link does not support method HEAD.", {"link": link})
    content_type = (headers.get("content-type") or "").split(";", 1)[0].strip().lower() or None
    raw_length = (headers.get("content-length") or "").strip()
    content_length = int(raw_length) if raw_length.isdigit() else None
    facts = {"link": link, "contentLength": content_length, "contentType": content_type, "templateType": template_type.value}
    if content_type not in rules.mime_types:
        return MediaRefusal(
            400,
            "INVALID_CONTENT_TYPE",
            "content-type does not match valid values.",
            facts | {"allowedMimeTypes": list(rules.mime_types)},
        )
    if content_length is None:
        return MediaRefusal(
            400, "INVALID_CONTENT_LENGTH", "Cant get content-lenght header", facts | {"maxFileSize": rules.max_bytes}
        )
    if content_length >= rules.max_bytes:
        return MediaRefusal(
            409, "FILE_SIZE_EXCEEDED", "File size exeeded for template type", facts | {"maxFileSize": rules.max_bytes}
        )
    return None


async def _head(link: str, timeout: float, max_redirects: int) -> dict[str, str] | None:
    """The final answer's headers (lower-case names), or None when HEAD did not succeed."""
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.head(link, allow_redirects=True, max_redirects=max_redirects) as response,
        ):
            if not 200 <= response.status < 300:
                return None
            return {name.lower(): value for name, value in response.headers.items()}
    except (TimeoutError, aiohttp.ClientError, ValueError):
        return None
