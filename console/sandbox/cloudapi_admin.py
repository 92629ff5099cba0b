"""The Cloud API simulator's steering JSON API under `/_sandbox/cloudapi/`.

Like the rest of `/_sandbox/`, it is served only on loopback and never recorded.
Handlers run on the server's loop, so they may change the simulator's state.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from aiohttp import web

from console.sandbox.plumbing import add_steering_routes, json_response


class Steerable(Protocol):
    """What the admin API changes on the simulator (which mounts the admin, hence no import of it)."""

    accepted: list[dict[str, Any]]

    async def subscribe(self, url: str) -> dict[str, Any]: ...
    def subscription(self) -> dict[str, Any]: ...
    def recorded_webhooks(self) -> list[dict[str, Any]]: ...
    def fail_next(self, code: int, details: str | None = None) -> None: ...
    def review_template(self, name: Any, language: Any, status: Any) -> dict[str, Any]: ...
    def customer_writes(
        self, wa_id: str | None, text: str, name: str = "", user_id: str | None = None, part: dict[str, Any] | None = None
    ) -> str: ...


class CloudApiAdmin:
    def __init__(self, simulator: Steerable) -> None:
        self._simulator = simulator

    def register(self, app: web.Application, prefix: str) -> None:
        routes = (
            ("POST", "/webhook", self.subscribe),
            ("GET", "/webhook", self.subscription),
            ("POST", "/inbound", self.inbound),
            ("POST", "/fail-next", self.fail_next),
            ("GET", "/sends", self.sends),
            ("GET", "/webhooks", self.webhooks),
            ("POST", "/template-status", self.template_status),
        )
        add_steering_routes(app, prefix, routes, ValueError)

    async def subscribe(self, request: web.Request) -> web.Response:
        url = _body(await request.read()).get("url")
        if not isinstance(url, str):
            raise ValueError("url is a required string")
        return json_response(await self._simulator.subscribe(url))

    async def subscription(self, request: web.Request) -> web.Response:
        return json_response(self._simulator.subscription())

    async def inbound(self, request: web.Request) -> web.Response:
        body = _body(await request.read())
        wa_id, user_id, text, kind = body.get("from"), body.get("user_id"), body.get("text"), body.get("type")
        part = None
        if isinstance(kind, str) and kind != "text":
            if not isinstance(body.get(kind), dict):
                raise ValueError(f"a message of type {kind} needs its '{kind}' object")
            part = {"type": kind, kind: body[kind]}
        elif not isinstance(text, str) or not text.strip():
            raise ValueError("text is a required string (or type and its object)")
        message_id = self._simulator.customer_writes(
            wa_id if isinstance(wa_id, str) else None,
            text if isinstance(text, str) else "",
            str(body.get("name") or ""),
            user_id if isinstance(user_id, str) else None,
            part,
        )
        return json_response({"id": message_id})

    async def fail_next(self, request: web.Request) -> web.Response:
        body = _body(await request.read())
        code = body.get("code")
        if isinstance(code, bool) or not isinstance(code, int):
            raise ValueError("code is a required whole number")
        self._simulator.fail_next(code, body.get("details") if isinstance(body.get("details"), str) else None)
        return json_response({"armed": code})

    async def sends(self, request: web.Request) -> web.Response:
        return json_response(self._simulator.accepted)

    async def webhooks(self, request: web.Request) -> web.Response:
        return json_response(self._simulator.recorded_webhooks())

    async def template_status(self, request: web.Request) -> web.Response:
        body = _body(await request.read())
        return json_response(self._simulator.review_template(body.get("name"), body.get("language"), body.get("status")))


def _body(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise ValueError("the body is not JSON") from None
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body
