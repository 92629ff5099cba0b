"""The console names only the causes the providers give: each real client against its simulator."""

from __future__ import annotations

import httpx
import pytest

from console.providers.errors import NotFound
from console.providers.heynow.client import HeyNowClient, HeyNowSettings
from console.sandbox.server import SandboxServer
from tests.conftest import DEMO_PLATFORM, run_core


def test_a_hey_now_login_at_an_address_without_one_is_the_base_url_not_the_password(sandbox: SandboxServer) -> None:
    without_api = sandbox.base_urls["heynow"].removesuffix("/api")

    async def scenario() -> Exception:
        async with httpx.AsyncClient() as http:
            client = HeyNowClient(http, HeyNowSettings(without_api, "demo", DEMO_PLATFORM), "demo")
            with pytest.raises(NotFound) as refused:
                await client.check()
            return refused.value

    refused = run_core(scenario())
    assert refused.status_code == 404
    assert str(refused) == f"Hey Now has no login at {without_api}: check the account's base URL."
    assert "password" not in str(refused)
