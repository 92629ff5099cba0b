"""Accounts and messages of each sending provider, on the sandbox, for the fault suite."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from console.domain.accounts import Account, ProviderKind
from console.domain.content import Content, TemplateContent, TextContent
from console.providers import registry
from console.providers.base import SendOptions
from console.sandbox import broadcasterbot as bb_sandbox
from console.sandbox.cliengo_catalogue import DEMO_API_KEY as CLIENGO_KEY
from console.sandbox.cliengo_catalogue import DEMO_WEBSITE
from console.sandbox.server import SandboxServer
from console.services.preflight import resolve_recipient
from console.services.workspace import Workspace
from console.store.database import DATABASE_FILE
from tests.conftest import OPEN_PLATFORM

# The route each provider's sends arrive on, in the sandbox.
SEND_ROUTES = {
    ProviderKind.HEYNOW: ("heynow", "send"),
    ProviderKind.BROADCASTERBOT: ("broadcasterbot", "send"),
    ProviderKind.CLIENGO: ("cliengo", "notifications"),
    ProviderKind.TIMELINESAI: ("timelinesai", "send"),
}


@dataclass(frozen=True, slots=True)
class Outgoing:
    to: str
    content: Content
    options: SendOptions


def recipient(index: int) -> str:
    """A distinct, valid Uruguayan mobile number per index (up to 10⁶)."""
    return f"+5989{1000000 + index}"


def outgoing(provider: ProviderKind, index: int) -> Outgoing:
    """Message `index` of a run: its recipient and content differ from every other index's."""
    to = recipient(index)
    if provider is ProviderKind.BROADCASTERBOT:
        return Outgoing(to, TemplateContent("pedido_listo", ("Ana", f"P-{index}")), SendOptions())
    if provider is ProviderKind.CLIENGO:
        return Outgoing(to, TemplateContent("7", named_params={"name": f"Cliente {index}"}), SendOptions())
    if provider is ProviderKind.HEYNOW:
        return Outgoing(to, TextContent(f"Aviso {index}"), SendOptions(contact_validation=False))
    return Outgoing(to, TextContent(f"Aviso {index}"), SendOptions())


async def add_sending_account(workspace: Workspace, server: SandboxServer, provider: ProviderKind, count: int) -> Account:
    """An account of `provider` on the sandbox that can send to `recipient(0..count-1)`."""
    urls = server.base_urls
    if provider is ProviderKind.HEYNOW:
        return await workspace.accounts.add_heynow(
            "hn", base_url=urls["heynow"], username="demo", password="demo", platform_id=OPEN_PLATFORM
        )
    if provider is ProviderKind.BROADCASTERBOT:
        account = await workspace.accounts.add_account(
            "bb", provider, {"base_url": urls["broadcasterbot"], "api_key": bb_sandbox.DEMO_API_KEY}
        )
        phones = [resolve_recipient(account, recipient(i)).phone for i in range(count)]
        async for _ in workspace.contacts.register_in_batches(account, [p for p in phones if p is not None]):
            pass
        return account
    if provider is ProviderKind.CLIENGO:
        settings = {"base_url": urls["cliengo"], "api_key": CLIENGO_KEY, "website_id": DEMO_WEBSITE}
        return await workspace.accounts.add_account("cl", provider, settings)
    webhook = server.root_url + server.call(server.sandbox.timelinesai.webhook_url, "demo")
    return await workspace.accounts.add_account("tl", provider, {"webhook_url": webhook}, sandbox=True)


def store_states(data_dir: Path) -> Counter[str]:
    """Outgoing messages in the store by state, read from the file (after the workspace closed)."""
    connection = sqlite3.connect(f"file:{data_dir / DATABASE_FILE}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT state, COUNT(*) FROM message WHERE direction = 'out' GROUP BY state")
        return Counter({state: n for state, n in rows})
    finally:
        connection.close()


def without_timelinesai_pacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """TimelinesAI's 2 s between sends would make a fault run last an hour; its pacing has its own test."""
    timelinesai = registry.definition(ProviderKind.TIMELINESAI)
    unpaced = dataclasses.replace(timelinesai.capabilities, min_send_interval=0.0)
    monkeypatch.setitem(registry.DEFINITIONS, ProviderKind.TIMELINESAI, dataclasses.replace(timelinesai, capabilities=unpaced))  # type: ignore[arg-type]
