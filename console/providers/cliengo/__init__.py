"""Cliengo: approved templates only, with its own media limits; no delivery states."""

from __future__ import annotations

from console.domain.accounts import ProviderKind
from console.domain.capabilities import MB, Capabilities, MediaRule, Operation
from console.domain.content import MediaKind
from console.providers.base import Sending
from console.providers.cliengo.client import DEFAULT_BASE_URL, WITH_NINE, WITHOUT_NINE, CliengoClient, CliengoSettings
from console.providers.definition import ClientContext, ProviderDefinition
from console.providers.fields import API_KEY, ARGENTINA_MOBILE_PREFIX, BASE_URL, REGION, WEBSITE_ID, AccountField, FieldKind

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(ctx: ClientContext) -> CliengoClient:
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
