"""Whether a conversation is open or resolved, kept on the server (`team_conversation.status`)
so that a conversation one agent resolves is resolved for every console, as the console keeps it
in solo mode (`store/conversations.py`):

- an agent resolves or reopens it (`POST /team/conversations/status`, `set_status`);
- a customer's new message reopens a resolved one (`reopened`, in the callback applier's
  transaction; the page's resolved conversations are found first in one query, `resolved_among`,
  so the messages on open conversations cost no statement more). On a connection a paired bot
  answers (`bot_relay`), a conversation reopened so starts afresh: its hand is undecided again, so
  the bot has it, as a customer writing first.

Each new status is a `conversation_status` change `{"status": "open" | "resolved"}`, `agent` the
one who made it ("" when the customer's message reopened it), written in the same transaction.
Blocking calls: run them off the event loop.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from console.domain.inbox import ConversationStatus
from console.domain.team import STATUS_KIND
from console.store.missing import NO_ACCOUNT_NAMED
from console.team_server.bot_hands import Pending
from console.team_server.schema import team_account, team_bot_handling, team_conversation
from console.team_server.store import Change, Refusal, append_changes

__all__ = ["reopened", "resolved", "resolved_among", "set_status"]


def _change(agent: str, account: str, customer: str, status: ConversationStatus) -> Pending:
    return (agent, STATUS_KIND, account, customer, {"status": status.value})


def set_status(
    engine: Engine, agent: str, account: str, customer: str, status: ConversationStatus
) -> tuple[ConversationStatus, Change | None]:
    """`agent` resolves or reopens the conversation: its status now, and the change (None when it
    had that status already). Refused (404) for an account the server does not have."""
    key = (team_conversation.c.account == account, team_conversation.c.customer == customer)
    with engine.begin() as connection:
        if connection.execute(select(team_account.c.name).where(team_account.c.name == account)).first() is None:
            raise Refusal(NO_ACCOUNT_NAMED(name=account), 404)
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        connection.execute(dialect.insert(team_conversation).values(account=account, customer=customer).on_conflict_do_nothing())
        before = connection.execute(select(team_conversation.c.status).where(*key).with_for_update()).scalar_one()
        if before == status.value:
            return status, None
        connection.execute(update(team_conversation).where(*key).values(status=status.value))
        return status, append_changes(connection, [_change(agent, account, customer, status)])[0]


def reopened(connection: Connection, account: str, customer: str, *, afresh: bool) -> list[Pending]:
    """A customer's new message on the conversation: reopened when it was resolved (its change),
    and with `afresh` (a connection a paired bot answers) its hand undecided again, so that the
    bot relay hands it to the bot as a first message would. Nothing when it was open."""
    found = connection.execute(
        update(team_conversation)
        .where(
            team_conversation.c.account == account,
            team_conversation.c.customer == customer,
            team_conversation.c.status == ConversationStatus.RESOLVED.value,
        )
        .values(status=ConversationStatus.OPEN.value)
        .returning(team_conversation.c.status)
    ).first()
    if found is None:
        return []
    if afresh:
        connection.execute(
            delete(team_bot_handling).where(team_bot_handling.c.account == account, team_bot_handling.c.customer == customer)
        )
    return [_change("", account, customer, ConversationStatus.OPEN)]


def resolved_among(connection: Connection, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these conversations (account, customer) are resolved: one query for a page of callbacks,
    so that a customer's message on an open conversation, nearly every one, costs nothing more."""
    if not keys:
        return set()
    found = connection.execute(
        select(team_conversation.c.account, team_conversation.c.customer).where(
            tuple_(team_conversation.c.account, team_conversation.c.customer).in_(sorted(keys)),
            team_conversation.c.status == ConversationStatus.RESOLVED.value,
        )
    )
    return {(row.account, row.customer) for row in found}


def resolved(connection: Connection) -> list[dict[str, str]]:
    """The resolved conversations (every other one is open), as a snapshot lists them."""
    rows = connection.execute(
        select(team_conversation.c.account, team_conversation.c.customer).where(
            team_conversation.c.status == ConversationStatus.RESOLVED.value
        )
    )
    return [{"account": r.account, "customer": r.customer, "status": ConversationStatus.RESOLVED.value} for r in rows]
