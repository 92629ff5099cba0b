"""The fields of a provider account, as the account form and the command line ask for them.

Secrets go to the secret store, the rest to the account's settings; each field cleans
and validates what the agent typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from console.domain import validation
from console.domain.errors import InvalidInput
from console.domain.notices import Notice, Wording
from console.domain.phones import parse_phone

# Every provider field's label, as the account form shows it and errors name it.
BASE_URL = Wording("field.base_url", "Base URL")
USER_NAME = Wording("field.username", "User name")
PASSWORD = Wording("field.password", "Password")
PLATFORM_ID = Wording("field.platform_id", "Platform id (your channel's number)")
CHANNEL_ID = Wording("field.channel_id", "Channel id")
DEFAULT_REGION = Wording("field.default_region", "Country for local numbers")
API_KEY = Wording("field.api_key", "API key")
TEMPLATE_LANGUAGE = Wording("field.template_language", "Template language")
WEBSITE_ID = Wording("field.website_id", "Website id")
ARGENTINA_MOBILE_PREFIX = Wording(
    "field.argentina_mobile_prefix", "Argentine mobile prefix (54 drops the 9, as Cliengo's examples; 549 keeps it)"
)
WEBHOOK_URL = Wording("field.webhook_url", "Inbound webhook URL")
ACCOUNT_PHONE = Wording("field.account_phone", "WhatsApp account to send from")
WA_ID = Wording("field.wa_id", "WhatsApp number id (waId)")
API_VERSION = Wording("field.api_version", "Cloud API version")
WEBHOOK_PATH = Wording("field.webhook_path", "Webhook path")
WEBHOOK_KEY = Wording("field.webhook_key", "Webhook body key")
VERSION_HEADER = Wording("field.version_header", "Header that carries the Cloud API version")
BUSINESS_ACCOUNT_ID = Wording("field.business_account_id", "WhatsApp business account id")

IS_REQUIRED = Wording("field.is_required", "is required")
NOT_A_CHOICE = Wording("field.not_a_choice", "'{value}' must be one of {choices}")


class FieldKind(StrEnum):
    TEXT = "text"
    URL = "url"
    DIGITS = "digits"
    NUMBER = "number"
    PHONE = "phone"  # +E.164
    REGION = "region"  # ISO 3166 alpha-2


@dataclass(frozen=True, slots=True)
class AccountField:
    key: str
    label: Notice  # the form's words for it, which errors about it name too
    kind: FieldKind = FieldKind.TEXT
    secret: bool = False
    required: bool = True
    default: str | int | None = None
    choices: tuple[str, ...] = ()  # when given, the only values allowed

    def clean(self, raw: object) -> str | int | None:
        """The validated value, or `InvalidInput` naming the field."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required and self.default is None:
                raise InvalidInput(self.label, IS_REQUIRED())
            return self.default
        text = str(raw).strip()
        if self.choices and text not in self.choices:
            raise InvalidInput(self.label, NOT_A_CHOICE(value=text, choices=", ".join(self.choices)))
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


REGION = AccountField("default_region", DEFAULT_REGION(), FieldKind.REGION, default="UY")
