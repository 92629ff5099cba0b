"""Concepto Móvil Broadcasterbot: contact registration, sends, and the callback bodies.

Wire format (API.md §1): `Authorization: Bearer {apiKey}`; `POST /v1/contacts/register/`,
`/v1/contacts/delete/` and `/v1/messages/`; contacts as `{"phone": local, "country": ISO}`;
errors `{"httpStatus","message","code","errors"}`. Only whitelisted IPs may call the API,
so refusals and unreachable-server errors remind the agent of the whitelist.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import httpx
import phonenumbers

from console.domain.capabilities import MediaKind
from console.domain.content import Content, LocationContent, MediaContent, Recipient, TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.payloads import kept_payload
from console.domain.phones import Phone, local_number
from console.providers.base import SendOptions, SendReceipt
from console.providers.errors import (
    AuthenticationFailed,
    MalformedAnswer,
    NotFound,
    NotSent,
    OutcomeUnknown,
    PermissionDenied,
    ProviderUnavailable,
    Rejected,
)
from console.providers.transport import classified_transport_errors, json_body, raise_if_rate_limited

PROVIDER = "Broadcasterbot"
# The doc's `{host}` is `https://whatsappapi.broadcasterbot.com/v1` and its paths start
# with `/v1/` again. We read the duplicate as a typo: the default base has no `/v1`. An
# account that needs the literal reading sets its base URL to the doc's `{host}`.
DEFAULT_BASE_URL = "https://whatsappapi.broadcasterbot.com"
WHITELIST_HINT = "Concepto Móvil must also have added this computer's public IP address to Broadcasterbot's whitelist."

CODE_REGISTER_BODY = 1300
CODE_DELETE_BODY = 1301
CODE_SEND_BODY = 1200
CODE_INVALID_KEY = 1100
CODE_MISSING_KEY = 1101

# `dispatched` means handed to WhatsApp's servers; WhatsApp has not sent it yet, which
# the doc reports separately as `sent`. So `dispatched` stays ACCEPTED (the raw state
# keeps the detail in the timeline) and only `sent` counts as SENT.
STATE_MAP: dict[str, DeliveryState] = {
    "queued": DeliveryState.ACCEPTED,
    "dispatched": DeliveryState.ACCEPTED,
    "sent": DeliveryState.SENT,
    "delivered": DeliveryState.DELIVERED,
    "read": DeliveryState.READ,
    "deleted": DeliveryState.DELETED,
    "failed": DeliveryState.FAILED,
    "no_opt_in": DeliveryState.FAILED,
    "no_capability": DeliveryState.FAILED,
}
_PROGRESS = frozenset({DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ})

NOT_REGISTERED = "This contact is not registered at Broadcasterbot: register it before sending."
NO_WHATSAPP = "This number has no WhatsApp, so Broadcasterbot cannot send to it."
OUTSIDE_SESSION = (
    "Broadcasterbot refused the message. More than 24 hours after the customer's last reply, "
    "only templates can open a conversation: send a template first."
)


@dataclass(frozen=True, slots=True)
class BroadcasterbotSettings:
    """An account's non-secret settings; the API key is passed to the client apart."""

    base_url: str = DEFAULT_BASE_URL
    # `template.language` is required by the API; used when a template names none.
    template_language: str = "es_mx"


@dataclass(frozen=True, slots=True)
class ContactRef:
    """A contact as Broadcasterbot writes it: local number and ISO 3166 alpha-2 country."""

    phone: str
    country: str

    def to_phone(self) -> Phone:
        try:
            number = phonenumbers.parse(self.phone, self.country.upper())
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise MalformedAnswer(f"{PROVIDER} sent a contact number that is not valid: {self.phone} ({self.country}).")
        return Phone(number)


@dataclass(frozen=True, slots=True)
class RegisteredContact:
    contact: ContactRef
    created_at: str | None  # ISO timestamps as sent
    updated_at: str | None


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """One delivery report (`statuses[]` of a callback)."""

    message_id: str
    success: bool
    raw_state: str
    state: DeliveryState
    recipient: ContactRef
    reason: str | None  # for failures, a sentence an agent can read
    item: str  # the report itself as JSON, what a dispute quotes


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One customer message (`messages[]` of a callback)."""

    message_id: str
    sender: ContactRef
    content: TextContent | MediaContent | LocationContent


def contact_of(phone: Phone) -> dict[str, str]:
    try:
        local, country = local_number(phone)
    except InvalidInput:
        raise Rejected(f"{PROVIDER} cannot write {phone.e164}: it belongs to no single country.") from None
    return {"phone": local, "country": country}


class BroadcasterbotClient:
    """Talks to one Broadcasterbot account. Stateless, so safe to share between tasks."""

    def __init__(self, http: httpx.AsyncClient, settings: BroadcasterbotSettings, api_key: str) -> None:
        self._http = http
        self._settings = settings
        self._api_key = api_key

    def __repr__(self) -> str:
        return f"BroadcasterbotClient(base_url={self._settings.base_url!r}, api_key=<hidden>)"

    @property
    def settings(self) -> BroadcasterbotSettings:
        return self._settings

    async def check(self) -> None:
        """Delete an empty list of contacts: Broadcasterbot has no read-only call, and this
        one changes nothing whatever the answer. A 400 with code 1301 (an empty list is an
        invalid body for a server that wants at least one contact) still proves that the
        key and the IP whitelist passed, as the key is checked before the body."""
        response = await self._post("contacts/delete/", {"contacts": []})
        if response.status_code == 400 and _error_code(response) == CODE_DELETE_BODY:
            return
        self._raise_for_error(response, "the contact removal")

    async def register_contacts(self, phones: Sequence[Phone]) -> list[RegisteredContact]:
        """Register contacts so they may receive messages; registering twice is harmless."""
        response = await self._post("contacts/register/", {"contacts": [contact_of(p) for p in phones]})
        self._raise_for_error(response, "the contact registration")
        data = _data(json_body(response, PROVIDER))
        return [_registered(item) for item in data]

    async def delete_contacts(self, phones: Sequence[Phone]) -> None:
        response = await self._post("contacts/delete/", {"contacts": [contact_of(p) for p in phones]})
        self._raise_for_error(response, "the contact removal")

    async def send(self, to: Recipient, content: Content, options: SendOptions) -> SendReceipt:
        """One contact; a refusal for it is a FAILED receipt with its reason."""
        receipt = (await self.send_many([to], content))[0]
        if receipt.state is DeliveryState.UNKNOWN:
            raise OutcomeUnknown(receipt.failure_reason or f"{PROVIDER} did not say what became of the message.")
        return receipt

    async def send_many(self, recipients: Sequence[Recipient], content: Content) -> list[SendReceipt]:
        """One request for many contacts; one receipt per recipient, in order. A contact
        the answer does not mention gets an UNKNOWN receipt: it may have been sent."""
        contacts = [contact_of(_phone_of(r)) for r in recipients]
        body: dict[str, Any] = {"contacts": contacts, **self._content_body(content)}
        response = await self._post("messages/", body)
        if response.status_code >= 500:
            raise OutcomeUnknown(
                f"{PROVIDER} failed while sending ({response.status_code}); the message may or may not have left.",
                status_code=response.status_code,
            )
        self._raise_for_error(response, "the message")
        try:
            entries = _data(json_body(response, PROVIDER))
        except MalformedAnswer:
            raise OutcomeUnknown(
                f"{PROVIDER} took the message ({response.status_code}) but its answer could not be read; "
                "the message may have left: check before sending it again.",
                status_code=response.status_code,
            ) from None
        free_form = not isinstance(content, TemplateContent)
        receipts = _match_receipts(entries, contacts, free_form)
        if len(receipts) == 1:
            # One recipient: the whole answer is about it.
            return [replace(receipts[0], payload=kept_payload(response.text, (self._api_key.strip(),)))]
        # Several: each keeps its own entry of the answer.
        return [replace(r, payload=kept_payload(r.payload, (self._api_key.strip(),))) for r in receipts]

    def _content_body(self, content: Content) -> dict[str, Any]:
        if isinstance(content, TemplateContent):
            if content.named_params or content.media_url:
                raise Rejected(f"{PROVIDER} templates take positional parameters only, without media.")
            language = content.language or self._settings.template_language
            return {"template": {"name": content.name, "params": list(content.params), "language": language}}
        if isinstance(content, TextContent):
            return {"text": {"body": content.body, "previewUrl": content.preview_url}}
        if isinstance(content, MediaContent):
            return {"media": _media_body(content)}
        location: dict[str, Any] = {"latitud": _coordinate(content.latitude), "longitud": _coordinate(content.longitude)}
        if content.place_name is not None:
            location["placeName"] = content.place_name
        if content.address is not None:
            location["address"] = content.address
        return {"location": location}

    async def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        url = f"{self._settings.base_url.rstrip('/')}/v1/{path}"
        try:
            async with classified_transport_errors(PROVIDER):
                response = await self._http.post(url, json=body, headers=self._headers())
        except NotSent as error:
            raise NotSent(f"{error.message} {WHITELIST_HINT}") from None
        raise_if_rate_limited(response, PROVIDER)
        return response

    def _headers(self) -> dict[str, str]:
        key = self._api_key.strip()
        if not key:
            return {}  # the API answers 1101, which tells the agent what is missing
        if not key.isascii() or not key.isprintable():
            raise AuthenticationFailed(f"The {PROVIDER} API key contains characters an API key cannot have; paste it again.")
        return {"Authorization": f"Bearer {key}"}

    def _raise_for_error(self, response: httpx.Response, what: str) -> None:
        """The typed error of a non-2xx answer (a send's 5xx is handled by the caller)."""
        status = response.status_code
        if 200 <= status < 300:
            return
        error = _error_body(response)
        code, said = error.get("code"), _said(error)
        if status == 401:
            if code == CODE_MISSING_KEY:
                text = f"{PROVIDER} received no API key (code 1101): enter the account's API key."
            elif code == CODE_INVALID_KEY:
                text = f"{PROVIDER} refused the API key (code 1100): check it."
            else:
                text = f"{PROVIDER} refused the request as unauthorized{said}."
            raise AuthenticationFailed(f"{text} {WHITELIST_HINT}", status_code=401)
        if status == 403:
            raise PermissionDenied(f"{PROVIDER} refused access{said}. {WHITELIST_HINT}", status_code=403)
        if status == 400:
            detail = _describe_errors(error.get("errors")) or _text(error.get("message")) or "no reason given"
            shown_code = f" (code {code})" if isinstance(code, int) else ""
            raise Rejected(f"{PROVIDER} refused {what} as invalid{shown_code}: {detail}.", status_code=400)
        if status == 404:
            raise NotFound(
                f"{PROVIDER} has no such address ({response.request.url.path}): check the account's base URL.",
                status_code=404,
            )
        if status >= 500:
            raise ProviderUnavailable(f"{PROVIDER} had an internal error ({status}); try again later.", status_code=status)
        raise Rejected(f"{PROVIDER} refused {what} ({status}){said}.", status_code=status)


def _phone_of(recipient: Recipient) -> Phone:
    if recipient.phone is None:
        raise Rejected(f"{PROVIDER} sends to phone numbers only, not to {recipient.label}.")
    return recipient.phone


def _media_body(content: MediaContent) -> dict[str, Any]:
    """`filename` and `mimeType` are required by the API: when the agent gave none, take
    them from the URL's last path segment, or refuse before any request."""
    filename = content.filename or PurePosixPath(urlsplit(content.url).path).name
    mime_type = content.mime_type or (mimetypes.guess_type(filename)[0] if filename else None)
    if not filename or not mime_type:
        raise Rejected(f"{PROVIDER} needs the file's name and type (for example report.pdf, application/pdf).")
    media: dict[str, Any] = {"type": content.kind.value, "url": content.url}
    if content.caption is not None:
        media["caption"] = content.caption
    media["filename"] = filename
    media["mimeType"] = mime_type
    return media


def _coordinate(value: float) -> str:
    """A coordinate as the API's decimal string (`"-99.1556818"`), never in exponent form."""
    return format(Decimal(repr(float(value))), "f")


def _error_body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error_code(response: httpx.Response) -> Any:
    return _error_body(response).get("code")


def _said(error: dict[str, Any]) -> str:
    message = _text(error.get("message"))
    return f": {message}" if message else ""


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _describe_errors(errors: Any) -> str:
    """The doc types `errors` as "Object" without its shape: read maps, lists and text."""
    if isinstance(errors, dict):
        return "; ".join(f"{key}: {_describe_errors(value) or 'invalid'}" for key, value in errors.items())
    if isinstance(errors, list):
        return "; ".join(part for part in (_describe_errors(item) for item in errors) if part)
    if errors is None:
        return ""
    return str(errors).strip()


def _data(body: Any) -> list[Any]:
    data = body.get("data") if isinstance(body, dict) else None
    if data is None and isinstance(body, dict):
        return []  # the delete answer's "empty data" may be null or missing
    if not isinstance(data, list):
        raise MalformedAnswer(f"{PROVIDER} answered without the list of contacts it should hold.")
    return data


def _contact_ref(value: Any, what: str) -> ContactRef:
    if isinstance(value, dict):
        phone, country = value.get("phone"), value.get("country")
        if isinstance(phone, str | int) and isinstance(country, str) and str(phone) and country:
            return ContactRef(str(phone), country.upper())
    raise MalformedAnswer(f"{PROVIDER} sent {what} without a readable phone and country.")


def _registered(item: Any) -> RegisteredContact:
    contact = _contact_ref(item, "a registered contact")
    return RegisteredContact(contact, _text(item.get("createdAt")), _text(item.get("updatedAt")))


def _failure_reason(raw_state: str, free_form: bool) -> str:
    if raw_state == "no_opt_in":
        return NOT_REGISTERED
    if raw_state == "no_capability":
        return NO_WHATSAPP
    if raw_state == "failed" and free_form:
        # The answer gives no cause. A free-form message refused at once to a registered
        # contact is what the 24-hour rule produces, so name that rule.
        return OUTSIDE_SESSION
    return f"{PROVIDER} did not send the message ({raw_state})."


def _receipt(entry: Any, free_form: bool) -> SendReceipt:
    if not isinstance(entry, dict) or entry.get("status") not in ("success", "failure"):
        return _unknown_receipt("could not be read")
    message_id = _text(entry.get("messageId"))
    raw_state = _text(entry.get("state")) or str(entry["status"])
    item = _as_json(entry)
    if entry["status"] == "failure":
        return SendReceipt(message_id, raw_state, DeliveryState.FAILED, _failure_reason(raw_state, free_form), item)
    mapped = STATE_MAP.get(raw_state)
    # The answer usually says `queued`; the doc's example says `delivered`. A later
    # progress state is kept, anything else counts as taken.
    return SendReceipt(message_id, raw_state, mapped if mapped in _PROGRESS else DeliveryState.ACCEPTED, payload=item)


def _as_json(entry: Any) -> str:
    return json.dumps(entry, ensure_ascii=False)


def _unknown_receipt(why: str) -> SendReceipt:
    return SendReceipt(
        None,
        None,
        DeliveryState.UNKNOWN,
        f"{PROVIDER}'s answer about this contact {why}; the message may have left: check before sending again.",
    )


def _match_receipts(entries: list[Any], contacts: list[dict[str, str]], free_form: bool) -> list[SendReceipt]:
    """Pair answer entries with the request's contacts: by recipient when every entry names
    one (the answer's order is not documented), else by position."""
    keys = [_recipient_key(entry) for entry in entries]
    if entries and None not in keys:
        pending: dict[tuple[str, str] | None, list[Any]] = {}
        for k, entry in zip(keys, entries, strict=True):
            pending.setdefault(k, []).append(entry)
        ordered = [(pending.get((c["phone"], c["country"])) or [None]).pop(0) for c in contacts]
    else:
        ordered = [entries[i] if i < len(entries) else None for i in range(len(contacts))]
    return [_unknown_receipt("is missing") if e is None else _receipt(e, free_form) for e in ordered]


def _recipient_key(entry: Any) -> tuple[str, str] | None:
    if not isinstance(entry, dict):
        return None
    try:
        ref = _contact_ref(entry.get("recipient"), "a recipient")
    except MalformedAnswer:
        return None
    return ref.phone, ref.country


def _state_of(status: str, raw_state: str) -> DeliveryState:
    if status == "failure":
        return DeliveryState.FAILED
    try:
        return STATE_MAP[raw_state]
    except KeyError:
        raise MalformedAnswer(f"{PROVIDER} reported an unknown message state '{raw_state}'.") from None


def _entries(body: Any, key: str) -> list[Any]:
    if not isinstance(body, dict):
        raise MalformedAnswer(f"{PROVIDER} sent a callback that is not a JSON object.")
    entries = body.get(key)
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise MalformedAnswer(f"{PROVIDER} sent a callback whose '{key}' is not a list.")
    return entries


def parse_status_callback(body: Any) -> list[StatusUpdate]:
    """The delivery reports of a callback body (`{"statuses": [...]}`); [] when it has none."""
    updates = []
    for entry in _entries(body, "statuses"):
        if not isinstance(entry, dict):
            raise MalformedAnswer(f"{PROVIDER} sent a delivery report that is not an object.")
        status, raw_state, message_id = entry.get("status"), _text(entry.get("state")), _text(entry.get("messageId"))
        if status not in ("success", "failure") or raw_state is None or message_id is None:
            raise MalformedAnswer(f"{PROVIDER} sent a delivery report without status, state or message id.")
        state = _state_of(status, raw_state)
        reason = _failure_reason(raw_state, free_form=False) if state is DeliveryState.FAILED else None
        recipient = _contact_ref(entry.get("recipient"), "a delivery report")
        updates.append(StatusUpdate(message_id, status == "success", raw_state, state, recipient, reason, _as_json(entry)))
    return updates


def parse_message_callback(body: Any) -> list[InboundMessage]:
    """The customer messages of a callback body (`{"messages": [...]}`); [] when it has none."""
    messages = []
    for entry in _entries(body, "messages"):
        if not isinstance(entry, dict):
            raise MalformedAnswer(f"{PROVIDER} sent an incoming message that is not an object.")
        message_id = _text(entry.get("messageId"))
        if message_id is None:
            raise MalformedAnswer(f"{PROVIDER} sent an incoming message without its id.")
        sender = _contact_ref(entry.get("contact"), "an incoming message")
        messages.append(InboundMessage(message_id, sender, _inbound_content(entry)))
    return messages


def _inbound_content(entry: dict[str, Any]) -> TextContent | MediaContent | LocationContent:
    """One of `text`, `media`, `location` (the doc: never all at once; the first present wins)."""
    text, media, location = entry.get("text"), entry.get("media"), entry.get("location")
    if isinstance(text, dict) and isinstance(text.get("body"), str):
        return TextContent(text["body"], bool(text.get("previewUrl", False)))
    if isinstance(media, dict) and isinstance(media.get("url"), str):
        try:
            kind = MediaKind(str(media.get("type")))
        except ValueError:
            raise MalformedAnswer(f"{PROVIDER} sent a file of unknown type '{media.get('type')}'.") from None
        return MediaContent(
            kind, media["url"], _text(media.get("caption")), _text(media.get("filename")), _text(media.get("mimeType"))
        )
    if isinstance(location, dict):
        try:
            latitude, longitude = float(location["latitud"]), float(location["longitud"])
        except (KeyError, TypeError, ValueError):
            raise MalformedAnswer(f"{PROVIDER} sent a location without readable coordinates.") from None
        return LocationContent(latitude, longitude, _text(location.get("placeName")), _text(location.get("address")))
    raise MalformedAnswer(f"{PROVIDER} sent an incoming message with no text, file or location.")
