"""One entry of `GET /{waba-id}/message_templates` → a catalogue template with its review status.

A template's `components` hold its `HEADER` (format TEXT, IMAGE, VIDEO, DOCUMENT or
LOCATION), its `BODY` text with `{{1}}` or `{{name}}` placeholders, a `FOOTER` and `BUTTONS`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from console.domain.templates import Template, TemplateKind

_HEADER_KINDS = {"IMAGE": TemplateKind.IMAGE, "VIDEO": TemplateKind.VIDEO, "DOCUMENT": TemplateKind.DOCUMENT}


def read_template(item: Any) -> Template | None:
    """The template, or None for an entry without a name (nothing could be sent with it)."""
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        return None
    components = [c for c in item.get("components") or [] if isinstance(c, dict)]
    header = next((c for c in components if str(c.get("type", "")).upper() == "HEADER"), {})
    body = next((c for c in components if str(c.get("type", "")).upper() == "BODY"), {})
    kind = _HEADER_KINDS.get(str(header.get("format", "")).upper(), TemplateKind.TEXT)
    text = body.get("text") if isinstance(body.get("text"), str) else ""
    language = item.get("language") if isinstance(item.get("language"), str) else ""
    status = str(item.get("status") or "").upper()
    return replace(Template.from_body(item["name"].strip(), text, language, kind), status=status)
