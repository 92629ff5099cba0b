"""A stateful simulator of TimelinesAI's inbound webhook (API.md §5), wire-compatible with it.

Two workspaces, each with a generated webhook URL `{PREFIX}/inbound/{id}` that can be
regenerated (the old one then answers 404 "Webhook not found") or disabled, a quota of
bulk-messaging units and its connected WhatsApp accounts. Accepted messages are queued
about 2 s apart, as TimelinesAI does; the answer comes at once and no delivery report
ever follows. Choices where the document names no status code:

- quota exhausted: 402, because the quota is the plan's paid credit ("Utilización de
  crédito o cuota") that waiting does not bring back; a 429 would invite automatic retries;
- webhook disabled ("Webhook enabled" off): 403;
- a malformed request, an unknown `whatsapp_account_phone`, an attachment over 2 MB: 400.

The 2 MB limit is checked with a HEAD of `file_url` only when it points to this computer
(the sandbox never goes on the internet); `{PREFIX}/files/{bytes}/{name}` serves files
of any size for that. Other links are accepted unchecked, with `file_bytes` None.
"""

from __future__ import annotations

import mimetypes
import random
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from console.domain.network import is_loopback_host
from console.sandbox.plumbing import (
    CATCH_ALL,
    Clock,
    ProviderSimulator,
    Refusal,
    Route,
    json_response,
    route_names,
    variant_of,
)
from console.sandbox.recorder import Faults, RequestLog
from console.sandbox.timelinesai_admin import TimelinesAIAdmin
from console.sandbox.timelinesai_model import Order, SentMessage, Trouble, read_order

PROVIDER = "timelinesai"
PREFIX = "/timelinesai"

DEMO_WORKSPACE = "demo"
SMALL_WORKSPACE = "small"  # little quota, to see it run out
# Connected WhatsApp accounts in connection order: the last one sends by default.
WORKSPACE_ACCOUNTS: dict[str, tuple[str, ...]] = {
    DEMO_WORKSPACE: ("+59899000101", "+15105566777"),
    SMALL_WORKSPACE: ("+59899000102",),
}
MESSAGE_ID_PREFIX = "wa_backend:"
MB = 1_000_000  # as `console.domain.capabilities` counts
MAX_SERVED_FILE = 20 * MB


@dataclass(frozen=True, slots=True)
class TimelinesAISandboxConfig:
    quotas: tuple[tuple[str, int], ...] = ((DEMO_WORKSPACE, 1000), (SMALL_WORKSPACE, 3))
    max_attachment_bytes: int = 2 * MB
    send_interval: float = 2.0  # mean seconds between two messages of a workspace (±25 %)
    head_timeout: float = 2.0  # for the HEAD that measures a loopback attachment
    seed: int = 42


@dataclass(slots=True)
class _Workspace:
    name: str
    accounts: tuple[str, ...]
    webhook_id: str
    quota_left: int
    enabled: bool = True
    queue_free_at: float = float("-inf")  # simulator clock when the next message may go


# Every method reaches the handlers, which answer a wrong one themselves; the real service
# answers a wrong path like an unknown webhook.
_ROUTE_TABLE: tuple[Route, ...] = (
    Route("*", "/inbound/{webhook_id}", "send", "_send"),
    Route("*", "/inbound/{webhook_id}/", "send", "_send"),
    Route("*", "/files/{size}/{name}", "file", "_file"),
    CATCH_ALL,
)
ROUTES: tuple[str, ...] = route_names(_ROUTE_TABLE)
# The doc's success answer carries "el message_id del mensaje creado"; `no_message_id`
# answers the same success without it (see `FaultKind.VARIANT`).
VARIANTS: dict[str, tuple[str, ...]] = {"send": ("no_message_id",)}
_MAINTENANCE_PAGE = "<!DOCTYPE html><html><body><h1>We'll be back soon</h1></body></html>"


class TimelinesAISimulator(ProviderSimulator[TimelinesAISandboxConfig]):
    """TimelinesAI's state and HTTP handlers. Mutate it only on the server's loop thread."""

    _provider = PROVIDER
    _send_routes = frozenset({"send"})
    _route_table = _ROUTE_TABLE

    def __init__(self, config: TimelinesAISandboxConfig, log: RequestLog, faults: Faults, clock: Clock = time.monotonic) -> None:
        super().__init__(config, log, faults, clock)
        self._rng = random.Random(config.seed)  # message ids and queue gaps
        self._id_rng = random.Random(config.seed + 1)  # webhook ids
        quotas = dict(config.quotas)
        unknown = set(quotas) - set(WORKSPACE_ACCOUNTS)
        if unknown:
            raise ValueError(f"The TimelinesAI sandbox has no workspace {', '.join(sorted(unknown))}.")
        self._workspaces = {
            name: _Workspace(name, accounts, self._new_webhook_id(), quotas.get(name, 0))
            for name, accounts in WORKSPACE_ACCOUNTS.items()
        }
        self._troubles: list[Trouble] = []
        self._sent: list[SentMessage] = []

    # ---- state, for tests and the admin API -------------------------------------------

    def webhook_url(self, workspace: str) -> str:
        """The workspace's webhook URL relative to the server root (join to `root_url`)."""
        return f"{PREFIX}/inbound/{self._workspace(workspace).webhook_id}"

    def regenerate_webhook(self, workspace: str) -> str:
        """TimelinesAI's "Generate new URL": the old URL answers 404 from now on. Returns the new one."""
        self._workspace(workspace).webhook_id = self._new_webhook_id()
        return self.webhook_url(workspace)

    def set_enabled(self, workspace: str, enabled: bool) -> None:
        self._workspace(workspace).enabled = enabled

    def set_quota(self, workspace: str, units: int) -> None:
        if units < 0:
            raise ValueError("A quota cannot be negative.")
        self._workspace(workspace).quota_left = units

    def quota_left(self, workspace: str) -> int:
        return self._workspace(workspace).quota_left

    def add_trouble(self, kind: Trouble, times: int = 1) -> None:
        if times < 1:
            raise ValueError("times must be at least 1.")
        self._troubles.extend([kind] * times)

    def sent_messages(self) -> list[SentMessage]:
        return list(self._sent)

    def workspace_views(self, origin: str) -> list[dict[str, Any]]:
        """Every workspace as the admin API shows it, with absolute webhook URLs."""
        return [
            {
                "name": space.name,
                "webhook_url": origin + self.webhook_url(space.name),
                "enabled": space.enabled,
                "quota_left": space.quota_left,
                "accounts": list(space.accounts),
                "default_account": space.accounts[-1],
            }
            for space in self._workspaces.values()
        ]

    def describe(self) -> str:
        parts = [
            f"'{space.name}' {self.webhook_url(space.name)} ({space.quota_left} quota units; "
            f"sends from {space.accounts[-1]}" + "".join(f", also {a}" for a in space.accounts[:-1]) + ")"
            for space in self._workspaces.values()
        ]
        return "TimelinesAI webhook URLs (after the server root): " + "; ".join(parts)

    def register_admin_routes(self, app: web.Application, prefix: str) -> None:
        """The steering JSON API under `prefix` (`/_sandbox/timelinesai`); never recorded."""
        TimelinesAIAdmin(self).register(app, prefix)

    # ---- handlers -------------------------------------------------------------------

    @staticmethod
    def _error_body(refusal: Refusal) -> dict[str, Any]:
        """An error answer, shaped as the doc shows: `{"status": 40X, "data": {}, "message"}`."""
        return {"status": refusal.status, "data": {}, "message": refusal.message}

    async def _send(self, request: web.Request) -> web.StreamResponse:
        space = self._by_webhook(request.match_info["webhook_id"])
        if request.method != "POST":
            raise Refusal(405, "Method not allowed: post the message as JSON")
        if not space.enabled:
            raise Refusal(403, "Webhook is disabled")
        trouble = self._troubles.pop(0) if self._troubles else None
        if trouble is Trouble.SERVER_ERROR:
            raise Refusal(500, "Internal server error")
        if trouble is Trouble.HTML_PAGE:
            return web.Response(text=_MAINTENANCE_PAGE, content_type="text/html")
        order = read_order(await request.read(), request.content_type)
        account = _sender(space, order)
        file_bytes = await self._attachment_bytes(order.file_url)
        if file_bytes is not None and file_bytes > self.config.max_attachment_bytes:
            raise Refusal(
                400,
                f"The file is too large ({file_bytes / MB:.1f} MB); "
                f"attachments can be at most {self.config.max_attachment_bytes / MB:g} MB",
            )
        # No await from here on: the quota is checked and used in one step.
        if space.quota_left < order.units:
            raise Refusal(
                402,
                f"Not enough bulk messaging quota: this message needs {order.units} "
                f"unit{'s' if order.units > 1 else ''} and {space.quota_left} left",
            )
        message = self._queue(space, order, account, file_bytes)
        if trouble is Trouble.LOST_ANSWER:
            raise Refusal(500, "Internal server error")
        if trouble is Trouble.GARBLED:
            return web.Response(body=b"\x00not gzip", content_type="application/json", headers={"Content-Encoding": "gzip"})
        if variant_of(request) == "no_message_id":
            return json_response({"status": "success", "data": {}})
        return json_response({"status": "success", "data": {"message_id": message.message_id}})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            raise Refusal(405, "Method not allowed")
        size = request.match_info["size"]
        if not size.isascii() or not size.isdigit() or int(size) > MAX_SERVED_FILE:
            raise Refusal(404, "No such file")
        kind = mimetypes.guess_type(request.match_info["name"])[0] or "application/octet-stream"
        return web.Response(body=bytes(int(size)), content_type=kind)

    async def _unknown(self, request: web.Request) -> web.StreamResponse:
        raise _webhook_not_found()

    # ---- helpers --------------------------------------------------------------------

    def _workspace(self, name: str) -> _Workspace:
        try:
            return self._workspaces[name]
        except KeyError:
            raise ValueError(f"There is no TimelinesAI workspace '{name}' in the sandbox.") from None

    def _by_webhook(self, webhook_id: str) -> _Workspace:
        for space in self._workspaces.values():
            if space.webhook_id == webhook_id:
                return space
        raise _webhook_not_found()

    def _new_webhook_id(self) -> str:
        return uuid.UUID(int=self._id_rng.getrandbits(128), version=4).hex

    async def _attachment_bytes(self, file_url: str | None) -> int | None:
        """The size a HEAD reports for a link to this computer; None when not measured."""
        host = urlsplit(file_url).hostname if file_url else None
        if file_url is None or host is None or not is_loopback_host(host):
            return None
        try:
            timeout = aiohttp.ClientTimeout(total=self.config.head_timeout)
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.head(file_url, allow_redirects=True) as response,
            ):
                return response.content_length if response.status == 200 else None
        except (TimeoutError, aiohttp.ClientError, ValueError):
            return None

    def _queue(self, space: _Workspace, order: Order, account: str | None, file_bytes: int | None) -> SentMessage:
        """Use the quota and take the next turn in the workspace's queue."""
        now = self._clock()
        turn = max(now, space.queue_free_at)
        space.queue_free_at = turn + self.config.send_interval * self._rng.uniform(0.75, 1.25)
        space.quota_left -= order.units
        message = SentMessage(
            message_id=f"{MESSAGE_ID_PREFIX}{self._rng.getrandbits(128):032X}",
            workspace=space.name,
            recipient_key=order.recipient_key,
            recipient=order.recipient,
            text=order.text,
            file_url=order.file_url,
            file_name=order.file_name,
            file_bytes=file_bytes,
            account_phone=account,
            units=order.units,
            received_at=time.time(),
            queued_for=turn - now,
        )
        self._sent.append(message)
        return message


def _sender(space: _Workspace, order: Order) -> str | None:
    """The WhatsApp account that sends: none to choose with chat_id, else the one asked
    for (it must be connected) or the most recently connected one."""
    if order.recipient_key == "chat_id":
        return None
    if order.account_phone is None:
        return space.accounts[-1]
    if order.account_phone not in space.accounts:
        raise Refusal(400, f"WhatsApp account {order.account_phone} is not connected to this workspace")
    return order.account_phone


def _webhook_not_found() -> Refusal:
    return Refusal(404, "Webhook not found")
