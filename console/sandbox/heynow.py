"""A stateful simulator of the Hey Now API (API.md §3), wire-compatible with the real one.

Accounts: `demo`/`demo` owns three WhatsApp channels (channelId 1) that cover the channel
configurations of the contactValidation table; `otra`/`otra` owns one more, so that a
foreign platformId can be tried (403). Each channel has its own deterministic agenda.
Bodies must be sent as JSON. A send answers `{"idMessageHey"}` unless a variant asks for
another shape the document leaves open (see `SEND_VARIANTS`); the agenda may list a
contact no client can read (`AGENDA_VARIANTS`).
"""

from __future__ import annotations

import random
import secrets
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from aiohttp import web

from console.sandbox import heynow_answers as answers
from console.sandbox.people import generate_people
from console.sandbox.plumbing import (
    CATCH_ALL,
    Clock,
    LoginSessions,
    ProviderSimulator,
    Refusal,
    Route,
    json_response,
    required_text,
    route_names,
    sent_json_object,
    to_json,
    variant_of,
)
from console.sandbox.recorder import Faults, RequestLog

PROVIDER = "heynow"
PREFIX = "/heynow/api"
WHATSAPP = 1

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"
DEMO_PLATFORM = "59899000001"  # validates contacts, no alternative bot
ALTERNATIVE_BOT_PLATFORM = "59899000002"  # validates contacts, has an alternative bot
OPEN_PLATFORM = "59899000003"  # does not validate contacts
FOREIGN_PLATFORM = "59899999999"  # belongs to `otra`

USERS: dict[str, str] = {DEMO_USER: DEMO_PASSWORD, "otra": "otra"}


@dataclass(frozen=True, slots=True)
class HeyNowSandboxConfig:
    token_ttl: float = 86400.0
    status_delays: tuple[float, float, float] = (2.0, 5.0, 9.0)  # seconds after the send: RS, RU, LU
    never_read_ratio: float = 0.15  # messages that stop at RU
    stuck_ratio: float = 0.05  # messages that stay "?" forever: the provider never confirmed them
    status_error_ratio: float = 0.0  # fraction of status requests answered 500
    agenda_size: int = 200  # the demo channel's; the other channels get smaller agendas
    # Fraction of contacts without a profile name: the doc's examples show first_name set
    # to the phone number and last_name null.
    nameless_ratio: float = 0.1
    seed: int = 42


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    platform_id: str
    owner: str
    validates_contacts: bool
    alternative_bot: bool
    agenda_cap: int | None  # the agenda is config.agenda_size, or this if smaller


CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec(DEMO_PLATFORM, DEMO_USER, True, False, None),
    ChannelSpec(ALTERNATIVE_BOT_PLATFORM, DEMO_USER, True, True, 50),
    ChannelSpec(OPEN_PLATFORM, DEMO_USER, False, False, 50),
    ChannelSpec(FOREIGN_PLATFORM, "otra", True, False, 20),
)


class SendOutcome(StrEnum):
    SENT = "sent"
    ALTERNATIVE_BOT = "alternative_bot"  # "tried through the alternative bot"
    NOT_SENT = "not_sent"


def send_outcome(validates_contacts: bool, alternative_bot: bool, contact_validation: bool, in_agenda: bool) -> SendOutcome:
    """The contactValidation table of API.md §3, row by row."""
    if in_agenda:
        return SendOutcome.SENT
    if validates_contacts:
        if alternative_bot and not contact_validation:
            return SendOutcome.ALTERNATIVE_BOT
        return SendOutcome.NOT_SENT
    return SendOutcome.NOT_SENT if contact_validation else SendOutcome.SENT


@dataclass(frozen=True, slots=True)
class SentMessage:
    id: str  # idMessageHey
    channel_id: int
    platform_id: str
    client_id: str
    text: str
    via_alternative_bot: bool
    mass: bool
    sent_at: float  # time.time()


@dataclass(frozen=True, slots=True)
class _Tracked:
    message: SentMessage
    sent_clock: float  # the simulator's clock at the send
    steps: tuple[tuple[float, str], ...]  # (seconds after the send, status reached)

    def status(self, now: float) -> str:
        reached = "?"
        for after, status in self.steps:
            if now - self.sent_clock >= after:
                reached = status
        return reached


class _Contact(NamedTuple):
    object_id: str
    client_id: str
    first_name: str
    last_name: str | None

    def wire(self, platform_id: str) -> dict[str, Any]:
        """The contact object shaped exactly like the doc's example."""
        return {
            "_id": self.object_id,
            "phones": [self.client_id],
            "first_name": self.first_name,
            "last_name": self.last_name,
            "profile_pic": None,
            "locale": None,
            "timezone": None,
            "gender": None,
            "channels": [{"channel": WHATSAPP, "platformId": platform_id, "clientId": self.client_id, "metaData": {}}],
        }


@dataclass(slots=True)
class _Channel:
    spec: ChannelSpec
    agenda: dict[str, _Contact]  # by clientId
    agenda_bytes: bytes | None = None  # the serialized agenda, until it changes


_ROUTE_TABLE: tuple[Route, ...] = (
    Route("POST", "/login", "login", "_login"),
    Route("POST", "/message/{channel}/{platform}/{client}", "send", "_send"),
    Route("POST", "/masiveMessage/{channel}/{platform}/{client}", "mass_send", "_mass_send"),
    Route("GET", "/message/{channel}/{platform}/{message}", "status", "_status"),
    Route("GET", "/contact/{channel}/{platform}/{client}", "contact", "_contact"),
    Route("GET", "/contact/{channel}/{platform}", "agenda", "_agenda"),
    CATCH_ALL,
)
ROUTES: tuple[str, ...] = route_names(_ROUTE_TABLE)
# The document says a send's 200 means "Mensaje enviado a la plataforma correspondiente" and
# never shows its body; the status call takes "el idMessageHey devuelto como respuesta del
# método de envío". The simulator answers `{"idMessageHey": id}` unless one of these is armed:
# the id as a JSON string or as plain text, "OK" as plain text, or no body at all.
SEND_VARIANTS: tuple[str, ...] = ("id_string", "id_text", "ok_text", "empty")
# "unreadable_contact": the agenda lists, first, a contact with neither id nor phone.
AGENDA_VARIANTS: tuple[str, ...] = ("unreadable_contact",)
VARIANTS: dict[str, tuple[str, ...]] = {"send": SEND_VARIANTS, "mass_send": SEND_VARIANTS, "agenda": AGENDA_VARIANTS}
UNREADABLE_CONTACT = b'{"_id": null, "phones": [], "first_name": null, "last_name": null, "channels": []}'


class HeyNowSimulator(ProviderSimulator[HeyNowSandboxConfig]):
    """Hey Now's state and HTTP handlers. Mutate it only on the server's loop thread."""

    _provider = PROVIDER
    _send_routes = frozenset({"send", "mass_send"})
    _route_table = _ROUTE_TABLE

    def __init__(self, config: HeyNowSandboxConfig, log: RequestLog, faults: Faults, clock: Clock = time.monotonic) -> None:
        super().__init__(config, log, faults, clock)
        self._rng = random.Random(config.seed)  # message ids and fates
        self._error_rng = random.Random(config.seed + 1)  # status 500s
        self._sessions = LoginSessions(clock)
        self._messages: dict[str, _Tracked] = {}
        self._channels = {spec.platform_id: _Channel(spec, self._make_agenda(spec, index)) for index, spec in enumerate(CHANNELS)}

    # ---- state, for tests and the admin API -------------------------------------------

    def expire_tokens(self) -> None:
        self._sessions.clear()

    def add_inbound_contact(
        self, platform_id: str, client_id: str, first_name: str, last_name: str | None = None
    ) -> dict[str, Any]:
        """A customer writes to the channel, so they are now in its agenda."""
        channel = self._channels.get(platform_id)
        if channel is None:
            raise ValueError(f"There is no Hey Now channel {platform_id} in the sandbox.")
        if client_id not in channel.agenda:
            channel.agenda[client_id] = _Contact(f"{self._rng.getrandbits(96):024x}", client_id, first_name, last_name)
            channel.agenda_bytes = None
        return channel.agenda[client_id].wire(platform_id)

    def remove_contact(self, platform_id: str, client_id: str) -> None:
        """The provider drops a customer from the channel's agenda."""
        channel = self._channels[platform_id]
        if channel.agenda.pop(client_id, None) is not None:
            channel.agenda_bytes = None

    def forget_messages(self) -> None:
        """The provider loses its message history: status queries answer 404 from now on."""
        self._messages.clear()

    def agenda_ids(self, platform_id: str) -> list[str]:
        return list(self._channels[platform_id].agenda)

    def messages_sent(self) -> list[SentMessage]:
        return [tracked.message for tracked in self._messages.values()]

    # ---- handlers -------------------------------------------------------------------

    @staticmethod
    def _error_body(refusal: Refusal) -> dict[str, Any]:
        """Hey Now's error answer: `{"message": ...}`."""
        return {"message": refusal.message}

    async def _login(self, request: web.Request) -> web.Response:
        body = await sent_json_object(request)
        name, password = body.get("name"), body.get("password")
        if not isinstance(name, str) or not isinstance(password, str):
            raise Refusal(400, "name and password are required")
        if USERS.get(name) != password:
            raise Refusal(401, "Invalid user name or password")
        token = secrets.token_urlsafe(32)
        self._sessions.open(token, name)
        return json_response({"token": token})

    async def _send(self, request: web.Request) -> web.Response:
        channel = self._authorized_channel(request)
        text = required_text(await sent_json_object(request), "text")
        contact_validation = _contact_validation(request)
        client_id = request.match_info["client"]
        spec = channel.spec
        outcome = send_outcome(spec.validates_contacts, spec.alternative_bot, contact_validation, client_id in channel.agenda)
        if outcome is SendOutcome.NOT_SENT:
            raise Refusal(404, answers.SEND_NOT_FOUND)
        message_id = self._accept(channel, client_id, text, outcome is SendOutcome.ALTERNATIVE_BOT, mass=False)
        return _sent(request, message_id)

    async def _mass_send(self, request: web.Request) -> web.Response:
        channel = self._authorized_channel(request)
        if channel.spec.validates_contacts:
            raise Refusal(400, "Channel validates contacts: mass send not allowed")
        text = required_text(await sent_json_object(request), "text")
        message_id = self._accept(channel, request.match_info["client"], text, False, mass=True)
        return _sent(request, message_id)

    async def _status(self, request: web.Request) -> web.Response:
        channel = self._authorized_channel(request)
        if self.config.status_error_ratio > 0 and self._error_rng.random() < self.config.status_error_ratio:
            raise Refusal(500, answers.INTERNAL_ERROR)
        tracked = self._messages.get(request.match_info["message"])
        if tracked is None or tracked.message.platform_id != channel.spec.platform_id:
            raise Refusal(404, answers.MESSAGE_NOT_FOUND)
        return json_response(tracked.status(self._clock()))

    async def _contact(self, request: web.Request) -> web.Response:
        channel = self._authorized_channel(request)
        contact = channel.agenda.get(request.match_info["client"])
        if contact is None:
            raise Refusal(404, answers.CONTACT_NOT_FOUND)
        return json_response(contact.wire(channel.spec.platform_id))

    async def _agenda(self, request: web.Request) -> web.Response:
        channel = self._authorized_channel(request)
        if channel.agenda_bytes is None:
            # One contact at a time: building all the objects first costs twice as much.
            platform_id = channel.spec.platform_id
            items = ", ".join(to_json(contact.wire(platform_id)) for contact in channel.agenda.values())
            channel.agenda_bytes = f"[{items}]".encode()
        body = channel.agenda_bytes
        if variant_of(request) == "unreadable_contact":
            rest = body[1:].lstrip()
            body = b"[" + UNREADABLE_CONTACT + (b"]" if rest == b"]" else b", " + rest)
        return web.Response(body=body, content_type="application/json", charset="utf-8")

    async def _unknown(self, request: web.Request) -> web.Response:
        raise Refusal(404, f"No API method {request.method} {request.path}")

    # ---- helpers --------------------------------------------------------------------

    def _authorized_channel(self, request: web.Request) -> _Channel:
        """The token's user (else 401) must own the path's channel (else 403)."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        user = self._sessions.user(token.strip(), self.config.token_ttl) if scheme.lower() == "bearer" else None
        if user is None:
            raise Refusal(401, answers.TOKEN_NOT_VALID)
        try:
            channel_id = int(request.match_info["channel"])
        except ValueError:
            raise Refusal(400, "channelId must be an integer") from None
        channel = self._channels.get(request.match_info["platform"])
        if channel_id != WHATSAPP or channel is None or channel.spec.owner != user:
            raise Refusal(403, answers.INSUFFICIENT_PERMISSIONS)
        return channel

    def _accept(self, channel: _Channel, client_id: str, text: str, via_alternative_bot: bool, *, mass: bool) -> str:
        message = SentMessage(
            id=str(uuid.UUID(int=self._rng.getrandbits(128), version=4)),
            channel_id=WHATSAPP,
            platform_id=channel.spec.platform_id,
            client_id=client_id,
            text=text,
            via_alternative_bot=via_alternative_bot,
            mass=mass,
            sent_at=time.time(),
        )
        self._messages[message.id] = _Tracked(message, self._clock(), self._fate())
        return message.id

    def _fate(self) -> tuple[tuple[float, str], ...]:
        """The status steps of a new message: normal, never read, or stuck at "?"."""
        draw = self._rng.random()
        jitter = self._rng.uniform(0.9, 1.1)  # same factor for every step keeps them ordered
        delays = self.config.status_delays
        steps = tuple((delay * jitter, status) for delay, status in zip(delays, ("RS", "RU", "LU"), strict=True))
        if draw < self.config.stuck_ratio:
            return ()
        if draw < self.config.stuck_ratio + self.config.never_read_ratio:
            return steps[:2]
        return steps

    def _make_agenda(self, spec: ChannelSpec, index: int) -> dict[str, _Contact]:
        size = self.config.agenda_size if spec.agenda_cap is None else min(self.config.agenda_size, spec.agenda_cap)
        seed = self.config.seed * 100 + index
        rng = random.Random(seed)
        agenda: dict[str, _Contact] = {}
        for person in generate_people(size, seed):
            object_id = f"{rng.getrandbits(96):024x}"
            if rng.random() < self.config.nameless_ratio:
                agenda[person.phone] = _Contact(object_id, person.phone, person.phone, None)
            else:
                agenda[person.phone] = _Contact(object_id, person.phone, person.first_name, person.last_name)
        return agenda


def _sent(request: web.Request, message_id: str) -> web.Response:
    """A send's 200, in the shape the request's variant asks for (see `SEND_VARIANTS`)."""
    variant = variant_of(request)
    if variant == "id_string":
        return json_response(message_id)
    if variant == "id_text":
        return web.Response(text=message_id, content_type="text/plain")
    if variant == "ok_text":
        return web.Response(text="OK", content_type="text/plain")
    if variant == "empty":
        return web.Response(status=200)
    return json_response({"idMessageHey": message_id})


def _contact_validation(request: web.Request) -> bool:
    # The doc lists contactValidation among the method's parameters without showing where
    # it goes; Swagger's parameters are the path's and the query's, while the request body
    # holds only `text`, so it is read from the query (as the client sends it).
    # The doc does not say what a missing contactValidation means. Our reading: the API
    # "verifies that the destination belongs to the agenda unless told otherwise" (doc
    # §8), so a missing parameter means true.
    raw = request.query.get("contactValidation", "true").lower()
    if raw not in ("true", "false"):
        raise Refusal(400, "contactValidation must be true or false")
    return raw == "true"
