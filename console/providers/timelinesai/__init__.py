"""TimelinesAI: text and files through an inbound webhook, about one send every 2 s."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.domain.accounts import ProviderKind
from console.domain.capabilities import MB, Capabilities, MediaRule, Operation
from console.domain.content import MediaKind
from console.domain.notices import Wording
from console.providers.base import Sending
from console.providers.definition import ClientContext, ProviderDefinition
from console.providers.fields import ACCOUNT_PHONE, REGION, WEBHOOK_URL, AccountField, FieldKind

if TYPE_CHECKING:
    from console.providers.timelinesai.client import TimelinesAIClient

# There is no read-only webhook call, so the client's `check()` can only look at the URL's form.
CHECK_SCOPE = Wording(
    "timelinesai.check_scope",
    "TimelinesAI has no way to test an inbound webhook URL without sending a message: only the URL's form was checked.",
)


def _client(ctx: ClientContext) -> TimelinesAIClient:
    from console.providers.timelinesai.client import TimelinesAIClient, TimelinesAISettings  # httpx with the first client

    settings = TimelinesAISettings(account_phone=ctx.settings.get("account_phone"))
    return TimelinesAIClient(ctx.http, settings, ctx.secrets["webhook_url"])


PROVIDER = ProviderDefinition(
    Capabilities(
        ProviderKind.TIMELINESAI,
        frozenset({Operation.SEND_TEXT, Operation.SEND_MEDIA}),
        delivery_reports=False,
        # "El tamaño máximo del archivo adjunto es de 2 MB": at most 2 MB, any kind; the
        # document asks for no HEAD check ("enlaces de descarga directa" only).
        media={kind: MediaRule(2 * MB, frozenset()) for kind in MediaKind},
        min_send_interval=2.0,
        chat_recipients=True,
    ),
    (
        AccountField("webhook_url", WEBHOOK_URL(), FieldKind.URL, secret=True),
        AccountField("account_phone", ACCOUNT_PHONE(), FieldKind.PHONE, required=False),
        REGION,
    ),
    _client,
    frozenset({Sending}),
    simulator="console.sandbox.timelinesai",
    check_note=CHECK_SCOPE(),
)
