"""Providers' callbacks applied to the team's messages: each server process runs an applier
that reads the relay's stored events (the same database) for the routes of the server's
accounts, reads each body with its provider's own parser (`ProviderDefinition.parse_callback`),
and applies what it says.

- A delivery status moves the team message with that account and provider message id
  (`statuses.folded`), with a `message_state` change when something consoles see changed; a
  status whose message is not known yet (it overtook the send's answer) is kept in
  `team_early_status` and folded in when the answer is recorded (`MessageStore.record`);
  one whose answer never named it (the send failed, or its outcome is unknown) is deleted
  after `EARLY_KEPT`.
- A customer's message is stored once per provider message id in `team_inbound` (providers
  retry), with a `message` change whose `message` has `"direction": "in"`:

      {"id", "direction": "in", "account", "customer", "user_id", "name", "kind", "body",
       "content", "provider_message_id", "received_at"}

  `customer` is the phone's digits, or the user id of a customer who hides their number; the
  change's `agent` is "" (nobody of the team wrote it). Its `id` is the inbound message's,
  apart from outgoing messages' ids. It reopens a resolved conversation (`conversation_status`).
- A bot's answer, a bot closing a chat and a template's review: `bot_events`; a bot answering
  through a Cloud API account of the server (Chattigo paired with it): `bot_relay`, which also
  keeps the connection's customers' messages the bot has, to be forwarded to it.
  An unreadable body or item is logged (its event id, never the body) and skipped.

Exactly once with several processes: the appliers' cursor is a `team_counter` row, read
`FOR UPDATE SKIP LOCKED`; the process holding it applies a page of events (at most `PAGE`
events, and `PAGE_BYTES` of the server's accounts' bodies) and moves the cursor in one
transaction, the others skip their turn. Events on other routes (consoles') are passed over.
Relay event ids follow commit order, so the cursor never passes an event committed later.
Changes are appended last (lock order, see `statuses`). Blocking calls: run them off the
event loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from console.domain.accounts import ProviderKind
from console.domain.callbacks import (
    BotClosedChat,
    BotMessage,
    CallbackItem,
    CustomerMessage,
    ReportedStatus,
    TemplateReviewed,
    UnreadableItem,
)
from console.domain.notice_codec import stored
from console.providers.chattigo.envelopes import message_envelopes
from console.providers.registry import definition
from console.relay.store import EVENT_COUNTER, PAGE_BYTES, relay_counter, relay_event, utc_now
from console.services.callbacks import incoming_fields
from console.team_server import schema
from console.team_server.bot_events import bot_answer, bot_closed, template_review
from console.team_server.bot_relay import Pairings, bot_closed_on, for_the_bot, pairings, queue_answer
from console.team_server.conversation_status import reopened, resolved_among
from console.team_server.feed import ChangeFeed
from console.team_server.messages import OutgoingMessage, message_of
from console.team_server.schema import APPLIED_COUNTER, team_account, team_counter, team_early_status, team_inbound, team_message
from console.team_server.statuses import folded, lock_provider_id
from console.team_server.store import Change, append_changes

__all__ = ["CallbackApplier", "CallbackStore"]

log = logging.getLogger("console.team_server")

PAGE = 200  # relay events per transaction
STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # `relay.store.utc_now`
LOOK_EVERY = 0.25  # seconds between looks at the relay's newest event id
EARLY_KEPT = timedelta(days=3)  # a status kept for a message whose answer never named it, at most
FORGET_EVERY = 600.0  # seconds between deletions of those
ID_LENGTH = 200  # a provider message id or raw state, at most (the columns')
NAME_LENGTH = 200  # a customer's profile name is cut there


@dataclass(frozen=True, slots=True)
class _Pending:
    """A change to append once every row of the page is written."""

    agent: str
    kind: str
    account: str
    customer: str
    details: dict[str, Any]


class CallbackStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def newest_event(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(relay_counter.c.value).where(relay_counter.c.name == EVENT_COUNTER)).scalar() or 0

    def apply_next(self, page: int = PAGE) -> tuple[list[Change], int] | None:
        """Apply the next page of relay events: the changes written and the cursor after them;
        None when another process is applying at this moment."""
        with self.engine.begin() as connection:
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            connection.execute(  # the first applier ever makes the cursor; it waits for another one making it
                dialect.insert(team_counter).values(name=APPLIED_COUNTER, value=0).on_conflict_do_nothing()
            )
            cursor = connection.execute(
                select(team_counter.c.value).where(team_counter.c.name == APPLIED_COUNTER).with_for_update(skip_locked=True)
            ).scalar()
            if cursor is None:
                return None
            listed = connection.execute(
                select(relay_event.c.id, relay_event.c.route, func.length(relay_event.c.body).label("size"))
                .where(relay_event.c.id > cursor)
                .order_by(relay_event.c.id)
                .limit(page)
            ).all()
            if not listed:
                return [], cursor
            routes = {
                row.callback_route: (row.name, ProviderKind(row.provider))
                for row in connection.execute(
                    select(team_account.c.callback_route, team_account.c.name, team_account.c.provider).where(
                        team_account.c.callback_route.is_not(None)
                    )
                )
            }
            last, size, taken = listed[-1].id, 0, []
            for row in listed:  # the server's own events (others are consoles'), within `PAGE_BYTES` of bodies
                if row.route not in routes:
                    continue
                if taken and size + row.size > PAGE_BYTES:
                    last = row.id - 1  # the next page starts at this one
                    break
                taken.append(row.id)
                size += row.size
            events = (
                connection.execute(select(relay_event).where(relay_event.c.id.in_(taken)).order_by(relay_event.c.id)).all()
                if taken
                else []
            )
            pending: list[_Pending] = []
            paired = pairings(connection) if events else Pairings({}, {})
            read = [(event, *routes[event.route], _items(event, *routes[event.route])) for event in events]
            written = {
                (account, customer)
                for _, account, _, items in read
                for item in items
                if isinstance(item, CustomerMessage) and (customer := _customer(item))
            }
            resolved = resolved_among(connection, written)  # one query for the page: most conversations are open
            for event, account, _, items in read:
                pending += _applied(connection, event, account, items, paired, resolved)
            connection.execute(update(team_counter).where(team_counter.c.name == APPLIED_COUNTER).values(value=last))
            changes = append_changes(connection, [(p.agent, p.kind, p.account, p.customer, p.details) for p in pending])
            return changes, last

    def forget_early(self, before: str) -> int:
        """Delete the statuses kept since before `before` (ISO time) whose message never got their id
        (it failed, or its outcome is unknown): how many."""
        with self.engine.begin() as connection:
            return connection.execute(delete(team_early_status).where(team_early_status.c.received_at < before)).rowcount


def _items(event: Row[Any], account: str, provider: ProviderKind) -> list[CallbackItem]:
    """The event's items, read by its provider's parser; none when it cannot be read (logged)."""
    if event.quarantined or event.provider != provider.value:
        log.warning("Callback %d for account %s not applied: quarantined or another provider's", event.id, account)
        return []
    parse = definition(provider).parse_callback
    if parse is None:
        return []
    try:
        return parse(bytes(event.body).decode("utf-8", errors="replace"))
    except Exception as error:  # MalformedAnswer, InvalidInput, ValueError; anything else must not hold up the rest
        log.warning("Callback %d for account %s could not be read (%s)", event.id, account, type(error).__name__)
        return []


def _customer(item: CustomerMessage) -> str | None:
    """The conversation's customer as the server keeps it: the phone's digits, or the hidden number's user id."""
    return item.sender.digits if item.sender is not None else item.user_id


def _applied(
    connection: Connection,
    event: Row[Any],
    account: str,
    items: list[CallbackItem],
    paired: Pairings,
    resolved: set[tuple[str, str]],
) -> list[_Pending]:
    """The changes the event's items make; `resolved` (the page's resolved conversations among those
    written to) loses each conversation a customer's message reopens."""
    pending: list[_Pending] = []
    bot, answered_through = paired.bot_of.get(account), paired.connection_of.get(account)
    envelopes: dict[str, dict[str, Any]] | None = None
    for position, item in enumerate(items):
        if not _fits(item):
            log.warning("An item of callback %d for account %s has ids longer than the server keeps", event.id, account)
        elif isinstance(item, ReportedStatus):
            message = _status(connection, account, item, event.received_at)
            if message is not None:
                pending.append(_Pending(message.agent, "message_state", account, message.customer, message.state_json()))
        elif isinstance(item, CustomerMessage):
            inbound = _inbound(connection, account, item, event.id, event.received_at)
            if inbound is not None:
                pending.append(_Pending("", "message", account, inbound["customer"], {"message": inbound}))
                if (account, inbound["customer"]) in resolved:
                    resolved.discard((account, inbound["customer"]))
                    reopening = reopened(connection, account, inbound["customer"], afresh=bot is not None)
                    pending += [_Pending(*change) for change in reopening]
            if inbound is not None and bot is not None:
                if envelopes is None:  # cut once per body
                    envelopes = message_envelopes(bytes(event.body).decode("utf-8", errors="replace"))
                envelope = envelopes.get(item.provider_message_id)
                forwarded = for_the_bot(connection, bot, account, inbound["customer"], item.provider_message_id, envelope)
                pending += [_Pending(*change) for change in forwarded]
        elif isinstance(item, BotMessage) and answered_through is not None:
            pending.append(_Pending(*queue_answer(connection, answered_through, item, event, position)))
        elif isinstance(item, BotMessage):
            pending.append(_Pending(*bot_answer(connection, account, item, event)))
        elif isinstance(item, BotClosedChat) and answered_through is not None:
            pending += [_Pending(*change) for change in bot_closed_on(connection, answered_through, item, event)]
        elif isinstance(item, BotClosedChat) and (closed := bot_closed(connection, account, item, event)) is not None:
            pending.append(_Pending(*closed))
        elif isinstance(item, TemplateReviewed):
            pending.append(_Pending(*template_review(account, item)))
        elif isinstance(item, UnreadableItem):
            log.warning("An item of callback %d for account %s could not be read", event.id, account)
    return pending


def _fits(item: CallbackItem) -> bool:
    """Whether the item's ids fit the server's columns (a body the relay took may hold anything)."""
    if isinstance(item, ReportedStatus):
        return len(item.provider_message_id) <= ID_LENGTH
    if isinstance(item, CustomerMessage):
        return len(item.provider_message_id) <= ID_LENGTH and len(item.user_id or "") <= schema.CUSTOMER_LENGTH
    if isinstance(item, BotMessage):
        return len(item.customer.digits) <= schema.CUSTOMER_LENGTH
    return True


def _status(connection: Connection, account: str, item: ReportedStatus, received_at: str) -> OutgoingMessage | None:
    """The message once the status is folded in; None when it did not change or is not known yet."""
    item = replace(item, raw_state=item.raw_state[:ID_LENGTH])
    lock_provider_id(connection, account, item.provider_message_id)
    row = connection.execute(
        select(team_message)
        .where(team_message.c.account == account, team_message.c.provider_message_id == item.provider_message_id)
        .with_for_update()
    ).first()
    if row is None:  # before the send's answer: kept for it, once per distinct report
        key = (
            team_early_status.c.account == account,
            team_early_status.c.provider_message_id == item.provider_message_id,
            team_early_status.c.state == item.state.value,
            team_early_status.c.raw_state == item.raw_state,
        )
        if connection.execute(select(team_early_status.c.id).where(*key)).first() is None:
            connection.execute(
                insert(team_early_status).values(
                    account=account,
                    provider_message_id=item.provider_message_id,
                    state=item.state.value,
                    raw_state=item.raw_state,
                    detail=stored(item.reason),
                    received_at=received_at,
                )
            )
        return None
    after = folded(row, item.state, item.raw_state, item.reason)
    if after is None:
        return None
    updated = connection.execute(
        update(team_message)
        .where(team_message.c.id == row.id)
        .values(**after.values(), updated_at=utc_now())
        .returning(team_message)
    ).one()
    return message_of(updated)


def _inbound(
    connection: Connection, account: str, item: CustomerMessage, event_id: int, received_at: str
) -> dict[str, Any] | None:
    """The customer's message as a `message` change carries it; None when it was stored before."""
    customer = _customer(item)
    if not customer:
        log.warning("A customer's message in callback %d for account %s names no customer", event_id, account)
        return None
    body, kind, fields = incoming_fields(item.content)
    values = {
        "account": account,
        "provider_message_id": item.provider_message_id,
        "customer": customer,
        "user_id": item.user_id,
        "name": None if item.name is None else item.name[:NAME_LENGTH],
        "kind": kind.value,
        "body": body,
        "content": json.dumps(fields, ensure_ascii=False, sort_keys=True),
        "relay_event_id": event_id,
        "received_at": received_at,
    }
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    row = connection.execute(
        dialect.insert(team_inbound)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["account", "provider_message_id"])
        .returning(team_inbound.c.id)
    ).first()
    if row is None:
        return None
    shown = {key: value for key, value in values.items() if key not in ("relay_event_id", "content")}
    return {"id": row.id, "direction": "in", **shown, "content": fields}


class CallbackApplier:
    """Applies the relay's new events every `LOOK_EVERY` seconds while there are some; rings the
    feed with what it wrote."""

    def __init__(self, store: CallbackStore, feed: ChangeFeed, look_every: float = LOOK_EVERY) -> None:
        self._store = store
        self._feed = feed
        self._look_every = look_every
        self._applied = -1  # the cursor as last seen; -1: not read yet
        self._failures = 0

    async def run(self) -> None:
        forget_at = 0.0
        while True:
            try:
                if time.monotonic() >= forget_at:
                    forget_at = time.monotonic() + FORGET_EVERY
                    before = (datetime.now(UTC) - EARLY_KEPT).strftime(STAMP)
                    await asyncio.to_thread(self._store.forget_early, before)
                await self._catch_up()
                self._failures = 0
            except Exception as error:  # the database is away: look again later
                self._failures += 1
                if self._failures == 1 or self._failures % 100 == 0:
                    log.warning("Callback applier could not apply the relay's events (%s)", type(error).__name__)
            await asyncio.sleep(self._look_every)

    async def _catch_up(self) -> None:
        newest = await asyncio.to_thread(self._store.newest_event)
        while newest > self._applied:
            outcome = await asyncio.to_thread(self._store.apply_next)
            if outcome is None:  # another process has the cursor: it applies them
                return
            changes, cursor = outcome
            if changes:
                self._feed.ring(max(change.id for change in changes))
            if cursor == self._applied:  # nothing more to read now
                return
            self._applied = cursor
