"""The team server's durable state: agents, the ordered change log, and who has which conversation.

Who has a conversation is decided under its row's lock: `take` makes sure the row exists
(`INSERT … ON CONFLICT DO NOTHING`, which waits for another transaction inserting the same
row) and reads it `FOR UPDATE`, so when two agents take it at once the second one reads the
first one's commit and is refused. A change is then appended as the relay appends events:
updating the `team_counter` row hands out the next id and holds that row's lock (PostgreSQL)
or the write lock (SQLite) until COMMIT, so ids follow commit order (a reader that saw id N
never later finds a new change below N). Locks are always taken in that order, conversation
then counter. On PostgreSQL the same transaction sends `NOTIFY team_changes` with the new id,
delivered to every server process at COMMIT.

Every change of every process waits for that one row, so it is held as briefly as can be:
appending is the last statement of each writing transaction (here, `messages`, `callbacks`,
`polls`), and on PostgreSQL the counter's update, the change rows and the NOTIFY are one
statement (`_APPEND`), so the lock lasts one round trip and the COMMIT, not three round trips
with Python (and its GIL, shared with the server's other threads) in between. A group commit
of changes, as the relay's `batcher` does for callbacks, was not chosen: a change belongs in
the transaction of the state it describes (a message's row, a conversation's holder, the
callback cursor), which another process may be locking too, so batching the changes would mean
batching those writers' whole transactions, where one writer's refusal or conflict would roll
back the others' work; and the relay's batches only pay off when the writes are plain inserts.

Blocking calls: run them off the event loop.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from console.domain.notices import Notice, NoticeError, Wording
from console.relay.store import open_engine, utc_now
from console.relay.tokens import new_token
from console.team_server import schema
from console.team_server.schema import team_agent, team_change, team_conversation, team_counter, team_presence
from console.team_server.upgrade import upgrade

__all__ = [
    "AGENTS_CHANNEL",
    "NOTIFY_CHANNEL",
    "Agent",
    "Change",
    "Presence",
    "Refusal",
    "TeamStore",
    "append_change",
    "append_changes",
    "token_digest",
]

NOTIFY_CHANNEL = "team_changes"
AGENTS_CHANNEL = "team_agents"  # an agent was revoked: the processes forget the tokens they remember
PRESENCE_SECONDS = 60  # an open conversation shows its agent this long unless opened again
MAX_NOTE = 2000

BAD_NAME = Wording(
    "team.bad_agent_name", "an agent's name is 1 to {length} characters, with no tab or line break and no space at either end"
)
AGENT_EXISTS = Wording("team.agent_exists", "agent {name} already has a token; revoke it first to issue a new one")
UNKNOWN_AGENT = Wording("team.unknown_agent", "there is no agent named {name}")
HELD = Wording("team.held", "{holder} has this conversation")
NOT_HOLDER = Wording("team.not_holder", "only the agent who has this conversation can do that; {holder} has it")
NOBODY_HOLDS = Wording("team.nobody_holds", "nobody has this conversation; take it first")


class Refusal(NoticeError):
    """A request the state does not allow; `status` is its HTTP answer."""

    def __init__(self, notice: Notice, status: int) -> None:
        super().__init__(notice)
        self.status = status


@dataclass(frozen=True, slots=True)
class Agent:
    name: str
    created_at: str
    last_seen_at: str | None
    revoked_at: str | None


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    at: str
    agent: str
    kind: str  # presence | taken | transferred | released | message | message_state
    account: str
    customer: str
    details: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        """The details beside the change's own fields, which win: a detail named `id` would
        otherwise move a console's cursor."""
        return {
            **self.details,
            "id": self.id,
            "at": self.at,
            "agent": self.agent,
            "kind": self.kind,
            "account": self.account,
            "customer": self.customer,
        }


@dataclass(frozen=True, slots=True)
class Presence:
    """A conversation as its opener sees it: who has it, who else has it open, until when."""

    change: Change
    holder: str | None
    present: list[str]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def _checked_name(name: str) -> str:
    if not 0 < len(name) <= schema.NAME_LENGTH or not name.isprintable() or name != name.strip():
        raise Refusal(BAD_NAME(length=schema.NAME_LENGTH), 400)
    return name


def append_change(connection: Connection, agent: str, kind: str, account: str, customer: str, **details: Any) -> Change:
    """The change, with the next id: the counter row stays locked until this transaction commits."""
    return append_changes(connection, [(agent, kind, account, customer, details)])[0]


def append_changes(connection: Connection, changes: Sequence[tuple[str, str, str, str, dict[str, Any]]]) -> list[Change]:
    """`append_change` for (agent, kind, account, customer, details) in order: on PostgreSQL one
    statement for them all, the last of the transaction before COMMIT."""
    if not changes:
        return []
    at = utc_now()
    if connection.dialect.name == "postgresql":
        rows = [(agent, kind, account, customer, json.dumps(details)) for agent, kind, account, customer, details in changes]
        parameters = {
            "count": len(changes),
            "counter": schema.CHANGE_COUNTER,
            "at": at,
            "channel": NOTIFY_CHANNEL,
            **{name: [row[n] for row in rows] for n, name in enumerate(_COLUMNS)},
        }
        last_id = connection.execute(_APPEND, parameters).scalar_one()
        return _changes(last_id, at, changes)
    last_id = connection.execute(
        update(team_counter)
        .where(team_counter.c.name == schema.CHANGE_COUNTER)
        .values(value=team_counter.c.value + len(changes))
        .returning(team_counter.c.value)
    ).scalar_one()
    written = _changes(last_id, at, changes)
    connection.execute(
        insert(team_change),
        [
            {
                "id": c.id,
                "at": c.at,
                "agent": c.agent,
                "kind": c.kind,
                "account": c.account,
                "customer": c.customer,
                "details": json.dumps(c.details),
            }
            for c in written
        ],
    )
    return written


_COLUMNS = ("agents", "kinds", "accounts", "customers", "details")
# The counter's update, the changes' rows and the NOTIFY (delivered to every listening process at
# COMMIT) in one round trip: the counter row's lock is taken by the last statement before COMMIT.
_APPEND = text(
    """
    WITH counter AS (
        UPDATE team_counter SET value = value + :count WHERE name = :counter RETURNING value
    ), written AS (
        INSERT INTO team_change (id, at, agent, kind, account, customer, details)
        SELECT counter.value - :count + rows.n, :at, rows.agent, rows.kind, rows.account, rows.customer, rows.details
        FROM counter, unnest(
            CAST(:agents AS text[]), CAST(:kinds AS text[]), CAST(:accounts AS text[]),
            CAST(:customers AS text[]), CAST(:details AS text[])
        ) WITH ORDINALITY AS rows(agent, kind, account, customer, details, n)
    )
    SELECT value FROM counter, LATERAL (SELECT pg_notify(:channel, CAST(counter.value AS text))) AS notified
    """
)


def _changes(last_id: int, at: str, changes: Sequence[tuple[str, str, str, str, dict[str, Any]]]) -> list[Change]:
    return [
        Change(last_id - len(changes) + n, at, agent, kind, account, customer, details)
        for n, (agent, kind, account, customer, details) in enumerate(changes, start=1)
    ]


def _dialect(connection: Connection) -> ModuleType:
    """The dialect module whose `insert` has `ON CONFLICT`."""
    return postgresql if connection.dialect.name == "postgresql" else sqlite


def _holder(connection: Connection, account: str, customer: str) -> str | None:
    row = connection.execute(
        select(team_conversation.c.holder)
        .where(team_conversation.c.account == account, team_conversation.c.customer == customer)
        .with_for_update()
    ).first()
    return None if row is None else row.holder


def _set_holder(connection: Connection, account: str, customer: str, holder: str | None) -> None:
    connection.execute(
        update(team_conversation)
        .where(team_conversation.c.account == account, team_conversation.c.customer == customer)
        .values(holder=holder, held_since=None if holder is None else utc_now())
    )


class TeamStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_postgresql = engine.dialect.name == "postgresql"

    @classmethod
    def open(cls, url: str) -> TeamStore:
        """A store of its own on `url` (the admin commands), its schema upgraded to this version's;
        the server shares the relay's engine instead."""
        engine = open_engine(url)
        try:
            upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # Agents

    def add_agent(self, name: str) -> str:
        """A new agent's token, the only time it exists in clear. A revoked agent's name gets a new token."""
        _checked_name(name)
        token = new_token()
        try:
            with self.engine.begin() as connection:
                row = connection.execute(select(team_agent.c.revoked_at).where(team_agent.c.name == name)).first()
                values = {"token_digest": token_digest(token), "created_at": utc_now(), "last_seen_at": None, "revoked_at": None}
                if row is None:
                    connection.execute(insert(team_agent).values(name=name, **values))
                elif row.revoked_at is None:
                    raise Refusal(AGENT_EXISTS(name=name), 409)
                else:
                    connection.execute(update(team_agent).where(team_agent.c.name == name).values(**values))
        except IntegrityError:  # added by another admin at this moment
            raise Refusal(AGENT_EXISTS(name=name), 409) from None
        return token

    def agents(self) -> list[Agent]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(team_agent).order_by(team_agent.c.name)).all()
        return [Agent(row.name, row.created_at, row.last_seen_at, row.revoked_at) for row in rows]

    def revoke_agent(self, name: str) -> list[Change]:
        """The agent's token refused from now on, and the conversations they had released (a
        `released` change each, by them, in the same transaction); those changes."""
        with self.engine.begin() as connection:
            row = connection.execute(select(team_agent.c.revoked_at).where(team_agent.c.name == name)).first()
            if row is None:
                raise Refusal(UNKNOWN_AGENT(name=name), 404)
            if row.revoked_at is None:  # revoked again: only what they still hold is released
                connection.execute(update(team_agent).where(team_agent.c.name == name).values(revoked_at=utc_now()))
                if self.is_postgresql:  # every server process forgets the tokens it remembers (`agent_cache`)
                    connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": AGENTS_CHANNEL})
            held = connection.execute(
                select(team_conversation.c.account, team_conversation.c.customer)
                .where(team_conversation.c.holder == name)
                .order_by(team_conversation.c.account, team_conversation.c.customer)
                .with_for_update()
            ).all()
            for account, customer in held:
                _set_holder(connection, account, customer, None)
            released = [(name, "released", account, customer, {"holder": None}) for account, customer in held]
            return append_changes(connection, released)

    def agent_for(self, token: str) -> str | None:
        """The name of the agent whose token this is, unless revoked."""
        query = select(team_agent.c.name).where(
            team_agent.c.token_digest == token_digest(token), team_agent.c.revoked_at.is_(None)
        )
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def seen(self, name: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(team_agent).where(team_agent.c.name == name).values(last_seen_at=utc_now()))

    # The change log

    def changes(self, after: int, limit: int) -> list[Change]:
        query = select(team_change).where(team_change.c.id > after).order_by(team_change.c.id).limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [Change(r.id, r.at, r.agent, r.kind, r.account, r.customer, json.loads(r.details)) for r in rows]

    def last_change(self) -> int:
        with self.engine.connect() as connection:
            query = select(team_counter.c.value).where(team_counter.c.name == schema.CHANGE_COUNTER)
            return connection.execute(query).scalar_one()

    # Conversations

    def open_conversation(self, agent: str, account: str, customer: str, seconds: int = PRESENCE_SECONDS) -> Presence:
        """`agent` is on the conversation for `seconds` from now (again, when already on it)."""
        now_ms = int(time.time() * 1000)
        expires_ms = now_ms + seconds * 1000
        key = (team_presence.c.account == account, team_presence.c.customer == customer)
        with self.engine.begin() as connection:
            # This conversation's expired rows go, so the table holds only who is on what.
            connection.execute(team_presence.delete().where(*key, team_presence.c.expires_ms <= now_ms))
            on_it = (
                _dialect(connection)
                .insert(team_presence)
                .values(account=account, customer=customer, agent=agent, expires_ms=expires_ms, opened_ms=now_ms)
            )
            connection.execute(
                on_it.on_conflict_do_update(
                    index_elements=list(team_presence.primary_key), set_={"expires_ms": expires_ms, "opened_ms": now_ms}
                )
            )
            present = (
                connection.execute(select(team_presence.c.agent).where(*key).order_by(team_presence.c.agent)).scalars().all()
            )
            holder = _holder(connection, account, customer)
            change = append_change(connection, agent, "presence", account, customer, expires_ms=expires_ms)
        return Presence(change, holder, list(present))

    def close_conversation(self, agent: str, account: str, customer: str) -> Change | None:
        """`agent` left the conversation: no longer on it, at once. A `presence` change with
        `expires_ms` 0 says so; None (no change) when they were not on it."""
        with self.engine.begin() as connection:
            gone = connection.execute(
                team_presence.delete().where(
                    team_presence.c.account == account,
                    team_presence.c.customer == customer,
                    team_presence.c.agent == agent,
                    team_presence.c.expires_ms > int(time.time() * 1000),
                )
            ).rowcount
            if not gone:
                return None
            return append_change(connection, agent, "presence", account, customer, expires_ms=0)

    def presence_beat(self, following: Sequence[str], now_ms: int, grace_ms: int) -> list[Change]:
        """One process's beat (`liveness`), in one transaction: the agents whose consoles follow the
        change log on it (`following`) are marked at `now_ms`; then who is on a conversation but
        whose console no process has marked for `grace_ms`, and who opened it before that, is no
        longer on it: a `presence` change with `expires_ms` 0 each, as when they close it. An agent
        never marked (a script) keeps the presence until it expires. Several processes may beat at
        once: a presence is deleted, and its change written, by one of them (rows are locked in
        one order: agents, then presences, then the change counter)."""
        cutoff = now_ms - grace_ms
        absent = select(team_agent.c.name).where(team_agent.c.following_ms < cutoff)
        with self.engine.begin() as connection:
            postgresql = connection.dialect.name == "postgresql"
            if postgresql:  # a mark lost to a crash costs nothing: its commit need not wait for the disk
                connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
            if following:
                connection.execute(update(team_agent).where(team_agent.c.name.in_(sorted(following))).values(following_ms=now_ms))
            gone = connection.execute(
                team_presence.delete()
                .where(
                    team_presence.c.expires_ms > now_ms,
                    team_presence.c.opened_ms < cutoff,
                    team_presence.c.agent.in_(absent),
                )
                .returning(team_presence.c.agent, team_presence.c.account, team_presence.c.customer)
            ).all()
            ordered = sorted(gone, key=lambda row: (row.account, row.customer, row.agent))
            if ordered and postgresql:  # a change must be on disk before anyone reads it
                connection.execute(text("SET LOCAL synchronous_commit TO ON"))
            return append_changes(
                connection, [(row.agent, "presence", row.account, row.customer, {"expires_ms": 0}) for row in ordered]
            )

    def take(self, agent: str, account: str, customer: str) -> Change | None:
        """`agent` has the conversation now; None when it already had it. Refused (409) while another has it."""
        with self.engine.begin() as connection:
            connection.execute(
                _dialect(connection).insert(team_conversation).values(account=account, customer=customer).on_conflict_do_nothing()
            )
            holder = _holder(connection, account, customer)
            if holder == agent:
                return None
            if holder is not None:
                raise Refusal(HELD(holder=holder), 409)
            _set_holder(connection, account, customer, agent)
            return append_change(connection, agent, "taken", account, customer, holder=agent)

    def transfer(self, agent: str, account: str, customer: str, to: str, note: str) -> Change:
        """The holder hands the conversation to `to`, an agent not revoked, with a note."""
        with self.engine.begin() as connection:
            self._check_holder(connection, agent, account, customer)
            active = select(team_agent.c.name).where(team_agent.c.name == to, team_agent.c.revoked_at.is_(None))
            if connection.execute(active).first() is None:
                raise Refusal(UNKNOWN_AGENT(name=to), 404)
            _set_holder(connection, account, customer, to)
            return append_change(connection, agent, "transferred", account, customer, holder=to, to=to, note=note)

    def release(self, agent: str, account: str, customer: str) -> Change:
        """The holder lets the conversation go: nobody has it."""
        with self.engine.begin() as connection:
            self._check_holder(connection, agent, account, customer)
            _set_holder(connection, account, customer, None)
            return append_change(connection, agent, "released", account, customer, holder=None)

    @staticmethod
    def _check_holder(connection: Connection, agent: str, account: str, customer: str) -> None:
        holder = _holder(connection, account, customer)
        if holder is None:
            raise Refusal(NOBODY_HOLDS(), 409)
        if holder != agent:
            raise Refusal(NOT_HOLDER(holder=holder), 409)
