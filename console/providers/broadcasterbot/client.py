"""Concepto Móvil Broadcasterbot: contact registration and sends (its callbacks: `callbacks`).

Wire format (API.md §1): `Authorization: Bearer {apiKey}`; `POST /v1/contacts/register/`,
`/v1/contacts/delete/` and `/v1/messages/`; contacts as `{"phone": local, "country": ISO}`;
errors `{"httpStatus","message","code","errors"}`. Only whitelisted IPs may call the API,
so refusals and unreachable-server errors remind the agent of the whitelist.
"""

from __future__ import annotations

import contextlib
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

from console.domain.content import Content, MediaContent, TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.notices import Notice, Wording
from console.domain.payloads import kept_payload
from console.domain.phones import Phone, local_number
from console.domain.recipients import Recipient
from console.providers.base import SendOptions, SendReceipt
from console.providers.broadcasterbot import DEFAULT_BASE_URL
from console.providers.broadcasterbot.states import PROGRESS, PROVIDER, reason_of, state_of
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

# The doc's `{host}` is `https://whatsappapi.broadcasterbot.com/v1` and its paths start
# with `/v1/` again. We read the duplicate as a typo: the default base has no `/v1`. An
# account that needs the literal reading sets its base URL to the doc's `{host}`.
WITH_WHITELIST_HINT = Wording(
    "broadcasterbot.whitelist_hint",
    "{problem} Concepto Móvil must also have added this computer's public IP address to Broadcasterbot's whitelist.",
)

CODE_REGISTER_BODY = 1300
CODE_DELETE_BODY = 1301
CODE_SEND_BODY = 1200
CODE_INVALID_KEY = 1100
CODE_MISSING_KEY = 1101
NO_ID_NOTE = Wording(
    "broadcasterbot.no_message_id",
    "Broadcasterbot took the message but named no message id, so its delivery reports cannot be matched to it.",
)
INVALID_CONTACT_NUMBER = Wording(
    "broadcasterbot.invalid_contact_number", "Broadcasterbot sent a contact number that is not valid: {phone} ({country})."
)
NO_SINGLE_COUNTRY = Wording(
    "broadcasterbot.no_single_country", "Broadcasterbot cannot write {phone}: it belongs to no single country."
)
FATE_UNKNOWN = Wording("broadcasterbot.fate_unknown", "Broadcasterbot did not say what became of the message.")
FAILED_WHILE_SENDING = Wording(
    "broadcasterbot.failed_while_sending", "Broadcasterbot failed while sending ({status}); the message may or may not have left."
)
UNREADABLE_ACCEPTANCE = Wording(
    "broadcasterbot.unreadable_acceptance",
    "Broadcasterbot took the message ({status}) but its answer could not be read; "
    "the message may have left: check before sending it again.",
)
PLAIN_TEMPLATES_ONLY = Wording(
    "broadcasterbot.plain_templates_only", "Broadcasterbot templates take positional parameters only, without media."
)
BAD_KEY_CHARACTERS = Wording(
    "broadcasterbot.bad_key_characters", "The Broadcasterbot API key contains characters an API key cannot have; paste it again."
)
NO_KEY = Wording("broadcasterbot.no_key", "Broadcasterbot received no API key (code 1101): enter the account's API key.")
KEY_REFUSED = Wording("broadcasterbot.key_refused", "Broadcasterbot refused the API key (code 1100): check it.")
UNAUTHORIZED = Wording("broadcasterbot.unauthorized", "Broadcasterbot refused the request as unauthorized{said}.")
ACCESS_REFUSED = Wording("broadcasterbot.access_refused", "Broadcasterbot refused access{said}.")
INVALID_REQUEST = Wording("broadcasterbot.invalid_request", "Broadcasterbot refused {what} as invalid: {detail}.")
INVALID_REQUEST_CODE = Wording(
    "broadcasterbot.invalid_request_code", "Broadcasterbot refused {what} as invalid (code {code}): {detail}."
)
NO_REASON_GIVEN = Wording("broadcasterbot.no_reason_given", "no reason given")
NO_SUCH_ADDRESS = Wording(
    "broadcasterbot.no_such_address", "Broadcasterbot has no such address ({path}): check the account's base URL."
)
INTERNAL_ERROR = Wording("broadcasterbot.internal_error", "Broadcasterbot had an internal error ({status}); try again later.")
REFUSED = Wording("broadcasterbot.refused", "Broadcasterbot refused {what} ({status}){said}.")
PHONES_ONLY = Wording("broadcasterbot.phones_only", "Broadcasterbot sends to phone numbers only, not to {recipient}.")
NEEDS_FILE_NAME_AND_TYPE = Wording(
    "broadcasterbot.needs_file_name_and_type",
    "Broadcasterbot needs the file's name and type (for example report.pdf, application/pdf).",
)
NO_CONTACT_LIST = Wording(
    "broadcasterbot.no_contact_list", "Broadcasterbot answered without the list of contacts it should hold."
)
UNREADABLE_CONTACT = Wording(
    "broadcasterbot.unreadable_contact", "Broadcasterbot sent {what} without a readable phone and country."
)
UNREADABLE_ENTRY = Wording(
    "broadcasterbot.unreadable_entry",
    "Broadcasterbot's answer about this contact could not be read; the message may have left: check before sending again.",
)
MISSING_ENTRY = Wording(
    "broadcasterbot.missing_entry",
    "Broadcasterbot's answer about this contact is missing; the message may have left: check before sending again.",
)
# What a refusal was about, and what an answer's contact was.
THE_CONTACT_REMOVAL = Wording("broadcasterbot.the_contact_removal", "the contact removal")
THE_CONTACT_REGISTRATION = Wording("broadcasterbot.the_contact_registration", "the contact registration")
THE_MESSAGE = Wording("broadcasterbot.the_message", "the message")
A_REGISTERED_CONTACT = Wording("broadcasterbot.a_registered_contact", "a registered contact")
A_RECIPIENT = Wording("broadcasterbot.a_recipient", "a recipient")


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
        # A range newer than our numbering plan is the provider's to judge (the console may
        # have registered it with "send anyway"): only an impossible length is unreadable.
        if number is None or not phonenumbers.is_possible_number(number):
            raise MalformedAnswer(INVALID_CONTACT_NUMBER(phone=self.phone, country=self.country))
        return Phone(number)


@dataclass(frozen=True, slots=True)
class RegisteredContact:
    contact: ContactRef
    created_at: str | None  # ISO timestamps as sent
    updated_at: str | None


def contact_of(phone: Phone) -> dict[str, str]:
    try:
        local, country = local_number(phone)
    except InvalidInput:
        raise Rejected(NO_SINGLE_COUNTRY(phone=phone.e164)) from None
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
        self._raise_for_error(response, THE_CONTACT_REMOVAL())

    async def register_contacts(self, phones: Sequence[Phone]) -> list[RegisteredContact]:
        """Register contacts so they may receive messages; registering twice is harmless.

        A 2xx registered them: what its answer lists is read where it can be, and an answer
        that cannot be read at all gives back no details rather than a failure."""
        response = await self._post("contacts/register/", {"contacts": [contact_of(p) for p in phones]})
        self._raise_for_error(response, THE_CONTACT_REGISTRATION())
        try:
            data = _data(json_body(response, PROVIDER))
        except MalformedAnswer:
            return []
        registered = []
        for item in data:
            with contextlib.suppress(MalformedAnswer):
                registered.append(_registered(item))
        return registered

    async def delete_contacts(self, phones: Sequence[Phone]) -> None:
        response = await self._post("contacts/delete/", {"contacts": [contact_of(p) for p in phones]})
        self._raise_for_error(response, THE_CONTACT_REMOVAL())

    async def send(self, to: Recipient, content: Content, options: SendOptions) -> SendReceipt:
        """One contact; a refusal for it is a FAILED receipt with its reason."""
        receipt = (await self.send_many([to], content))[0]
        if receipt.state is DeliveryState.UNKNOWN:
            raise OutcomeUnknown(receipt.failure_reason or FATE_UNKNOWN())
        return receipt

    async def send_many(self, recipients: Sequence[Recipient], content: Content) -> list[SendReceipt]:
        """One request for many contacts; one receipt per recipient, in order. A contact
        the answer does not mention gets an UNKNOWN receipt: it may have been sent."""
        contacts = [contact_of(_phone_of(r)) for r in recipients]
        body: dict[str, Any] = {"contacts": contacts, **self._content_body(content)}
        response = await self._post("messages/", body)
        if response.status_code >= 500:
            raise OutcomeUnknown(FAILED_WHILE_SENDING(status=response.status_code), status_code=response.status_code)
        self._raise_for_error(response, THE_MESSAGE())
        try:
            entries = _data(json_body(response, PROVIDER))
        except MalformedAnswer:
            raise OutcomeUnknown(UNREADABLE_ACCEPTANCE(status=response.status_code), status_code=response.status_code) from None
        receipts = _match_receipts(entries, contacts)
        if len(receipts) == 1:
            # One recipient: the whole answer is about it.
            return [replace(receipts[0], payload=kept_payload(response.text, (self._api_key.strip(),)))]
        # Several: each keeps its own entry of the answer.
        return [replace(r, payload=kept_payload(r.payload, (self._api_key.strip(),))) for r in receipts]

    def _content_body(self, content: Content) -> dict[str, Any]:
        if isinstance(content, TemplateContent):
            if content.named_params or content.media_url:
                raise Rejected(PLAIN_TEMPLATES_ONLY())
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
            raise NotSent(WITH_WHITELIST_HINT(problem=error.notice)) from None
        raise_if_rate_limited(response, PROVIDER)
        return response

    def _headers(self) -> dict[str, str]:
        key = self._api_key.strip()
        if not key:
            return {}  # the API answers 1101, which tells the agent what is missing
        if not key.isascii() or not key.isprintable():
            raise AuthenticationFailed(BAD_KEY_CHARACTERS())
        return {"Authorization": f"Bearer {key}"}

    def _raise_for_error(self, response: httpx.Response, what: Notice) -> None:
        """The typed error of a non-2xx answer (a send's 5xx is handled by the caller)."""
        status = response.status_code
        if 200 <= status < 300:
            return
        error = _error_body(response)
        code, said = error.get("code"), _said(error)
        if status == 401:
            if code == CODE_MISSING_KEY:
                problem = NO_KEY()
            elif code == CODE_INVALID_KEY:
                problem = KEY_REFUSED()
            else:
                problem = UNAUTHORIZED(said=said)
            raise AuthenticationFailed(WITH_WHITELIST_HINT(problem=problem), status_code=401)
        if status == 403:
            raise PermissionDenied(WITH_WHITELIST_HINT(problem=ACCESS_REFUSED(said=said)), status_code=403)
        if status == 400:
            detail: Notice | str = _describe_errors(error.get("errors")) or _text(error.get("message")) or NO_REASON_GIVEN()
            invalid = (
                INVALID_REQUEST_CODE(what=what, code=str(code), detail=detail)
                if isinstance(code, int)
                else INVALID_REQUEST(what=what, detail=detail)
            )
            raise Rejected(invalid, status_code=400)
        if status == 404:
            raise NotFound(NO_SUCH_ADDRESS(path=response.request.url.path), status_code=404)
        if status >= 500:
            raise ProviderUnavailable(INTERNAL_ERROR(status=status), status_code=status)
        raise Rejected(REFUSED(what=what, status=status, said=said), status_code=status)


def _phone_of(recipient: Recipient) -> Phone:
    if recipient.phone is None:
        raise Rejected(PHONES_ONLY(recipient=recipient.label))
    return recipient.phone


def _media_body(content: MediaContent) -> dict[str, Any]:
    """`filename` and `mimeType` are required by the API: when the agent gave none, take
    them from the URL's last path segment, or refuse before any request."""
    filename = content.filename or PurePosixPath(urlsplit(content.url).path).name
    mime_type = content.mime_type or (mimetypes.guess_type(filename)[0] if filename else None)
    if not filename or not mime_type:
        raise Rejected(NEEDS_FILE_NAME_AND_TYPE())
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
    """`: <message>` with the provider's own words, or ""."""
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
        raise MalformedAnswer(NO_CONTACT_LIST())
    return data


def _contact_ref(value: Any, what: Notice) -> ContactRef:
    if isinstance(value, dict):
        phone, country = value.get("phone"), value.get("country")
        if isinstance(phone, str | int) and isinstance(country, str) and str(phone) and country:
            return ContactRef(str(phone), country.upper())
    raise MalformedAnswer(UNREADABLE_CONTACT(what=what))


def _registered(item: Any) -> RegisteredContact:
    contact = _contact_ref(item, A_REGISTERED_CONTACT())
    return RegisteredContact(contact, _text(item.get("createdAt")), _text(item.get("updatedAt")))


def _receipt(entry: Any) -> SendReceipt:
    if not isinstance(entry, dict) or entry.get("status") not in ("success", "failure"):
        return _unknown_receipt(UNREADABLE_ENTRY())
    message_id = _text(entry.get("messageId"))
    raw_state = _text(entry.get("state")) or str(entry["status"])
    item = _as_json(entry)
    state = state_of(entry["status"], raw_state)
    if state is DeliveryState.FAILED:
        return SendReceipt(message_id, raw_state, state, reason_of(state, raw_state), item)
    # The answer usually says `queued`; the doc's example says `delivered`. A later
    # progress state is kept; anything else, a state the table does not list included,
    # counts as taken.
    shown = state if state in PROGRESS else DeliveryState.ACCEPTED
    return SendReceipt(message_id, raw_state, shown, payload=item, note=None if message_id else NO_ID_NOTE())


def _as_json(entry: Any) -> str:
    return json.dumps(entry, ensure_ascii=False)


def _unknown_receipt(reason: Notice) -> SendReceipt:
    return SendReceipt(None, None, DeliveryState.UNKNOWN, reason)


def _match_receipts(entries: list[Any], contacts: list[dict[str, str]]) -> list[SendReceipt]:
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
    return [_unknown_receipt(MISSING_ENTRY()) if e is None else _receipt(e) for e in ordered]


def _recipient_key(entry: Any) -> tuple[str, str] | None:
    if not isinstance(entry, dict):
        return None
    try:
        ref = _contact_ref(entry.get("recipient"), A_RECIPIENT())
    except MalformedAnswer:
        return None
    return ref.phone, ref.country
