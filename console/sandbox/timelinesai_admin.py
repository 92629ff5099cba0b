"""The TimelinesAI simulator's steering JSON API under `/_sandbox/timelinesai/`.

Like the rest of `/_sandbox/`, it is served only on loopback and never recorded.
Handlers run on the server's loop, so they may change the simulator's state.
"""

from __future__ import annotations

from typing import Any, Protocol

from aiohttp import web

from console.sandbox.plumbing import Refusal, add_steering_routes, json_object, json_response, required_text
from console.sandbox.timelinesai_model import SentMessage, Trouble, message_view


class Steerable(Protocol):
    """What the admin API changes on the simulator (which mounts the admin, hence no import of it)."""

    def regenerate_webhook(self, workspace: str) -> str: ...
    def set_enabled(self, workspace: str, enabled: bool) -> None: ...
    def set_quota(self, workspace: str, units: int) -> None: ...
    def add_trouble(self, kind: Trouble, times: int = 1) -> None: ...
    def sent_messages(self) -> list[SentMessage]: ...
    def workspace_views(self, origin: str) -> list[dict[str, Any]]: ...


class TimelinesAIAdmin:
    def __init__(self, simulator: Steerable) -> None:
        self._simulator = simulator

    def register(self, app: web.Application, prefix: str) -> None:
        routes = (
            ("GET", "/workspaces", self.workspaces),
            ("POST", "/regenerate", self.regenerate),
            ("POST", "/enabled", self.enabled),
            ("POST", "/quota", self.quota),
            ("POST", "/trouble", self.trouble),
            ("GET", "/messages", self.messages),
        )
        add_steering_routes(app, prefix, routes)

    async def workspaces(self, request: web.Request) -> web.Response:
        return web.json_response(self._simulator.workspace_views(_origin(request)))

    async def regenerate(self, request: web.Request) -> web.Response:
        """`{"workspace"}` -> `{"webhook_url"}`: the new URL; the old one is refused from now on."""
        workspace = required_text(await json_object(request), "workspace")
        path = _steer(self._simulator.regenerate_webhook, workspace)
        return web.json_response({"webhook_url": _origin(request) + path})

    async def enabled(self, request: web.Request) -> web.Response:
        body = await json_object(request)
        workspace, enabled = required_text(body, "workspace"), body.get("enabled")
        if not isinstance(enabled, bool):
            raise Refusal(400, "enabled must be true or false")
        _steer(self._simulator.set_enabled, workspace, enabled)
        return web.json_response({"workspace": workspace, "enabled": enabled})

    async def quota(self, request: web.Request) -> web.Response:
        body = await json_object(request)
        workspace, units = required_text(body, "workspace"), body.get("units")
        if isinstance(units, bool) or not isinstance(units, int):
            raise Refusal(400, "units must be a whole number")
        _steer(self._simulator.set_quota, workspace, units)
        return web.json_response({"workspace": workspace, "quota_left": units})

    async def trouble(self, request: web.Request) -> web.Response:
        """`{"kind", "times"}`: how the next webhook requests misbehave."""
        body = await json_object(request)
        try:
            kind = Trouble(str(body.get("kind")))
        except ValueError:
            raise Refusal(400, f"kind must be one of {[k.value for k in Trouble]}") from None
        times = body.get("times", 1)
        if isinstance(times, bool) or not isinstance(times, int):
            raise Refusal(400, "times must be a whole number")
        _steer(self._simulator.add_trouble, kind, times)
        return web.json_response({"kind": kind.value, "times": times})

    async def messages(self, request: web.Request) -> web.Response:
        views = [message_view(m) for m in self._simulator.sent_messages()]
        return json_response(views)


def _steer(action: Any, *args: Any) -> Any:
    """Run a simulator method, its `ValueError` becoming a 400 answer."""
    try:
        return action(*args)
    except ValueError as error:
        raise Refusal(400, str(error)) from None


def _origin(request: web.Request) -> str:
    return str(request.url.origin())
