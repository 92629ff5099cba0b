"""Who has a conversation of a Cloud API account a Chattigo bot answers through
(`team_bot_handling`; `bot_relay` says when each hand is decided), and the `bot_handling`
change each new hand writes, in the caller's transaction; and an agent taking a conversation
from the bot or giving it back (`POST /team/bot-hands`, `agent_hands`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from console.domain.inbox import BotHandling
from console.domain.notice_codec import stored
from console.domain.notices import Notice
from console.relay.store import utc_now
from console.team_server.schema import team_bot_forward, team_bot_handling
from console.team_server.store import Change, append_changes

__all__ = ["FORWARD_PENDING", "SKIPPED", "Pending", "agent_hands", "agent_takes", "hand", "handling"]

FORWARD_PENDING, SKIPPED = "pending", "skipped"

Pending = tuple[str, str, str, str, dict[str, Any]]  # agent, kind, account, customer, details (`append_changes`)


def handling(connection: Connection, account: str, customer: str) -> BotHandling | None:
    found = connection.execute(
        select(team_bot_handling.c.handling)
        .where(team_bot_handling.c.account == account, team_bot_handling.c.customer == customer)
        .with_for_update()
    ).scalar()
    return None if found is None else BotHandling(found)


def hand(
    connection: Connection,
    account: str,
    customer: str,
    to: BotHandling,
    only_from: tuple[BotHandling | None, ...],
    *,
    agent: str = "",
    notice: Notice | None = None,
) -> list[Pending]:
    """The conversation's hand set to `to` when it is one of `only_from` (None: none decided yet):
    its `bot_handling` change, or nothing. Handed away from the bot, its forwards not sent yet are skipped."""
    now = utc_now()
    if None in only_from:
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        made = connection.execute(
            dialect.insert(team_bot_handling)
            .values(account=account, customer=customer, handling=to.value, updated_at=now)
            .on_conflict_do_nothing()
            .returning(team_bot_handling.c.handling)
        ).first()
    else:
        made = None
    if made is None:
        before = handling(connection, account, customer)
        if before is None or before is to or before not in only_from:
            return []
        connection.execute(
            update(team_bot_handling)
            .where(team_bot_handling.c.account == account, team_bot_handling.c.customer == customer)
            .values(handling=to.value, updated_at=now)
        )
    if to is not BotHandling.BOT:
        connection.execute(
            update(team_bot_forward)
            .where(
                team_bot_forward.c.account == account,
                team_bot_forward.c.customer == customer,
                team_bot_forward.c.state == FORWARD_PENDING,
            )
            .values(state=SKIPPED, updated_at=now)
        )
    details = {"handling": to.value, "notice": _notice_json(notice), "received_at": now}
    return [(agent, "bot_handling", account, customer, details)]


def agent_takes(connection: Connection, account: str, customers: Sequence[str], agent: str) -> list[Pending]:
    """An agent's sends (one, or a bulk run's) take their conversations from the bot, as in solo
    mode: one statement for them all; nothing for a conversation no bot has had."""
    now = utc_now()
    taken = sorted(
        connection.execute(
            update(team_bot_handling)
            .where(
                team_bot_handling.c.account == account,
                team_bot_handling.c.customer.in_(sorted(set(customers))),
                team_bot_handling.c.handling.in_([BotHandling.BOT.value, BotHandling.HANDED_OVER.value]),
            )
            .values(handling=BotHandling.AGENT.value, updated_at=now)
            .returning(team_bot_handling.c.customer)
        ).scalars()
    )
    if not taken:
        return []
    connection.execute(
        update(team_bot_forward)
        .where(
            team_bot_forward.c.account == account,
            team_bot_forward.c.customer.in_(taken),
            team_bot_forward.c.state == FORWARD_PENDING,
        )
        .values(state=SKIPPED, updated_at=now)
    )
    details = {"handling": BotHandling.AGENT.value, "notice": None, "received_at": now}
    return [(agent, "bot_handling", account, customer, details) for customer in taken]


def agent_hands(
    engine: Engine, agent: str, account: str, customer: str, to: BotHandling
) -> tuple[BotHandling | None, Change | None]:
    """`agent` takes the conversation from the bot (`agent`: it had it, or handed it over) or gives it
    back (`bot`: an agent had it, or the bot handed it over), as the console's *Take from the bot* and
    *Give back to the bot* do in solo mode: who has it now, and the change (None: nothing changed)."""
    only_from = (
        (BotHandling.BOT, BotHandling.HANDED_OVER) if to is BotHandling.AGENT else (BotHandling.AGENT, BotHandling.HANDED_OVER)
    )
    with engine.begin() as connection:
        changes = append_changes(connection, hand(connection, account, customer, to, only_from, agent=agent))
        return handling(connection, account, customer), changes[0] if changes else None


def _notice_json(notice: Notice | None) -> dict[str, Any] | None:
    text = stored(notice)
    return None if text is None else json.loads(text)
