"""Approved templates as the console knows them, and the checks they allow before a send.

Broadcasterbot templates take positional parameters (`{{1}}`, `{{2}}`...) and a
language; Cliengo templates are ids with named variables and a type that says which
media they carry. A template missing from the catalogue is still sent as typed: the
provider is the judge, and the agent is warned that nothing could be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from console.domain.content import MediaKind, TemplateContent
from console.domain.errors import InvalidInput
from console.domain.field_names import MEDIA_LINK, PARAMS
from console.domain.notices import Wording
from console.domain.views import SentTemplate

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
MAX_PARAM_LENGTH = 1024
NOT_APPROVED = Wording(
    "templates.not_approved", "template {name} is not approved by the provider ({status}); only approved templates are delivered"
)

NEEDS_VALUES = Wording("template.needs_values", "template {name} needs a value for {variables}")
NO_SUCH_VARIABLES = Wording("template.no_such_variables", "template {name} has no variable {variables}")
WRONG_COUNT = Wording(
    "template.wrong_count",
    "template {name} takes {count} parameter; {given} given",
    "template {name} takes {count} parameters; {given} given",
    "count",
)
EMPTY_PARAMETER = Wording("template.empty_parameter", "parameter {position} is empty")
PARAMETER_TOO_LONG = Wording("template.parameter_too_long", "a parameter has {length} characters; the limit is {limit}")
TEXT_ONLY = Wording("template.text_only", "template {name} is text only; it takes no media")


class TemplateKind(StrEnum):
    TEXT = "TEXT"
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"
    DOCUMENT = "DOCUMENT"

    @property
    def media_kind(self) -> MediaKind | None:
        return {
            TemplateKind.IMAGE: MediaKind.IMAGE,
            TemplateKind.VIDEO: MediaKind.VIDEO,
            TemplateKind.DOCUMENT: MediaKind.DOCUMENT,
        }.get(self)


@dataclass(frozen=True, slots=True)
class Template:
    name: str  # Broadcasterbot: the template's name; Cliengo: its templateId
    language: str = ""
    kind: TemplateKind = TemplateKind.TEXT
    param_count: int = 0  # positional parameters
    variables: tuple[str, ...] = ()  # named variables
    body: str = ""
    # The provider's review of it (WhatsApp Cloud API: APPROVED, PENDING, REJECTED, PAUSED...);
    # "" where the catalogue was typed in or imported and nobody said.
    status: str = ""

    @property
    def sendable(self) -> bool:
        """False for a template its provider has not approved (only approved ones are delivered)."""
        return self.status in ("", "APPROVED")

    @classmethod
    def from_body(cls, name: str, body: str, language: str = "", kind: TemplateKind = TemplateKind.TEXT) -> Template:
        """Derive the parameters from the body's placeholders."""
        found = _PLACEHOLDER.findall(body)
        numbers = [int(p) for p in found if p.isdigit()]
        names = tuple(dict.fromkeys(p for p in found if not p.isdigit()))
        return cls(name, language, kind, max(numbers, default=0), names, body)

    def check(self, content: TemplateContent) -> None:
        """Raise `InvalidInput` naming the field the provider would reject."""
        if not self.sendable:
            raise InvalidInput("template", NOT_APPROVED(name=self.name, status=self.status))
        if self.variables or content.named_params:
            missing = [v for v in self.variables if not content.named_params.get(v, "").strip()]
            extra = [k for k in content.named_params if k not in self.variables]
            if missing:
                raise InvalidInput(PARAMS(), NEEDS_VALUES(name=self.name, variables=", ".join(missing)))
            if extra:
                raise InvalidInput(PARAMS(), NO_SUCH_VARIABLES(name=self.name, variables=", ".join(extra)))
        elif len(content.params) != self.param_count:
            raise InvalidInput(PARAMS(), WRONG_COUNT(name=self.name, count=self.param_count, given=len(content.params)))
        for position, value in enumerate(content.params, 1):
            if not value.strip():
                raise InvalidInput(PARAMS(), EMPTY_PARAMETER(position=position))
        for value in (*content.params, *content.named_params.values()):
            if len(value) > MAX_PARAM_LENGTH:
                raise InvalidInput(PARAMS(), PARAMETER_TOO_LONG(length=len(value), limit=MAX_PARAM_LENGTH))
        if self.kind.media_kind is None and content.media_url:  # only text templates have no media kind
            raise InvalidInput(MEDIA_LINK(), TEXT_ONLY(name=self.name))

    def preview(self, content: TemplateContent) -> str:
        """The body with the parameters filled in, as the customer will read it."""

        def fill(match: re.Match[str]) -> str:
            key = match.group(1)
            if key.isdigit():
                index = int(key) - 1
                return content.params[index] if 0 <= index < len(content.params) else match.group(0)
            return content.named_params.get(key, match.group(0))

        return _PLACEHOLDER.sub(fill, self.body)


def as_read(content: TemplateContent, template: Template | None) -> SentTemplate:
    """A sent template with the text the customer read: the catalogue's body with the
    values filled in; no text when the catalogue has none for it."""
    text = template.preview(content) if template is not None and template.body else None
    return SentTemplate(content, text)
