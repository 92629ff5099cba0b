"""Cliengo: approved templates only, with its own media limits; no delivery states."""

from __future__ import annotations

from console.domain.accounts import ProviderKind
from console.domain.capabilities import MB, Capabilities, MediaKind, MediaRule, Operation
from console.providers.base import Sending
from console.providers.cliengo.client import DEFAULT_BASE_URL, CliengoClient, CliengoSettings
from console.providers.definition import ClientContext, ProviderDefinition
from console.providers.fields import REGION, AccountField, FieldKind

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(ctx: ClientContext) -> CliengoClient:
    settings = CliengoSettings(base_url=ctx.settings["base_url"], website_id=ctx.settings["website_id"])
    return CliengoClient(ctx.http, settings, ctx.secrets["api_key"])


PROVIDER = ProviderDefinition(
    Capabilities(
        ProviderKind.CLIENGO,
        frozenset({Operation.SEND_TEMPLATE}),
        delivery_reports=False,
        media={
            MediaKind.IMAGE: MediaRule(2 * MB, frozenset({"image/jpeg", "image/png"})),
            MediaKind.VIDEO: MediaRule(20 * MB, frozenset({"audio/mpeg", "video/mp4"})),
            MediaKind.DOCUMENT: MediaRule(2 * MB, frozenset({"application/pdf", _DOCX, _XLSX})),
        },
    ),
    (
        AccountField("base_url", "base URL", FieldKind.URL, default=DEFAULT_BASE_URL),
        AccountField("api_key", "API key", secret=True),
        AccountField("website_id", "website id"),
        REGION,
    ),
    _client,
    frozenset({Sending}),
    simulator="console.sandbox.cliengo",
)
