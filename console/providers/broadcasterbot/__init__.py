"""Concepto Móvil Broadcasterbot: registered contacts, every kind of send, callbacks."""

from __future__ import annotations

from console.domain.accounts import ProviderKind
from console.domain.capabilities import MB, Capabilities, MediaKind, MediaRule, Operation
from console.providers.base import ContactRegistry, Sending
from console.providers.broadcasterbot.callbacks import parse_callback
from console.providers.broadcasterbot.client import DEFAULT_BASE_URL, BroadcasterbotClient, BroadcasterbotSettings
from console.providers.definition import ClientContext, ProviderDefinition
from console.providers.fields import REGION, AccountField, FieldKind


def _client(ctx: ClientContext) -> BroadcasterbotClient:
    settings = BroadcasterbotSettings(
        base_url=ctx.settings["base_url"], template_language=ctx.settings.get("template_language", "es_mx")
    )
    return BroadcasterbotClient(ctx.http, settings, ctx.secrets["api_key"])


PROVIDER = ProviderDefinition(
    Capabilities(
        ProviderKind.BROADCASTERBOT,
        frozenset(
            {
                Operation.REGISTER_CONTACTS,
                Operation.DELETE_CONTACTS,
                Operation.SEND_TEXT,
                Operation.SEND_TEMPLATE,
                Operation.SEND_MEDIA,
                Operation.SEND_LOCATION,
                Operation.PUSH_CALLBACKS,
            }
        ),
        delivery_reports=True,
        session_window=True,
        media={kind: MediaRule(16 * MB, frozenset()) for kind in MediaKind},
    ),
    (
        AccountField("base_url", "base URL", FieldKind.URL, default=DEFAULT_BASE_URL),
        AccountField("api_key", "API key", secret=True),
        AccountField("template_language", "template language", default="es_mx"),
        REGION,
    ),
    _client,
    frozenset({Sending, ContactRegistry}),
    simulator="console.sandbox.broadcasterbot",
    parse_callback=parse_callback,
)
