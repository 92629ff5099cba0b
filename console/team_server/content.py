"""A send's content as consoles post it to `POST /team/messages`, read into the domain's types.

    {"type": "text", "body": "Hola", "preview_url": false}
    {"type": "template", "name": "pedido_listo", "params": ["Ana"], "named_params": {}, "language": "es_MX"}

With `"options": {"mass": false, "contact_validation": true}` beside it (`read_options`).
Media and location sends, and templates with a media link (whose link the console checks
before sending), are not taken by the server yet.
"""

from __future__ import annotations

from typing import Any

from console.domain.content import Content, TemplateContent, TextContent
from console.domain.content_codec import template_of
from console.domain.notices import Wording
from console.providers.base import SendOptions
from console.team_server.store import Refusal

__all__ = ["MAX_FIELD", "read_content", "read_options", "stored_content", "stored_options"]

MAX_FIELD = 4096  # characters of a template's name, language or one parameter
MAX_PARAMS = 50

BAD_CONTENT = Wording(
    "team.bad_content",
    '\'content\' must be {{"type": "text", "body": …}} or {{"type": "template", "name": …, "params": […], '
    '"named_params": {{…}}, "language": …}}, texts of at most {length} characters and at most {count} parameters; '
    '\'options\', when given, {{"mass": …, "contact_validation": …}} with true or false',
)
NOT_YET = Wording("team.content_not_yet", "the server does not send {what} yet; send it from a console in solo mode")
NOT_YET_SENT = {
    "template_media": Wording("team.templates_with_media", "templates with media"),
    "media": Wording("team.media", "files"),
    "location": Wording("team.locations", "locations"),
}


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
        if document.get("media_url") is not None or document.get("filename") is not None:
            raise Refusal(NOT_YET(what=NOT_YET_SENT["template_media"]()), 400)
        params = document.get("params", [])
        named = document.get("named_params", {})
        if not isinstance(params, list) or not isinstance(named, dict) or len(params) + len(named) > MAX_PARAMS:
            raise _bad()
        return TemplateContent(
            name=_text(document.get("name")),
            params=tuple(_text(value) for value in params),
            named_params={_text(key): _text(value) for key, value in named.items()},
            language=None if document.get("language") is None else _text(document["language"]),
        )
    if kind in ("media", "location"):
        raise Refusal(NOT_YET(what=NOT_YET_SENT[kind]()), 400)
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
    template = template_of(fields)
    if template is None:
        raise ValueError(f"a stored message's content cannot be read: type {fields.get('type')!r}")
    return template
