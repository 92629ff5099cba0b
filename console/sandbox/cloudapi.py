"""A simulator of Meta's WhatsApp Cloud API (Graph API), as strict as the real one where it can be.

One business phone number (`DEMO_PHONE_NUMBER_ID`) in one business account (`DEMO_WABA_ID`),
with a bearer access token. Per send (`POST /{version}/{phone-number-id}/messages`):
- a wrong token → 401, code 190; another phone number id → 400, code 100 subcode 33;
- a body that is not the documented shape → 400, code 100 with the field in `error_data.details`;
- a template not in the catalogue in that language, or not APPROVED → 132001; the wrong
  number of body parameters → 132000; a media header missing or of another format → 132012;
- otherwise 200 `{"messaging_product", "contacts": [{"input", "wa_id"}], "messages": [{"id": wamid}]}`,
  then statuses as signed webhooks: `sent`, `delivered`, `read` after `status_delays`; a
  free-form message more than 24 h after the customer last wrote fails (131047), and a number
  ending in `0000` cannot receive (131026): both as a `failed` status, as Meta reports them.
`out_of_order` posts each message's statuses newest first; `duplicates` posts every webhook twice.
A code armed with `fail_next` answers the next send with that code's documented body.

Webhooks go to the URL set with `subscribe`, which first makes the GET verification
handshake (hub.mode, hub.verify_token, hub.challenge) and refuses a URL that does not echo
the challenge; every POST carries `X-Hub-Signature-256` over its exact bytes.
Templates: `GET /{version}/{waba-id}/message_templates`, pages of at most `template_page`
entries with `paging.cursors` and `paging.next` while more follow.
Files customers send arrive as a media id: `GET /{version}/{media-id}` (token checked) answers
`{messaging_product, url, mime_type, sha256, file_size, id}`, and the `url` serves the bytes
only with the same bearer token (401, code 190 without it) for `media_url_seconds`.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from console.sandbox.broadcasterbot_callbacks import CallbackTimeline
from console.sandbox.cloudapi_admin import CloudApiAdmin
from console.sandbox.cloudapi_checks import WA_ID, check_message, refuse
from console.sandbox.cloudapi_wire import (
    DEMO_FILES,
    SIGNATURE_HEADER,
    SandboxTemplate,
    demo_templates,
    envelope,
    signature,
    status_error,
    template_review,
)
from console.sandbox.plumbing import (
    CATCH_ALL,
    Clock,
    ProviderSimulator,
    Refusal,
    Route,
    json_response,
    route_names,
)
from console.sandbox.pusher import Pushers, RetryPolicy, url_problem
from console.sandbox.recorder import Faults, RequestLog

PROVIDER = "cloudapi"
PREFIX = "/cloudapi"
DEMO_ACCESS_TOKEN = "demo-cloudapi-access-token"
DEMO_APP_SECRET = "demo-cloudapi-app-secret"
DEMO_VERIFY_TOKEN = "demo-cloudapi-verify-token"
DEMO_PHONE_NUMBER_ID = "106540352242922"
DEMO_WABA_ID = "102290129340398"
DEMO_DISPLAY_NUMBER = "59829000000"
NO_WHATSAPP_SUFFIX = "0000"
FEED = "webhook"
REVIEW_STATUSES = ("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED")
SESSION_SECONDS = 24 * 3600.0
_VERSION = re.compile(r"v\d+\.\d+")


@dataclass(frozen=True, slots=True)
class CloudApiSandboxConfig:
    access_token: str = DEMO_ACCESS_TOKEN
    app_secret: str = DEMO_APP_SECRET
    verify_token: str = DEMO_VERIFY_TOKEN
    status_delays: tuple[float, float, float] = (0.2, 0.5, 1.0)  # seconds to sent, delivered, read
    out_of_order: bool = False
    duplicates: bool = False
    template_page: int = 2  # Meta pages at its `limit`; small here so every sync pages
    callback_beat: float = 2.0
    callback_max_time: float = 300.0
    callback_timeout: float = 10.0
    media_url_seconds: float = 300.0  # how long a media download link works, as Meta's


_ROUTE_TABLE: tuple[Route, ...] = (
    Route("GET", "/media-download/{media_id}", "media_download", "_media_download"),
    Route("GET", "/{version}/{node}/message_templates", "templates", "_templates"),
    Route("POST", "/{version}/{node}/messages", "send", "_send"),
    Route("GET", "/{version}/{node}", "phone_number", "_phone_number"),
    CATCH_ALL,
)
ROUTES: tuple[str, ...] = route_names(_ROUTE_TABLE)
VARIANTS: dict[str, tuple[str, ...]] = {}


class CloudApiSimulator(ProviderSimulator[CloudApiSandboxConfig]):
    """The Cloud API's state and handlers. Mutate it only on the server's loop thread."""

    _provider = PROVIDER
    _send_routes = frozenset({"send"})
    _route_table = _ROUTE_TABLE

    def __init__(self, config: CloudApiSandboxConfig, log: RequestLog, faults: Faults, clock: Clock = time.monotonic) -> None:
        super().__init__(config, log, faults, clock)
        policy = RetryPolicy(config.callback_beat, config.callback_max_time, config.callback_timeout)
        self._pushers = Pushers(policy, self._clock, lambda body: {SIGNATURE_HEADER: signature(config.app_secret, body)})
        self._timeline = CallbackTimeline(self._push)
        self.templates: list[SandboxTemplate] = demo_templates()
        self._last_wrote: dict[str, float] = {}  # customer wa_id or user id → when they last wrote
        self._armed: list[tuple[int, str | None]] = []  # codes for the next sends
        self.accepted: list[dict[str, Any]] = []  # the bodies of the sends Meta took, as the customer's side sees them
        self.media: dict[str, tuple[bytes, str]] = {}  # media id → the file customers sent, and its MIME type
        self._counter = 0

    # ---- steering ------------------------------------------------------------------------

    def fail_next(self, code: int, details: str | None = None) -> None:
        self._armed.append((code, details))

    def add_media(self, data: bytes, mime_type: str) -> str:
        """Keep a file a customer sends; its media id."""
        media_id = str(10**15 + secrets.randbelow(9 * 10**15))
        self.media[media_id] = (data, mime_type)
        return media_id

    def customer_writes(
        self, wa_id: str | None, text: str, name: str = "", user_id: str | None = None, part: dict[str, Any] | None = None
    ) -> str:
        """A customer writes: their 24 hours start and the message is posted as a webhook.
        `wa_id` None: a customer who hides their number behind a username (user id only).
        `part` (`{"type": "image", "image": {...}}`, any inbound type) instead of a text."""
        if wa_id is None and user_id is None:
            raise ValueError("a customer has a wa_id, a user_id or both")
        message_id = self._wamid()
        contact: dict[str, Any] = {"profile": {"name": name}}
        content = self._with_file(part) if part is not None else {"type": "text", "text": {"body": text}}
        message: dict[str, Any] = {"id": message_id, "timestamp": str(int(time.time())), **content}
        if wa_id is not None:
            contact["wa_id"], message["from"] = wa_id, wa_id
        if user_id is not None:
            contact["user_id"], message["from_user_id"] = user_id, user_id
        for key in (wa_id, user_id):
            if key is not None:
                self._last_wrote[key] = self._clock()
        self._timeline.schedule(FEED, self._clock(), self._envelope({"contacts": [contact], "messages": [message]}))
        return message_id

    def _with_file(self, part: dict[str, Any]) -> dict[str, Any]:
        """A file message's object with its id, MIME type and sha256: a demo file of its kind
        when it names no id, else the file kept under that id."""
        kind = part["type"]
        if kind not in DEMO_FILES or not isinstance(part.get(kind), dict):
            return part
        media = dict(part[kind])
        if "id" not in media:
            media["id"] = self.add_media(*DEMO_FILES[kind])
        data, mime_type = self.media.get(media["id"], (b"", ""))
        media.setdefault("mime_type", mime_type)
        media.setdefault("sha256", hashlib.sha256(data).hexdigest())
        return {"type": kind, kind: media}

    async def subscribe(self, url: str) -> dict[str, Any]:
        """Meta's "Verify and save": GET the URL with the verify token; subscribe only if it echoes the challenge."""
        problem = url_problem(url)
        if problem is not None:
            raise ValueError(problem)
        challenge = str(secrets.randbelow(10**9))
        query = {"hub.mode": "subscribe", "hub.verify_token": self.config.verify_token, "hub.challenge": challenge}
        try:
            async with (
                aiohttp.ClientSession() as session,
                session.get(url, params=query, timeout=aiohttp.ClientTimeout(total=10)) as answer,
            ):
                echoed = (await answer.text()).strip()
                status = answer.status
        except (aiohttp.ClientError, TimeoutError) as error:
            raise ValueError(f"the callback URL could not be verified: {type(error).__name__}") from None
        if status != 200 or echoed != challenge:
            raise ValueError(f"the callback URL did not answer the verification (HTTP {status}, challenge not echoed)")
        self._timeline.settle(self._clock())
        self._pushers.subscribe(FEED, url)
        return self._pushers.state(FEED)

    def subscription(self) -> dict[str, Any]:
        self._timeline.settle(self._clock())
        return self._pushers.state(FEED)

    def recorded_webhooks(self) -> list[dict[str, Any]]:
        self._timeline.settle(self._clock())
        return self._timeline.recorded(FEED)

    def register_routes(self, app: web.Application) -> None:
        super().register_routes(app)
        self._pushers.install(app, lambda: self._timeline.follow(self._clock))

    def register_admin_routes(self, app: web.Application, prefix: str) -> None:
        CloudApiAdmin(self).register(app, prefix)

    def review_template(self, name: Any, language: Any, status: Any) -> dict[str, Any]:
        """Meta reviews a template again: its new status, told to the subscribed app as a webhook
        when it changes. Returns the template as the templates endpoint lists it."""
        found = next((t for t in self.templates if t.name == name and t.language == language), None)
        if found is None or status not in REVIEW_STATUSES:
            raise ValueError(f"name and language of a sandbox template, and a status {', '.join(REVIEW_STATUSES)}")
        index = self.templates.index(found)
        if found.status != status:
            found.status = status
            self._push(FEED, template_review(DEMO_WABA_ID, found, index))
        return found.wire(index)

    def describe(self) -> str:
        return (
            f"WhatsApp Cloud API: phone number id {DEMO_PHONE_NUMBER_ID}, WABA {DEMO_WABA_ID}, access token "
            f"'{self.config.access_token}', app secret '{self.config.app_secret}', verify token '{self.config.verify_token}'; "
            f"numbers ending in {NO_WHATSAPP_SUFFIX} cannot receive; webhook URL via POST /_sandbox/cloudapi/webhook, "
            "customers write via POST /_sandbox/cloudapi/inbound"
        )

    # ---- provider handlers ---------------------------------------------------------------

    @staticmethod
    def _error_body(refusal: Refusal) -> Any:
        return refusal.details["body"]

    async def _phone_number(self, request: web.Request) -> web.Response:
        self._authorized(request)
        if request.match_info["node"] in self.media:
            return self._media_description(request)
        if request.match_info["node"] != DEMO_PHONE_NUMBER_ID:
            refuse(100, f"Unsupported get request. Object with ID '{request.match_info['node']}' does not exist", subcode=33)
        return json_response(
            {"display_phone_number": DEMO_DISPLAY_NUMBER, "verified_name": "Centralita Demo", "id": DEMO_PHONE_NUMBER_ID}
        )

    def _media_description(self, request: web.Request) -> web.Response:
        media_id = request.match_info["node"]
        data, mime_type = self.media[media_id]
        expires = self._clock() + self.config.media_url_seconds
        base = request.path.rsplit("/", 2)[0]  # where this simulator is mounted
        url = f"{request.scheme}://{request.host}{base}/media-download/{media_id}?ext={expires:.3f}"
        return json_response(
            {
                "messaging_product": "whatsapp",
                "url": url,
                "mime_type": mime_type,
                "sha256": hashlib.sha256(data).hexdigest(),
                "file_size": len(data),
                "id": media_id,
            }
        )

    async def _media_download(self, request: web.Request) -> web.Response:
        """The file behind a media URL: only with the bearer token, only while the link is fresh."""
        self._check_token(request)
        found = self.media.get(request.match_info["media_id"])
        try:
            fresh = float(request.query["ext"]) > self._clock()
        except (KeyError, ValueError):
            fresh = False
        if found is None or not fresh:
            refuse(100, "The media URL does not exist or has expired; ask for the media id again")
        return web.Response(body=found[0], content_type=found[1])

    async def _templates(self, request: web.Request) -> web.Response:
        self._authorized(request)
        if request.match_info["node"] != DEMO_WABA_ID:
            refuse(100, f"Unsupported get request. Object with ID '{request.match_info['node']}' does not exist", subcode=33)
        try:
            limit = int(request.query.get("limit", "25"))
            start = int(request.query["after"]) if "after" in request.query else 0
        except ValueError:
            refuse(100, "limit and after must be what this API handed out")
        size = max(1, min(limit, self.config.template_page))
        page = self.templates[start : start + size]
        body: dict[str, Any] = {"data": [t.wire(start + i) for i, t in enumerate(page)]}
        after = start + len(page)
        body["paging"] = {"cursors": {"before": str(start), "after": str(after)}}
        if after < len(self.templates):
            body["paging"]["next"] = f"{self._origin_url(request)}?limit={size}&after={after}"
        return json_response(body)

    async def _send(self, request: web.Request) -> web.Response:
        self._authorized(request)
        if request.match_info["node"] != DEMO_PHONE_NUMBER_ID:
            refuse(100, f"Unsupported post request. Object with ID '{request.match_info['node']}' does not exist", subcode=33)
        if request.content_type != "application/json":
            refuse(100, "The request body must be JSON (Content-Type: application/json)")
        try:
            body = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            refuse(100, "The request body is not valid JSON")
        if not isinstance(body, dict):
            refuse(100, "The request body must be a JSON object")
        if self._armed:
            code, details = self._armed.pop(0)
            refuse(code, details)
        customer = check_message(body)
        kind = body.get("type", "text")
        if kind == "template":
            self._check_template(body["template"])
        wamid = self._wamid()
        self.accepted.append(body)
        self._follow(wamid, customer, kind)
        contact = {"input": customer, ("wa_id" if "to" in body else "user_id"): customer.removeprefix("+")}
        return json_response({"messaging_product": "whatsapp", "contacts": [contact], "messages": [{"id": wamid}]})

    # ---- helpers -------------------------------------------------------------------------

    def _authorized(self, request: web.Request) -> None:
        if not _VERSION.fullmatch(request.match_info.get("version", "")):
            refuse(100, f"Unknown path components: /{request.match_info.get('version', '')}")
        self._check_token(request)

    def _check_token(self, request: web.Request) -> None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or token.strip() != self.config.access_token:
            refuse(190, "Invalid OAuth access token - Cannot parse access token")
        self._timeline.settle(self._clock())

    def _check_template(self, template: dict[str, Any]) -> None:
        name, code = template["name"], template["language"]["code"]
        found = next((t for t in self.templates if t.name == name and t.language == code), None)
        if found is None or found.status != "APPROVED":
            refuse(132001, f"template name ({name}) does not exist in {code}")
        components = template.get("components") or []
        body = [c for c in components if isinstance(c, dict) and c.get("type") == "body"]
        given = len(body[0].get("parameters") or []) if body else 0
        if given != found.params:
            refuse(
                132000,
                f"body: number of localizable_params ({given}) does not match the expected number of params ({found.params})",
            )
        header = [c for c in components if isinstance(c, dict) and c.get("type") == "header"]
        header_kind = None
        if header:
            parameters = header[0].get("parameters") or [{}]
            header_kind = str(parameters[0].get("type", "")).upper() if isinstance(parameters[0], dict) else ""
        if header_kind != found.header:
            refuse(132012, f"header: expected {found.header or 'no media'}, got {header_kind or 'no media'}")

    def _follow(self, wamid: str, customer: str, kind: str) -> None:
        """Schedule the message's statuses as webhooks (see the module's docstring)."""
        now = self._clock()
        key = customer.removeprefix("+")
        wrote = self._last_wrote.get(key)
        window_open = wrote is not None and now - wrote < SESSION_SECONDS
        recipient = {"recipient_id": key} if WA_ID.fullmatch(customer) else {"recipient_user_id": key}
        failure = None
        if key.endswith(NO_WHATSAPP_SUFFIX):
            failure = status_error(131026, "The recipient cannot receive this message.")
        elif kind != "template" and not window_open:
            failure = status_error(
                131047,
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
            )
        if failure is not None:
            status = {"id": wamid, "status": "failed", "timestamp": str(int(time.time())), **recipient, "errors": [failure]}
            self._timeline.schedule(FEED, now + self.config.status_delays[0], self._envelope({"statuses": [status]}))
            return
        category = "utility" if kind == "template" else "service"
        conversation = {"id": "conv-" + wamid[-12:], "origin": {"type": category}}
        steps = list(zip(self.config.status_delays, ("sent", "delivered", "read"), strict=True))
        if self.config.out_of_order:
            steps = [(delay, state) for delay, (_, state) in zip(self.config.status_delays, reversed(steps), strict=True)]
        for delay, state in steps:
            status = {"id": wamid, "status": state, "timestamp": str(int(time.time() + delay)), **recipient}
            if state == "sent":
                status["conversation"] = {**conversation, "expiration_timestamp": str(int(time.time() + SESSION_SECONDS))}
            status["pricing"] = {
                "billable": category != "service",
                "pricing_model": "PMP",
                "category": category,
                "type": "regular",
            }
            self._timeline.schedule(FEED, now + delay, self._envelope({"statuses": [status]}))

    def _envelope(self, value: dict[str, Any]) -> dict[str, Any]:
        return envelope(
            DEMO_WABA_ID, {"display_phone_number": DEMO_DISPLAY_NUMBER, "phone_number_id": DEMO_PHONE_NUMBER_ID}, value
        )

    def _push(self, feed: str, body: dict[str, Any]) -> None:
        self._pushers.push(feed, body)
        if self.config.duplicates:  # Meta delivers at least once: the same body may come again
            self._pushers.push(feed, body)

    def _wamid(self) -> str:
        self._counter += 1
        return f"wamid.HBgL{secrets.token_hex(10).upper()}{self._counter:04d}"

    def _origin_url(self, request: web.Request) -> str:
        return f"{request.scheme}://{request.host}{request.path}"

    async def _unknown(self, request: web.Request) -> web.Response:
        refuse(100, f"Unknown path components: {request.path}")
