"""What the chat shows of a bot's answer (a valid Cloud API send payload): a file, a place or
a template where the console has a kind for it; None for the rest (text, reactions,
contacts, interactive messages), which the chat shows as their one-line summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from console.domain.capabilities import MediaKind
from console.domain.content import LocationContent, MediaContent, TemplateContent

Shown = TemplateContent | MediaContent | LocationContent


def shown_content(payload: Mapping[str, Any]) -> Shown | None:
    """`payload` as the chat shows it; the payload has been validated (`parse_send_payload`)."""
    kind = payload.get("type", "text")
    content = payload.get(kind)
    if not isinstance(content, Mapping):
        return None
    if kind == "template":
        return _template(content)
    if kind in MediaKind.__members__.values() and isinstance(content.get("link"), str):
        return MediaContent(MediaKind(kind), content["link"], content.get("caption"), content.get("filename"))
    if kind == "location":
        return LocationContent(
            float(content["latitude"]), float(content["longitude"]), content.get("name"), content.get("address")
        )
    return None


def _template(content: Mapping[str, Any]) -> TemplateContent:
    params: list[str] = []
    media_url = None
    for component in content.get("components", []):
        for parameter in component.get("parameters", []):
            kind = parameter.get("type")
            if component["type"] == "body" and isinstance(parameter.get("text"), str):
                params.append(parameter["text"])
            elif component["type"] == "header" and isinstance(parameter.get(kind), Mapping):
                media_url = parameter[kind].get("link") if isinstance(parameter[kind].get("link"), str) else media_url
    return TemplateContent(content["name"], tuple(params), language=content["language"]["code"], media_url=media_url)
