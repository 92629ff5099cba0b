"""Hey Now: login token, send, mass send, status polling and the contact agenda.

Wire format (API.md §3): `POST {base}/login {"name","password"} -> {"token"}` valid 24 h,
sent as `Authorization: Bearer`. Paths are `/message/{channelId}/{platformId}/...`,
`/masiveMessage/...`, `/contact/...`. Statuses `?`, `RS`, `RU`, `LU`.

What the document leaves open, and what we assume:
- the send's 200 means "Mensaje enviado a la plataforma correspondiente"; its body is never
  shown. The status call takes "el idMessageHey devuelto como respuesta del método de envío",
  so we look for that id (`{"idMessageHey": ...}`, a bare string...), and a 200 without one
  we can read is still *sent*, only not followed;
- `contactValidation` is listed among the method's parameters without its place; the
  request body holds `text` alone, so it goes in the query string;
- the login's errors are not documented: a refusal (400, 401, 403) is read as the
  credentials, a 404 as an address without Hey Now's login.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from console.domain.contacts import AgendaEntry, AgendaListing, UnreadableContact
from console.domain.content import Content, TextContent
from console.domain.lifecycle import DeliveryState
from console.domain.notices import Wording
from console.domain.payloads import kept_payload
from console.domain.recipients import Recipient
from console.providers.aiohttp_transport import read
from console.providers.base import SendOptions, SendReceipt, StatusReport
from console.providers.errors import (
    AuthenticationFailed,
    MalformedAnswer,
    NotFound,
    OutcomeUnknown,
    PermissionDenied,
    ProviderUnavailable,
    Rejected,
)
from console.providers.session_token import SessionToken, TokenKeeper
from console.providers.transport import (
    TRANSPORT_ERRORS,
    Answer,
    classified,
    classified_transport_errors,
    json_body,
    raise_if_rate_limited,
)

PROVIDER = "Hey Now"
TOKEN_LIFETIME = timedelta(hours=24)
# Log in again this long before the token's 24 h run out, so no request meets expiry.
TOKEN_REFRESH_MARGIN = timedelta(minutes=30)

NO_ID_NOTE = Wording(
    "heynow.no_message_id",
    "Hey Now took the message (200: sent to the platform) but its answer carries no message id "
    "this console can read, so no delivery state will follow here.",
)
UNKNOWN_STATE = Wording("heynow.unknown_state", "Hey Now reported an unknown message state '{state}'.")
NO_LOGIN_THERE = Wording("heynow.no_login_there", "Hey Now has no login at {address}: check the account's base URL.")
WRONG_CREDENTIALS = Wording("heynow.wrong_credentials", "Hey Now refused the user name or password of '{user}'.")
NO_TOKEN = Wording("heynow.no_token", "Hey Now accepted the login but sent no token.")
FRESH_TOKEN_REFUSED = Wording(
    "heynow.fresh_token_refused", "Hey Now refused a token it had just issued; check the account's permissions."
)
NOT_YOUR_CHANNEL = Wording("heynow.not_your_channel", "This number ({platform_id}) is not one of your channels at Hey Now.")
INTERNAL_ERROR = Wording("heynow.internal_error", "Hey Now had an internal error ({status}); try again later.")
TEXT_TO_PHONES_ONLY = Wording("heynow.text_to_phones_only", "Hey Now sends text to phone numbers only.")
NEVER_WROTE = Wording("heynow.never_wrote", "This customer has never written to this channel, so Hey Now will not send to them.")
FAILED_WHILE_SENDING = Wording(
    "heynow.failed_while_sending", "Hey Now failed while sending ({status}); the message may or may not have left."
)
MASS_SEND_REFUSED = Wording(
    "heynow.mass_send_refused",
    "Hey Now refused the mass send (400){said}. Its document allows mass sends only on channels set up not to validate contacts.",
)
MESSAGE_REFUSED = Wording("heynow.message_refused", "Hey Now refused the message ({status}){said}.")
WEB_PAGE_ANSWER = Wording(
    "heynow.web_page_answer",
    "Hey Now's address answered 200 with a web page instead of Hey Now's answer; the message may or may not have been sent.",
)
UNKNOWN_MESSAGE = Wording("heynow.unknown_message", "Hey Now does not know message {message_id}.")
NOT_IN_AGENDA = Wording("heynow.not_in_agenda", "{client_id} is not in this channel's agenda: they never wrote to it.")
AGENDA_TOKEN_REFUSED = Wording("heynow.agenda_token_refused", "Hey Now refused the token for the agenda.")
AGENDA_NOT_A_LIST = Wording("heynow.agenda_not_a_list", "Hey Now sent an agenda that is not a list.")
NOT_JSON = Wording("heynow.not_json", "Hey Now answered {status} with a body that is not valid JSON.")
STATUS_NOT_A_STATE = Wording("heynow.status_not_a_state", "Hey Now answered a status request with something that is not a state.")
CONTACT_NOT_OBJECT = Wording("heynow.contact_not_object", "Hey Now sent a contact that is not an object.")
CONTACT_NOT_LISTS = Wording("heynow.contact_not_lists", "Hey Now sent a contact whose channels or phones are not lists.")
CONTACT_WITHOUT_ID = Wording("heynow.contact_without_id", "Hey Now sent a contact with no id and no phone.")
# A bare message id: one token, with a digit (the doc's example is 1e492668-ee84-1adb-...),
# so that a word such as "OK" or "enviado" is never taken for an id.
_BARE_ID = re.compile(r"(?=.*\d)[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

STATE_MAP: dict[str, DeliveryState] = {
    "?": DeliveryState.ACCEPTED,
    "RS": DeliveryState.SENT,
    "RU": DeliveryState.DELIVERED,
    "LU": DeliveryState.READ,
}


class NotYourChannel(PermissionDenied):
    pass


class NotInAgenda(NotFound):
    pass


@dataclass(frozen=True, slots=True)
class HeyNowSettings:
    base_url: str
    username: str
    platform_id: str
    channel_id: int = 1


class Token(SessionToken):
    """A Hey Now login token: `Token(value, obtained_at)`, renewed before its 24 h run out."""

    __slots__ = ()
    lifetime = TOKEN_LIFETIME
    refresh_margin = TOKEN_REFRESH_MARGIN


def map_status(raw: str) -> DeliveryState:
    try:
        return STATE_MAP[raw]
    except KeyError:
        raise MalformedAnswer(UNKNOWN_STATE(state=raw)) from None


TokenListener = Callable[[Token], Awaitable[None]]


class HeyNowClient:
    """Talks to one Hey Now channel. Safe to share between concurrent tasks."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: HeyNowSettings,
        password: str,
        *,
        token: Token | None = None,
        on_new_token: TokenListener | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._http = http
        self._settings = settings
        self._password = password
        self._tokens = TokenKeeper(Token, token=token, on_new_token=on_new_token, clock=clock)
        # Every status poll's URL but its last part, built once (thousands of polls a second).
        self._status_url = self._url("message", settings.channel_id, settings.platform_id) + "/"

    @property
    def settings(self) -> HeyNowSettings:
        return self._settings

    @property
    def token(self) -> Token | None:
        return self._tokens.token

    @property
    def logins(self) -> int:
        """How many times this client logged in (health and tests read it)."""
        return self._tokens.logins

    def _url(self, *parts: str | int) -> str:
        return self._settings.base_url.rstrip("/") + "/" + "/".join(quote(str(p), safe="") for p in parts)

    async def login(self) -> Token:
        """Log in and keep the token. Raises `AuthenticationFailed` on wrong credentials."""
        async with classified_transport_errors(PROVIDER):
            response = await self._http.post(
                self._url("login"), json={"name": self._settings.username, "password": self._password}
            )
        if response.status_code == 404:
            raise NotFound(NO_LOGIN_THERE(address=self._settings.base_url), status_code=404)
        if response.status_code in (400, 401, 403):
            raise AuthenticationFailed(WRONG_CREDENTIALS(user=self._settings.username), status_code=response.status_code)
        self._raise_for_server_error(response)
        body = json_body(response, PROVIDER)
        value = body.get("token") if isinstance(body, dict) else None
        if not isinstance(value, str) or not value:
            raise MalformedAnswer(NO_TOKEN())
        return await self._tokens.obtained(value)

    async def _valid_token(self, rejected: Token | None = None) -> Token:
        return await self._tokens.valid(self.login, rejected)

    async def _authorized(self, method: str, url: str, **kwargs: Any) -> Answer:
        """Send with the token; on 401 log in once more and retry once (no loops)."""
        token = await self._valid_token()
        response = await self._send(method, url, token, **kwargs)
        if response.status_code == 401:
            token = await self._valid_token(rejected=token)
            response = await self._send(method, url, token, **kwargs)
            if response.status_code == 401:
                raise AuthenticationFailed(FRESH_TOKEN_REFUSED(), status_code=401)
        return response

    async def _send(self, method: str, url: str, token: Token, **kwargs: Any) -> Answer:
        headers = {"Authorization": f"Bearer {token.value}"}
        try:
            if method == "GET" and not kwargs:  # a read (status polls: thousands a second)
                response = await read(self._http, url, headers)
            else:
                response = await self._http.request(method, url, headers=headers, **kwargs)
        except TRANSPORT_ERRORS as error:
            raise classified(error, PROVIDER) from None
        raise_if_rate_limited(response, PROVIDER)
        return response

    def _raise_common(self, response: Answer) -> None:
        if response.status_code == 403:
            raise NotYourChannel(NOT_YOUR_CHANNEL(platform_id=self._settings.platform_id), status_code=403)
        self._raise_for_server_error(response)

    @staticmethod
    def _raise_for_server_error(response: Answer) -> None:
        if response.status_code >= 500:
            raise ProviderUnavailable(INTERNAL_ERROR(status=response.status_code), status_code=response.status_code)

    async def check(self) -> None:
        await self.login()

    async def send(self, to: Recipient, content: Content, options: SendOptions) -> SendReceipt:
        """Hey Now sends text only; the outbox checks capabilities before calling."""
        if not isinstance(content, TextContent) or to.phone is None:
            raise Rejected(TEXT_TO_PHONES_ONLY())
        return await self.send_text(
            to.phone.digits, content.body, contact_validation=options.contact_validation, mass=options.mass
        )

    async def send_text(self, client_id: str, text: str, *, contact_validation: bool = True, mass: bool = False) -> SendReceipt:
        """Send `text` to `client_id` (digits with country code).

        A server error here leaves the outcome unknown: Hey Now may have sent it.
        """
        resource = "masiveMessage" if mass else "message"
        url = self._url(resource, self._settings.channel_id, self._settings.platform_id, client_id)
        params = None if mass else {"contactValidation": "true" if contact_validation else "false"}
        response = await self._authorized("POST", url, json={"text": text}, params=params)
        if response.status_code == 404:
            raise NotInAgenda(NEVER_WROTE(), status_code=404)
        if response.status_code >= 500:
            raise OutcomeUnknown(FAILED_WHILE_SENDING(status=response.status_code), status_code=response.status_code)
        self._raise_common(response)
        if response.status_code == 400 and mass:
            # The doc gives no error for this; it only says which channels mass sends work on.
            raise Rejected(MASS_SEND_REFUSED(said=_said(response)), status_code=400)
        if response.status_code != 200:
            raise Rejected(MESSAGE_REFUSED(status=response.status_code, said=_said(response)), status_code=response.status_code)
        if response.headers.get("content-type", "").startswith("text/html"):
            # A web page is no answer of Hey Now's API (a proxy's, a portal's): whether the
            # message left is unknown, but it must not look failed (to be sent again).
            raise OutcomeUnknown(WEB_PAGE_ANSWER(), status_code=200)
        message_id = _message_id(response)
        note = NO_ID_NOTE() if message_id is None else None
        return SendReceipt(message_id, "?", DeliveryState.ACCEPTED, payload=self._payload(response), note=note)

    async def message_status(self, provider_message_id: str) -> StatusReport:
        url = self._status_url + quote(provider_message_id, safe="")
        response = await self._authorized("GET", url)
        if response.status_code == 404:
            raise NotFound(UNKNOWN_MESSAGE(message_id=provider_message_id), status_code=404)
        self._raise_common(response)
        raw = _status_text(response)
        return StatusReport(raw, map_status(raw), payload=self._payload(response))

    def _payload(self, response: Answer) -> str | None:
        """A send or status answer's body as it may be kept; the password and token never are."""
        token = self._tokens.token
        return kept_payload(response.text, (self._password, None if token is None else token.value))

    async def contact(self, client_id: str) -> AgendaEntry:
        url = self._url("contact", self._settings.channel_id, self._settings.platform_id, client_id)
        response = await self._authorized("GET", url)
        if response.status_code == 404:
            raise NotInAgenda(NOT_IN_AGENDA(client_id=client_id), status_code=404)
        self._raise_common(response)
        return parse_contact(json_body(response, PROVIDER), self._settings)

    async def agenda(self, on_progress: Callable[[int, int | None], None] | None = None) -> AgendaListing:
        """The whole agenda of the channel, read contact by contact: one it cannot read is
        kept aside (raw, with the reason), never the end of the sync. `on_progress(bytes_read,
        total_or_None)`."""
        url = self._url("contact", self._settings.channel_id, self._settings.platform_id)
        token = await self._valid_token()
        for attempt in range(2):
            async with (
                classified_transport_errors(PROVIDER),
                self._http.stream("GET", url, headers={"Authorization": f"Bearer {token.value}"}) as response,
            ):
                if response.status_code == 401 and attempt == 0:
                    token = await self._valid_token(rejected=token)
                    continue
                if response.status_code == 401:
                    raise AuthenticationFailed(AGENDA_TOKEN_REFUSED(), status_code=401)
                self._raise_common(response)
                total = response.headers.get("content-length")
                chunks: list[bytes] = []
                read = 0
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
                    read += len(chunk)
                    if on_progress is not None:
                        on_progress(read, int(total) if total and total.isdigit() else None)
            payload = _decode_json(b"".join(chunks), response.status_code)
            if not isinstance(payload, list):
                raise MalformedAnswer(AGENDA_NOT_A_LIST())
            return _read_agenda(payload, self._settings)
        raise AssertionError("unreachable")


def _decode_json(raw: bytes, status: int) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise MalformedAnswer(NOT_JSON(status=status)) from None


def _message_id(response: Answer) -> str | None:
    """`idMessageHey` from a send answer, or None: the doc never shows the answer's body,
    so an object with the id under a likely key, a JSON string or a bare token all count."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text.strip()
    if isinstance(body, dict):
        body = next((body[key] for key in ("idMessageHey", "id", "messageId", "_id") if key in body), None)
    if isinstance(body, int) and not isinstance(body, bool):
        return str(body)
    if isinstance(body, str) and _BARE_ID.fullmatch(body.strip()):
        return body.strip()
    return None


def _said(response: Answer) -> str:
    """`: <message>` from an error answer that has one (its shape is not documented), else "":
    the provider's own words, shown as they came."""
    try:
        body: Any = response.json()
    except ValueError:
        return ""
    message = body.get("message") if isinstance(body, dict) else None
    return f": {message.strip()}" if isinstance(message, str) and message.strip() else ""


def _status_text(response: Answer) -> str:
    """The status body is a JSON string (`"LU"`); accept a bare word too."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text.strip()
    if isinstance(body, dict):
        body = body.get("status") or body.get("state")
    if not isinstance(body, str):
        raise MalformedAnswer(STATUS_NOT_A_STATE())
    return body.strip()


def _read_agenda(items: list[Any], settings: HeyNowSettings) -> AgendaListing:
    entries: list[AgendaEntry] = []
    unreadable: list[UnreadableContact] = []
    for item in items:
        try:
            entries.append(parse_contact(item, settings))
        except MalformedAnswer as error:
            unreadable.append(UnreadableContact(json.dumps(item, ensure_ascii=False), error.notice))
    return AgendaListing(entries, unreadable)


def parse_contact(item: Any, settings: HeyNowSettings) -> AgendaEntry:
    """Map one Hey Now contact object to an agenda entry."""
    if not isinstance(item, dict):
        raise MalformedAnswer(CONTACT_NOT_OBJECT())
    client_id = None
    channels, listed_phones = item.get("channels") or [], item.get("phones") or []
    if not isinstance(channels, list) or not isinstance(listed_phones, list):
        raise MalformedAnswer(CONTACT_NOT_LISTS())
    for channel in channels:
        if isinstance(channel, dict) and str(channel.get("platformId")) == settings.platform_id:
            client_id = channel.get("clientId")
    phones = [str(p) for p in listed_phones if isinstance(p, str | int) and p]
    client_id = str(client_id or (phones[0] if phones else item.get("_id") or ""))
    if not client_id:
        raise MalformedAnswer(CONTACT_WITHOUT_ID())
    first = _clean(item.get("first_name"))
    last = _clean(item.get("last_name"))
    name = " ".join(part for part in (first, last) if part) or client_id
    return AgendaEntry(
        external_id=client_id,
        phone=phones[0] if phones else client_id,
        display_name=name,
        first_name=first,
        last_name=last,
    )


def _clean(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
