"""A minimal publish/subscribe so views can observe services without Qt in the core.

The rule: a topic announces a change of stored state (or, for `callback_problem`, a
callback the console kept but could not apply), for whoever shows that state. Progress
of a job goes to the job's caller, as a callback argument, never to a topic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from console.domain.accounts import AccountHealth
from console.domain.messages import MessageSummary
from console.domain.notices import Notice

T = TypeVar("T")
log = logging.getLogger(__name__)


class Topic(Generic[T]):
    """Subscribers are called synchronously, in order, on the publishing thread."""

    def __init__(self) -> None:
        self._subscribers: list[Callable[[T], None]] = []

    def subscribe(self, subscriber: Callable[[T], None]) -> Callable[[], None]:
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber)

    def publish(self, value: T) -> None:
        for subscriber in list(self._subscribers):
            subscriber(value)


@dataclass(frozen=True, slots=True)
class HealthChanged:
    account_id: int
    health: AccountHealth


@dataclass(frozen=True, slots=True)
class AgendaChanged:
    account_id: int


@dataclass(frozen=True, slots=True)
class UnreadChanged:
    """The agent opened a conversation: the contact's unread count is now `unread`."""

    account_id: int
    contact_id: int
    unread: int


@dataclass(frozen=True, slots=True)
class ConversationChanged:
    """Something an inbox row shows changed: a message in or out, read, resolved or reopened,
    labels, who has it (team mode). The row itself is read back (`InboxService.locate`)."""

    conversation_id: int
    account_id: int


@dataclass(frozen=True, slots=True)
class TeamConversationChanged:
    """The team server said who has, or who has open, this conversation (account name, customer address)."""

    account: str
    customer: str


@dataclass(frozen=True, slots=True)
class PassedToYou:
    """A colleague (`by`) passed this agent a conversation of this console, with a note."""

    conversation_id: int
    account_id: int
    by: str
    note: str


@dataclass(frozen=True, slots=True)
class CallbackProblem:
    """A callback set aside: kept by the relay, but not applied to any message."""

    event_id: int
    provider: str
    reason: Notice  # for the agent: why it could not be applied
    body: str  # as the provider posted it
    received_at: datetime


class Topics:
    """Everything the services announce; one instance per workspace."""

    def __init__(self) -> None:
        self.message_changed: Topic[MessageSummary] = Topic()
        self.account_health: Topic[HealthChanged] = Topic()
        self.accounts_changed: Topic[None] = Topic()
        self.agenda_changed: Topic[AgendaChanged] = Topic()
        self.unread_changed: Topic[UnreadChanged] = Topic()
        self.conversation_changed: Topic[ConversationChanged] = Topic()
        self.callback_problem: Topic[CallbackProblem] = Topic()
        self.team_changed: Topic[TeamConversationChanged] = Topic()
        self.team_agent: Topic[str | None] = Topic()  # whom the console follows the team server as; None: solo again
        self.templates_changed: Topic[int] = Topic()  # the account whose catalogue changed
        self.bulk_run_changed: Topic[int] = Topic()  # a bulk run the team server owns moved (the local run's id)
        # Not stored state: the team server cannot be reached (why), or can again (None); `TeamGuard` publishes it.
        self.team_offline: Topic[Notice | None] = Topic()
        self.team_passed: Topic[PassedToYou] = Topic()
