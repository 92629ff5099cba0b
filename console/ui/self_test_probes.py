"""The self-test's sends: one message through each provider's simulator, followed to the
last state that provider can report. Qt-free; `console.ui.self_test` runs them with the
window open.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from console.domain.accounts import PROVIDER_TITLES, Account, ProviderKind
from console.domain.content import Content, TemplateContent, TextContent
from console.domain.inbox import InboxFilter
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind
from console.domain.phones import parse_phone
from console.providers.registry import capabilities
from console.sandbox import heynow
from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig
from console.sandbox.chattigo import ChattigoSandboxConfig
from console.sandbox.cloudapi import CloudApiSandboxConfig
from console.sandbox.heynow import HeyNowSandboxConfig
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.services.poller import PollPolicy
from console.services.workspace import Workspace
from console.ui.session import (
    BROADCASTERBOT_DEMO,
    CHATTIGO_DEMO,
    CLIENGO_DEMO,
    CLOUDAPI_DEMO,
    DEMO_ACCOUNT,
    TIMELINESAI_DEMO,
    ConsoleSession,
)

# Simulators and poller at test speed: every state arrives within a second or two.
FAST_SANDBOX = SandboxConfigs(
    heynow=HeyNowSandboxConfig(status_delays=(0.2, 0.4, 0.6), never_read_ratio=0.0, stuck_ratio=0.0),
    broadcasterbot=BroadcasterbotSandboxConfig(status_delays=(0.1, 0.2, 0.3, 0.4), never_read_ratio=0.0, callback_beat=0.1),
    chattigo=ChattigoSandboxConfig(webhook_beat=0.1),
    cloudapi=CloudApiSandboxConfig(status_delays=(0.1, 0.2, 0.3), callback_beat=0.1),
)
FAST_POLLING = PollPolicy(first_delay=0.1, min_interval=0.1, max_interval=0.5, idle_wait=0.5)

CUSTOMER = "+59899123456"  # outside every simulator's generated agenda
BOT_CUSTOMER = "59899123457"  # writes to the Cloud API demo, whose bot is Chattigo's
CHECK_EVERY = 0.1


@dataclass(frozen=True, slots=True)
class ProbeResult:
    provider: ProviderKind
    passed: bool
    outcome: str  # what was sent and where it ended, or why it failed
    seconds: float

    def line(self) -> str:
        return report_line(self.passed, PROVIDER_TITLES[self.provider], self.outcome, self.seconds)


def report_line(passed: bool, subject: str, outcome: str, seconds: float) -> str:
    return f"{'PASS' if passed else 'FAIL'}  {subject:<30} {outcome:<32} {seconds:5.1f} s"


class ProbeFailed(Exception):
    pass


def expected_state(provider: ProviderKind) -> DeliveryState:
    """Read where the provider reports delivery, else accepted: the last state it tells."""
    return DeliveryState.READ if capabilities(provider).delivery_reports else DeliveryState.ACCEPTED


async def _follow(workspace: Workspace, account: Account, to: str, content: Content) -> str:
    message = await workspace.outbox.send(account, to, content)
    goal = expected_state(account.provider)
    while message.state is not goal:
        if message.state in (DeliveryState.FAILED, DeliveryState.UNKNOWN):
            raise ProbeFailed(f"{message.state.value}: {message.failure_reason or message.raw_state}")
        await asyncio.sleep(CHECK_EVERY)
        found = await workspace.conversations.message(message.id)
        assert found is not None
        message = found
    return goal.value


def _server(session: ConsoleSession) -> SandboxServer:
    if session.sandbox is None:
        raise ProbeFailed("not a sandbox session")
    return session.sandbox


async def _heynow(session: ConsoleSession) -> str:
    workspace, server = session.workspace, _server(session)
    account = await workspace.accounts.by_name(DEMO_ACCOUNT)
    customer = server.call(server.sandbox.heynow.agenda_ids, heynow.DEMO_PLATFORM)[0]
    return "text -> " + await _follow(workspace, account, customer, TextContent("Self-test"))


async def _broadcasterbot(session: ConsoleSession) -> str:
    workspace, server = session.workspace, _server(session)
    account = await workspace.accounts.by_name(BROADCASTERBOT_DEMO)
    number, country = server.call(server.sandbox.broadcasterbot.registered_contacts)[0]
    customer = parse_phone(number, country).e164
    return "template -> " + await _follow(workspace, account, customer, TemplateContent("bienvenida", ("Ana",)))


async def _cliengo(session: ConsoleSession) -> str:
    workspace = session.workspace
    account = await workspace.accounts.by_name(CLIENGO_DEMO)
    template = TemplateContent("7", named_params={"name": "Ana"})  # the demo website's "bienvenida"
    return "template -> " + await _follow(workspace, account, CUSTOMER, template)


async def _timelinesai(session: ConsoleSession) -> str:
    workspace = session.workspace
    account = await workspace.accounts.by_name(TIMELINESAI_DEMO)
    return "text -> " + await _follow(workspace, account, CUSTOMER, TextContent("Self-test"))


async def _chattigo(session: ConsoleSession) -> str:
    """A customer writes to the Cloud API demo's number; the Chattigo demo's bot, forwarded
    the message, answers through that number, and its answer is read."""
    workspace, server = session.workspace, _server(session)
    await workspace.accounts.by_name(CHATTIGO_DEMO)  # the bot the customer's message goes to
    meta = await workspace.accounts.by_name(CLOUDAPI_DEMO)
    server.call(server.sandbox.cloudapi.customer_writes, BOT_CUSTOMER, "Self-test", "Ana")
    while True:
        rows = await workspace.inbox.page(InboxFilter(account_id=meta.id, text=BOT_CUSTOMER), 0, 1)
        chat = [] if not rows else await workspace.conversations.messages(rows[0].conversation_id)
        answers = [m for m in chat if m.direction is Direction.BOT and m.kind is not MessageKind.NOTICE]
        if any(m.state in (DeliveryState.FAILED, DeliveryState.UNKNOWN) for m in answers):
            failed = next(m for m in answers if m.state in (DeliveryState.FAILED, DeliveryState.UNKNOWN))
            raise ProbeFailed(f"the bot's answer {failed.state.value}: {failed.failure_reason or failed.raw_state}")
        if answers and all(m.state is DeliveryState.READ for m in answers):
            return "customer -> bot answered -> read"
        await asyncio.sleep(CHECK_EVERY)


async def _cloudapi(session: ConsoleSession) -> str:
    workspace = session.workspace
    account = await workspace.accounts.by_name(CLOUDAPI_DEMO)
    return "template -> " + await _follow(workspace, account, CUSTOMER, TemplateContent("bienvenida", ("Ana",)))


PROBES: dict[ProviderKind, Callable[[ConsoleSession], Awaitable[str]]] = {
    ProviderKind.HEYNOW: _heynow,
    ProviderKind.BROADCASTERBOT: _broadcasterbot,
    ProviderKind.CLIENGO: _cliengo,
    ProviderKind.TIMELINESAI: _timelinesai,
    ProviderKind.CHATTIGO: _chattigo,
    ProviderKind.CLOUDAPI: _cloudapi,
}


async def _probe(provider: ProviderKind, session: ConsoleSession, timeout: float) -> ProbeResult:
    started = time.monotonic()
    try:
        outcome, passed = await asyncio.wait_for(PROBES[provider](session), timeout), True
    except TimeoutError:
        outcome, passed = f"no answer within {timeout:.0f} s", False
    except Exception as error:  # reported as this provider's failure; the others still run
        outcome, passed = str(error) or type(error).__name__, False
    return ProbeResult(provider, passed, outcome, time.monotonic() - started)


async def run_probes(session: ConsoleSession, timeout: float) -> list[ProbeResult]:
    """Every provider at once, each within `timeout` seconds."""
    return list(await asyncio.gather(*(_probe(provider, session, timeout) for provider in PROBES)))
