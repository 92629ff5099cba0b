"""The customers' messages kept to be forwarded to a Chattigo bot (`team_bot_forward`, stored by
`bot_relay` in the callback applier's transaction), claimed and recorded with the send worker's
rules, because a forward sent twice makes the bot answer twice:

- a claim takes the oldest pending forward of each conversation none of whose earlier forwards
  is pending or being sent (the bot reads a conversation's messages in order), skipping rows
  another process is claiming (`FOR UPDATE SKIP LOCKED`), and marks it `sending` by its worker,
  committed before the request;
- a request that surely never left is pending again later; one that may have left is `unknown`,
  never sent again; a forward left `sending` by a worker whose lease ran out (`team_worker`) is
  `unknown` too (`take_over`);
- a forward that failed or is unknown hands the conversation over to the agents, saying why in
  the `bot_handling` change (`bot_hands.hand`), as the console does in solo mode.

Blocking calls: run them off the event loop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, exists, select, update
from sqlalchemy.orm import aliased

from console.domain.accounts import ProviderKind
from console.domain.inbox import BotHandling
from console.domain.notice_codec import stored
from console.domain.notices import Notice, Wording
from console.relay.store import utc_now
from console.services.bot_relay import NOT_FORWARDED
from console.team_server.bot_hands import FORWARD_PENDING, hand
from console.team_server.messages import SENDING, WORKER_GONE, claim_due, now_ms, put_back
from console.team_server.schema import team_account, team_bot_forward, team_worker
from console.team_server.store import Change, append_changes

__all__ = ["FORWARDED", "Forward", "ForwardStore"]

FORWARDED, FAILED, UNKNOWN = "forwarded", "failed", "unknown"
MAX_TAKEN_OVER = 500

_EARLIER = aliased(team_bot_forward)  # built once: a new alias each claim would compile the statement each time
_WAITS = exists().where(  # an earlier forward of the same conversation is not done yet
    _EARLIER.c.account == team_bot_forward.c.account,
    _EARLIER.c.customer == team_bot_forward.c.customer,
    _EARLIER.c.id < team_bot_forward.c.id,
    _EARLIER.c.state.in_([FORWARD_PENDING, SENDING]),
)

MAY_NOT_HAVE_REACHED = Wording("team.bot_forward_unknown", "The bot may not have received the customer's message: {reason}")


@dataclass(frozen=True, slots=True)
class Forward:
    id: int
    bot_account: str  # the Chattigo account whose bot it goes to
    account: str  # the connection the customer wrote to
    customer: str
    envelope: dict[str, Any]
    attempts: int


def _forward(row: Any) -> Forward:
    return Forward(row.id, row.bot_account, row.account, row.customer, json.loads(row.envelope), row.attempts)


class ForwardStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def any_bot(self) -> bool:
        """Whether the server has a Chattigo account: without one, no forward is ever kept."""
        with self.engine.connect() as connection:
            chattigo = exists().where(team_account.c.provider == ProviderKind.CHATTIGO.value)
            return bool(connection.execute(select(chattigo)).scalar())

    def claim(self, worker: str, limit: int, skip_bots: frozenset[str] = frozenset()) -> list[Forward]:
        """Up to `limit` due forwards, each the next of its conversation, marked as being sent by
        `worker` and committed before any request (`claim_due`)."""
        forward = team_bot_forward
        rows = claim_due(self.engine, forward, FORWARD_PENDING, worker, limit, (forward.c.bot_account, skip_bots), ~_WAITS)
        return [_forward(row) for row in rows]

    def retry_later(self, forward_id: int, worker: str, delay_ms: int, detail: Notice | None, *, attempt: bool = True) -> None:
        """The request never left: pending again, due in `delay_ms` (`put_back`)."""
        put_back(self.engine, team_bot_forward, forward_id, worker, FORWARD_PENDING, delay_ms, detail, attempt)

    def record(self, forward_id: int, worker: str, state: str, detail: Notice | None = None) -> list[Change]:
        """`worker`'s outcome (`forwarded`, `failed`, `unknown`); a failed or unknown one hands the
        conversation over, with its `bot_handling` change. Nothing when it is not `worker`'s to record."""
        with self.engine.begin() as connection:
            row = connection.execute(
                update(team_bot_forward)
                .where(
                    team_bot_forward.c.id == forward_id,
                    team_bot_forward.c.sender == worker,
                    team_bot_forward.c.state.in_([SENDING, UNKNOWN]),
                )
                .values(state=state, detail=stored(detail), updated_at=utc_now())
                .returning(team_bot_forward)
            ).first()
            if row is None or state == FORWARDED:
                return []
            return append_changes(connection, _handed_over(connection, row, state, detail))

    def take_over(self) -> list[Change]:
        """Forwards left `sending` by workers whose lease ran out: `unknown` (they may have reached
        the bot), never sent again; their conversations handed over."""
        now = now_ms()
        alive = exists().where(team_worker.c.name == team_bot_forward.c.sender, team_worker.c.lease_until_ms >= now)
        orphans = (
            select(team_bot_forward.c.id)
            .where(team_bot_forward.c.state == SENDING, ~alive)
            .order_by(team_bot_forward.c.id)
            .limit(MAX_TAKEN_OVER)
            .with_for_update(skip_locked=True)
        )
        with self.engine.begin() as connection:
            ids = connection.execute(orphans).scalars().all()
            if not ids:
                return []
            rows = connection.execute(
                update(team_bot_forward)
                .where(team_bot_forward.c.id.in_(ids))
                .values(state=UNKNOWN, detail=stored(WORKER_GONE()), updated_at=utc_now())
                .returning(team_bot_forward)
            ).all()
            pending = [
                change
                for row in sorted(rows, key=lambda r: r.id)
                for change in _handed_over(connection, row, UNKNOWN, WORKER_GONE())
            ]
            return append_changes(connection, pending)


def _handed_over(
    connection: Connection, row: Any, state: str, detail: Notice | None
) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    reason = detail if detail is not None else WORKER_GONE()
    note = MAY_NOT_HAVE_REACHED(reason=reason) if state == UNKNOWN else NOT_FORWARDED(reason=reason)
    return hand(connection, row.account, row.customer, BotHandling.HANDED_OVER, (BotHandling.BOT,), notice=note)
