"""A bot's answers and closing notices, and templates' reviews, the team server applied from its
callbacks, kept here as this console keeps those it receives itself (`services/callbacks.py`):
in the customer's conversation on the mirrored account, and on the account's catalogue; and who
has a conversation a paired bot answers, as the server decided it. Each
change is applied once, in the transaction that moves the follower's cursor."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from console.domain.inbox import BotHandling
from console.domain.messages import MessageSummary
from console.domain.team import TeamChange
from console.store import callbacks as callback_queries
from console.store import contacts as contact_queries
from console.store import conversations as conversation_queries
from console.store import messages as message_queries
from console.store import templates as template_queries
from console.store.tables import AccountRow
from console.store.types import utcnow

__all__ = ["apply_bot", "apply_handling", "apply_review"]


def _team_account(session: Session, name: str) -> int | None:
    return session.exec(select(AccountRow.id).where(AccountRow.name == name, col(AccountRow.team))).first()


def _at(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return utcnow()


def apply_bot(session: Session, change: TeamChange) -> tuple[MessageSummary, int] | None:
    """The bot's answer or notice in the customer's chat, and the account's id; None for an
    account this console does not mirror."""
    bot = change.bot
    account = _team_account(session, change.account)
    if bot is None or account is None or not change.customer.isdigit():
        return None
    contact_id = contact_queries.ensure_contact(session, account, change.customer, change.customer)
    if bot.notice is not None:
        return callback_queries.add_bot_notice(session, account, contact_id, bot.notice, _at(bot.received_at)), account
    added = callback_queries.add_bot_message(session, account, contact_id, bot.kind, bot.body, _at(bot.received_at), bot.content)
    return added, account


def apply_handling(session: Session, change: TeamChange) -> tuple[int, int] | None:
    """Who has the conversation, as the server decided it (a paired bot, handed over, an agent):
    (conversation id, account id) when it changed here; None for an account this console does not mirror."""
    account = _team_account(session, change.account)
    if change.handling is None or account is None or not change.customer.isdigit():
        return None
    contact_id = contact_queries.ensure_contact(session, account, change.customer, change.customer)
    conversation_id = message_queries.ensure_conversation(session, account, contact_id)
    anyone = (None, *BotHandling)
    changed = conversation_queries.set_bot_handling(session, conversation_id, change.handling, only_from=anyone)
    return None if changed is None else (conversation_id, account)


def apply_review(session: Session, change: TeamChange) -> int | None:
    """The template's new review on the account's catalogue: the account's id when it has that template."""
    review = change.review
    account = _team_account(session, change.account)
    if review is None or account is None:
        return None
    changed = template_queries.set_template_status(session, account, review.name, review.language, review.status)
    return account if changed else None
