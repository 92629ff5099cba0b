"""A stateful simulator of Chattigo's ISV API (API.md §2), wire-compatible with the real one.

Accounts: `demo`/`demo` owns the channel waId `5491100000000` and the Cloud API sandbox's
number (`PAIRED_WA_ID`, for a Chattigo account paired with it); `otra`/`otra` owns
`5491155550000`, so that a foreign channel can be tried (401 "unauthorized Access").
Any other waId is unknown (400 "Object with ID 'X' does not exist").

Tokens are JWT-shaped, valid `token_ttl` seconds, and must come as the bare
`Authorization: <JWT>` the doc shows: "Bearer <JWT>" is refused as an invalid JWT.
The webhook is registered either the doc's way (`PATCH /webhooks/outbound` with
`externalWebhookIsvBot`) or the way public integration code does it (`PATCH
/webhooks/inbound` with `externalWebhook`); both set the channel's one webhook. The
scripted bot answers every forwarded customer message; what it POSTs to the webhook is
recorded in order (`recorded_posts`), and dropped while no webhook is set.

The answers are POSTed for real, each channel's in order (see `pusher`). Chattigo documents
no retry policy: the sandbox uses Broadcasterbot's (a retry every beat, unsubscription
after the maximum time of consecutive failure), set by the `webhook_*` config fields.
Setting the webhook again subscribes it again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from console.sandbox.chattigo_bot import (
    CLOSING_VARIANTS,
    EnvelopeError,
    ScriptedBot,
    closes_apart,
    closing_in_variant,
    read_envelope,
)
from console.sandbox.cloudapi import DEMO_PHONE_NUMBER_ID as CLOUD_API_PHONE_NUMBER_ID
from console.sandbox.plumbing import (
    CATCH_ALL,
    Clock,
    LoginSessions,
    ProviderSimulator,
    Refusal,
    Route,
    json_response,
    required_text,
    route_names,
    sent_json_object,
)
from console.sandbox.pusher import Pushers, RetryPolicy, url_problem
from console.sandbox.recorder import Faults, RequestLog

PROVIDER = "chattigo"
PREFIX = "/chattigo"

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"
DEMO_WA_ID = "5491100000000"
FOREIGN_USER = "otra"
FOREIGN_WA_ID = "5491155550000"

# The channel of the Cloud API sandbox's number: an ISV that uses its own Cloud API
# connection forwards Meta's envelopes as they come, and they name the phone number id.
PAIRED_WA_ID = CLOUD_API_PHONE_NUMBER_ID

USERS: dict[str, str] = {DEMO_USER: DEMO_PASSWORD, FOREIGN_USER: "otra"}
CHANNEL_OWNERS: dict[str, str] = {DEMO_WA_ID: DEMO_USER, PAIRED_WA_ID: DEMO_USER, FOREIGN_WA_ID: FOREIGN_USER}

DOC_WEBHOOK_KEY = "externalWebhookIsvBot"  # PATCH /webhooks/outbound, as documented
PUBLIC_WEBHOOK_KEY = "externalWebhook"  # PATCH /webhooks/inbound, as public code does it

# The documented error messages, word for word (the doc quotes the user name with ‘ ’).
MISSING_TOKEN = (
    "token up for parsing was not passed through the header. "
    "Please read the API documentation at https://development.chattigo.com"
)
INVALID_JWT = "JWT was invalid"
NO_PERMISSION = "unauthorized Access"
INVALID_PASSWORD = "invalid Password"


def unknown_user(username: str) -> str:
    return (
        f"unsupported get request. username \N{LEFT SINGLE QUOTATION MARK}{username}\N{RIGHT SINGLE QUOTATION MARK} "
        "does not exist, or an unexpected error has occurred with your service provider"
    )


def unknown_object(object_id: str) -> str:
    return f"unsupported get request. Object with ID '{object_id}' does not exist"


@dataclass(frozen=True, slots=True)
class ChattigoSandboxConfig:
    token_ttl: float = 8 * 3600.0  # the doc's 8 h
    close_inline: bool = False  # the closing notice merged into the last reply instead of posted apart
    script: str = "tour"  # the bot's conversation (`chattigo_bot.SCRIPTS`)
    seed: int = 42
    # Chattigo documents no retries; these are Broadcasterbot's beat and maximum time, in seconds.
    webhook_beat: float = 30.0
    webhook_max_time: float = 300.0
    webhook_timeout: float = 10.0  # seconds the webhook has to answer one POST


_ROUTE_TABLE: tuple[Route, ...] = (
    Route("POST", "/login", "login", "_login"),
    Route("POST", "/webhooks/inbound", "forward", "_forward"),
    Route("PATCH", "/webhooks/outbound", "set_webhook", "_set_webhook"),
    Route("PATCH", "/webhooks/inbound", "set_webhook_public", "_set_webhook_public"),
    CATCH_ALL,
)
ROUTES: tuple[str, ...] = route_names(_ROUTE_TABLE)
# See `FaultKind.VARIANT`: `closing` is not a request but the bot's closing posts.
VARIANTS: dict[str, tuple[str, ...]] = {"closing": CLOSING_VARIANTS}


class ChattigoSimulator(ProviderSimulator[ChattigoSandboxConfig]):
    """Chattigo's state and HTTP handlers. Mutate it only on the server's loop thread."""

    _provider = PROVIDER
    _send_routes = frozenset({"forward"})
    _route_table = _ROUTE_TABLE

    def __init__(self, config: ChattigoSandboxConfig, log: RequestLog, faults: Faults, clock: Clock = time.monotonic) -> None:
        super().__init__(config, log, faults, clock)
        self._signing_key = hashlib.sha512(f"chattigo-sandbox:{config.seed}".encode()).digest()
        self._issued = 0
        self._sessions = LoginSessions(clock)
        self._webhooks: dict[str, str] = {}  # by waId
        self._bot = ScriptedBot(config.seed, close_inline=config.close_inline, script=config.script)
        self._posts: list[tuple[str, dict[str, Any]]] = []
        self.dropped_replies = 0  # bot answers that had no webhook to go to
        policy = RetryPolicy(config.webhook_beat, config.webhook_max_time, config.webhook_timeout)
        self._pushers = Pushers(policy, clock)

    # ---- state, for tests and the admin API -------------------------------------------

    def expire_tokens(self) -> None:
        self._sessions.clear()

    def recorded_posts(self) -> list[tuple[str, dict[str, Any]]]:
        """(webhook URL, JSON body) of every POST the bot would have made, oldest first."""
        return [(url, json.loads(json.dumps(body))) for url, body in self._posts]

    def webhooks(self) -> dict[str, str]:
        """The registered webhook of each channel, by waId."""
        return dict(self._webhooks)

    def subscriptions(self) -> dict[str, dict[str, Any]]:
        """Each channel's webhook delivery, by waId: URL, delivered, pending, failures, unsubscription."""
        return {wa_id: self._pushers.state(wa_id) for wa_id in self._pushers.feeds()}

    def register_routes(self, app: web.Application) -> None:
        super().register_routes(app)
        self._pushers.install(app)

    def describe(self) -> str:
        return (
            f"Chattigo ISV user '{DEMO_USER}', password '{DEMO_PASSWORD}', channel waId {DEMO_WA_ID} "
            f"(user '{FOREIGN_USER}' owns {FOREIGN_WA_ID}); the bot's replies: "
            f"GET /_sandbox/{PROVIDER}/recorded-posts, their delivery: GET /_sandbox/{PROVIDER}/subscriptions"
        )

    def register_admin_routes(self, app: web.Application, prefix: str) -> None:
        """Steering routes (not provider requests, never recorded); the server binds loopback only."""

        async def expire_tokens(request: web.Request) -> web.Response:
            self.expire_tokens()
            return web.json_response({"ok": True})

        async def recorded_posts(request: web.Request) -> web.Response:
            posts = [{"url": url, "body": body} for url, body in self._posts]
            return json_response(posts)

        async def webhooks(request: web.Request) -> web.Response:
            return json_response(self.webhooks())

        async def subscriptions(request: web.Request) -> web.Response:
            return json_response(self.subscriptions())

        app.router.add_post(f"{prefix}/expire-tokens", expire_tokens)
        app.router.add_get(f"{prefix}/recorded-posts", recorded_posts)
        app.router.add_get(f"{prefix}/webhooks", webhooks)
        app.router.add_get(f"{prefix}/subscriptions", subscriptions)

    # ---- handlers -------------------------------------------------------------------

    @staticmethod
    def _error_body(refusal: Refusal) -> dict[str, Any]:
        """Chattigo's error answer: `{"message": ...}`."""
        return {"message": refusal.message}

    async def _login(self, request: web.Request) -> web.Response:
        body = await sent_json_object(request)
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise Refusal(400, "username and password are required")
        if username not in USERS:
            raise Refusal(400, unknown_user(username))
        if USERS[username] != password:
            raise Refusal(400, INVALID_PASSWORD)
        return json_response({"user": username, "access": True, "access_token": self._issue(username)})

    async def _forward(self, request: web.Request) -> web.Response:
        user = self._user(request)
        try:
            channels, messages = read_envelope(await sent_json_object(request))
        except EnvelopeError as error:
            raise Refusal(400, str(error)) from None
        for wa_id in channels:  # all checked before the bot answers anything
            self._owned_channel(user, wa_id)
        for inbound in messages:
            replies = self._bot.answer(inbound)
            if closes_apart(replies):
                fault = self._faults.take_armed(PROVIDER, "closing")
                if fault is not None and fault.variant is not None:
                    replies = closing_in_variant(replies, fault.variant)
            url = self._webhooks.get(inbound.channel)
            if url is None:
                self.dropped_replies += len(replies)
                continue
            for reply in replies:
                self._posts.append((url, reply))
                self._pushers.push(inbound.channel, reply)
        # The doc promises a 200 and shows no body; public integration code sees it empty.
        return web.Response(status=200)

    async def _set_webhook(self, request: web.Request) -> web.Response:
        return await self._register_webhook(request, DOC_WEBHOOK_KEY)

    async def _set_webhook_public(self, request: web.Request) -> web.Response:
        return await self._register_webhook(request, PUBLIC_WEBHOOK_KEY)

    async def _unknown(self, request: web.Request) -> web.Response:
        raise Refusal(404, f"No API method {request.method} {request.path}")

    # ---- helpers --------------------------------------------------------------------

    async def _register_webhook(self, request: web.Request, key: str) -> web.Response:
        user = self._user(request)
        body = await sent_json_object(request)
        wa_id = body.get("waId")
        if not isinstance(wa_id, str) or not wa_id:
            raise Refusal(400, "waId is required")
        self._owned_channel(user, wa_id)
        url = required_text(body, key)
        # The doc demands a secure HTTPS URL and shows no error body for this, so ours is plain;
        # http:// on this computer is the sandbox's exception, for tests and the offline demo.
        if url_problem(url) is not None:
            raise Refusal(400, f"{key} must be a secure HTTPS URL")
        self._webhooks[wa_id] = url
        self._pushers.subscribe(wa_id, url)
        return json_response({"waId": wa_id, key: url})  # the doc's 200 echoes the body

    def _issue(self, user: str) -> str:
        """A JWT-shaped token (HS512, like Chattigo's), remembered as a session."""
        self._issued += 1
        now = int(time.time())
        header = _b64({"alg": "HS512"})
        claims = _b64({"sub": user, "jti": self._issued, "iat": now, "exp": now + int(self.config.token_ttl)})
        signature = hmac.new(self._signing_key, f"{header}.{claims}".encode(), hashlib.sha512).digest()
        token = f"{header}.{claims}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
        self._sessions.open(token, user)
        return token

    def _user(self, request: web.Request) -> str:
        """The token's user: 401 with the doc's message when it is missing or not valid."""
        token = request.headers.get("Authorization", "").strip()
        if not token:
            raise Refusal(401, MISSING_TOKEN)
        user = self._sessions.user(token, self.config.token_ttl)
        if user is None:
            raise Refusal(401, INVALID_JWT)
        return user

    @staticmethod
    def _owned_channel(user: str, wa_id: str) -> None:
        owner = CHANNEL_OWNERS.get(wa_id)
        if owner is None:
            raise Refusal(400, unknown_object(wa_id))
        if owner != user:
            raise Refusal(401, NO_PERMISSION)


def _b64(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).rstrip(b"=").decode()
