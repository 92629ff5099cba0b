"""Chattigo ISV: log in, forward customers' messages to Chattigo's bot, set our webhook.

Wire format (API.md §2): `POST /login {"username","password"} -> {"user","access",
"access_token"}`, a JWT valid 8 h sent as `Authorization: <JWT>` (no `Bearer`).
`POST /webhooks/inbound` takes a Cloud API inbound-webhook envelope; the bot answers on
our webhook (`PATCH /webhooks/outbound {"waId","externalWebhookIsvBot"}`) with Cloud
API send payloads. We never send on our own: Chattigo answers through its bot, so this
client has no `send` (it is no `Sending` client).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from console.domain import field_names
from console.domain.errors import InvalidInput
from console.domain.network import is_loopback_host
from console.domain.notices import Notice, Wording
from console.domain.phones import wa_id
from console.providers.base import InboundMessage
from console.providers.cloud_api.envelopes import inbound_envelope
from console.providers.errors import (
    AuthenticationFailed,
    MalformedAnswer,
    NotFound,
    OutcomeUnknown,
    ProviderUnavailable,
    Rejected,
)
from console.providers.fields import API_VERSION, WA_ID
from console.providers.session_token import SessionToken, TokenKeeper
from console.providers.transport import classified_transport_errors, json_body, raise_if_rate_limited

PROVIDER = "Chattigo"
TOKEN_LIFETIME = timedelta(hours=8)
# Log in again this long before the 8 h run out (public integration code renews at 7 h).
TOKEN_REFRESH_MARGIN = timedelta(hours=1)
FORWARD_PATH = "/webhooks/inbound"

# Fragments of the documented 400/401 messages (the full texts vary in quoting and wording).
_INVALID_JWT = "jwt was invalid"
_NO_PERMISSION = "unauthorized access"
_NO_TOKEN = "was not passed through the header"
_BAD_PASSWORD = "invalid password"
_DOES_NOT_EXIST = "does not exist"  # an unknown user at login, an unknown waId elsewhere


NOT_A_VERSION = Wording("chattigo.not_a_version", "'{version}' is not a version like 15.0")
WA_ID_NOT_DIGITS = Wording(
    "chattigo.wa_id_not_digits", "the channel's WhatsApp number must be digits with the country code, no '+'"
)
WRONG_PASSWORD = Wording("chattigo.wrong_password", "Chattigo refused the password of user '{user}'.")
NO_SUCH_USER = Wording("chattigo.no_such_user", "Chattigo has no user '{user}'; check the user name.")
LOGIN_REFUSED = Wording("chattigo.login_refused", "Chattigo refused the login of '{user}'{said}.")
LOGIN_NOT_OBJECT = Wording("chattigo.login_not_object", "Chattigo answered the login with something that is not an object.")
ACCESS_NOT_GRANTED = Wording("chattigo.access_not_granted", "Chattigo did not grant access to user '{user}'.")
NO_ACCESS_TOKEN = Wording("chattigo.no_access_token", "Chattigo accepted the login but sent no access token.")
EMPTY_MESSAGE = Wording("chattigo.empty_message", "an empty message cannot be forwarded")
FAILED_WHILE_TAKING = Wording(
    "chattigo.failed_while_taking",
    "Chattigo failed while taking the message ({status}); its bot may or may not have received it.",
)
WEBHOOK_URL = Wording("field.chattigo_webhook_url", "webhook URL")
HTTPS_ONLY = Wording("chattigo.https_only", "Chattigo only delivers to secure addresses starting with https://")
NUMBER_NOT_ALLOWED = Wording(
    "chattigo.number_not_allowed",
    "Chattigo user '{user}' is not allowed to use the WhatsApp number {wa_id}; ask Chattigo to grant it.",
)
HEADER_REMOVED = Wording(
    "chattigo.header_removed",
    "Chattigo received no session token: something between this computer and Chattigo "
    "(a proxy?) removes the Authorization header.",
)
FRESH_TOKEN_REFUSED = Wording(
    "chattigo.fresh_token_refused", "Chattigo refused the session token it had just issued; try again later or contact Chattigo."
)
SESSION_REFUSED = Wording("chattigo.session_refused", "Chattigo refused the session{said}.")
UNKNOWN_NUMBER = Wording("chattigo.unknown_number", "Chattigo does not know the WhatsApp number {wa_id}.")
NO_SUCH_SERVICE = Wording("chattigo.no_such_service", "Chattigo has no such service at this address ({status}); check {check}.")
REFUSED = Wording("chattigo.refused", "Chattigo refused the request ({status}){said}.")
INTERNAL_ERROR = Wording("chattigo.internal_error", "Chattigo had an internal error ({status}); try again later.")
# What to check when an address has no such service.
THE_BASE_URL = Wording("chattigo.check.base_url", "the base URL")
THE_BASE_URL_AND_PATH = Wording("chattigo.check.base_url_and_path", "the base URL and the webhook path")


@dataclass(frozen=True, slots=True)
class ChattigoSettings:
    """One Chattigo ISV channel. No secrets here: the password is passed apart.

    The webhook registration differs between the doc (`PATCH /webhooks/outbound` with
    `externalWebhookIsvBot`) and public integration code (`PATCH /webhooks/inbound` with
    `externalWebhook`), hence `webhook_path` and `webhook_key`.

    The doc requires a Cloud API version (14.0 or 15.0 for now) but names no field or
    header for it; the version belongs to the channel's setup at Chattigo. When Chattigo
    names a header for it, set `version_header` and every forward carries the version.
    `business_account_id` fills the envelope's `entry[].id` (Meta's WhatsApp Business
    Account id), which the doc does not mention; by default the waId goes there.
    """

    base_url: str
    username: str
    wa_id: str
    api_version: str = "15.0"
    webhook_path: str = "/webhooks/outbound"
    webhook_key: str = "externalWebhookIsvBot"
    version_header: str | None = None
    business_account_id: str | None = None

    def __post_init__(self) -> None:
        major, dot, minor = self.api_version.partition(".")
        if not (major.isdigit() and dot and minor.isdigit()):
            raise InvalidInput(API_VERSION(), NOT_A_VERSION(version=self.api_version))
        if not self.wa_id.isdigit():
            raise InvalidInput(WA_ID(), WA_ID_NOT_DIGITS())


class Token(SessionToken):
    """A Chattigo session JWT: `Token(value, obtained_at)`, renewed before its 8 h run out."""

    __slots__ = ()
    lifetime = TOKEN_LIFETIME
    refresh_margin = TOKEN_REFRESH_MARGIN


TokenListener = Callable[[Token], Awaitable[None]]


class ChattigoClient:
    """Talks to one Chattigo ISV channel. Safe to share between concurrent tasks."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: ChattigoSettings,
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

    def __repr__(self) -> str:
        return f"ChattigoClient(user={self._settings.username!r}, wa_id={self._settings.wa_id!r})"

    @property
    def settings(self) -> ChattigoSettings:
        return self._settings

    @property
    def token(self) -> Token | None:
        return self._tokens.token

    @property
    def logins(self) -> int:
        """How many times this client logged in (health and tests read it)."""
        return self._tokens.logins

    def _url(self, path: str) -> str:
        return self._settings.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def check(self) -> None:
        await self.login()

    async def login(self) -> Token:
        """Log in and keep the token. Raises `AuthenticationFailed` on wrong credentials."""
        user = self._settings.username
        async with classified_transport_errors(PROVIDER):
            response = await self._http.post(self._url("login"), json={"username": user, "password": self._password})
        if response.status_code in (400, 401, 403):
            message = _message(response)
            if _BAD_PASSWORD in message.lower():
                raise AuthenticationFailed(WRONG_PASSWORD(user=user), status_code=response.status_code)
            if _DOES_NOT_EXIST in message.lower():
                raise AuthenticationFailed(NO_SUCH_USER(user=user), status_code=response.status_code)
            raise AuthenticationFailed(LOGIN_REFUSED(user=user, said=_quoted(message)), status_code=response.status_code)
        if response.status_code != 200:
            self._raise_unexpected(response)
            self._raise_refusal(response)
        body = json_body(response, PROVIDER)
        if not isinstance(body, dict):
            raise MalformedAnswer(LOGIN_NOT_OBJECT())
        if body.get("access") is False:
            raise AuthenticationFailed(ACCESS_NOT_GRANTED(user=user), status_code=response.status_code)
        value = body.get("access_token")
        if not isinstance(value, str) or not value.strip():
            raise MalformedAnswer(NO_ACCESS_TOKEN())
        return await self._tokens.obtained(value.strip())

    async def forward_inbound(self, message: InboundMessage) -> None:
        """Hand a customer's message to Chattigo's bot; its answers arrive on our webhook.

        A server error or a timeout leaves it unknown whether the bot got the message:
        forwarding it again may make the bot answer twice.
        """
        if not message.text.strip():
            raise InvalidInput(field_names.MESSAGE(), EMPTY_MESSAGE())
        settings = self._settings
        envelope = inbound_envelope(
            account_id=settings.business_account_id or settings.wa_id,
            display_phone_number=settings.wa_id,
            phone_number_id=settings.wa_id,
            customer_wa_id=wa_id(message.from_phone),
            customer_name=message.name or "",
            message_id=message.message_id,
            timestamp=message.timestamp,
            text=message.text,
        )
        headers = {settings.version_header: settings.api_version} if settings.version_header else {}
        response = await self._authorized("POST", self._url(FORWARD_PATH), json=envelope, headers=headers)
        if response.status_code >= 500:
            raise OutcomeUnknown(FAILED_WHILE_TAKING(status=response.status_code), status_code=response.status_code)
        self._raise_refusal(response)

    async def set_webhook(self, url: str) -> None:
        """Tell Chattigo where its bot posts the answers: HTTPS only, except plain HTTP on this
        computer, which only the sandbox can reach (the offline demo and tests)."""
        parts = urlsplit(url.strip())
        local = parts.scheme == "http" and is_loopback_host(parts.hostname or "")
        if not (parts.scheme == "https" or local) or not parts.hostname:
            # The address itself is left out: a webhook URL often carries a secret.
            raise InvalidInput(WEBHOOK_URL(), HTTPS_ONLY())
        body = {"waId": self._settings.wa_id, self._settings.webhook_key: url.strip()}
        response = await self._authorized("PATCH", self._url(self._settings.webhook_path), json=body)
        self._raise_unexpected(response)
        self._raise_refusal(response, check=THE_BASE_URL_AND_PATH())

    # ---- plumbing -----------------------------------------------------------------

    async def _valid_token(self, rejected: Token | None = None) -> Token:
        return await self._tokens.valid(self.login, rejected)

    async def _authorized(self, method: str, url: str, *, headers: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
        """Send with the token; on a 401 log in once more and retry once (no loops).

        "unauthorized Access" is a permission refusal: a new token of the same user
        would be refused too, so it is not retried.
        """
        token = await self._valid_token()
        response = await self._send(method, url, token, headers, **kwargs)
        if response.status_code == 401 and _NO_PERMISSION not in _message(response).lower():
            token = await self._valid_token(rejected=token)
            response = await self._send(method, url, token, headers, **kwargs)
        if response.status_code == 401:
            raise self._unauthorized(response)
        return response

    async def _send(self, method: str, url: str, token: Token, headers: dict[str, str] | None, **kwargs: Any) -> httpx.Response:
        # The doc's header is the bare JWT: `Authorization: <JWT>`, no "Bearer".
        all_headers = {**(headers or {}), "Authorization": token.value}
        async with classified_transport_errors(PROVIDER):
            response = await self._http.request(method, url, headers=all_headers, **kwargs)
        raise_if_rate_limited(response, PROVIDER)
        return response

    def _unauthorized(self, response: httpx.Response) -> AuthenticationFailed:
        message = _message(response).lower()
        settings = self._settings
        if _NO_PERMISSION in message:
            notice = NUMBER_NOT_ALLOWED(user=settings.username, wa_id=settings.wa_id)
        elif _NO_TOKEN in message:
            notice = HEADER_REMOVED()
        elif _INVALID_JWT in message:
            notice = FRESH_TOKEN_REFUSED()
        else:
            notice = SESSION_REFUSED(said=_quoted(_message(response)))
        return AuthenticationFailed(notice, status_code=401)

    def _raise_refusal(self, response: httpx.Response, check: Notice | None = None) -> None:
        """The documented 400s, then anything else that is not a success."""
        status = response.status_code
        if 200 <= status < 300:
            return
        message = _message(response)
        if status == 400 and _DOES_NOT_EXIST in message.lower():
            raise NotFound(UNKNOWN_NUMBER(wa_id=self._settings.wa_id), status_code=400)
        if status == 404:
            raise NotFound(NO_SUCH_SERVICE(status=status, check=check or THE_BASE_URL()), status_code=404)
        raise Rejected(REFUSED(status=status, said=_quoted(message)), status_code=status)

    @staticmethod
    def _raise_unexpected(response: httpx.Response) -> None:
        if response.status_code >= 500:
            raise ProviderUnavailable(INTERNAL_ERROR(status=response.status_code), status_code=response.status_code)


def _message(response: httpx.Response) -> str:
    """The `message` of an error answer, or "" when the body has none."""
    try:
        body = response.json()
    except ValueError:
        return ""
    message = body.get("message") if isinstance(body, dict) else None
    return message.strip() if isinstance(message, str) else ""


def _quoted(message: str) -> str:
    """`: "<message>"` with the provider's own words, or ""."""
    return f': "{message}"' if message else ""
