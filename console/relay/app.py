"""The relay's HTTP surface (aiohttp.web).

- `POST /callbacks/{broadcasterbot|chattigo|cloudapi}/{route token}`: a provider's callback.
  Answered only after its body is committed; unknown route → 404, body over the limit
  → 413, a body we cannot read → still stored (quarantined) and answered 200. A signed
  provider's (`signed_routes`) body without a valid `X-Hub-Signature-256` → 401 (missing)
  or 403 (wrong), stored nowhere.
- `GET /callbacks/cloudapi/{route token}?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`:
  the webhook's verification handshake, answered 200 with the challenge alone for the
  route's own verify token, else 403.
- `POST /routes`, `PUT /routes/{token}/secrets`, `GET /events?after=ID&limit=N`: for consoles,
  `Authorization: Bearer <events token>`. An event's `body` is its text; a body that is not UTF-8 also comes as
  `body_base64`, the bytes exactly as the provider sent them.
- `GET /health`: liveness and counts, no secrets.

Nothing here logs request paths or bodies: paths carry route tokens. Whatever a request
holds, it is answered with a status and at most one log line, never a traceback per request.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from aiohttp import web

from console.relay import bodies, encoding
from console.relay.batcher import GroupCommit
from console.relay.signed_routes import SIGNATURE_HEADER, SIGNED_PROVIDERS, RouteCheck, Sealer
from console.relay.store import PROVIDERS, Incoming, RelayStore, StoredEvent, utc_now

__all__ = ["MAX_BODY", "build_app", "callback_path", "read_body"]

T = TypeVar("T")
MAX_BODY = 1024 * 1024
DEFAULT_PAGE = 100
MAX_PAGE = 1000
ROUTE_TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 128  # the store's column; longer paths are unknown without asking it
# Route tokens are `secrets.token_urlsafe`: anything else (a NUL, say) is unknown without asking the store.
_TOKEN_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_TOKEN_LENGTH}}}")
MAX_EVENT_ID = 2**63 - 1  # the store's BIGINT
ROUTE_SECONDS = 2.0  # how long a route and its check are trusted from memory
# A public endpoint's limits. aiohttp's keep-alive timeout also runs from a connection's
# start until its first request's headers are complete, so it bounds slow and half-sent headers too.
HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 20.0
MAX_LINE = 8190  # request line and each header line, bytes
MAX_HEADERS = 64

log = logging.getLogger("console.relay")
STATE: web.AppKey[_State] = web.AppKey("relay_state")


def callback_path(provider: str, token: str) -> str:
    return f"/callbacks/{provider}/{token}"


class _State:
    def __init__(self, store: RelayStore, events_token: str, max_body: int) -> None:
        self.store = store
        self.max_body = max_body
        self.events_token = events_token.encode()
        self.batcher = GroupCommit(store)
        self.readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="relay-reader")
        # What the store says of a route, remembered `ROUTE_SECONDS`: a route removed or sealed again
        # by another process (the team server's `accounts remove|set`) is seen within that time.
        self.routes: dict[str, tuple[str, float]] = {}
        self.sealer = Sealer(events_token)
        self.checks: dict[str, tuple[RouteCheck | None, float]] = {}  # signed routes' checks, once unsealed
        self.unexpected = _Unexpected()

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.readers, fn, *args)

    async def provider_of(self, token: str) -> str | None:
        now = time.monotonic()
        known = self.routes.get(token)
        if known is not None and known[1] > now:
            return known[0]
        if not _TOKEN_SHAPE.fullmatch(token):
            return None
        route = await self.read(self.store.route, token)
        if route is None:  # unknown tokens are not remembered: anyone may send any number of them
            self.routes.pop(token, None)
            return None
        self.routes[token] = (route.provider, now + ROUTE_SECONDS)
        return route.provider

    async def check_of(self, token: str) -> RouteCheck | None:
        """The signed route's check; None when it has none this relay can open."""
        now = time.monotonic()
        known = self.checks.get(token)
        if known is None or known[1] <= now:
            stored = await self.read(self.store.route_check, token)
            known = self.checks[token] = (None if stored is None else self.sealer.open(*stored), now + ROUTE_SECONDS)
        return known[0]


def _json_error(status: int, message: str, **headers: str) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers)


class _Unexpected:
    """Errors no handler expected: the first of each kind logged with its traceback, then counted."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def note(self, error: BaseException) -> None:
        kind = type(error).__name__
        count = self.seen[kind] = self.seen.get(kind, 0) + 1
        if count == 1:
            log.error("Unexpected %s answering a request; answered 500", kind, exc_info=error)
        elif count % 1000 == 0:
            log.error("Unexpected %s answering a request: %d times so far; answered 500", kind, count)


@web.middleware
async def _contain_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """A public endpoint answers whatever arrives; a request never costs a traceback in the log each."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as error:
        request.app[STATE].unexpected.note(error)
        return _json_error(500, "internal error")


async def read_body(request: web.Request) -> bytes:
    """The body as sent, within `BODY_TIMEOUT`: a client that stops half way is answered 408 and closed."""
    try:
        async with asyncio.timeout(BODY_TIMEOUT):
            return await request.read()
    except TimeoutError:
        raise web.HTTPRequestTimeout(text="the body did not arrive in time", headers={"Connection": "close"}) from None
    except ConnectionError:  # the client left (or was closed for a newer one): nobody to answer
        raise web.HTTPBadRequest(text="the connection closed before the body arrived") from None


@web.middleware
async def _console_auth(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """The console API needs the events token; callbacks and health are authorised by their path."""
    if request.path in ("/routes", "/events") or request.path.startswith("/routes/"):
        expected = request.app[STATE].events_token
        given = request.headers.get("Authorization", "")
        scheme, _, token = given.partition(" ")
        # Header bytes that are not UTF-8 arrive as surrogates: encoded back as they came, they just do not match.
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode("utf-8", "surrogateescape"), expected):
            return _json_error(
                401, "a valid 'Authorization: Bearer <events token>' is required", **{"WWW-Authenticate": "Bearer"}
            )
    return await handler(request)


async def _callback(request: web.Request) -> web.Response:
    state = request.app[STATE]
    provider, token = request.match_info["provider"], request.match_info["token"]
    if await state.provider_of(token) != provider:
        return _json_error(404, "unknown callback route")
    received = await read_body(request)  # still encoded; over client_max_size: aiohttp raises 413
    if provider in SIGNED_PROVIDERS:
        refusal = await _signature_refusal(state, token, received, request.headers.get(SIGNATURE_HEADER))
        if refusal is not None:
            return refusal
    try:
        decoded = encoding.decode(received, request.headers.get("Content-Encoding", ""), request.app[STATE].max_body)
    except encoding.TooLarge:
        return _json_error(413, "the body is too large once decompressed")
    reason = decoded.problem or bodies.check(provider, decoded.body)
    nonce = "" if bodies.repeats_are_redeliveries(provider) else secrets.token_hex(16)
    item = Incoming(token, provider, decoded.body, utc_now(), reason, nonce)
    try:
        stored = await state.batcher.submit(item)
    except Exception:
        log.exception("Could not store a %s callback; answered 503 so the provider retries", provider)
        return _json_error(503, "not stored, retry later")
    return web.json_response({"received": True, "id": stored.id, "duplicate": stored.duplicate})


async def _signature_refusal(state: _State, token: str, body: bytes, header: str | None) -> web.Response | None:
    """None when the body is signed with the route's app secret; else the answer, and nothing is stored."""
    if not header:
        return _json_error(401, f"{SIGNATURE_HEADER} is required")
    check = await state.check_of(token)
    if check is None or not check.signed(body, header):
        return _json_error(403, f"{SIGNATURE_HEADER} does not match the body")
    return None


async def _verify(request: web.Request) -> web.Response:
    """The webhook verification handshake: the challenge, only for the route's verify token."""
    state = request.app[STATE]
    token = request.match_info["token"]
    if await state.provider_of(token) != request.match_info["provider"]:
        return _json_error(404, "unknown callback route")
    check = await state.check_of(token)
    query = request.query
    given, challenge = query.get("hub.verify_token", ""), query.get("hub.challenge", "")
    if query.get("hub.mode") != "subscribe" or check is None or not challenge or not state.sealer.verifies(check, given):
        return _json_error(403, "verification refused")
    return web.Response(text=challenge, content_type="text/plain")


def _route_secrets(state: _State, document: dict[str, Any]) -> tuple[bytes, bytes] | None | str:
    """A signed provider's sealed app secret and verify digest; a sentence when they are missing."""
    if document["provider"] not in SIGNED_PROVIDERS:
        return None
    app_secret, verify_token = document.get("app_secret"), document.get("verify_token")
    if not (isinstance(app_secret, str) and app_secret and isinstance(verify_token, str) and verify_token):
        return f"a {document['provider']} route needs 'app_secret' and 'verify_token'"
    return state.sealer.seal(app_secret), state.sealer.digest(verify_token)


async def _add_route(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        document = json.loads(await read_body(request))
    except (ValueError, RecursionError):
        return _json_error(400, "expected a JSON object")
    if not isinstance(document, dict) or document.get("provider") not in PROVIDERS:
        return _json_error(400, f"'provider' must be one of {', '.join(PROVIDERS)}")
    label = document.get("label", "")
    if not isinstance(label, str) or len(label) > 200:
        return _json_error(400, "'label' must be text of at most 200 characters")
    check = _route_secrets(state, document)
    if isinstance(check, str):
        return _json_error(400, check)
    token = secrets.token_urlsafe(ROUTE_TOKEN_BYTES)
    route = await state.read(state.store.add_route, token, document["provider"], label, check)
    state.routes[token] = (route.provider, time.monotonic() + ROUTE_SECONDS)
    return web.json_response(
        {"token": token, "provider": route.provider, "label": route.label, "callback_path": callback_path(route.provider, token)},
        status=201,
    )


async def _set_route_secrets(request: web.Request) -> web.Response:
    """A signed route's new app secret and verify token; its URL (and what it stored) stay."""
    state = request.app[STATE]
    token = request.match_info["token"]
    provider = await state.provider_of(token)
    if provider is None:
        return _json_error(404, "unknown route")
    try:
        document = json.loads(await read_body(request))
    except (ValueError, RecursionError):
        return _json_error(400, "expected a JSON object")
    if not isinstance(document, dict) or provider not in SIGNED_PROVIDERS:
        return _json_error(400, "only a signed provider's route takes secrets")
    check = _route_secrets(state, {**document, "provider": provider})
    if not isinstance(check, tuple):
        return _json_error(400, check or "no secrets given")
    await state.read(state.store.set_route_check, token, check)
    state.checks.pop(token, None)
    return web.json_response({"updated": True})


def _int_query(request: web.Request, name: str, default: int) -> int | None:
    raw = request.query.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if -MAX_EVENT_ID <= value <= MAX_EVENT_ID else None


async def _events(request: web.Request) -> web.Response:
    state = request.app[STATE]
    after, limit = _int_query(request, "after", 0), _int_query(request, "limit", DEFAULT_PAGE)
    if after is None or limit is None:
        return _json_error(400, f"'after' and 'limit' must be whole numbers of at most {MAX_EVENT_ID}")
    events = await state.read(state.store.events, max(0, after), min(MAX_PAGE, max(1, limit)))
    return web.json_response({"events": [_event_json(e) for e in events], "last_id": events[-1].id if events else max(0, after)})


def _event_json(event: StoredEvent) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": event.id,
        "provider": event.provider,
        "route": event.route,
        "received_at": event.received_at,
        "quarantined": event.quarantined,
        "reason": event.reason,
        "body": event.body.decode("utf-8", errors="replace"),
    }
    try:
        event.body.decode("utf-8")
    except UnicodeDecodeError:  # the text above lost bytes: carry them as they came
        document["body_base64"] = base64.b64encode(event.body).decode("ascii")
    return document


async def _health(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        counts = await state.read(state.store.counts)
    except Exception:
        log.exception("Health check could not read the store")
        return web.json_response({"ok": False}, status=503)
    return web.json_response({"ok": True, **counts})


async def _start_batcher(app: web.Application) -> None:
    app[STATE].batcher.start()


async def _close(app: web.Application) -> None:
    state = app[STATE]
    await state.batcher.close()
    state.readers.shutdown(wait=True)


def build_app(store: RelayStore, events_token: str, max_body: int = MAX_BODY) -> web.Application:
    """The relay application; the caller owns `store` and closes it after the app's cleanup."""
    handler_args = {
        "keepalive_timeout": HEADER_TIMEOUT,
        "max_line_size": MAX_LINE,
        "max_field_size": MAX_LINE,
        "max_headers": MAX_HEADERS,
        "auto_decompress": False,  # bodies are decoded by `encoding`, which keeps what does not decode
    }
    app = web.Application(client_max_size=max_body, middlewares=[_contain_errors, _console_auth], handler_args=handler_args)
    app[STATE] = _State(store, events_token, max_body)
    app.router.add_post(r"/callbacks/{provider:broadcasterbot|chattigo|cloudapi}/{token}", _callback)
    app.router.add_get(r"/callbacks/{provider:cloudapi}/{token}", _verify)
    app.router.add_post("/routes", _add_route)
    app.router.add_put("/routes/{token}/secrets", _set_route_secrets)
    app.router.add_get("/events", _events)
    app.router.add_get("/health", _health)
    app.on_startup.append(_start_batcher)
    app.on_cleanup.append(_close)
    return app
