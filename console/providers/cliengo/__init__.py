"""Cliengo: approved templates only, with its own media limits; no delivery states."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.domain.accounts import ProviderKind
from console.domain.capabilities import MB, Capabilities, MediaRule, Operation
from console.domain.content import MediaKind
from console.providers.base import Sending
from console.providers.definition import ClientContext, ProviderDefinition
from console.providers.fields import API_KEY, ARGENTINA_MOBILE_PREFIX, BASE_URL, REGION, WEBSITE_ID, AccountField, FieldKind

if TYPE_CHECKING:
    from console.providers.cliengo.client import CliengoClient

# The doc writes http://. We default to https so the api key never travels in clear; the
# base URL is a setting, and a redirect to another address is reported (see the client's `_post`).
DEFAULT_BASE_URL = "https://technical-solutions-api.cliengo.com"
# The document's examples write Argentine mobiles without the 9 ("destination":
# "542994843975", 54 + 299 + 4843975); WhatsApp ids carry it (549…). It does not say
# which it needs: an account setting, the examples' form by default.
WITHOUT_NINE, WITH_NINE = "54", "549"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(ctx: ClientContext) -> CliengoClient:
    from console.providers.cliengo.client import CliengoClient, CliengoSettings  # httpx with the first client

    settings = CliengoSettings(
        base_url=ctx.settings["base_url"],
        website_id=ctx.settings["website_id"],
        argentina_mobile_prefix=ctx.settings.get("argentina_mobile_prefix", WITHOUT_NINE),
    )
    return CliengoClient(ctx.http, settings, ctx.secrets["api_key"])


PROVIDER = ProviderDefinition(
    Capabilities(
        ProviderKind.CLIENGO,
        frozenset({Operation.SEND_TEMPLATE}),
        delivery_reports=False,
        # "Debe permitir requests por el método HEAD … Debe devolver un header content-length
        # y el tamaño debe ser menor al máximo para ese tipo de plantilla": below, not at most.
        media={
            MediaKind.IMAGE: MediaRule(2 * MB, frozenset({"image/jpeg", "image/png"}), below_max=True),
            MediaKind.VIDEO: MediaRule(20 * MB, frozenset({"audio/mpeg", "video/mp4"}), below_max=True),
            MediaKind.DOCUMENT: MediaRule(2 * MB, frozenset({"application/pdf", _DOCX, _XLSX}), below_max=True),
        },
        media_head_check=True,
    ),
    (
        AccountField("base_url", BASE_URL(), FieldKind.URL, default=DEFAULT_BASE_URL),
        AccountField("api_key", API_KEY(), secret=True),
        AccountField("website_id", WEBSITE_ID()),
        AccountField(
            "argentina_mobile_prefix",
            ARGENTINA_MOBILE_PREFIX(),
            default=WITHOUT_NINE,
            choices=(WITHOUT_NINE, WITH_NINE),
        ),
        REGION,
    ),
    _client,
    frozenset({Sending}),
    simulator="console.sandbox.cliengo",
)
