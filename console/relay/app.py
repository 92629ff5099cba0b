"""The relay's HTTP surface (aiohttp.web).

- `POST /callbacks/{broadcasterbot|chattigo}/{route token}`: a provider's callback.
  Answered only after its body is committed; unknown route → 404, body over the limit
  → 413, a body we cannot read → still stored (quarantined) and answered 200.
- `POST /routes`, `GET /events?after=ID&limit=N`: for consoles, `Authorization: Bearer
  <events token>`.
- `GET /health`: liveness and counts, no secrets.

Nothing here logs request paths or bodies: paths carry route tokens.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from aiohttp import web

from console.relay import bodies
from console.relay.batcher import GroupCommit
from console.relay.store import PROVIDERS, Incoming, RelayStore, utc_now

__all__ = ["MAX_BODY", "build_app", "callback_path"]

T = TypeVar("T")
MAX_BODY = 1024 * 1024
DEFAULT_PAGE = 100
MAX_PAGE = 1000
ROUTE_TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 128  # the store's column; longer paths are unknown without asking it

log = logging.getLogger("console.relay")
STATE: web.AppKey[_State] = web.AppKey("relay_state")


def callback_path(provider: str, token: str) -> str:
    return f"/callbacks/{provider}/{token}"


class _State:
    def __init__(self, store: RelayStore, events_token: str) -> None:
        self.store = store
        self.events_token = events_token.encode()
        self.batcher = GroupCommit(store)
        self.readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="relay-reader")
        # Routes are never removed, so a route seen once can be trusted from memory.
        self.routes: dict[str, str] = {}

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.readers, fn, *args)

    async def provider_of(self, token: str) -> str | None:
        provider = self.routes.get(token)
        if provider is None and len(token) <= MAX_TOKEN_LENGTH:
            route = await self.read(self.store.route, token)
            if route is not None:
                provider = self.routes[token] = route.provider
        return provider


def _json_error(status: int, message: str, **headers: str) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers)


@web.middleware
async def _console_auth(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """The console API needs the events token; callbacks and health are authorised by their path."""
    if request.path in ("/routes", "/events"):
        expected = request.app[STATE].events_token
        given = request.headers.get("Authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected):
            return _json_error(
                401, "a valid 'Authorization: Bearer <events token>' is required", **{"WWW-Authenticate": "Bearer"}
            )
    return await handler(request)


async def _callback(request: web.Request) -> web.Response:
    state = request.app[STATE]
    provider, token = request.match_info["provider"], request.match_info["token"]
    if await state.provider_of(token) != provider:
        return _json_error(404, "unknown callback route")
    body = await request.read()  # over client_max_size: aiohttp raises 413
    item = Incoming(token, provider, body, utc_now(), bodies.check(provider, body))
    try:
        stored = await state.batcher.submit(item)
    except Exception:
        log.exception("Could not store a %s callback; answered 503 so the provider retries", provider)
        return _json_error(503, "not stored, retry later")
    return web.json_response({"received": True, "id": stored.id, "duplicate": stored.duplicate})


async def _add_route(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        document = await request.json()
    except ValueError:
        return _json_error(400, "expected a JSON object")
    if not isinstance(document, dict) or document.get("provider") not in PROVIDERS:
        return _json_error(400, f"'provider' must be one of {', '.join(PROVIDERS)}")
    label = document.get("label", "")
    if not isinstance(label, str) or len(label) > 200:
        return _json_error(400, "'label' must be text of at most 200 characters")
    token = secrets.token_urlsafe(ROUTE_TOKEN_BYTES)
    route = await state.read(state.store.add_route, token, document["provider"], label)
    state.routes[token] = route.provider
    return web.json_response(
        {"token": token, "provider": route.provider, "label": route.label, "callback_path": callback_path(route.provider, token)},
        status=201,
    )


def _int_query(request: web.Request, name: str, default: int) -> int | None:
    raw = request.query.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        return None


async def _events(request: web.Request) -> web.Response:
    state = request.app[STATE]
    after, limit = _int_query(request, "after", 0), _int_query(request, "limit", DEFAULT_PAGE)
    if after is None or limit is None:
        return _json_error(400, "'after' and 'limit' must be integers")
    events = await state.read(state.store.events, max(0, after), min(MAX_PAGE, max(1, limit)))
    return web.json_response(
        {
            "events": [
                {
                    "id": e.id,
                    "provider": e.provider,
                    "route": e.route,
                    "received_at": e.received_at,
                    "quarantined": e.quarantined,
                    "reason": e.reason,
                    "body": e.body.decode("utf-8", errors="replace"),
                }
                for e in events
            ],
            "last_id": events[-1].id if events else max(0, after),
        }
    )


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
    app = web.Application(client_max_size=max_body, middlewares=[_console_auth])
    app[STATE] = _State(store, events_token)
    app.router.add_post(r"/callbacks/{provider:broadcasterbot|chattigo}/{token}", _callback)
    app.router.add_post("/routes", _add_route)
    app.router.add_get("/events", _events)
    app.router.add_get("/health", _health)
    app.on_startup.append(_start_batcher)
    app.on_cleanup.append(_close)
    return app
