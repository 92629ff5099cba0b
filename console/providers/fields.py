"""The fields of a provider account, as the account form and the command line ask for them.

Secrets go to the secret store, the rest to the account's settings; each field cleans
and validates what the agent typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from console.domain import validation
from console.domain.errors import InvalidInput
from console.domain.phones import parse_phone


class FieldKind(StrEnum):
    TEXT = "text"
    URL = "url"
    DIGITS = "digits"
    NUMBER = "number"
    PHONE = "phone"  # +E.164
    REGION = "region"  # ISO 3166 alpha-2
    ACCOUNT = "account"  # the name of another account of this console (checked by the account service)


@dataclass(frozen=True, slots=True)
class AccountField:
    key: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    secret: bool = False
    required: bool = True
    default: str | int | None = None
    choices: tuple[str, ...] = ()  # when given, the only values allowed

    def clean(self, raw: object) -> str | int | None:
        """The validated value, or `InvalidInput` naming the field."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required and self.default is None:
                raise InvalidInput(self.label, "is required")
            return self.default
        text = str(raw).strip()
        if self.choices and text not in self.choices:
            raise InvalidInput(self.label, f"'{text}' must be one of {', '.join(self.choices)}")
        if self.kind is FieldKind.URL:
            text = validation.clean_http_url(text, self.label)
            return text if self.secret else text.rstrip("/")  # a secret URL is kept exactly as given
        if self.kind is FieldKind.DIGITS:
            return validation.clean_digits(text, self.label)
        if self.kind is FieldKind.NUMBER:
            return validation.clean_whole_number(text, self.label)
        if self.kind is FieldKind.PHONE:
            return parse_phone(text).e164
        if self.kind is FieldKind.REGION:
            return validation.clean_region(text, self.label)
        if self.secret and isinstance(raw, str):
            return raw if validation.is_utf8(raw) else validation.clean_text(raw, self.label)
        return validation.clean_text(text, self.label)

REGION = AccountField("default_region", "country for local numbers", FieldKind.REGION, default="UY")
