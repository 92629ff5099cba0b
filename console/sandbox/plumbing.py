"""The simulators' shared HTTP plumbing: JSON answers, refusals, body readers, logins, routes.

What differs between providers stays with each simulator: a handler raises a `Refusal`
(status, message and any other detail), and the simulator's own `_error_body` shapes the
answer the way its provider does. The steering (`/_sandbox/`) APIs answer `{"message"}`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

from aiohttp import web

from console.sandbox.recorder import FAULT_KEY, FaultKind, Faults, Handler, RequestLog, instrumented

Clock = Callable[[], float]
ConfigT = TypeVar("ConfigT")

# Accented names as UTF-8, not \u escapes.
to_json: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False).encode


def json_response(value: Any, status: int = 200) -> web.Response:
    """`value` as a UTF-8 JSON answer."""
    return web.Response(body=to_json(value).encode(), status=status, content_type="application/json", charset="utf-8")


def variant_of(request: web.Request) -> str | None:
    """The variant its request met (a `FaultKind.VARIANT` fault armed on its route), if any."""
    fault = request.get(FAULT_KEY)
    return fault.variant if fault is not None and fault.kind is FaultKind.VARIANT else None


class Refusal(Exception):
    """An error answer a handler raises; `details` holds what else the provider's error body names."""

    def __init__(self, status: int, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details


ErrorBody = Callable[[Refusal], Any]


def answering(handler: Handler, error_body: ErrorBody) -> Handler:
    """Turn a `Refusal` raised by `handler` into its status and `error_body(refusal)`."""

    async def wrapper(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except Refusal as refusal:
            return json_response(error_body(refusal), refusal.status)

    return wrapper


async def sent_json_object(request: web.Request) -> dict[str, Any]:
    """A provider request's body: a JSON object sent as JSON, as every document shows it
    (`Content-Type: application/json`), else a 400 `Refusal`. A client that posts the same
    text as `text/plain` or a form must fail here as it would at the provider."""
    if request.content_type != "application/json":
        raise Refusal(400, "The request body must be sent as JSON (Content-Type: application/json)")
    return await json_object(request)


async def json_object(request: web.Request) -> dict[str, Any]:
    """The request body as a JSON object, else a 400 `Refusal` (steering APIs take any content type)."""
    try:
        body = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        raise Refusal(400, "The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise Refusal(400, "The request body must be a JSON object")
    return body


def required_text(body: dict[str, Any], key: str) -> str:
    """`body[key]` when it is text other than white space, else a 400 `Refusal`."""
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Refusal(400, f"{key} is required")
    return value


class LoginSessions:
    """The users logged in, by token, and when on `clock`."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._logins: dict[str, tuple[str, float]] = {}  # token: (user, clock at the login)

    def open(self, token: str, user: str) -> None:
        self._logins[token] = (user, self._clock())

    def user(self, token: str, ttl: float) -> str | None:
        """The token's user; None if it was never issued or is `ttl` seconds old (then it is forgotten)."""
        login = self._logins.get(token)
        if login is None:
            return None
        if self._clock() - login[1] >= ttl:
            del self._logins[token]
            return None
        return login[0]

    def clear(self) -> None:
        self._logins.clear()


class Route(NamedTuple):
    method: str  # "*" for any
    path: str  # relative to the provider's PREFIX
    name: str  # the route in the request log and for faults
    handler: str  # the simulator method that answers it


# The last route of every table, so that wrong paths and methods are recorded too.
CATCH_ALL = Route("*", "/{tail:.*}", "unknown", "_unknown")


def route_names(table: Iterable[Route]) -> tuple[str, ...]:
    """The route names of `table`, each once, in order."""
    return tuple(dict.fromkeys(route.name for route in table))


class ProviderSimulator(Generic[ConfigT]):
    """What every simulator has: its config, its clock, and routes that are recorded and take faults.

    A subclass names its `_provider`, `_route_table` and `_send_routes` and shapes its
    provider's `_error_body`; one with login tokens has `expire_tokens()`, which the
    expired-token fault calls.
    """

    _provider: ClassVar[str]
    _route_table: ClassVar[tuple[Route, ...]] = ()
    # Routes whose processed requests are messages, counted by content + recipient to show duplicates.
    _send_routes: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, config: ConfigT, log: RequestLog, faults: Faults, clock: Clock = time.monotonic) -> None:
        self.config = config
        self._log = log
        self._faults = faults
        self._clock = clock

    def register_routes(self, app: web.Application) -> None:
        """Add the routes relative to `app`'s root; mount it at the module's `PREFIX`."""
        for route in self._route_table:
            handler = answering(getattr(self, route.handler), self._error_body)
            app.router.add_route(route.method, route.path, self._recorded(route.name, handler))

    def _recorded(self, route: str, handler: Handler) -> Handler:
        """`handler`, its requests recorded in the log under `route` and open to the faults armed there."""
        return instrumented(
            self._provider,
            route,
            handler,
            self._log,
            self._faults,
            counts_sends=route in self._send_routes,
            expire_tokens=getattr(self, "expire_tokens", None),
        )

    @staticmethod
    def _error_body(refusal: Refusal) -> Any:
        """The provider's error body for `refusal`."""
        raise NotImplementedError


def steering(handler: Handler, *errors: type[Exception], utf8: bool = False) -> Handler:
    """A steering-API handler: a `Refusal`, or one of `errors` as a 400, answers `{"message"}`.

    The message's non-ASCII letters are \\u-escaped unless `utf8`.
    """

    async def wrapper(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except Refusal as refusal:
            status, message = refusal.status, refusal.message
        except errors as error:
            status, message = 400, str(error)
        if utf8:
            return json_response({"message": message}, status)
        return web.json_response({"message": message}, status=status)

    return wrapper


def add_steering_routes(
    app: web.Application,
    prefix: str,
    routes: Iterable[tuple[str, str, Handler]],
    *errors: type[Exception],
    utf8: bool = False,
) -> None:
    """Add (method, path, handler) routes under `prefix`, each one `steering`; never recorded."""
    for method, path, handler in routes:
        app.router.add_route(method, prefix + path, steering(handler, *errors, utf8=utf8))
