"""Concepto Móvil Broadcasterbot: registered contacts, every kind of send, callbacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.domain.accounts import ProviderKind
from console.domain.callbacks import CallbackItem
from console.domain.capabilities import Capabilities, Operation
from console.providers.base import ContactRegistry, Sending
from console.providers.cloud_api.media_limits import WHATSAPP_MEDIA_RULES
from console.providers.definition import ClientContext, ProviderDefinition
from console.providers.fields import API_KEY, BASE_URL, REGION, TEMPLATE_LANGUAGE, AccountField, FieldKind

if TYPE_CHECKING:
    from console.providers.broadcasterbot.client import BroadcasterbotClient

DEFAULT_BASE_URL = "https://whatsappapi.broadcasterbot.com"


def _client(ctx: ClientContext) -> BroadcasterbotClient:
    from console.providers.broadcasterbot.client import (  # httpx with the first client
        BroadcasterbotClient,
        BroadcasterbotSettings,
    )

    settings = BroadcasterbotSettings(
        base_url=ctx.settings["base_url"], template_language=ctx.settings.get("template_language", "es_mx")
    )
    return BroadcasterbotClient(ctx.http, settings, ctx.secrets["api_key"])


def _parse_callback(body: str) -> list[CallbackItem]:
    from console.providers.broadcasterbot.callbacks import parse_callback  # it reads the client's types

    return parse_callback(body)


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
        # "Solo se puede iniciar una conversación con un template … Si una sesión caduca
        # deberá reiniciar con un template": Broadcasterbot itself fails free-form content
        # outside the window, so a window the console did not see may be sent anyway.
        session_window=True,
        # The document sets no size and no check of `media.url` ("URL pública del archivo.
        # Debe ser un enlace HTTP o HTTPS"); the files go to WhatsApp, whose limits apply.
        media=WHATSAPP_MEDIA_RULES,
        phones_by_country=True,
        # "template.name", "template.params Array<String>", "template.language" (§5.1) are
        # the whole template object, and "Solo se puede enviar un campo a la vez": a
        # template cannot carry a `media` alongside.
        plain_templates=True,
    ),
    (
        AccountField("base_url", BASE_URL(), FieldKind.URL, default=DEFAULT_BASE_URL),
        AccountField("api_key", API_KEY(), secret=True),
        AccountField("template_language", TEMPLATE_LANGUAGE(), default="es_mx"),
        REGION,
    ),
    _client,
    frozenset({Sending, ContactRegistry}),
    simulator="console.sandbox.broadcasterbot",
    parse_callback=_parse_callback,
)
