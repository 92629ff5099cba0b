"""Hey Now: text sends (also mass sends), status polling and the contact agenda."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.domain.accounts import ProviderKind
from console.domain.capabilities import Capabilities, Operation
from console.providers.base import AgendaDownload, Sending, SignedIn, StatusPolling
from console.providers.definition import ClientContext, ProviderDefinition, token_hooks
from console.providers.fields import BASE_URL, CHANNEL_ID, PASSWORD, PLATFORM_ID, REGION, USER_NAME, AccountField, FieldKind

if TYPE_CHECKING:
    from console.providers.heynow.client import HeyNowClient


def _client(ctx: ClientContext) -> HeyNowClient:
    from console.providers.heynow.client import HeyNowClient, HeyNowSettings, Token  # httpx with the first client

    settings = HeyNowSettings(
        base_url=ctx.settings["base_url"],
        username=ctx.settings["username"],
        platform_id=ctx.settings["platform_id"],
        channel_id=int(ctx.settings.get("channel_id", 1)),
    )
    return HeyNowClient(ctx.http, settings, ctx.secrets["password"], **token_hooks(ctx, Token))


PROVIDER = ProviderDefinition(
    Capabilities(
        ProviderKind.HEYNOW,
        frozenset({Operation.SEND_TEXT, Operation.MASS_SEND, Operation.POLL_STATUS, Operation.DOWNLOAD_AGENDA}),
        delivery_reports=True,
    ),
    (
        AccountField("base_url", BASE_URL(), FieldKind.URL, default="https://web.heynow.com.uy:8310/api"),
        AccountField("username", USER_NAME()),
        AccountField("password", PASSWORD(), secret=True),
        AccountField("platform_id", PLATFORM_ID(), FieldKind.DIGITS),
        AccountField("channel_id", CHANNEL_ID(), FieldKind.NUMBER, default=1),
        REGION,
    ),
    _client,
    frozenset({Sending, StatusPolling, AgendaDownload, SignedIn}),
    simulator="console.sandbox.heynow",
)
