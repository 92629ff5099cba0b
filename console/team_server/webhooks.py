"""Telling a provider where the server receives its callbacks, for a provider told through its
API (Chattigo's bot posts its answers to the webhook it was given), as a console does in solo
mode (`services.callback_setup`). Run when `centralita server accounts add` adds such an
account or `accounts set` changes one, before anything is kept: a refusal leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Mapping

from console.domain.accounts import PROVIDER_TITLES, Account, ProviderKind
from console.domain.capabilities import Operation
from console.domain.notices import NoticeError, Wording
from console.providers.aiohttp_transport import provider_http_client
from console.providers.base import BotForwarding
from console.providers.definition import ClientContext
from console.providers.registry import capabilities, definition
from console.providers.transport import DEFAULT_TIMEOUT

__all__ = ["WEBHOOK_NOT_CHANGED", "WEBHOOK_NOT_SET", "is_told", "set_webhook"]

WEBHOOK_NOT_SET = Wording(
    "team.webhook_not_set", "{provider} was not told the callback URL ({reason}); the account was not added."
)
WEBHOOK_NOT_CHANGED = Wording(
    "team.webhook_not_changed", "{provider} was not told the callback URL ({reason}); the account was not changed."
)


def is_told(provider: ProviderKind) -> bool:
    """Whether the server gives the provider the callback URL itself (else the admin does)."""
    return capabilities(provider).supports(Operation.FORWARD_TO_BOT)


async def _keep_nothing(_token: str) -> None:
    """The login token of a one-off request: not worth keeping."""


async def set_webhook(account: Account, secrets: Mapping[str, str], url: str, refused: Wording = WEBHOOK_NOT_SET) -> None:
    """Tell `account`'s provider to post to `url`; `NoticeError` (`refused`) when it cannot be told."""
    spec = definition(account.provider)
    async with provider_http_client(DEFAULT_TIMEOUT) as http:
        client = spec.narrow(spec.build(ClientContext(http, account.settings, secrets, None, _keep_nothing)), BotForwarding)
        try:
            await client.set_webhook(url)
        except NoticeError as error:  # refused, unreachable, a URL it does not take: one sentence
            raise NoticeError(refused(provider=PROVIDER_TITLES[spec.kind], reason=error.notice)) from None
