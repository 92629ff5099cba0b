"""The provider registry holds together: what each provider declares, the client its factory
builds, its callbacks, its account fields and its simulator."""

from __future__ import annotations

import importlib
from collections import Counter
from pathlib import Path

import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.domain.capabilities import Operation
from console.domain.errors import InvalidInput
from console.providers.base import ABILITY_OF, PROTOCOL_OF, ProviderClient, SignedIn, StatusPolling
from console.providers.definition import ClientContext, ProviderCannot, ProviderDefinition
from console.providers.fields import AccountField, FieldKind
from console.providers.registry import PROVIDERS, definition
from console.sandbox.admin import SIMULATOR_MODULES
from console.sandbox.server import SandboxServer
from tests.conftest import run_core

THROWAWAY = {
    FieldKind.TEXT: "throwaway",
    FieldKind.URL: "https://provider.invalid/api/webhook/0123456789abcdef",
    FieldKind.DIGITS: "59899000001",
    FieldKind.NUMBER: "1",
    FieldKind.PHONE: "+59899123456",
    FieldKind.REGION: "UY",
    FieldKind.ACCOUNT: "another account",
}
NOT_SENT = httpx.MockTransport(lambda request: pytest.fail(f"a client factory made a request: {request.url}"))
CLIENT_PROTOCOLS = frozenset(ABILITY_OF) - {ProviderClient}


def _value(field: AccountField) -> str | None:
    return None if field.default is not None else THROWAWAY[field.kind]


def _build(provider: ProviderDefinition) -> ProviderClient:
    """The provider's client from throwaway values, on an HTTP client that may not be used."""
    settings, secrets = provider.split({f.key: _value(f) for f in provider.fields})

    async def build() -> ProviderClient:
        async def keep(_token: str) -> None:
            pytest.fail("a client factory saved a token")

        async with httpx.AsyncClient(transport=NOT_SENT) as http:
            return provider.build(ClientContext(http, settings, secrets, None, keep))

    return run_core(build())


@pytest.fixture(scope="module")
def clients() -> dict[ProviderKind, ProviderClient]:
    return {provider.kind: _build(provider) for provider in PROVIDERS}


def test_every_provider_kind_is_registered_exactly_once() -> None:
    registered = Counter(provider.kind for provider in PROVIDERS)
    assert set(registered) == set(ProviderKind)
    assert all(count == 1 for count in registered.values())
    assert all(definition(kind).kind is kind for kind in ProviderKind)


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.kind.value)
def test_declared_operations_and_protocols_match_the_built_client(
    provider: ProviderDefinition, clients: dict[ProviderKind, ProviderClient]
) -> None:
    client = clients[provider.kind]
    assert isinstance(client, ProviderClient)
    # Every declared operation's protocol is declared, and every declared protocol serves an
    # operation (only `SignedIn`, the clients that log in, serves none).
    assert provider.operation_protocols() <= provider.protocols
    assert provider.protocols - provider.operation_protocols() <= {SignedIn}
    implemented = {protocol for protocol in CLIENT_PROTOCOLS if isinstance(client, protocol)}
    assert implemented == provider.protocols, f"{type(client).__name__} implements {implemented}"


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.kind.value)
def test_callbacks_are_parsed_exactly_by_the_providers_that_push_them(provider: ProviderDefinition) -> None:
    pushes = provider.capabilities.supports(Operation.PUSH_CALLBACKS)
    assert (provider.parse_callback is not None) == pushes


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.kind.value)
def test_fields_and_secrets_are_consistent(provider: ProviderDefinition) -> None:
    keys = [f.key for f in provider.fields]
    assert len(keys) == len(set(keys))
    assert "default_region" in keys  # numbers typed without a country are read in the account's
    assert provider.secret_keys, "every provider has a credential"
    assert all(f.required and f.default is None for f in provider.fields if f.secret)
    settings, secrets = provider.split({f.key: _value(f) for f in provider.fields})
    assert set(secrets) == set(provider.secret_keys) and not set(settings) & set(secrets)
    with pytest.raises(InvalidInput):
        provider.split({"no_such_field": "x"})


def test_a_client_is_handed_out_only_for_a_declared_protocol(clients: dict[ProviderKind, ProviderClient]) -> None:
    heynow = definition(ProviderKind.HEYNOW)
    assert heynow.narrow(clients[ProviderKind.HEYNOW], StatusPolling) is clients[ProviderKind.HEYNOW]
    with pytest.raises(ProviderCannot) as refused:
        definition(ProviderKind.CLIENGO).narrow(clients[ProviderKind.CLIENGO], StatusPolling)
    assert isinstance(refused.value, InvalidInput)
    assert str(refused.value) == "operation: Cliengo cannot poll message states"


def test_each_operation_that_is_a_client_call_names_its_protocol() -> None:
    assert set(PROTOCOL_OF) == set(Operation) - {Operation.PUSH_CALLBACKS}
    assert set(PROTOCOL_OF.values()) <= CLIENT_PROTOCOLS


def test_every_provider_has_a_simulator_the_sandbox_serves() -> None:
    modules = {provider.kind: importlib.import_module(provider.simulator) for provider in PROVIDERS}
    assert all(kind.value == module.PROVIDER for kind, module in modules.items())
    assert set(modules.values()) == set(SIMULATOR_MODULES)
    with SandboxServer() as server:
        for kind, module in modules.items():
            assert module.ROUTES, f"the {kind.value} simulator serves no route"
            assert server.base_urls[kind.value].endswith(module.PREFIX)
            simulator = getattr(server.sandbox, kind.value)  # what the running sandbox built
            assert type(simulator).__module__ == module.__name__


def test_services_narrow_clients_instead_of_casting() -> None:
    services = Path(__file__).parent.parent / "console" / "services"
    casting = [path.name for path in services.glob("*.py") if "cast(" in path.read_text(encoding="utf-8")]
    assert casting == []
