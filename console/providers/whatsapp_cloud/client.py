"""The WhatsApp Cloud API (Meta's Graph API): sends, the account's templates, its phone number.

Paths are `{graph_url}/{api_version}/{id}/...` with `Authorization: Bearer {access token}`:
- `GET /{phone-number-id}` proves the token and the number (`check`);
- `POST /{phone-number-id}/messages` sends; 200 with `messages[0].id` (a wamid) is accepted,
  anything else is a Graph error (`errors.error_for`);
- `GET /{waba-id}/message_templates` lists templates a page at a time, following
  `paging.cursors.after` on our own address while `paging.next` says there is more
  (the `next` URL itself is never followed: it would carry the token wherever it points);
- `GET /{media-id}` answers a customer's file's short-lived `url` (and `mime_type`), which
  is fetched with the same bearer token; only over https, or http when the Graph URL itself
  is http (a test server), so the token never travels in the clear to a host Meta named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from console.domain.content import Content
from console.domain.lifecycle import DeliveryState
from console.domain.notices import ByteSize, Notice, Wording
from console.domain.payloads import kept_payload
from console.domain.recipients import Recipient
from console.domain.templates import Template
from console.providers.base import MediaFile, SendOptions, SendReceipt
from console.providers.cloud_api.envelopes import parse_send_payload
from console.providers.errors import MalformedAnswer, OutcomeUnknown, Rejected
from console.providers.transport import classified_transport_errors, json_body
from console.providers.whatsapp_cloud import DEFAULT_API_VERSION, DEFAULT_GRAPH_URL
from console.providers.whatsapp_cloud.bodies import addressed, send_body
from console.providers.whatsapp_cloud.errors import PROVIDER, GraphError, error_for
from console.providers.whatsapp_cloud.templates import read_template

TEMPLATE_PAGE = 100
MAX_TEMPLATE_PAGES = 200  # 20,000 templates: a WABA holds far fewer; a cursor that never ends stops here
TEMPLATE_FIELDS = "name,language,status,category,components"

CANNOT_ADDRESS = Wording(
    "cloudapi.cannot_address", "The WhatsApp Cloud API sends to phone numbers or business-scoped user ids only."
)
NO_MESSAGE_ID = Wording(
    "cloudapi.no_message_id",
    "Meta answered 200 without a message id; the message may or may not have left, so it is not sent again.",
)
NO_TEMPLATE_LIST = Wording("cloudapi.no_template_list", "Meta sent a template list without its 'data'.")
NO_MEDIA_URL = Wording("cloudapi.no_media_url", "Meta described the file without a link it may be fetched from.")
MEDIA_TOO_LARGE = Wording("cloudapi.media_too_large", "The customer's file is larger than {limit}; it is not downloaded.")
HELD_FOR_QUALITY = Wording(
    "cloudapi.held_for_quality",
    "Meta is holding this message to check its quality; it may be delivered later or dropped.",
)
TEMPLATE_PAUSED = Wording(
    "cloudapi.template_paused",
    "Meta paused this template because of its quality; the message waits until the template is active again.",
)


@dataclass(frozen=True, slots=True)
class CloudApiSettings:
    phone_number_id: str
    waba_id: str
    graph_url: str = DEFAULT_GRAPH_URL
    api_version: str = DEFAULT_API_VERSION
    template_language: str = "es"


class CloudApiClient:
    """Talks to one business phone number of one WhatsApp Business Account."""

    def __init__(self, http: httpx.AsyncClient, settings: CloudApiSettings, access_token: str) -> None:
        self._http = http
        self._settings = settings
        self._token = access_token

    @property
    def settings(self) -> CloudApiSettings:
        return self._settings

    def _url(self, *parts: str) -> str:
        base = f"{self._settings.graph_url.rstrip('/')}/{quote(self._settings.api_version, safe='.')}"
        return base + "".join("/" + quote(part, safe="") for part in parts)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def _payload(self, text: str) -> str | None:
        return kept_payload(text, (self._token,))

    async def check(self) -> None:
        async with classified_transport_errors(PROVIDER):
            response = await self._http.get(
                self._url(self._settings.phone_number_id),
                params={"fields": "display_phone_number,verified_name"},
                headers=self._headers(),
            )
        if response.status_code != 200:
            raise error_for(response.status_code, GraphError.of(_maybe_json(response)), sending=False)

    async def send(self, to: Recipient, content: Content, options: SendOptions) -> SendReceipt:
        try:
            body = send_body(to, content, self._settings.template_language)
        except ValueError:
            raise Rejected(CANNOT_ADDRESS()) from None
        return await self.send_body(body)

    async def send_payload(self, to: Recipient, payload: Mapping[str, Any]) -> SendReceipt:
        """Send a Cloud API message written by someone else (a bot's answer: interactive
        buttons or lists, reactions, stickers, contacts...), checked first, to `to`."""
        try:
            target = addressed(to)
        except ValueError:
            raise Rejected(CANNOT_ADDRESS()) from None
        reply = parse_send_payload({**payload, "to": next(iter(target.values()))})
        body = {key: value for key, value in reply.raw.items() if key not in ("to", "recipient")}
        return await self.send_body({**body, **target})

    async def send_body(self, body: Mapping[str, Any]) -> SendReceipt:
        """POST one send body; what may have left and failed is `OutcomeUnknown`, never resent."""
        async with classified_transport_errors(PROVIDER):
            response = await self._http.post(
                self._url(self._settings.phone_number_id, "messages"), json=body, headers=self._headers()
            )
        answer = _maybe_json(response)
        if response.status_code != 200:
            raise error_for(response.status_code, GraphError.of(answer), sending=True)
        messages = answer.get("messages") if isinstance(answer, dict) else None
        first = messages[0] if isinstance(messages, list) and messages and isinstance(messages[0], dict) else {}
        message_id = first.get("id")
        if not isinstance(message_id, str) or not message_id:
            raise OutcomeUnknown(NO_MESSAGE_ID(), status_code=200)
        raw = first.get("message_status") if isinstance(first.get("message_status"), str) else "accepted"
        note: Notice | None = None
        if raw == "held_for_quality_assessment":
            note = HELD_FOR_QUALITY()
        elif raw == "paused":
            note = TEMPLATE_PAUSED()
        return SendReceipt(message_id, raw, DeliveryState.ACCEPTED, payload=self._payload(response.text), note=note)

    async def media(self, media_id: str, max_bytes: int) -> MediaFile:
        """A customer's file: its short-lived link from `GET /{media-id}`, then its bytes."""
        async with classified_transport_errors(PROVIDER):
            response = await self._http.get(self._url(media_id), headers=self._headers())
        described = _maybe_json(response)
        if response.status_code != 200:
            raise error_for(response.status_code, GraphError.of(described), sending=False)
        url = described.get("url") if isinstance(described, dict) else None
        if not isinstance(url, str) or not self._may_carry_token(url):
            raise MalformedAnswer(NO_MEDIA_URL())
        mime_type = described.get("mime_type")
        chunks: list[bytes] = []
        received = 0
        async with (
            classified_transport_errors(PROVIDER),
            self._http.stream("GET", url, headers=self._headers(), follow_redirects=False) as download,
        ):
            if download.status_code != 200:
                await download.aread()
                raise error_for(download.status_code, GraphError.of(_maybe_json(download)), sending=False)
            async for chunk in download.aiter_bytes():
                received += len(chunk)
                if received > max_bytes:
                    raise Rejected(MEDIA_TOO_LARGE(limit=ByteSize(max_bytes)))
                chunks.append(chunk)
        return MediaFile(b"".join(chunks), mime_type if isinstance(mime_type, str) else None)

    def _may_carry_token(self, url: str) -> bool:
        scheme = urlsplit(url).scheme
        return scheme == "https" or (scheme == "http" and urlsplit(self._settings.graph_url).scheme == "http")

    async def template_catalogue(self) -> list[Template]:
        """Every template of the business account, with its review status."""
        found: list[Template] = []
        after: str | None = None
        for _ in range(MAX_TEMPLATE_PAGES):
            params = {"fields": TEMPLATE_FIELDS, "limit": str(TEMPLATE_PAGE)}
            if after:
                params["after"] = after
            async with classified_transport_errors(PROVIDER):
                response = await self._http.get(
                    self._url(self._settings.waba_id, "message_templates"), params=params, headers=self._headers()
                )
            page = _maybe_json(response)
            if response.status_code != 200:
                raise error_for(response.status_code, GraphError.of(page), sending=False)
            if not isinstance(page, dict) or not isinstance(page.get("data"), list):
                raise MalformedAnswer(NO_TEMPLATE_LIST())
            found += [entry for entry in (read_template(item) for item in page["data"]) if entry is not None]
            after = _next_cursor(page.get("paging"))
            if after is None:
                return found
        return found


def _next_cursor(paging: Any) -> str | None:
    """`paging.cursors.after` when `paging.next` says another page follows, else None."""
    if not isinstance(paging, dict) or not paging.get("next"):
        return None
    cursors = paging.get("cursors")
    after = cursors.get("after") if isinstance(cursors, dict) else None
    return after if isinstance(after, str) and after else None


def _maybe_json(response: httpx.Response) -> Any:
    try:
        return json_body(response, PROVIDER)
    except MalformedAnswer:
        return None
