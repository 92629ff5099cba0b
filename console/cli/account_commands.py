"""`centralita account add|list|test|show|callbacks`."""

from __future__ import annotations

import argparse
from typing import Any

from console.cli.account_fields import entered_values
from console.cli.account_show import shown_lines
from console.cli.running import (
    CommandError,
    cell,
    secret_argument,
)
from console.cli.views import print_json
from console.cli.wording import echo
from console.domain.accounts import ConnectionState, ProviderKind
from console.domain.capabilities import Operation
from console.domain.links import displayed_link
from console.domain.notices import Wording
from console.providers import registry
from console.services.workspace import Workspace

EVENTS_TOKEN = Wording("cli.events_token", "events token")
ADDED = Wording("cli.account_added", "Added {account}. Secrets are kept in: {where}.")
NO_ACCOUNTS = Wording("cli.no_accounts", "No accounts. Add one with: centralita account add heynow NAME --base-url URL ...")
CONNECTED = Wording("cli.account_connected", "{account}: connected")
NOT_CONNECTED = Wording("cli.account_not_connected", "{account}: {problem}")
CONNECTION_STATES = {
    ConnectionState.UNKNOWN: Wording("cli.connection.unknown", "not checked yet"),
    ConnectionState.SIGNING_IN: Wording("cli.connection.signing_in", "signing in"),
    ConnectionState.CONNECTED: Wording("cli.connection.connected", "connected"),
    ConnectionState.WRONG_CREDENTIALS: Wording("cli.connection.wrong_credentials", "wrong credentials"),
    ConnectionState.UNREACHABLE: Wording("cli.connection.unreachable", "unreachable"),
    ConnectionState.ERROR: Wording("cli.connection.error", "error"),
}


async def account_add(options: argparse.Namespace, workspace: Workspace) -> int:
    values = entered_values(options, secret_argument)
    account = await workspace.accounts.add_account(options.name, ProviderKind(options.provider), values)
    echo(ADDED(account=account.title, where=workspace.accounts.secrets_description))
    return 0


async def account_list(options: argparse.Namespace, workspace: Workspace) -> int:
    accounts = await workspace.accounts.list()
    if options.json:
        print_json(
            [
                {
                    "id": a.id,
                    "name": a.name,
                    "provider": a.provider.value,
                    "sandbox": a.sandbox,
                    "settings": _shown_settings(a.settings),
                }
                for a in accounts
            ]
        )
        return 0
    if not accounts:
        echo(NO_ACCOUNTS())
    for account in accounts:
        base_url = str(account.settings.get("base_url", ""))
        print(f"{cell(account.name)}\t{account.provider.value}\t{cell(displayed_link(base_url) if base_url else '')}")
    return 0


async def account_test(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.name)
    health = await workspace.clients.test_connection(account)
    if health.state is not ConnectionState.CONNECTED:
        raise CommandError(NOT_CONNECTED(account=account.name, problem=health.detail or CONNECTION_STATES[health.state]()))
    if options.json:
        print_json({"name": account.name, "state": health.state.value})
    else:
        echo(CONNECTED(account=account.name))
    return 0


async def account_show(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.name)
    capabilities = registry.capabilities(account.provider)
    secret_keys = registry.definition(account.provider).secret_keys
    body = {
        "name": account.name,
        "provider": account.provider.value,
        "sandbox": account.sandbox,
        "settings": _shown_settings(account.settings),
        "secrets": [f"{key} (in the {workspace.accounts.secrets_description})" for key in secret_keys],
        "capabilities": sorted(op.value for op in capabilities.operations),
        "delivery_reports": capabilities.delivery_reports,
        "min_send_interval_seconds": capabilities.min_send_interval,
        "media_limits": {kind.value: rule.max_bytes for kind, rule in capabilities.media.items()},
    }
    callbacks = None
    if capabilities.supports(Operation.PUSH_CALLBACKS):
        # The URL to hand to the provider; None until the account is connected to a relay.
        status = await workspace.callback_setup.status(account)
        body["callbacks"] = status.mode.value
        body["callback_url"] = status.url
        callbacks = (status.mode, status.url)
    if "verify_token" in secret_keys:  # whether it is set, never its value
        body["verify_token"] = "set" if await workspace.accounts.has_secret(account, "verify_token") else "missing"
    if options.json:
        print_json(body)
        return 0
    settings = _shown_settings(account.settings)
    for line in shown_lines(account, settings, capabilities, workspace.accounts.secrets_description, callbacks):
        echo(line)
    return 0


def _shown_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings as printed: a base URL stored by an earlier version with user:pass@ shows without it."""
    return {
        key: displayed_link(value) if key == "base_url" and isinstance(value, str) else value for key, value in settings.items()
    }


async def account_callbacks(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.name)
    if options.off:
        await workspace.callback_setup.turn_off(account)
        echo(CALLBACKS_OFF(account=account.name))
        return 0
    token = secret_argument(options.events_token, EVENTS_TOKEN()) if options.events_token else None
    url = await workspace.callback_setup.use_team_relay(account, options.team_relay, token)
    status = await workspace.callback_setup.status(await workspace.accounts.by_id(account.id))
    echo((CALLBACKS_TOLD if status.provider_told else CALLBACKS_TO_HAND)(account=account.name))
    print(url)
    return 0


CALLBACKS_OFF = Wording("cli.callbacks_off", "{account}: callbacks off")
CALLBACKS_TOLD = Wording(
    "cli.callbacks_team_told", "{account}: callbacks at the team relay; callback URL (the provider was told):"
)
CALLBACKS_TO_HAND = Wording(
    "cli.callbacks_team_to_hand", "{account}: callbacks at the team relay; callback URL (hand it to the provider):"
)
