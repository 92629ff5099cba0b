"""A catalogue's templates as JSON fields: how the team server keeps and publishes them."""

from __future__ import annotations

from typing import Any

from console.domain.templates import Template, TemplateKind

__all__ = ["template_fields", "template_from_fields"]


def template_fields(template: Template) -> dict[str, Any]:
    return {
        "name": template.name,
        "language": template.language,
        "kind": template.kind.value,
        "param_count": template.param_count,
        "variables": list(template.variables),
        "body": template.body,
        "status": template.status,
    }


def template_from_fields(fields: dict[str, Any]) -> Template:
    """`ValueError` (or `KeyError`, `TypeError`) for fields `template_fields` did not write."""
    return Template(
        name=str(fields["name"]),
        language=str(fields.get("language") or ""),
        kind=TemplateKind(fields.get("kind") or TemplateKind.TEXT.value),
        param_count=int(fields.get("param_count") or 0),
        variables=tuple(str(v) for v in fields.get("variables") or ()),
        body=str(fields.get("body") or ""),
        status=str(fields.get("status") or ""),
    )
