"""Cliengo's body validation, answered in the Joi shape of the doc's INVALID_BODY example.

Every problem is reported at once (the doc's example lists three), each as
`{"message", "path", "type", "context": {"label", "key"}}`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from console.sandbox.cliengo_catalogue import Template, TemplateType

FieldError = dict[str, Any]
_DESTINATION = re.compile(r"^[0-9]{8,15}$")
_TOP_LEVEL = ("templateId", "destination", "params", "media")


@dataclass(frozen=True, slots=True)
class Notification:
    """A body that passed the schema."""

    template_id: str
    destination: str
    params: Mapping[str, str]
    media_link: str | None
    filename: str | None


def field_error(path: tuple[str, ...], kind: str, problem: str) -> FieldError:
    label = ".".join(path) or "value"
    return {
        "message": f'"{label}" {problem}',
        "path": list(path),
        "type": kind,
        "context": {"label": label, "key": path[-1] if path else None},
    }


def validate_body(body: Any) -> tuple[Notification | None, list[FieldError]]:
    """The notification, or the field errors that refuse it."""
    if not isinstance(body, dict):
        return None, [field_error((), "object.base", "must be of type object")]
    errors: list[FieldError] = []
    template_id = body.get("templateId")
    if template_id is None:
        errors.append(field_error(("templateId",), "any.required", "is required"))
    elif isinstance(template_id, bool) or not isinstance(template_id, str | int) or str(template_id) == "":
        errors.append(field_error(("templateId",), "alternatives.types", "must be one of [number, string]"))
    destination = body.get("destination")
    if destination is None:
        errors.append(field_error(("destination",), "any.required", "is required"))
    elif not isinstance(destination, str):
        errors.append(field_error(("destination",), "string.base", "must be a string"))
    elif not _DESTINATION.match(destination):
        errors.append(
            field_error(
                ("destination",),
                "string.pattern.base",
                f'with value "{destination}" fails to match the required pattern: {_DESTINATION.pattern}',
            )
        )
    params = body.get("params")
    if params is None:
        errors.append(field_error(("params",), "any.required", "is required"))
    elif not isinstance(params, dict):
        errors.append(field_error(("params",), "object.base", "must be of type object"))
    else:
        for key, value in params.items():
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                errors.append(field_error(("params", key), "string.base", "must be a string"))
    media = body.get("media")
    if media is not None:
        errors.extend(_media_errors(media))
    errors.extend(field_error((key,), "object.unknown", "is not allowed") for key in body if key not in _TOP_LEVEL)
    if errors:
        return None, errors
    return (
        Notification(
            template_id=str(template_id),
            destination=str(destination),
            params={key: str(value) for key, value in params.items()},
            media_link=media["link"] if media else None,
            filename=media.get("filename") if media else None,
        ),
        [],
    )


def _media_errors(media: Any) -> list[FieldError]:
    if not isinstance(media, dict):
        return [field_error(("media",), "object.base", "must be of type object")]
    errors = [field_error(("media", key), "object.unknown", "is not allowed") for key in media if key not in ("link", "filename")]
    link, filename = media.get("link"), media.get("filename")
    if link is None:
        errors.append(field_error(("media", "link"), "any.required", "is required"))
    elif not isinstance(link, str):
        errors.append(field_error(("media", "link"), "string.base", "must be a string"))
    elif not _is_web_uri(link):
        errors.append(
            field_error(
                ("media", "link"), "string.uriCustomScheme", "must be a valid uri with a scheme matching the http|https pattern"
            )
        )
    if filename is not None and not isinstance(filename, str):
        errors.append(field_error(("media", "filename"), "string.base", "must be a string"))
    return errors


def _is_web_uri(link: str) -> bool:
    try:
        parts = urlsplit(link)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def template_errors(notification: Notification, template: Template) -> list[FieldError]:
    """The params must be exactly the template's variables; only media templates take media.

    The doc only says params carry "the values of the template's variables"; we refuse
    both a missing and an unknown variable, as INVALID_BODY naming each field.
    """
    errors = [
        field_error(("params", name), "any.required", "is required")
        for name in template.variables
        if name not in notification.params
    ]
    errors.extend(
        field_error(("params", name), "object.unknown", "is not allowed")
        for name in notification.params
        if name not in template.variables
    )
    if notification.media_link is not None and template.type is TemplateType.TEXT:
        errors.append(field_error(("media",), "object.unknown", "is not allowed"))
    return errors
