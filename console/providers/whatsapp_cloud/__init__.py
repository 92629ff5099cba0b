"""The WhatsApp Cloud API (Meta): every kind of send, templates from the account, signed webhooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.domain.accounts import ProviderKind
from console.domain.capabilities import Capabilities, Operation
from console.domain.notices import Wording
from console.providers import fields
from console.providers.base import MediaDownload, PayloadSending, Sending, TemplateCatalogue
from console.providers.cloud_api.media_limits import WHATSAPP_MEDIA_RULES
from console.providers.definition import ClientContext, ProviderDefinition
from console.providers.fields import REGION, AccountField, FieldKind
from console.providers.whatsapp_cloud.callbacks import parse_callback

if TYPE_CHECKING:
    from console.providers.whatsapp_cloud.client import CloudApiClient

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v23.0"
CHECK_NOTE = Wording(
    "cloudapi.check_note",
    "Test connection reads the phone number with the access token; the app secret is proved by the first webhook.",
)

# The account's secrets the relay needs to check webhooks (never stored in plain text there).
APP_SECRET = "app_secret"
VERIFY_TOKEN = "verify_token"


def _client(ctx: ClientContext) -> CloudApiClient:
    from console.providers.whatsapp_cloud.client import CloudApiClient, CloudApiSettings  # httpx with the first client

    settings = CloudApiSettings(
        phone_number_id=ctx.settings["phone_number_id"],
        waba_id=ctx.settings["waba_id"],
        graph_url=ctx.settings.get("graph_url", DEFAULT_GRAPH_URL),
        api_version=ctx.settings.get("api_version", DEFAULT_API_VERSION),
        template_language=ctx.settings.get("template_language", "es"),
    )
    return CloudApiClient(ctx.http, settings, ctx.secrets["access_token"])


PROVIDER = ProviderDefinition(
    Capabilities(
        ProviderKind.CLOUDAPI,
        frozenset(
            {
                Operation.SEND_TEXT,
                Operation.SEND_TEMPLATE,
                Operation.SEND_MEDIA,
                Operation.SEND_LOCATION,
                Operation.PUSH_CALLBACKS,
                Operation.SYNC_TEMPLATES,
                Operation.SEND_BOT_ANSWERS,
                Operation.DOWNLOAD_MEDIA,
            }
        ),
        delivery_reports=True,
        # Error 131047: free-form messages only within 24 h of the customer's last message.
        session_window=True,
        media=WHATSAPP_MEDIA_RULES,
        user_ids=True,
    ),
    (
        AccountField("phone_number_id", fields.PHONE_NUMBER_ID(), FieldKind.DIGITS),
        AccountField("waba_id", fields.WABA_ID(), FieldKind.DIGITS),
        AccountField("access_token", fields.ACCESS_TOKEN(), secret=True),
        AccountField(APP_SECRET, fields.APP_SECRET(), secret=True),
        AccountField(VERIFY_TOKEN, fields.VERIFY_TOKEN(), secret=True),
        AccountField("graph_url", fields.GRAPH_URL(), FieldKind.URL, default=DEFAULT_GRAPH_URL),
        AccountField("api_version", fields.GRAPH_API_VERSION(), default=DEFAULT_API_VERSION),
        AccountField("template_language", fields.TEMPLATE_LANGUAGE(), default="es"),
        REGION,
    ),
    _client,
    frozenset({Sending, TemplateCatalogue, PayloadSending, MediaDownload}),
    simulator="console.sandbox.cloudapi",
    parse_callback=parse_callback,
    check_note=CHECK_NOTE(),
)
