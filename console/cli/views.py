"""How the command line writes what it shows: JSON objects and one-line summaries."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from console.cli.wording import say
from console.domain.inbox import BotHandling, preview_line
from console.domain.lifecycle import DeliveryState
from console.domain.messages import MessageKind, MessageSummary
from console.domain.notices import Notice, Wording
from console.domain.search_views import SearchHit
from console.domain.views import InboxRow

STATE_NAMES = {
    DeliveryState.PENDING: Wording("cli.state.pending", "pending"),
    DeliveryState.UNKNOWN: Wording("cli.state.unknown", "unknown"),
    DeliveryState.ACCEPTED: Wording("cli.state.accepted", "accepted"),
    DeliveryState.SENT: Wording("cli.state.sent", "sent"),
    DeliveryState.DELIVERED: Wording("cli.state.delivered", "delivered"),
    DeliveryState.READ: Wording("cli.state.read", "read"),
    DeliveryState.FAILED: Wording("cli.state.failed", "failed"),
    DeliveryState.DELETED: Wording("cli.state.deleted", "deleted"),
}
UNREAD = Wording("cli.inbox.unread", "{count} unread", "{count} unread", "count")
WAITING = Wording("cli.inbox.waiting", "waiting")
CLOSED = Wording("cli.inbox.window_closed", "closed")
HOURS_LEFT = Wording("cli.inbox.hours_left", "{hours} h {minutes} min")
MINUTES_LEFT = Wording("cli.inbox.minutes_left", "{minutes} min")
MESSAGE = Wording("cli.search.message", "message {id}")
TEMPLATE_SUMMARY = Wording("cli.inbox.template", "template {name}")


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def print_json_line(value: Any) -> None:
    """One JSON object per line, written at once (for scripts reading as it happens)."""
    print(json.dumps(value, ensure_ascii=False, default=str), flush=True)


def detail_json(key: str, detail: Notice | None) -> dict[str, Any]:
    """A reason for scripts: its English text under `key`, its code and values under `key_notice`."""
    return {key: None if detail is None else detail.english(), f"{key}_notice": None if detail is None else detail.as_json()}


def message_json(message: MessageSummary) -> dict[str, Any]:
    return {
        "id": message.id,
        "provider_message_id": message.provider_message_id,
        "state": message.state.value,
        "raw_state": message.raw_state,
        **detail_json("failure_reason", message.failure_reason),
        "text": message.body,
        "created_at": message.created_at.isoformat(),
    }


def inbox_row_json(row: InboxRow, now: datetime) -> dict[str, Any]:
    left = row.window_left(now)
    return {
        "conversation_id": row.conversation_id,
        "account": row.account_name,
        "account_id": row.account_id,
        "provider": row.provider.value,
        "contact_id": row.contact_id,
        "contact": row.contact_title,
        "phone": row.contact_phone,
        "summary": preview_line(row.last_kind, row.preview),
        "last_kind": None if row.last_kind is None else row.last_kind.value,
        "last_direction": None if row.last_direction is None else row.last_direction.value,
        "last_at": None if row.last_at is None else row.last_at.isoformat(),
        "unread": row.unread,
        "waiting": row.waiting,
        "status": row.status.value,
        "window_closes_at": None if row.window_closes_at is None else row.window_closes_at.isoformat(),
        "window_open": None if not row.keeps_window else left is not None,
        "labels": list(row.labels),
        "bot": None if row.bot is None else row.bot.value,
    }


def window_text(row: InboxRow, now: datetime) -> str:
    """The 24 h window as an agent reads it: "2 h 10 min", "closed", or "" where the provider keeps none."""
    if not row.keeps_window:
        return ""
    left = row.window_left(now)
    if left is None:
        return say(CLOSED())
    minutes = int(left.total_seconds() // 60)
    return say(HOURS_LEFT(hours=minutes // 60, minutes=minutes % 60) if minutes >= 60 else MINUTES_LEFT(minutes=minutes))


BOT_MARKS = {
    BotHandling.BOT: Wording("cli.inbox_bot_answers", "the bot answers"),
    BotHandling.HANDED_OVER: Wording("cli.inbox_bot_finished", "bot finished, waiting for an agent"),
    BotHandling.AGENT: Wording("cli.inbox_agent_took", "an agent took it from the bot"),
}


def inbox_row_line(row: InboxRow, now: datetime) -> str:
    at = "" if row.last_at is None else f"{row.last_at:%Y-%m-%d %H:%M}"
    unread = say(UNREAD(count=row.unread)) if row.unread else ""
    bot = "" if row.bot is None else say(BOT_MARKS[row.bot]())
    marks = [unread, say(WAITING()) if row.waiting else "", window_text(row, now), bot]
    labels = " ".join(f"#{label}" for label in row.labels)
    fields = [str(row.conversation_id), at, row.account_name, row.contact_title, ", ".join(m for m in marks if m)]
    return "\t".join([*fields, _summary(row), labels]).rstrip()


def _summary(row: InboxRow) -> str:
    """The last message in one line, "template" in the user's language."""
    if row.last_kind is MessageKind.TEMPLATE:
        return say(TEMPLATE_SUMMARY(name=row.preview))
    if row.note is not None:
        return say(row.note)
    return preview_line(row.last_kind, row.preview)


def search_hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "message_id": hit.message_id,
        "conversation_id": hit.conversation_id,
        "account": hit.account_name,
        "account_id": hit.account_id,
        "contact_id": hit.contact_id,
        "contact": hit.contact_title,
        "direction": hit.direction.value,
        "kind": hit.kind.value,
        "at": hit.at.isoformat(),
        "snippet": hit.snippet,
        "match": list(hit.highlight),
    }


def search_hit_line(hit: SearchHit) -> str:
    start, end = hit.highlight
    marked = f"{hit.snippet[:start]}[{hit.snippet[start:end]}]{hit.snippet[end:]}" if end > start else hit.snippet
    message = say(MESSAGE(id=str(hit.message_id)))
    return "\t".join([f"{hit.at:%Y-%m-%d %H:%M}", hit.account_name, hit.contact_title, message, marked])
