"""The Hey Now client's contact calls and token lifetime, against the simulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from console.providers.errors import PermissionDenied
from console.providers.heynow.client import HeyNowClient, HeyNowSettings, NotInAgenda, Token
from console.sandbox.server import SandboxServer
from tests.conftest import DEMO_PLATFORM, FOREIGN_PLATFORM, agenda_client_ids, run_core


def _client(http: httpx.AsyncClient, server: SandboxServer, platform: str = DEMO_PLATFORM, **options) -> HeyNowClient:
    settings = HeyNowSettings(base_url=server.base_urls["heynow"], username="demo", platform_id=platform)
    return HeyNowClient(http, settings, "demo", **options)


def test_one_contact_of_the_agenda_and_one_that_is_not(sandbox: SandboxServer) -> None:
    known = agenda_client_ids(sandbox, DEMO_PLATFORM)[3]

    async def scenario():
        async with httpx.AsyncClient() as http:
            client = _client(http, sandbox)
            contact = await client.contact(known)
            with pytest.raises(NotInAgenda) as missing:
                await client.contact("59899123456")
            return contact, missing.value

    contact, missing = run_core(scenario())
    assert contact.external_id == known and contact.phone == known
    assert missing.status_code == 404
    assert str(missing) == "59899123456 is not in this channel's agenda: they never wrote to it."


def test_the_agenda_of_someone_elses_channel_is_refused(sandbox: SandboxServer) -> None:
    async def scenario():
        async with httpx.AsyncClient() as http:
            with pytest.raises(PermissionDenied) as refused:
                await _client(http, sandbox, FOREIGN_PLATFORM).agenda()
            return refused.value

    refused = run_core(scenario())
    assert refused.status_code == 403
    assert str(refused) == f"This number ({FOREIGN_PLATFORM}) is not one of your channels at Hey Now."


def test_a_token_close_to_its_24_hours_is_renewed_before_it_is_used(sandbox: SandboxServer) -> None:
    issued = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    now = issued + timedelta(hours=23, minutes=45)
    renewed: list[Token] = []

    async def keep(token: Token) -> None:
        renewed.append(token)

    async def scenario():
        async with httpx.AsyncClient() as http:
            old = Token("token-from-yesterday", issued)
            client = _client(http, sandbox, token=old, on_new_token=keep, clock=lambda: now)
            await client.contact(agenda_client_ids(sandbox, DEMO_PLATFORM)[0])
            return client

    sandbox.sandbox.log.reset()
    client = run_core(scenario())
    assert client.logins == 1
    assert [t.obtained_at for t in renewed] == [now]
    assert sandbox.sandbox.log.count("heynow", "contact") == 1  # no request went out with the old token
