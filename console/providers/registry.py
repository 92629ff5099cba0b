"""The one list of providers. Adding a provider = its package and one line here
(plus its simulator in the sandbox); `tests/test_provider_registry.py` checks the rest."""

from __future__ import annotations

from collections.abc import Mapping

from console.domain.accounts import ProviderKind
from console.domain.capabilities import Capabilities
from console.providers import broadcasterbot, chattigo, cliengo, heynow, timelinesai, whatsapp_cloud
from console.providers.definition import ProviderDefinition

PROVIDERS: tuple[ProviderDefinition, ...] = (
    heynow.PROVIDER,
    broadcasterbot.PROVIDER,
    cliengo.PROVIDER,
    timelinesai.PROVIDER,
    chattigo.PROVIDER,
    whatsapp_cloud.PROVIDER,
)

DEFINITIONS: Mapping[ProviderKind, ProviderDefinition] = {provider.kind: provider for provider in PROVIDERS}


def definition(kind: ProviderKind) -> ProviderDefinition:
    return DEFINITIONS[kind]


def capabilities(kind: ProviderKind) -> Capabilities:
    return DEFINITIONS[kind].capabilities
