"""Per provider: the account's fields (which are secrets) and how to build its client.

The command line and the account form read these specs instead of testing provider
names; secrets go to the secret store, the rest to the account's settings.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import httpx

from console.domain import validation
from console.domain.accounts import ProviderKind
from console.domain.errors import InvalidInput
from console.domain.phones import parse_phone
from console.providers import broadcasterbot, chattigo, cliengo, heynow, timelinesai
from console.providers.base import MessagingClient
from console.providers.session_token import SessionToken


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
    label: str
    kind: FieldKind = FieldKind.TEXT
    secret: bool = False
    required: bool = True
    default: str | int | None = None

    def clean(self, raw: object) -> str | int | None:
        """The validated value, or `InvalidInput` naming the field."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required and self.default is None:
                raise InvalidInput(self.label, "is required")
            return self.default
        text = str(raw).strip()
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


@dataclass(frozen=True, slots=True)
class ClientContext:
    """What a client factory gets: settings, secrets, and how to keep a new token."""

    http: httpx.AsyncClient
    settings: Mapping[str, Any]
    secrets: Mapping[str, str]
    saved_token: str | None
    save_token: Callable[[str], Awaitable[None]]


Factory = Callable[[ClientContext], MessagingClient]


@dataclass(frozen=True, slots=True)
class ProviderSpec:
    provider: ProviderKind
    fields: tuple[AccountField, ...]
    build: Factory
    check_note: str = ""  # what "Test connection" can and cannot prove for this provider

    @property
    def secret_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.secret)

    def split(self, values: Mapping[str, object]) -> tuple[dict[str, Any], dict[str, str]]:
        """Validated (settings, secrets) from what the agent entered."""
        unknown = set(values) - {f.key for f in self.fields}
        if unknown:
            raise InvalidInput("account", f"unknown field(s) {', '.join(sorted(unknown))}")
        settings: dict[str, Any] = {}
        secrets: dict[str, str] = {}
        for spec_field in self.fields:
            value = spec_field.clean(values.get(spec_field.key))
            if value is None:
                continue
            if spec_field.secret:
                secrets[spec_field.key] = str(value)
            else:
                settings[spec_field.key] = value
        return settings, secrets


REGION = AccountField("default_region", "country for local numbers", FieldKind.REGION, default="UY")


def _token_hooks(ctx: ClientContext, token_type: type[SessionToken]) -> dict[str, Any]:
    """Restore a saved token and keep new ones, for providers that log in."""

    async def keep(token: SessionToken) -> None:
        await ctx.save_token(json.dumps({"value": token.value, "obtained_at": token.obtained_at.isoformat()}))

    token: SessionToken | None = None
    if ctx.saved_token:
        try:
            data = json.loads(ctx.saved_token)
            token = token_type(data["value"], datetime.fromisoformat(data["obtained_at"]))
        except (ValueError, KeyError, TypeError):
            token = None
    return {"token": token, "on_new_token": keep}


def _heynow(ctx: ClientContext) -> MessagingClient:
    settings = heynow.HeyNowSettings(
        base_url=ctx.settings["base_url"],
        username=ctx.settings["username"],
        platform_id=ctx.settings["platform_id"],
        channel_id=int(ctx.settings.get("channel_id", 1)),
    )
    return heynow.HeyNowClient(ctx.http, settings, ctx.secrets["password"], **_token_hooks(ctx, heynow.Token))


def _broadcasterbot(ctx: ClientContext) -> MessagingClient:
    settings = broadcasterbot.BroadcasterbotSettings(
        base_url=ctx.settings["base_url"], template_language=ctx.settings.get("template_language", "es_mx")
    )
    return broadcasterbot.BroadcasterbotClient(ctx.http, settings, ctx.secrets["api_key"])


def _cliengo(ctx: ClientContext) -> MessagingClient:
    settings = cliengo.CliengoSettings(base_url=ctx.settings["base_url"], website_id=ctx.settings["website_id"])
    return cliengo.CliengoClient(ctx.http, settings, ctx.secrets["api_key"])


def _timelinesai(ctx: ClientContext) -> MessagingClient:
    settings = timelinesai.TimelinesAISettings(account_phone=ctx.settings.get("account_phone"))
    return timelinesai.TimelinesAIClient(ctx.http, settings, ctx.secrets["webhook_url"])


def _chattigo(ctx: ClientContext) -> MessagingClient:
    settings = chattigo.ChattigoSettings(
        base_url=ctx.settings["base_url"],
        username=ctx.settings["username"],
        wa_id=ctx.settings["wa_id"],
        api_version=ctx.settings.get("api_version", "15.0"),
        webhook_path=ctx.settings.get("webhook_path", "/webhooks/outbound"),
        webhook_key=ctx.settings.get("webhook_key", "externalWebhookIsvBot"),
        version_header=ctx.settings.get("version_header"),
        business_account_id=ctx.settings.get("business_account_id"),
    )
    return chattigo.ChattigoClient(ctx.http, settings, ctx.secrets["password"], **_token_hooks(ctx, chattigo.Token))


SPECS: Mapping[ProviderKind, ProviderSpec] = {
    ProviderKind.HEYNOW: ProviderSpec(
        ProviderKind.HEYNOW,
        (
            AccountField("base_url", "base URL", FieldKind.URL, default="https://web.heynow.com.uy:8310/api"),
            AccountField("username", "user name"),
            AccountField("password", "password", secret=True),
            AccountField("platform_id", "platform id (your channel's number)", FieldKind.DIGITS),
            AccountField("channel_id", "channel id", FieldKind.NUMBER, default=1),
            REGION,
        ),
        _heynow,
    ),
    ProviderKind.BROADCASTERBOT: ProviderSpec(
        ProviderKind.BROADCASTERBOT,
        (
            AccountField("base_url", "base URL", FieldKind.URL, default=broadcasterbot.DEFAULT_BASE_URL),
            AccountField("api_key", "API key", secret=True),
            AccountField("template_language", "template language", default="es_mx"),
            REGION,
        ),
        _broadcasterbot,
    ),
    ProviderKind.CLIENGO: ProviderSpec(
        ProviderKind.CLIENGO,
        (
            AccountField("base_url", "base URL", FieldKind.URL, default=cliengo.DEFAULT_BASE_URL),
            AccountField("api_key", "API key", secret=True),
            AccountField("website_id", "website id"),
            REGION,
        ),
        _cliengo,
    ),
    ProviderKind.TIMELINESAI: ProviderSpec(
        ProviderKind.TIMELINESAI,
        (
            AccountField("webhook_url", "inbound webhook URL", FieldKind.URL, secret=True),
            AccountField("account_phone", "WhatsApp account to send from", FieldKind.PHONE, required=False),
            REGION,
        ),
        _timelinesai,
        check_note=timelinesai.CHECK_SCOPE,
    ),
    ProviderKind.CHATTIGO: ProviderSpec(
        ProviderKind.CHATTIGO,
        (
            AccountField("base_url", "base URL", FieldKind.URL, default="https://channels.chattigo.com/bsp-cloud-chattigo-isv"),
            AccountField("username", "user name"),
            AccountField("password", "password", secret=True),
            AccountField("wa_id", "WhatsApp number id (waId)", FieldKind.DIGITS),
            AccountField("api_version", "Cloud API version", default="15.0"),
            AccountField("webhook_path", "webhook path", default="/webhooks/outbound"),
            AccountField("webhook_key", "webhook body key", default="externalWebhookIsvBot"),
            AccountField("version_header", "header that carries the Cloud API version", required=False),
            AccountField("business_account_id", "WhatsApp business account id", required=False),
            REGION,
        ),
        _chattigo,
    ),
}
