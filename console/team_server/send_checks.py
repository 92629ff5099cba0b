"""What the server checks before it keeps a send: the console's own refusals (the provider's
operations, the recipient — a phone, and what else the provider addresses: a TimelinesAI chat, a
Cloud API user id —, the content's rules: `services.preflight.check_content`), so a send that
would be refused is refused here, with nothing stored and nothing sent.

A template is checked against the account's catalogue as the server fetched it (`catalogues`).
What needs the console's state (the customer's 24 h window as its
chats show it, a media link's HEAD) is not checked by the server: the console checks it before
posting. A warning (a number newer than the numbering plan) needs the go-ahead, by its kind,
in the post's `send_anyway`."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Protocol

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.content import OPERATION_OF, Content, Recipient
from console.domain.send_warnings import PreflightReport, require_go_ahead
from console.domain.templates import Template
from console.providers.base import SendOptions
from console.providers.registry import capabilities
from console.services.outbox import KIND_OF
from console.services.preflight import check_content, resolve_recipient
from console.services.team_posts import team_customer
from console.store.missing import NO_ACCOUNT_NAMED
from console.team_server.media import check_media_rules, kept_content
from console.team_server.store import Refusal

__all__ = ["CheckedSend", "checked_send"]


@dataclass(frozen=True, slots=True)
class CheckedSend:
    account: Account
    recipient: Recipient
    customer: str  # the conversation's customer as the team endpoints name it (`domain.team_customers`)
    kind: str
    content: dict[str, Any]  # as kept with the message: `media.kept_content`


class AccountLookup(Protocol):
    def by_name(self, name: str) -> Account | None: ...


def checked_send(
    accounts: AccountLookup,
    account_name: str,
    to: str,
    content: Content,
    options: SendOptions,
    send_anyway: Collection[str],
    template: Template | None = None,
) -> CheckedSend:
    """The send, checked (a template against `template`, its entry in the account's catalogue when
    known): `Refusal` (404) for an unknown account, `InvalidInput` for what would
    be refused, `NeedsSendAnyway` for warnings whose kind `send_anyway` does not name."""
    account = accounts.by_name(account_name)
    if account is None:
        raise Refusal(NO_ACCOUNT_NAMED(name=account_name), 404)
    operation = OPERATION_OF[type(content)]
    capabilities(account.provider).require(operation)
    if options.mass:
        capabilities(account.provider).require(Operation.MASS_SEND)
    recipient = resolve_recipient(account, to, allow_unlisted=True)
    customer = team_customer(recipient)
    warnings = check_content(account, recipient, content, template)
    check_media_rules(account, content)
    require_go_ahead(PreflightReport(warnings), [warning for warning in warnings if warning.kind.value in send_anyway])
    return CheckedSend(account, recipient, customer, KIND_OF[operation].value, kept_content(content, options))
