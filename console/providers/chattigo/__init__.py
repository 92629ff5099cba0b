"""Chattigo ISV: customers' messages forwarded to its bot, whose answers arrive as callbacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.domain.accounts import ProviderKind
from console.domain.capabilities import Capabilities, Operation
from console.providers.base import BotForwarding, SignedIn
from console.providers.chattigo.callbacks import parse_callback
from console.providers.definition import ClientContext, ProviderDefinition, token_hooks
from console.providers.fields import (
    API_VERSION,
    BASE_URL,
    BUSINESS_ACCOUNT_ID,
    CLOUD_API_ACCOUNT,
    PASSWORD,
    REGION,
    USER_NAME,
    VERSION_HEADER,
    WA_ID,
    WEBHOOK_KEY,
    WEBHOOK_PATH,
    AccountField,
    FieldKind,
)

if TYPE_CHECKING:
    from console.providers.chattigo.client import ChattigoClient

# The account whose WhatsApp connection the bot answers through (a Cloud API account): its
# customers' messages are forwarded to the bot, and the bot's answers are sent through it.
PAIRED_ACCOUNT = "cloud_api"


def _client(ctx: ClientContext) -> ChattigoClient:
    from console.providers.chattigo.client import ChattigoClient, ChattigoSettings, Token  # httpx with the first client

    settings = ChattigoSettings(
        base_url=ctx.settings["base_url"],
        username=ctx.settings["username"],
        wa_id=ctx.settings["wa_id"],
        api_version=ctx.settings.get("api_version", "15.0"),
        webhook_path=ctx.settings.get("webhook_path", "/webhooks/outbound"),
        webhook_key=ctx.settings.get("webhook_key", "externalWebhookIsvBot"),
        version_header=ctx.settings.get("version_header"),
        business_account_id=ctx.settings.get("business_account_id"),
    )
    return ChattigoClient(ctx.http, settings, ctx.secrets["password"], **token_hooks(ctx, Token))


PROVIDER = ProviderDefinition(
    Capabilities(
        ProviderKind.CHATTIGO,
        frozenset({Operation.FORWARD_TO_BOT, Operation.PUSH_CALLBACKS}),
        delivery_reports=False,
    ),
    (
        AccountField("base_url", BASE_URL(), FieldKind.URL, default="https://channels.chattigo.com/bsp-cloud-chattigo-isv"),
        AccountField("username", USER_NAME()),
        AccountField("password", PASSWORD(), secret=True),
        AccountField("wa_id", WA_ID(), FieldKind.DIGITS),
        AccountField("api_version", API_VERSION(), default="15.0"),
        AccountField("webhook_path", WEBHOOK_PATH(), default="/webhooks/outbound"),
        AccountField("webhook_key", WEBHOOK_KEY(), default="externalWebhookIsvBot"),
        AccountField("version_header", VERSION_HEADER(), required=False),
        AccountField("business_account_id", BUSINESS_ACCOUNT_ID(), required=False),
        AccountField(PAIRED_ACCOUNT, CLOUD_API_ACCOUNT(), FieldKind.ACCOUNT, required=False),
        REGION,
    ),
    _client,
    frozenset({BotForwarding, SignedIn}),
    simulator="console.sandbox.chattigo",
    parse_callback=parse_callback,
)
