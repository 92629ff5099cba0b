"""Only this computer's own programs steer the sandbox, not a web page in the agent's browser.

The admin API under `/_sandbox/` arms faults and shows every recorded request. The sandbox
listens on loopback, but a page open in a browser on the same computer can still reach it:
by a cross-site POST (the browser sends an `Origin` that is not loopback) or by DNS
rebinding (a name of the page's that now resolves to 127.0.0.1: the `Host` header keeps
that name). So every admin route needs a loopback peer, a loopback `Host`, and no `Origin`
other than a loopback one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

from console.domain.network import is_loopback_host

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _host_name(authority: str) -> str | None:
    """The host of a `Host` header value (`127.0.0.1:8765`, `[::1]:8765`, `localhost`)."""
    try:
        return urlsplit(f"//{authority}").hostname
    except ValueError:
        return None


def _origin_is_loopback(origin: str) -> bool:
    try:
        host = urlsplit(origin).hostname
    except ValueError:
        return False
    return host is not None and is_loopback_host(host)


def refusal(request: web.Request) -> str | None:
    """Why this admin request is refused, or None when it comes from this computer's programs."""
    if not request.remote or not is_loopback_host(request.remote):
        return "the sandbox is steered from this computer only"
    host = _host_name(request.headers.get("Host", ""))
    if host is None or not is_loopback_host(host):
        return "the sandbox's admin API answers only requests addressed to 127.0.0.1, ::1 or localhost"
    origin = request.headers.get("Origin")
    if origin is not None and not _origin_is_loopback(origin):
        return "the sandbox's admin API does not answer web pages of other sites"
    return None


def admin_guard(prefix: str) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """A middleware refusing (403) admin requests under `prefix` that do not come from this computer's programs."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path == prefix or request.path.startswith(prefix + "/"):
            reason = refusal(request)
            if reason is not None:
                return web.json_response({"message": reason}, status=403)
        return await handler(request)

    return guard
