"""A stateful simulator of Concepto Móvil's Broadcasterbot API (API.md §1).

Each API key is one business with its own registered contacts and 24-hour sessions. The
demo key `demo-broadcasterbot-key` starts with a few registered contacts; a second key
keeps its contacts apart. The rules, per contact of a send:
- not registered -> `failure`/`no_opt_in`;
- a local number ending in `0000` has no WhatsApp -> `failure`/`no_capability`;
- text, media or location without an open session -> `failure`/`failed` (only a template
  opens a conversation); a customer reply opens or renews the 24 hours;
- otherwise `success`/`queued`, then `dispatched`, `sent`, `delivered`, `read` after
  `status_delays` (some messages are never read).
The API key is checked before the body, so a wrong key is a 401 whatever the body says.
A body must be sent as JSON, and a template must be one of `broadcasterbot_catalogue`'s,
with its number of parameters, in one of its languages (else 400, code 1200).
Every delivery report and customer message is recorded as the callback body it would be,
and POSTed to the key's callback URL when its time comes (see `pusher` for the retries and
the unsubscription). The real provider takes the URL on its side; here it is set with
`set_callback_url` or `POST /_sandbox/broadcasterbot/callback-url`. Unlike the real
provider, which retries a failed callback apart while later ones go on, the sandbox keeps
each key's callbacks in order: later ones wait behind a failing one. What else the
provider may push (a photo, a place, `deleted`, an unlisted state, messages and statuses
in one body) is armed as variants: see `broadcasterbot_variants`.

With `customers` in its config, the demo key's customers live (see `broadcasterbot_customers`):
they answer some of what they read and write first now and then, texts, photos served under
`{PREFIX}/media/` and places.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import phonenumbers
from aiohttp import web

from console.sandbox.broadcasterbot_bodies import Contact, InvalidBody, contact_problem, contacts_of, content_of, json_object
from console.sandbox.broadcasterbot_callbacks import CallbackTimeline, message_callback, status_callback, text_content
from console.sandbox.broadcasterbot_catalogue import TEMPLATES, template_errors
from console.sandbox.broadcasterbot_customers import CUSTOMER_MEDIA, MEDIA_PATH, SimulatedCustomers
from console.sandbox.broadcasterbot_variants import VARIANTS as CALLBACK_VARIANTS
from console.sandbox.broadcasterbot_variants import CallbackVariants
from console.sandbox.customer_life import CustomerLife
from console.sandbox.media_host import MediaHost
from console.sandbox.people import generate_people
from console.sandbox.plumbing import (
    CATCH_ALL,
    Clock,
    ProviderSimulator,
    Refusal,
    Route,
    add_steering_routes,
    json_response,
    route_names,
    variant_of,
)
from console.sandbox.pusher import Pushers, RetryPolicy, url_problem
from console.sandbox.recorder import Faults, RequestLog

PROVIDER = "broadcasterbot"
PREFIX = "/broadcasterbot"

DEMO_API_KEY = "demo-broadcasterbot-key"
OTHER_API_KEY = "otra-broadcasterbot-key"
NO_WHATSAPP_SUFFIX = "0000"  # local numbers ending like this have no WhatsApp

CODE_REGISTER_BODY, CODE_DELETE_BODY, CODE_SEND_BODY = 1300, 1301, 1200
CODE_INVALID_KEY, CODE_MISSING_KEY = 1100, 1101
BAD_BODY = "El cuerpo contiene una petición con sintaxis errónea"  # the doc's error descriptions
PROGRESS = ("dispatched", "sent", "delivered", "read")


@dataclass(frozen=True, slots=True)
class BroadcasterbotSandboxConfig:
    api_keys: tuple[str, ...] = (DEMO_API_KEY, OTHER_API_KEY)
    # Seconds after acceptance at which a message reaches dispatched, sent, delivered, read.
    status_delays: tuple[float, float, float, float] = (1.0, 3.0, 6.0, 12.0)
    never_read_ratio: float = 0.2  # messages that stop at delivered
    session_seconds: float = 24 * 3600.0
    demo_contacts: int = 10  # registered for the demo key at start
    seed: int = 42
    # The documented retry "beat" and maximum time of consecutive failure, in seconds.
    callback_beat: float = 30.0
    callback_max_time: float = 300.0
    callback_timeout: float = 10.0  # seconds the receiver has to answer a callback
    customers: CustomerLife | None = None  # None: customers write only when steered to


@dataclass(frozen=True, slots=True)
class _Registration:
    created_at: str
    updated_at: str


@dataclass(slots=True)
class _Account:
    contacts: dict[Contact, _Registration] = field(default_factory=dict)
    sessions: dict[Contact, float] = field(default_factory=dict)  # session end, on the simulator's clock


# Paths as the doc writes them, trailing slash included.
_ROUTE_TABLE: tuple[Route, ...] = (
    Route("POST", "/v1/contacts/register/", "register_contacts", "_register"),
    Route("POST", "/v1/contacts/delete/", "delete_contacts", "_delete"),
    Route("POST", "/v1/messages/", "send", "_send"),
    CATCH_ALL,
)
ROUTES: tuple[str, ...] = (*route_names(_ROUTE_TABLE), "customer_media")
# See `FaultKind.VARIANT`: the callbacks it pushes, on routes of their own; and the send's
# answer, whose entries the doc calls only "similar" to its reports: `no_message_id` leaves
# their messageId out.
VARIANTS: dict[str, tuple[str, ...]] = {**CALLBACK_VARIANTS, "send": ("no_message_id",)}


class BroadcasterbotSimulator(ProviderSimulator[BroadcasterbotSandboxConfig]):
    """Broadcasterbot's state and HTTP handlers. Mutate it only on the server's loop thread."""

    _provider = PROVIDER
    _send_routes = frozenset({"send"})
    _route_table = _ROUTE_TABLE

    def __init__(
        self, config: BroadcasterbotSandboxConfig, log: RequestLog, faults: Faults, clock: Clock = time.monotonic
    ) -> None:
        super().__init__(config, log, faults, clock)
        self._shift = 0.0  # added to the clock by `advance`
        self._rng = random.Random(config.seed)
        self._accounts = {key: _Account() for key in config.api_keys}
        policy = RetryPolicy(config.callback_beat, config.callback_max_time, config.callback_timeout)
        self._pushers = Pushers(policy, self.now)
        variants = CallbackVariants(lambda route: self._faults.take_armed(PROVIDER, route))
        self._timeline = CallbackTimeline(self._pushers.push, variants.shape)
        self._origin: str | None = None  # where the sandbox is served, for the links to customers' photos
        self.media = MediaHost(CUSTOMER_MEDIA)
        self._customers: SimulatedCustomers | None = None
        if config.customers is not None:
            self._customers = SimulatedCustomers(
                config.customers, self._demo_contacts, self._demo_customer_sends, self.media_link, self.now
            )
        demo = self._accounts.get(DEMO_API_KEY)
        if demo is not None:
            for person in generate_people(config.demo_contacts, config.seed):
                number = phonenumbers.parse("+" + person.phone)
                demo.contacts[Contact(str(number.national_number), person.country)] = self._registration(None)

    # ---- state, for tests and the admin API -------------------------------------------

    def now(self) -> float:
        return self._clock() + self._shift

    def advance(self, seconds: float) -> None:
        """Move the simulator's time forward: sessions age and messages progress."""
        if seconds < 0:
            raise ValueError("Time only moves forward: seconds cannot be negative.")
        self._shift += seconds
        self._timeline.clock_moved()

    def expire_sessions(self) -> None:
        for account in self._accounts.values():
            account.sessions.clear()

    def customer_replies(self, phone: str, country: str, text: str, api_key: str = DEMO_API_KEY) -> str:
        """A customer writes a text; see `customer_sends`."""
        if not text.strip():
            raise ValueError("text is required")
        return self.customer_sends(phone, country, text_content(text), api_key)

    def customer_sends(self, phone: str, country: str, content: dict[str, Any], api_key: str = DEMO_API_KEY) -> str:
        """A customer writes (`content`: a `broadcasterbot_callbacks.*_content`): their 24 hours
        start again and the message is recorded as a callback. Registration is separate: an
        unregistered writer still gets `no_opt_in`."""
        account = self._account_of(api_key)
        problem = contact_problem(phone, country)
        if problem is not None:
            raise ValueError(f"{problem[0]} {problem[1]}")
        contact = Contact(phone, country)
        account.sessions[contact] = self.now() + self.config.session_seconds
        message_id = self._new_id()
        self._timeline.schedule(api_key, self.now(), message_callback(message_id, contact, content))
        return message_id

    def resume_session(self, phone: str, country: str, wrote_seconds_ago: float, api_key: str = DEMO_API_KEY) -> None:
        """A customer wrote `wrote_seconds_ago`, before this simulator started: their 24 hours
        run on from then, as the provider's would have."""
        session_end = self.now() - wrote_seconds_ago + self.config.session_seconds
        self._account_of(api_key).sessions[Contact(phone, country)] = session_end

    def serving_at(self, origin: str) -> None:
        """The sandbox's address (`http://127.0.0.1:PORT`), known once it listens."""
        self._origin = origin

    def media_link(self, name: str) -> str | None:
        """Where the provider serves a customer's file (`CUSTOMER_MEDIA`); None until `serving_at`."""
        return None if self._origin is None else f"{self._origin}{PREFIX}{MEDIA_PATH}/{name}"

    def recorded_callbacks(self, api_key: str = DEMO_API_KEY) -> list[dict[str, Any]]:
        """Every callback body due so far for this key's callback URL, oldest first."""
        self._account_of(api_key)
        self._timeline.settle(self.now())
        return self._timeline.recorded(api_key)

    def registered_contacts(self, api_key: str = DEMO_API_KEY) -> list[tuple[str, str]]:
        return [(c.phone, c.country) for c in self._account_of(api_key).contacts]

    def set_callback_url(self, api_key: str, url: str) -> dict[str, Any]:
        """Subscribe `url` to the key's callbacks due from now on (again, after an unsubscription)."""
        self._account_of(api_key)
        problem = url_problem(url)
        if problem is not None:
            raise ValueError(problem)
        self._timeline.settle(self.now())  # callbacks already due are not for the new subscription
        self._pushers.subscribe(api_key, url)
        return self._pushers.state(api_key)

    def subscriptions(self) -> dict[str, dict[str, Any]]:
        """Each key's callback subscription: URL, delivered, pending, failures, unsubscription."""
        self._timeline.settle(self.now())
        return {key: self._pushers.state(key) for key in self.config.api_keys}

    def register_routes(self, app: web.Application) -> None:
        # Before the route table, whose catch-all would answer the files' paths.
        self.media.register_routes(app, MEDIA_PATH, wrap=lambda handler: self._recorded("customer_media", handler))
        super().register_routes(app)
        customers = () if self._customers is None else (self._customers.run,)
        self._pushers.install(app, lambda: self._timeline.follow(self.now), *customers)

    def register_admin_routes(self, app: web.Application, prefix: str) -> None:
        """The steering API; the sandbox server only listens on loopback."""
        routes = (
            ("POST", "/reply", self._admin_reply),
            ("POST", "/advance", self._admin_advance),
            ("POST", "/expire-sessions", self._admin_expire_sessions),
            ("GET", "/callbacks", self._admin_callbacks),
            ("GET", "/contacts", self._admin_contacts),
            ("POST", "/callback-url", self._admin_callback_url),
            ("GET", "/subscriptions", self._admin_subscriptions),
            ("GET", "/templates", self._admin_templates),
        )
        add_steering_routes(app, prefix, routes, InvalidBody, ValueError)

    def describe(self) -> str:
        return (
            f"Broadcasterbot API key '{DEMO_API_KEY}' ({self.config.demo_contacts} contacts registered); "
            f"local numbers ending in {NO_WHATSAPP_SUFFIX} have no WhatsApp; "
            f"templates {', '.join(f'{t.name} ({t.param_count})' for t in TEMPLATES)}: GET /_sandbox/broadcasterbot/templates; "
            "customer replies via POST /_sandbox/broadcasterbot/reply; "
            "callback URL via POST /_sandbox/broadcasterbot/callback-url"
        )

    # ---- provider handlers -------------------------------------------------------------

    @staticmethod
    def _error_body(refusal: Refusal) -> dict[str, Any]:
        """The documented error body `{"httpStatus","message","code","errors"}`."""
        code, errors = refusal.details.get("code"), refusal.details.get("errors")
        return {"httpStatus": refusal.status, "message": refusal.message, "code": code, "errors": errors or {}}

    async def _register(self, request: web.Request) -> web.Response:
        _, account = self._authorized(request)
        contacts = await _body_or_refusal(request, CODE_REGISTER_BODY, contacts_of)
        registered = []
        for contact in contacts:
            known = account.contacts.get(contact)
            account.contacts[contact] = self._registration(known)
            entry = account.contacts[contact]
            registered.append({"createdAt": entry.created_at, "updatedAt": entry.updated_at, **contact.wire()})
        return json_response({"httpStatus": 200, "message": "Contactos dados de alta", "data": registered})

    async def _delete(self, request: web.Request) -> web.Response:
        _, account = self._authorized(request)
        contacts = await _body_or_refusal(request, CODE_DELETE_BODY, contacts_of)
        for contact in contacts:
            account.contacts.pop(contact, None)
        return json_response({"httpStatus": 200, "message": "Contactos dados de baja", "data": []})

    async def _send(self, request: web.Request) -> web.Response:
        api_key, account = self._authorized(request)

        def parse(body: dict[str, Any]) -> tuple[list[Contact], str, str | None]:
            contacts, (kind, content) = contacts_of(body), content_of(body)
            errors = template_errors(content) if kind == "template" else {}
            if errors:
                raise InvalidBody(errors)
            return contacts, kind, content["name"] if kind == "template" else None

        contacts, kind, template = await _body_or_refusal(request, CODE_SEND_BODY, parse)
        data = [self._deliver(api_key, account, contact, kind, template) for contact in contacts]
        if variant_of(request) == "no_message_id":
            data = [{key: value for key, value in entry.items() if key != "messageId"} for entry in data]
        return json_response({"httpStatus": 201, "message": "success", "data": data}, 201)

    async def _unknown(self, request: web.Request) -> web.Response:
        raise Refusal(404, f"No existe {request.method} {request.path}")

    # ---- admin handlers ----------------------------------------------------------------

    async def _admin_reply(self, request: web.Request) -> web.Response:
        body = json_object(await request.read())
        phone, country, text = body.get("phone"), body.get("country"), body.get("text")
        api_key = body.get("apiKey", DEMO_API_KEY)
        if not all(isinstance(v, str) for v in (phone, country, text, api_key)):
            raise ValueError("phone, country and text are required strings (apiKey optional)")
        message_id = self.customer_replies(phone, country, text, api_key)
        return web.json_response({"messageId": message_id, "sessionSeconds": self.config.session_seconds})

    async def _admin_advance(self, request: web.Request) -> web.Response:
        seconds = json_object(await request.read()).get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise ValueError("seconds must be a number")
        self.advance(float(seconds))
        return web.json_response({"ok": True})

    async def _admin_expire_sessions(self, request: web.Request) -> web.Response:
        self.expire_sessions()
        return web.json_response({"ok": True})

    async def _admin_callbacks(self, request: web.Request) -> web.Response:
        callbacks = self.recorded_callbacks(request.query.get("apiKey", DEMO_API_KEY))
        return json_response(callbacks)

    async def _admin_contacts(self, request: web.Request) -> web.Response:
        contacts = self.registered_contacts(request.query.get("apiKey", DEMO_API_KEY))
        return web.json_response([{"phone": phone, "country": country} for phone, country in contacts])

    async def _admin_callback_url(self, request: web.Request) -> web.Response:
        body = json_object(await request.read())
        api_key, url = body.get("apiKey", DEMO_API_KEY), body.get("url")
        if not isinstance(api_key, str) or not isinstance(url, str):
            raise ValueError("url is a required string (apiKey optional)")
        return json_response(self.set_callback_url(api_key, url))

    async def _admin_subscriptions(self, request: web.Request) -> web.Response:
        return json_response(self.subscriptions())

    async def _admin_templates(self, request: web.Request) -> web.Response:
        return json_response([template.wire() for template in TEMPLATES])

    # ---- helpers -----------------------------------------------------------------------

    def _authorized(self, request: web.Request) -> tuple[str, _Account]:
        """The key's account (else 401 1101/1100); due callbacks are recorded first."""
        key = _bearer(request)
        if key is None:
            raise Refusal(401, "No se proporcionó ApiKey", code=CODE_MISSING_KEY)
        account = self._accounts.get(key)
        if account is None:
            raise Refusal(401, "ApiKey inválida", code=CODE_INVALID_KEY)
        self._timeline.settle(self.now())
        return key, account

    def _account_of(self, api_key: str) -> _Account:
        account = self._accounts.get(api_key)
        if account is None:
            raise ValueError("There is no such Broadcasterbot API key in the sandbox.")
        return account

    def _deliver(self, api_key: str, account: _Account, contact: Contact, kind: str, template: str | None) -> dict[str, Any]:
        """One contact's fate; its delivery reports are scheduled as callbacks, and a customer
        who reads it may answer."""
        now, message_id = self.now(), self._new_id()
        if contact not in account.contacts:
            state = "no_opt_in"
        elif contact.phone.endswith(NO_WHATSAPP_SUFFIX):
            state = "no_capability"
        elif kind != "template" and not now < account.sessions.get(contact, now):
            state = "failed"  # only a template may open a conversation
        else:
            state = "queued"
        success = state == "queued"
        self._timeline.schedule(api_key, now, status_callback(success, state, message_id, contact))
        if success:
            steps = PROGRESS[:-1] if self._rng.random() < self.config.never_read_ratio else PROGRESS
            for delay, step in zip(self.config.status_delays, steps, strict=False):
                self._timeline.schedule(api_key, now + delay, status_callback(True, step, message_id, contact))
            if self._customers is not None and api_key == DEMO_API_KEY and steps[-1] == "read":
                self._customers.read(contact, template, now + self.config.status_delays[-1])
        return status_callback(success, state, message_id, contact)["statuses"][0]

    def _demo_contacts(self) -> list[Contact]:
        return list(self._accounts[DEMO_API_KEY].contacts) if DEMO_API_KEY in self._accounts else []

    def _demo_customer_sends(self, contact: Contact, content: dict[str, Any]) -> None:
        self.customer_sends(contact.phone, contact.country, content)

    def _new_id(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def _registration(self, known: _Registration | None) -> _Registration:
        stamp = (datetime.now(UTC) + timedelta(seconds=self._shift)).isoformat(timespec="milliseconds")
        stamp = stamp.replace("+00:00", "Z")
        return _Registration(known.created_at if known else stamp, stamp)


def _bearer(request: web.Request) -> str | None:
    scheme, _, key = request.headers.get("Authorization", "").strip().partition(" ")
    return key.strip() or None if scheme.lower() == "bearer" else None


async def _body_or_refusal(request: web.Request, code: int, parse: Callable[[dict[str, Any]], Any]) -> Any:
    """The parsed body, or the documented 400 with `code`. Every request of the document
    carries `Content-Type: application/json`: a body sent otherwise is refused too."""
    try:
        if request.content_type != "application/json":
            raise InvalidBody({"Content-Type": "must be application/json"})
        return parse(json_object(await request.read()))
    except InvalidBody as invalid:
        raise Refusal(400, BAD_BODY, code=code, errors=invalid.errors) from None
