"""The sandbox's demo accounts: one per provider, pointed at this run's simulators.

Each is made on the sandbox's first start and moved to the simulators' new address on
later ones. The providers that push (Broadcasterbot, Chattigo, the WhatsApp Cloud API) receive
their callbacks on the embedded relay, so ticks move and bot replies arrive with no set-up. The
Chattigo demo is paired with the Cloud API demo, as an ISV using its own Cloud API connection:
customers write to the Cloud API number, and Chattigo's bot answers through it. For the demo
(`demo_life`), the providers that send templates get the catalogue their simulator accepts
(Broadcasterbot: the demo business's approved templates; Cliengo: the demo website's), so
the console's checks and what the customers read agree. Qt-free; the sandbox session uses it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

from console.domain.accounts import Account, ProviderKind
from console.domain.templates import Template, TemplateKind
from console.sandbox import broadcasterbot, chattigo, cliengo_catalogue, cloudapi, heynow, timelinesai
from console.sandbox.broadcasterbot_catalogue import DEMO_LANGUAGE, TEMPLATES
from console.sandbox.server import SandboxServer
from console.services.callback_setup import EmbeddedSettings
from console.services.workspace import Workspace
from console.ui.session import BROADCASTERBOT_DEMO, CHATTIGO_DEMO, CLIENGO_DEMO, CLOUDAPI_DEMO, DEMO_ACCOUNT, TIMELINESAI_DEMO

# The simulators post on loopback: any free port will do, and no proxy stands in front.
SANDBOX_RECEIVER = EmbeddedSettings(listen="127.0.0.1:0")


@dataclass(frozen=True, slots=True)
class DemoAccounts:
    heynow: Account
    broadcasterbot: Account
    cliengo: Account
    timelinesai: Account
    chattigo: Account
    cloudapi: Account
    created: frozenset[int]  # the ids of those made on this start (the sandbox's first, for most)


def demo_catalogues() -> Mapping[ProviderKind, tuple[Template, ...]]:
    """The templates each demo account's simulator accepts, as the console's catalogue holds them."""
    website = cliengo_catalogue.SEED_TEMPLATES[cliengo_catalogue.DEMO_WEBSITE]
    return {
        ProviderKind.BROADCASTERBOT: tuple(Template.from_body(t.name, t.text, DEMO_LANGUAGE) for t in TEMPLATES),
        ProviderKind.CLIENGO: tuple(
            Template(t.id, kind=TemplateKind(t.type.value), variables=t.variables, body=t.text) for t in website
        ),
    }


async def ensure_demo_accounts(workspace: Workspace, server: SandboxServer) -> DemoAccounts:
    """Every demo account, made or moved to this run's simulators, its callbacks received."""
    urls = server.base_urls
    created: set[int] = set()

    async def ensure(name: str, provider: ProviderKind, values: dict[str, object]) -> Account:
        account, new = await _ensure(workspace, name, provider, values)
        if new:
            created.add(account.id)
        return account

    hey_now = await ensure(
        DEMO_ACCOUNT,
        ProviderKind.HEYNOW,
        {
            "base_url": urls[heynow.PROVIDER],
            "username": heynow.DEMO_USER,
            "password": heynow.DEMO_PASSWORD,
            "platform_id": heynow.DEMO_PLATFORM,
        },
    )
    bb = await ensure(
        BROADCASTERBOT_DEMO,
        ProviderKind.BROADCASTERBOT,
        {"base_url": urls[broadcasterbot.PROVIDER], "api_key": broadcasterbot.DEMO_API_KEY},
    )
    cliengo = await ensure(
        CLIENGO_DEMO,
        ProviderKind.CLIENGO,
        {
            "base_url": urls["cliengo"],
            "api_key": cliengo_catalogue.DEMO_API_KEY,
            "website_id": cliengo_catalogue.DEMO_WEBSITE,
        },
    )
    path = await asyncio.to_thread(server.call, server.sandbox.timelinesai.webhook_url, timelinesai.DEMO_WORKSPACE)
    webhook = server.root_url + path
    timelines = await ensure(TIMELINESAI_DEMO, ProviderKind.TIMELINESAI, {"webhook_url": webhook})
    cloud = await ensure(
        CLOUDAPI_DEMO,
        ProviderKind.CLOUDAPI,
        {
            "phone_number_id": cloudapi.DEMO_PHONE_NUMBER_ID,
            "waba_id": cloudapi.DEMO_WABA_ID,
            "access_token": cloudapi.DEMO_ACCESS_TOKEN,
            "app_secret": cloudapi.DEMO_APP_SECRET,
            "verify_token": cloudapi.DEMO_VERIFY_TOKEN,
            "graph_url": urls[cloudapi.PROVIDER],
        },
    )
    chattigo_values: dict[str, object] = {
        "base_url": urls[chattigo.PROVIDER],
        "username": chattigo.DEMO_USER,
        "password": chattigo.DEMO_PASSWORD,
        "wa_id": chattigo.PAIRED_WA_ID,
        "cloud_api": CLOUDAPI_DEMO,
    }
    chattigo_account = await ensure(CHATTIGO_DEMO, ProviderKind.CHATTIGO, chattigo_values)
    if chattigo_account.settings.get("cloud_api") != CLOUDAPI_DEMO:  # made before the demo was paired
        chattigo_account = await workspace.accounts.update_account(chattigo_account, chattigo_values)
    bb, chattigo_account = await _receive_callbacks(workspace, server, bb, chattigo_account)
    cloud = await _receive_webhooks(workspace, server, cloud)
    return DemoAccounts(hey_now, bb, cliengo, timelines, chattigo_account, cloud, frozenset(created))


async def install_catalogues(workspace: Workspace, accounts: DemoAccounts) -> None:
    """Give the demo accounts that send templates their simulator's catalogue (again: it is kept up to date)."""
    catalogues = demo_catalogues()
    for account in (accounts.broadcasterbot, accounts.cliengo):
        for template in catalogues[account.provider]:
            await workspace.templates.add(account, template)
    await workspace.templates.sync(accounts.cloudapi)  # as an agent would: fetched from the (simulated) account


async def _receive_webhooks(workspace: Workspace, server: SandboxServer, account: Account) -> Account:
    """The Cloud API demo account on the embedded relay; the simulator verifies the URL with the
    account's verify token and signs what it posts with its app secret, as Meta does."""
    url = await workspace.callback_setup.use_embedded(account, SANDBOX_RECEIVER)
    # What an agent does by hand in Meta's app settings: paste the URL and the verify token.
    answer = await workspace.http.post(f"{server.root_url}/_sandbox/{cloudapi.PROVIDER}/webhook", json={"url": url})
    answer.raise_for_status()
    return await workspace.accounts.by_id(account.id)


async def _ensure(workspace: Workspace, name: str, provider: ProviderKind, values: dict[str, object]) -> tuple[Account, bool]:
    """(the demo account, whether it was made now): made on the first run, moved to this run's
    address later (TimelinesAI's address is its secret webhook URL)."""
    try:
        account = await workspace.accounts.by_name(name)
    except LookupError:
        return await workspace.accounts.add_account(name, provider, values, sandbox=True), True
    if "base_url" in values:
        return await workspace.accounts.update_base_url(account, str(values["base_url"])), False
    return await workspace.accounts.update_account(account, values), False


async def _receive_callbacks(
    workspace: Workspace, server: SandboxServer, bb: Account, chattigo_account: Account
) -> tuple[Account, Account]:
    """The push-only demo accounts, receiving on the embedded relay (their settings say where)."""
    setup = workspace.callback_setup
    url = await setup.use_embedded(bb, SANDBOX_RECEIVER)
    # What an agent does by hand with the real provider: hand it the callback URL.
    await asyncio.to_thread(server.call, server.sandbox.broadcasterbot.set_callback_url, broadcasterbot.DEMO_API_KEY, url)
    await setup.use_embedded(chattigo_account, SANDBOX_RECEIVER)
    return await workspace.accounts.by_id(bb.id), await workspace.accounts.by_id(chattigo_account.id)
