"""What a provider's bot did and a provider's template reviews, applied on the server from its
callbacks (`callbacks` calls these inside the transaction that moves the appliers' cursor, so
each is applied once whichever process received it), as changes consoles apply as they do in
solo mode:

- `bot_message` (a bot answered a customer: Chattigo), `agent` "":
  `{"message": {"id", "direction": "bot", "kind", "body", "content", "received_at"}}`, kept as
  a console keeps the answers it receives itself (`BotMessage.kept`: a text, a file, a place, a
  template, or a notice describing a reaction, contacts or buttons, worded per reader);
- `bot_closed` (the bot closed the chat), `agent` "": `{"bot_event", "notice": {"code",
  "english", "values"}, "received_at"}` (a change's details sit beside its own `id`: none may be
  named `id`). A notice that names no customer closes the chat of the customer the account's
  bot answered last (`team_bot_event`); with none, nothing;
- `template_review` (WhatsApp Cloud API), `customer` "": `{"name", "language", "status"}`.

A bot answering through another account (a Chattigo bot paired with a Cloud API account of the
server) is `bot_relay`'s: its answers are sent through that account and shown there.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Connection, insert, select

from console.domain.callbacks import BotClosedChat, BotMessage, TemplateReviewed
from console.domain.notice_codec import stored
from console.team_server.messages import detail_json
from console.team_server.schema import CUSTOMER_LENGTH, team_bot_event

__all__ = ["bot_answer", "bot_closed", "template_review"]

log = logging.getLogger("console.team_server")

ANSWER, CLOSED = "answer", "closed"
MAX_FIELD = 200  # characters of a template's name, language or status kept in a change

Pending = tuple[str, str, str, str, dict[str, Any]]  # agent, kind, account, customer, details (`append_changes`)


def _insert(connection: Connection, account: str, customer: str, kind: str, body: str, notice: str | None, event: Any) -> int:
    values = {
        "account": account,
        "customer": customer,
        "kind": kind,
        "body": body,
        "notice": notice,
        "relay_event_id": event.id,
        "received_at": event.received_at,
    }
    return int(connection.execute(insert(team_bot_event).values(**values).returning(team_bot_event.c.id)).scalar_one())


def bot_answer(connection: Connection, account: str, item: BotMessage, event: Any) -> Pending:
    """The bot's answer, kept and logged as a `bot_message` change (the chat shows it as the
    console that receives it itself would)."""
    customer = item.customer.digits
    body, kind, content = item.kept()
    row_id = _insert(connection, account, customer, ANSWER, body, None, event)
    message = {
        "id": row_id,
        "direction": "bot",
        "kind": kind.value,
        "body": body,
        "content": content,
        "received_at": event.received_at,
    }
    return ("", "bot_message", account, customer, {"message": message})


def bot_closed(connection: Connection, account: str, item: BotClosedChat, event: Any) -> Pending | None:
    """The closing notice in its customer's chat; None when it names none and the bot answered nobody yet."""
    customer = item.customer.digits if item.customer is not None else _last_answered(connection, account)
    if customer is None or len(customer) > CUSTOMER_LENGTH:
        log.warning("A bot's closing notice in callback %d for account %s names no chat", event.id, account)
        return None
    row_id = _insert(connection, account, customer, CLOSED, item.note.english(), stored(item.note), event)
    details = {"bot_event": row_id, "notice": detail_json(item.note), "received_at": event.received_at}
    return ("", "bot_closed", account, customer, details)


def _last_answered(connection: Connection, account: str) -> str | None:
    last = (
        select(team_bot_event.c.customer)
        .where(team_bot_event.c.account == account, team_bot_event.c.kind == ANSWER)
        .order_by(team_bot_event.c.id.desc())
        .limit(1)
    )
    return connection.execute(last).scalar()


def template_review(account: str, item: TemplateReviewed) -> Pending:
    """A template's new review: consoles set it on their copy of the account's catalogue."""
    details = {"name": item.name[:MAX_FIELD], "language": item.language[:MAX_FIELD], "status": item.status[:MAX_FIELD]}
    return ("", "template_review", account, "", details)
