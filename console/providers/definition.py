"""Everything the console knows about one provider, declared in one place.

Each provider package (`console.providers.<name>`) exposes one `ProviderDefinition` as
`PROVIDER`; `console.providers.registry` lists them. The services, the window and the
command line read these definitions instead of testing provider names.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from console.domain.accounts import PROVIDER_TITLES, ProviderKind
from console.domain.callbacks import CallbackItem
from console.domain.capabilities import Capabilities
from console.domain.errors import InvalidInput
from console.domain.field_names import ACCOUNT, OPERATION
from console.domain.notices import Notice, Wording
from console.providers.base import ABILITY_OF, PROTOCOL_OF, ProviderClient
from console.providers.fields import AccountField
from console.providers.session_token import SessionToken

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True, slots=True)
class ClientContext:
    """What a client factory gets: settings, secrets, and how to keep a new token."""

    http: httpx.AsyncClient
    settings: Mapping[str, Any]
    secrets: Mapping[str, str]
    saved_token: str | None
    save_token: Callable[[str], Awaitable[None]]


def token_hooks(ctx: ClientContext, token_type: type[SessionToken]) -> dict[str, Any]:
    """Restore a saved token and keep new ones, for the factories of providers that log in."""

    async def keep(token: SessionToken) -> None:
        await ctx.save_token(json.dumps({"value": token.value, "obtained_at": token.obtained_at.isoformat()}))

    token: SessionToken | None = None
    if ctx.saved_token:
        try:
            data = json.loads(ctx.saved_token)
            token = token_type(data["value"], datetime.fromisoformat(data["obtained_at"]))
        except (ValueError, KeyError, TypeError):
            token = None
    return {"token": token, "on_new_token": keep}


P = TypeVar("P")

CANNOT = Wording("providers.cannot", "{provider} cannot {ability}")
UNKNOWN_FIELDS = Wording("providers.unknown_fields", "unknown field {fields}", "unknown fields {fields}", "count")


class ProviderCannot(InvalidInput):
    """The provider offers no client for what was asked: "Cliengo cannot poll message states"."""

    def __init__(self, kind: ProviderKind, protocol: type) -> None:
        super().__init__(OPERATION(), CANNOT(provider=PROVIDER_TITLES[kind], ability=ABILITY_OF[protocol]()))


Factory = Callable[[ClientContext], ProviderClient]
# A callback body as the relay stored it → what it says, item by item (an item it cannot read
# is an `UnreadableItem`); raises `MalformedAnswer`/`ValueError` only when the body is no callback.
CallbackParser = Callable[[str], list[CallbackItem]]


@dataclass(frozen=True, slots=True)
class ProviderDefinition:
    """A provider: what it can do, its account's fields, its client and its callbacks.

    `protocols` names the client protocols (`console.providers.base`) its client implements:
    those its operations need, plus `SignedIn` for clients that log in. The registry test
    holds the three together: declared operations, declared protocols, the built client.
    `simulator` is the dotted name of its sandbox module: providers never import the sandbox.
    """

    capabilities: Capabilities
    fields: tuple[AccountField, ...]
    build: Factory
    protocols: frozenset[type]
    simulator: str
    parse_callback: CallbackParser | None = None
    check_note: Notice | None = None  # what "Test connection" can and cannot prove for this provider

    @property
    def kind(self) -> ProviderKind:
        return self.capabilities.provider

    @property
    def secret_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.secret)

    def field(self, key: str) -> AccountField:
        return next(f for f in self.fields if f.key == key)

    def operation_protocols(self) -> frozenset[type]:
        """The client protocols its declared operations need."""
        return frozenset(PROTOCOL_OF[op] for op in self.capabilities.operations if op in PROTOCOL_OF)

    def narrow(self, client: ProviderClient, protocol: type[P]) -> P:
        """`client` as a `protocol` client, or `ProviderCannot` when this provider declares none.

        A declared protocol the client lacks is a programming error (the registry test
        catches it), not something to tell the agent.
        """
        if protocol is not ProviderClient and protocol not in self.protocols:
            raise ProviderCannot(self.kind, protocol)
        if not isinstance(client, protocol):
            raise TypeError(f"{type(client).__name__} is declared but not built as a {protocol.__name__} client")
        return client

    def split(self, values: Mapping[str, object]) -> tuple[dict[str, Any], dict[str, str]]:
        """Validated (settings, secrets) from what the agent entered."""
        unknown = set(values) - {f.key for f in self.fields}
        if unknown:
            raise InvalidInput(ACCOUNT(), UNKNOWN_FIELDS(fields=", ".join(sorted(unknown)), count=len(unknown)))
        settings: dict[str, Any] = {}
        secrets: dict[str, str] = {}
        for spec_field in self.fields:
            value = spec_field.clean(values.get(spec_field.key))
            if value is None:
                continue
            if spec_field.secret:
                secrets[spec_field.key] = str(value)
            else:
                settings[spec_field.key] = value
        return settings, secrets
