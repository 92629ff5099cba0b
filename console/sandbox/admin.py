"""The sandbox's own JSON API under `/_sandbox/`: inspect requests, inject faults, steer
the simulators. These requests are not provider requests and are never recorded; who may
make them is checked for every route by `admin_guard`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from console.sandbox import broadcasterbot, chattigo, cliengo, cloudapi, heynow, timelinesai
from console.sandbox.broadcasterbot import BroadcasterbotSimulator
from console.sandbox.chattigo import ChattigoSimulator
from console.sandbox.cliengo import CliengoSimulator
from console.sandbox.cloudapi import CloudApiSimulator
from console.sandbox.faults import WIRE_KINDS
from console.sandbox.heynow import HeyNowSimulator
from console.sandbox.plumbing import Refusal, add_steering_routes, json_object, json_response, required_text
from console.sandbox.recorder import Fault, FaultKind, Faults, RandomFaults, RequestLog
from console.sandbox.timelinesai import TimelinesAISimulator

ADMIN_PREFIX = "/_sandbox"
SIMULATOR_MODULES = (heynow, broadcasterbot, cliengo, timelinesai, chattigo, cloudapi)
PROVIDER_ROUTES: dict[str, tuple[str, ...]] = {module.PROVIDER: module.ROUTES for module in SIMULATOR_MODULES}
# Per provider and route (a request's, or one of the bodies it pushes), the variants it knows.
PROVIDER_VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {module.PROVIDER: module.VARIANTS for module in SIMULATOR_MODULES}
# The providers that log in, whose token the expired-token fault can expire.
TOKEN_PROVIDERS = frozenset({heynow.PROVIDER, chattigo.PROVIDER})


@dataclass(frozen=True, slots=True)
class Sandbox:
    log: RequestLog
    faults: Faults
    heynow: HeyNowSimulator
    broadcasterbot: BroadcasterbotSimulator
    cliengo: CliengoSimulator
    timelinesai: TimelinesAISimulator
    chattigo: ChattigoSimulator
    cloudapi: CloudApiSimulator

    def serving_at(self, root_url: str) -> None:
        """Tell the simulators that hand out links to their own files where they are served."""
        self.broadcasterbot.serving_at(root_url)

    def others(self) -> tuple[tuple[str, Any], ...]:
        """(provider, simulator) of every simulator but Hey Now, whose admin routes live here."""
        return (
            (broadcasterbot.PROVIDER, self.broadcasterbot),
            (cliengo.PROVIDER, self.cliengo),
            (timelinesai.PROVIDER, self.timelinesai),
            (chattigo.PROVIDER, self.chattigo),
            (cloudapi.PROVIDER, self.cloudapi),
        )


def register_admin_routes(app: web.Application, sandbox: Sandbox) -> None:
    admin = _Admin(sandbox)
    routes = (
        ("GET", "/stats", admin.stats),
        ("GET", "/requests", admin.requests),
        ("GET", "/sends", admin.sends),
        ("GET", "/faults", admin.faults),
        ("POST", "/faults", admin.add_fault),
        ("POST", "/faults/random", admin.random_faults),
        ("DELETE", "/faults", admin.clear_faults),
        ("POST", "/reset-log", admin.reset_log),
        ("POST", "/heynow/expire-tokens", admin.heynow_expire_tokens),
        ("POST", "/heynow/inbound", admin.heynow_inbound),
    )
    add_steering_routes(app, ADMIN_PREFIX, routes)
    # Each of the other simulators serves its own steering routes under /_sandbox/<provider>/.
    for provider, simulator in sandbox.others():
        simulator.register_admin_routes(app, f"{ADMIN_PREFIX}/{provider}")


class _Admin:
    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox

    async def stats(self, request: web.Request) -> web.Response:
        log = self._sandbox.log
        return web.json_response({"requests": log.summary(), "total": log.count()})

    async def requests(self, request: web.Request) -> web.Response:
        records = self._sandbox.log.records(request.query.get("provider") or None, request.query.get("route") or None)
        return web.json_response(
            [
                {
                    "provider": r.provider,
                    "route": r.route,
                    "method": r.method,
                    "path": r.path,
                    "received_at": r.received_at,
                    "body": r.body.decode("utf-8", errors="replace"),
                }
                for r in records
            ]
        )

    async def sends(self, request: web.Request) -> web.Response:
        """Per provider, the messages it processed: in all, distinct by content + recipient, duplicates."""
        return web.json_response(self._sandbox.log.send_summary())

    async def faults(self, request: web.Request) -> web.Response:
        return web.json_response(self._faults_state())

    async def add_fault(self, request: web.Request) -> web.Response:
        body = await json_object(request)
        provider, route = body.get("provider"), body.get("route")
        if provider not in PROVIDER_ROUTES:
            raise Refusal(400, f"provider must be one of {sorted(PROVIDER_ROUTES)}")
        kind = _kind(body.get("kind"))
        variant = _variant(provider, route, body.get("variant")) if kind is FaultKind.VARIANT else None
        if kind is not FaultKind.VARIANT and route not in PROVIDER_ROUTES[provider]:
            raise Refusal(400, f"route must be one of {list(PROVIDER_ROUTES[provider])}")
        if kind is FaultKind.EXPIRED_TOKEN and provider not in TOKEN_PROVIDERS:
            raise Refusal(400, f"only {sorted(TOKEN_PROVIDERS)} have tokens to expire")
        seconds, times, status = _seconds(body, 0.0), body.get("times"), body.get("status", 500)
        if times is not None and (isinstance(times, bool) or not isinstance(times, int)):
            raise Refusal(400, "times must be a whole number or null")
        if isinstance(status, bool) or not isinstance(status, int):
            raise Refusal(400, "status must be a whole number")
        try:
            fault = Fault(kind, seconds, times, status, variant)
        except ValueError as error:
            raise Refusal(400, str(error)) from None
        self._sandbox.faults.add(provider, route, fault)
        return web.json_response(self._faults_state())

    async def random_faults(self, request: web.Request) -> web.Response:
        """`{"seed", "rate", "kinds"?, "seconds"?, "provider"?, "routes"?}`; a rate of 0 stops them."""
        body = await json_object(request)
        seed, rate = body.get("seed"), body.get("rate")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise Refusal(400, "seed must be a whole number")
        if isinstance(rate, bool) or not isinstance(rate, int | float):
            raise Refusal(400, "rate must be a number between 0 and 1")
        provider = body.get("provider")
        if provider is not None and provider not in PROVIDER_ROUTES:
            raise Refusal(400, f"provider must be one of {sorted(PROVIDER_ROUTES)} or null")
        routes = body.get("routes", [])
        known = PROVIDER_ROUTES[provider] if provider else {r for names in PROVIDER_ROUTES.values() for r in names}
        if not isinstance(routes, list) or any(route not in known for route in routes):
            raise Refusal(400, f"routes must be a list of {sorted(known)}")
        raw_kinds = body.get("kinds", [k.value for k in WIRE_KINDS])
        if not isinstance(raw_kinds, list):
            raise Refusal(400, "kinds must be a list")
        try:
            mode = RandomFaults(
                seed, float(rate), tuple(_kind(k) for k in raw_kinds), _seconds(body, 0.5), provider, tuple(routes)
            )
        except ValueError as error:
            raise Refusal(400, str(error)) from None
        self._sandbox.faults.set_random(mode if mode.rate > 0 else None)
        return web.json_response(self._faults_state())

    def _faults_state(self) -> dict[str, object]:
        faults = self._sandbox.faults
        return {"faults": faults.active(), "random": faults.random_mode(), "drawn": faults.drawn()}

    async def clear_faults(self, request: web.Request) -> web.Response:
        self._sandbox.faults.clear()
        return web.json_response({"faults": []})

    async def reset_log(self, request: web.Request) -> web.Response:
        self._sandbox.log.reset()
        return web.json_response({"ok": True})

    async def heynow_expire_tokens(self, request: web.Request) -> web.Response:
        self._sandbox.heynow.expire_tokens()
        return web.json_response({"ok": True})

    async def heynow_inbound(self, request: web.Request) -> web.Response:
        body = await json_object(request)
        platform_id, client_id = required_text(body, "platformId"), required_text(body, "clientId")
        first_name, last_name = required_text(body, "first_name"), body.get("last_name")
        if last_name is not None and not isinstance(last_name, str):
            raise Refusal(400, "last_name must be text or null")
        try:
            contact = self._sandbox.heynow.add_inbound_contact(platform_id, client_id, first_name, last_name)
        except ValueError as error:
            raise Refusal(400, str(error)) from None
        return json_response(contact)


def _kind(value: object) -> FaultKind:
    try:
        return FaultKind(str(value))
    except ValueError:
        raise Refusal(400, f"kind must be one of {[k.value for k in FaultKind]}") from None


def _variant(provider: str, route: object, value: object) -> str:
    """A variant this provider's simulator knows on `route`, else a 400 naming the ones it does."""
    known = PROVIDER_VARIANTS[provider]
    variants = known.get(route) if isinstance(route, str) else None
    if variants is None:
        raise Refusal(400, f"{provider} has variants on the routes {sorted(known)} only")
    if not isinstance(value, str) or value not in variants:
        raise Refusal(400, f"variant must be one of {list(variants)}")
    return value


def _seconds(body: dict[str, Any], default: float) -> float:
    seconds = body.get("seconds", default)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise Refusal(400, "seconds must be a number")
    return float(seconds)
