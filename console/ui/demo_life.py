"""The sandbox as a demo: the template catalogues, the customers already waiting at the
first start, and the Chattigo customers who keep talking to its bot.

A customer's message comes in through their provider's own way in where it has one: a
Broadcasterbot customer writes through the simulator (a callback to the embedded relay), a
customer of the Chattigo demo's bot writes to the Cloud API demo's number through Meta's
simulator (a signed webhook), and the console forwards it to the bot. Hey Now,
Cliengo and TimelinesAI hand the console no customer messages at all, so their waiting
customers are stored through the console's incoming-message service, as having written a
while ago (Hey Now's also joins the channel's agenda, as a customer who writes does).
Later on, Broadcasterbot's customers live inside its simulator (`CustomerLife`); the
bot's are played here. How fast they all go is
the session's `DemoLife`. Qt-free; the sandbox session uses it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import deque
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from console.domain.accounts import Account, ProviderKind
from console.domain.phones import local_number, parse_phone
from console.domain.sessions import session_remaining
from console.sandbox import heynow
from console.sandbox.broadcasterbot_customers import OPENERS, photo_content
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.services.workspace import Workspace
from console.ui.demo import DemoAccounts, install_catalogues
from console.ui.session import DemoLife

log = logging.getLogger(__name__)

PAGE = 500  # contacts read at once when looking for customers who wrote recently


@dataclass(frozen=True, slots=True)
class _Waiting:
    name: str
    phone: str  # as people write it
    text: str
    minutes_ago: int


# The customers of the providers that give the console no way in for their messages.
_STORED_WAITING: dict[ProviderKind, _Waiting] = {
    ProviderKind.HEYNOW: _Waiting(
        "Lucía Fernández",
        "+598 94 312 587",
        "Hola, ¿tienen stock de la heladera que publicaron? La necesito esta semana.",
        130,
    ),
    ProviderKind.CLIENGO: _Waiting(
        "Valentina Rossi", "+598 99 482 163", "Vi la promo de aires acondicionados en la web, ¿sigue vigente?", 45
    ),
    ProviderKind.TIMELINESAI: _Waiting("Joaquín Méndez", "+598 98 765 432", "Buenas, ¿a qué hora cierran hoy?", 12),
}


@dataclass(frozen=True, slots=True)
class _ChatCustomer:
    name: str
    phone: str
    lines: tuple[str, ...]  # one per step of the Chattigo bot's script, the last one ends the chat


_CHAT_CUSTOMERS = (
    _ChatCustomer(
        "Martín Suárez",
        "+54 9 11 5234 8876",
        (
            "Hola, quiero saber dónde está mi pedido",
            "Mis pedidos",
            "¿Me pasan la factura y la dirección de la sucursal?",
            "Listo, ¡gracias!",
        ),
    ),
    _ChatCustomer(
        "Camila Acosta",
        "+54 9 351 456 7890",
        ("Buenas tardes, quería consultar precios", "Ventas", "¿Dónde queda la sucursal más cercana?", "Perfecto, gracias"),
    ),
)


def lively(configs: SandboxConfigs, life: DemoLife) -> SandboxConfigs:
    """The simulators' settings with Broadcasterbot's customers living."""
    return replace(configs, broadcasterbot=replace(configs.broadcasterbot, customers=life.customers))


async def start_life(workspace: Workspace, server: SandboxServer, accounts: DemoAccounts, life: DemoLife) -> ChatCustomers:
    """Install the catalogues, seat the waiting customers of the accounts made on this start,
    then let the Chattigo customers talk; the returned customers are the caller's to close."""
    await install_catalogues(workspace, accounts)
    now = datetime.now(UTC)
    await _join_heynow_agenda(server, accounts.heynow)
    await _resume_broadcasterbot_sessions(workspace, server, accounts.broadcasterbot, now)
    for account in (accounts.heynow, accounts.cliengo, accounts.timelinesai):
        if account.id in accounts.created:
            await _store_waiting(workspace, account, _STORED_WAITING[account.provider], now)
    if accounts.broadcasterbot.id in accounts.created:
        await asyncio.to_thread(_broadcasterbot_customers_write, server)
    if accounts.cloudapi.id in accounts.created:
        await asyncio.to_thread(_cloudapi_customers_write, server)
    scripts = [deque(customer.lines) for customer in _CHAT_CUSTOMERS]
    if accounts.cloudapi.id in accounts.created:
        first = _CHAT_CUSTOMERS[0]
        await _writes_to_meta(server, first, scripts[0].popleft())
    customers = ChatCustomers(server, life, list(zip(_CHAT_CUSTOMERS, scripts, strict=True)))
    customers.start()
    return customers


async def _join_heynow_agenda(server: SandboxServer, account: Account) -> None:
    """Hey Now's waiting customer wrote to the channel, so they are in its agenda and can be
    answered; on every start, as the simulator begins each run with its generated agenda only."""
    waiting = _STORED_WAITING[ProviderKind.HEYNOW]
    phone = parse_phone(waiting.phone, account.settings.get("default_region"))
    first, _, last = waiting.name.partition(" ")
    add = server.sandbox.heynow.add_inbound_contact
    await asyncio.to_thread(server.call, add, heynow.DEMO_PLATFORM, phone.digits, first, last or None)


async def _resume_broadcasterbot_sessions(workspace: Workspace, server: SandboxServer, account: Account, now: datetime) -> None:
    """The simulator starts each run with every 24 h window closed; the customers who wrote in
    the last day, as the store remembers them, get theirs back, so answering them works as before."""
    resume = server.sandbox.broadcasterbot.resume_session
    offset = 0
    while contacts := await workspace.agenda.page(account.id, "", offset, PAGE):
        for contact in contacts:
            wrote = contact.last_inbound_at
            if wrote is not None and session_remaining(wrote, now) is not None:
                local, country = local_number(parse_phone(contact.phone))
                await asyncio.to_thread(server.call, resume, local, country, (now - wrote).total_seconds())
        offset += len(contacts)


async def _store_waiting(workspace: Workspace, account: Account, waiting: _Waiting, now: datetime) -> None:
    phone = parse_phone(waiting.phone, account.settings.get("default_region"))
    at = now - timedelta(minutes=waiting.minutes_ago)
    message_id = f"sandbox-waiting-{account.provider.value}"
    await workspace.inbound.record(account, phone, waiting.text, message_id, at, name=waiting.name)


def _broadcasterbot_customers_write(server: SandboxServer) -> None:
    """Two of the demo business's customers write: a question about an invoice, and a photo."""
    simulator = server.sandbox.broadcasterbot
    (phone, country), (other_phone, other_country) = server.call(simulator.registered_contacts)[:2]
    server.call(simulator.customer_replies, phone, country, OPENERS[0])
    link = server.call(simulator.media_link, "caja.png")
    assert link is not None  # the server knows its address once it listens
    server.call(simulator.customer_sends, other_phone, other_country, photo_content("caja.png", link))


async def _writes_to_meta(server: SandboxServer, customer: _ChatCustomer, line: str) -> None:
    """The customer writes to the Cloud API demo's number: Meta's simulator posts the webhook."""
    wa_id = parse_phone(customer.phone).digits
    await asyncio.to_thread(server.call, server.sandbox.cloudapi.customer_writes, wa_id, line, customer.name)


def _cloudapi_customers_write(server: SandboxServer) -> None:
    """Two customers write to the Cloud API number through signed webhooks: one with her
    number, one who hides hers behind a username (known by her business-scoped user id)."""
    simulator = server.sandbox.cloudapi
    server.call(simulator.customer_writes, "59891234567", "Hola, ¿hacen envíos al interior?", "Florencia Díaz")
    server.call(simulator.customer_writes, None, "Buenas, ¿me pasan el catálogo?", "Sofía", "UY.4815162342")


class ChatCustomers:
    """Customers who keep talking to the Chattigo demo's bot, a line every little while,
    until their scripts end. One task, held here and cancelled by `close`."""

    def __init__(self, server: SandboxServer, life: DemoLife, scripts: list[tuple[_ChatCustomer, deque[str]]]) -> None:
        self._server = server
        self._life = life
        self._scripts = scripts
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._talk(), name="sandbox customers")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _talk(self) -> None:
        rng = random.Random(self._life.seed)
        while talking := [(customer, lines) for customer, lines in self._scripts if lines]:
            await asyncio.sleep(rng.uniform(*self._life.chat_pause))
            customer, lines = rng.choice(talking)
            try:
                await _writes_to_meta(self._server, customer, lines.popleft())
            except (RuntimeError, ValueError) as error:  # the sandbox stopping under us
                log.warning("a sandbox customer could not write to the Cloud API demo: %s", error)
