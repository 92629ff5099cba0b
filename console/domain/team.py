"""Team mode as a console sees it: the server it joined, the changes it follows, and who is
on a conversation. A conversation is known to the server by its account's name and the
customer's address (the contact's phone), for now."""

from __future__ import annotations

from dataclasses import dataclass

HOLDER_KINDS = frozenset({"taken", "transferred", "released"})


@dataclass(frozen=True, slots=True)
class TeamLink:
    """The team server this console joined (its token lives in the secret store, never here)."""

    server_url: str
    agent: str
    cursor: int  # the last change id applied


@dataclass(frozen=True, slots=True)
class TeamChange:
    """One entry of the server's change log, as far as this console uses it."""

    id: int
    agent: str
    kind: str  # presence | taken | transferred | released
    account: str
    customer: str
    holder: str | None = None  # taken, transferred, released
    expires_ms: int = 0  # presence: until when (epoch milliseconds)


@dataclass(frozen=True, slots=True)
class ConversationTeam:
    """Who has the conversation and which other agents have it open now."""

    holder: str | None
    present: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TeamStatus:
    server_url: str
    agent: str
    cursor: int
    latest: int | None  # the newest change id on the server; None when it could not be asked
    reachable: bool

    @property
    def lag(self) -> int | None:
        return None if self.latest is None else max(0, self.latest - self.cursor)
