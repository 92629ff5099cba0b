"""The TimelinesAI simulator's steering JSON API under `/_sandbox/timelinesai/`.

Like the rest of `/_sandbox/`, it is served only on loopback and never recorded.
Handlers run on the server's loop, so they may change the simulator's state.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from console.sandbox.recorder import Handler
from console.sandbox.timelinesai_model import Trouble, message_view

if TYPE_CHECKING:
    from console.sandbox.timelinesai import TimelinesAISimulator


class _BadRequest(Exception):
    pass


class TimelinesAIAdmin:
    def __init__(self, simulator: TimelinesAISimulator) -> None:
        self._simulator = simulator

    def register(self, app: web.Application, prefix: str) -> None:
        for method, path, handler in (
            ("GET", "/workspaces", self.workspaces),
            ("POST", "/regenerate", self.regenerate),
            ("POST", "/enabled", self.enabled),
            ("POST", "/quota", self.quota),
            ("POST", "/trouble", self.trouble),
            ("GET", "/messages", self.messages),
        ):
            app.router.add_route(method, prefix + path, _answering(handler))

    async def workspaces(self, request: web.Request) -> web.Response:
        return web.json_response(self._simulator.workspace_views(_origin(request)))

    async def regenerate(self, request: web.Request) -> web.Response:
        """`{"workspace"}` -> `{"webhook_url"}`: the new URL; the old one is refused from now on."""
        workspace = _text(await _json_object(request), "workspace")
        path = _steer(self._simulator.regenerate_webhook, workspace)
        return web.json_response({"webhook_url": _origin(request) + path})

    async def enabled(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        workspace, enabled = _text(body, "workspace"), body.get("enabled")
        if not isinstance(enabled, bool):
            raise _BadRequest("enabled must be true or false")
        _steer(self._simulator.set_enabled, workspace, enabled)
        return web.json_response({"workspace": workspace, "enabled": enabled})

    async def quota(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        workspace, units = _text(body, "workspace"), body.get("units")
        if isinstance(units, bool) or not isinstance(units, int):
            raise _BadRequest("units must be a whole number")
        _steer(self._simulator.set_quota, workspace, units)
        return web.json_response({"workspace": workspace, "quota_left": units})

    async def trouble(self, request: web.Request) -> web.Response:
        """`{"kind", "times"}`: how the next webhook requests misbehave."""
        body = await _json_object(request)
        try:
            kind = Trouble(str(body.get("kind")))
        except ValueError:
            raise _BadRequest(f"kind must be one of {[k.value for k in Trouble]}") from None
        times = body.get("times", 1)
        if isinstance(times, bool) or not isinstance(times, int):
            raise _BadRequest("times must be a whole number")
        _steer(self._simulator.add_trouble, kind, times)
        return web.json_response({"kind": kind.value, "times": times})

    async def messages(self, request: web.Request) -> web.Response:
        views = [message_view(m) for m in self._simulator.sent_messages()]
        return web.json_response(views, dumps=lambda v: json.dumps(v, ensure_ascii=False))


def _steer(action: Any, *args: Any) -> Any:
    """Run a simulator method, its `ValueError` becoming a 400 answer."""
    try:
        return action(*args)
    except ValueError as error:
        raise _BadRequest(str(error)) from None


def _origin(request: web.Request) -> str:
    return str(request.url.origin())


def _answering(handler: Handler) -> Handler:
    async def wrapper(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except _BadRequest as error:
            return web.json_response({"message": str(error)}, status=400)

    return wrapper


async def _json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        raise _BadRequest("The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise _BadRequest("The request body must be a JSON object")
    return body


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _BadRequest(f"{key} is required")
    return value
