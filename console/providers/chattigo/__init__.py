"""Chattigo ISV: customers' messages forwarded to its bot, whose answers arrive as callbacks."""

from __future__ import annotations

from console.domain.accounts import ProviderKind
from console.domain.capabilities import Capabilities, Operation
from console.providers.base import BotForwarding, SignedIn
from console.providers.chattigo.callbacks import parse_callback
from console.providers.chattigo.client import ChattigoClient, ChattigoSettings, Token
from console.providers.definition import ClientContext, ProviderDefinition, token_hooks
from console.providers.fields import REGION, AccountField, FieldKind

# The account whose WhatsApp connection the bot answers through (a Cloud API account): its
# customers' messages are forwarded to the bot, and the bot's answers are sent through it.
PAIRED_ACCOUNT = "cloud_api"


def _client(ctx: ClientContext) -> ChattigoClient:
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
        AccountField("base_url", "base URL", FieldKind.URL, default="https://channels.chattigo.com/bsp-cloud-chattigo-isv"),
        AccountField("username", "user name"),
        AccountField("password", "password", secret=True),
        AccountField("wa_id", "WhatsApp number id (waId)", FieldKind.DIGITS),
        AccountField("api_version", "Cloud API version", default="15.0"),
        AccountField("webhook_path", "webhook path", default="/webhooks/outbound"),
        AccountField("webhook_key", "webhook body key", default="externalWebhookIsvBot"),
        AccountField("version_header", "header that carries the Cloud API version", required=False),
        AccountField("business_account_id", "WhatsApp business account id", required=False),
        AccountField(PAIRED_ACCOUNT, "Cloud API account whose connection it uses", FieldKind.ACCOUNT, required=False),
        REGION,
    ),
    _client,
    frozenset({BotForwarding, SignedIn}),
    simulator="console.sandbox.chattigo",
    parse_callback=parse_callback,
)
