"""A send's content as consoles post it to `POST /team/messages`, read into the domain's types.

    {"type": "text", "body": "Hola", "preview_url": false}
    {"type": "template", "name": "pedido_listo", "params": ["Ana"], "named_params": {}, "language": "es_MX"}

With `"options": {"mass": false, "contact_validation": true}` beside it (`read_options`).
Files (by link), places and templates with a media link: `media`.
"""

from __future__ import annotations

from typing import Any

from console.domain.content import Content, LocationContent, MediaContent, TemplateContent, TextContent
from console.domain.content_codec import attachment_of, template_of
from console.domain.messages import MessageKind
from console.domain.notices import Wording
from console.providers.base import SendOptions
from console.team_server.media import MAX_NAME, read_link, read_location, read_media
from console.team_server.store import Refusal

__all__ = ["MAX_FIELD", "read_content", "read_options", "stored_content", "stored_options"]

MAX_FIELD = 4096  # characters of a template's name, language or one parameter
MAX_PARAMS = 50

BAD_CONTENT = Wording(
    "team.bad_content",
    '\'content\' must be {{"type": "text", "body": …}} or {{"type": "template", "name": …, "params": […], '
    '"named_params": {{…}}, "language": …, "media_url": …, "filename": …}}, {{"type": "media", "kind": …, "url": …}} '
    'or {{"type": "location", "latitude": …, "longitude": …}}, texts of at most {length} characters, links http(s) and '
    'at most {count} parameters; \'options\', when given, {{"mass": …, "contact_validation": …}} with true or false',
)


def _text(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_FIELD:
        raise _bad()
    return value


def _bad() -> Refusal:
    return Refusal(BAD_CONTENT(length=MAX_FIELD, count=MAX_PARAMS), 400)


def read_content(document: Any) -> Content:
    """The content `document` describes; a `Refusal` (400) when it is not one the server sends."""
    if not isinstance(document, dict):
        raise _bad()
    kind = document.get("type")
    if kind == "text":
        body = document.get("body")
        preview = document.get("preview_url", False)
        if not isinstance(body, str) or not isinstance(preview, bool):
            raise _bad()
        return TextContent(body, preview)  # its length is the send checks' to refuse, with the provider's limit
    if kind == "template":
        media_url, filename = document.get("media_url"), document.get("filename")
        if filename is not None and (not isinstance(filename, str) or len(filename) > MAX_NAME):
            raise _bad()
        params = document.get("params", [])
        named = document.get("named_params", {})
        if not isinstance(params, list) or not isinstance(named, dict) or len(params) + len(named) > MAX_PARAMS:
            raise _bad()
        return TemplateContent(
            name=_text(document.get("name")),
            params=tuple(_text(value) for value in params),
            named_params={_text(key): _text(value) for key, value in named.items()},
            language=None if document.get("language") is None else _text(document["language"]),
            media_url=None if media_url is None else read_link(media_url, _bad()),
            filename=filename,
        )
    if kind == "media":
        return read_media(document, _bad())
    if kind == "location":
        return read_location(document, _bad())
    raise _bad()


def read_options(document: Any) -> SendOptions:
    """A post's `options` (absent: the defaults); a `Refusal` (400) when they are not booleans."""
    if document is None:
        return SendOptions()
    if not isinstance(document, dict) or set(document) - {"mass", "contact_validation"}:
        raise _bad()
    mass, validation = document.get("mass", False), document.get("contact_validation", True)
    if not isinstance(mass, bool) or not isinstance(validation, bool):
        raise _bad()
    return SendOptions(mass, validation)


def stored_options(fields: dict[str, Any]) -> SendOptions:
    return SendOptions(bool(fields.get("mass", False)), bool(fields.get("contact_validation", True)))


def stored_content(fields: dict[str, Any]) -> Content:
    """The content a message keeps (`content_fields`), as it is sent."""
    if fields.get("type") == TextContent.__name__:
        return TextContent(str(fields["body"]), bool(fields.get("preview_url", False)))
    kind = {MediaContent.__name__: MessageKind.MEDIA, LocationContent.__name__: MessageKind.LOCATION}.get(fields.get("type", ""))
    attachment = None if kind is None else attachment_of(kind, fields)
    if attachment is not None:
        return attachment
    template = template_of(fields)
    if template is None:
        raise ValueError(f"a stored message's content cannot be read: type {fields.get('type')!r}")
    return template
