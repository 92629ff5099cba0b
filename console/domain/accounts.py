"""Provider accounts as the console knows them (secrets live elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from console.domain.notices import Notice


class ProviderKind(StrEnum):
    HEYNOW = "heynow"
    BROADCASTERBOT = "broadcasterbot"
    CHATTIGO = "chattigo"
    CLIENGO = "cliengo"
    TIMELINESAI = "timelinesai"
    CLOUDAPI = "cloudapi"


PROVIDER_TITLES = {
    ProviderKind.HEYNOW: "Hey Now",
    ProviderKind.BROADCASTERBOT: "Concepto Móvil Broadcasterbot",
    ProviderKind.CHATTIGO: "Chattigo ISV",
    ProviderKind.CLIENGO: "Cliengo",
    ProviderKind.TIMELINESAI: "TimelinesAI",
    ProviderKind.CLOUDAPI: "WhatsApp Cloud API",
}


@dataclass(frozen=True, slots=True)
class Account:
    """A configured provider account. `settings` never holds a secret."""

    id: int
    name: str
    provider: ProviderKind
    settings: dict[str, Any] = field(default_factory=dict)
    sandbox: bool = False
    team: bool = False  # the team server's account: the server holds its secrets and sends through it

    @property
    def title(self) -> str:
        return f"{self.name} ({PROVIDER_TITLES[self.provider]})"


class ConnectionState(StrEnum):
    UNKNOWN = "unknown"
    SIGNING_IN = "signing_in"
    CONNECTED = "connected"
    WRONG_CREDENTIALS = "wrong_credentials"
    UNREACHABLE = "unreachable"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class AccountHealth:
    state: ConnectionState
    detail: Notice | None = None  # what the agent reads about it (why it failed, a check's note)
