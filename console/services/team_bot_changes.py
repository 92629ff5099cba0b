"""The team server's changes about bots and templates, read (`team_server/bot_events.py` and
`bot_relay.py` write them): a bot's answer or its closing of a chat, who has a conversation a
paired bot answers (`bot_handling`, with a notice when the bot did not get a message), and a
template's new review. A change
this console cannot read is passed over (None), as the follower does with any kind it does
not know."""

from __future__ import annotations

import json
from typing import Any

from console.domain.inbox import NOTE, BotHandling
from console.domain.messages import MessageKind
from console.domain.notice_codec import restored
from console.domain.team import BOT_KINDS, HANDLING_KIND, REVIEW_KIND, TeamBot, TemplateReview

__all__ = ["bot_of", "handling_of", "review_of"]


def bot_of(kind: str, item: dict[str, Any]) -> TeamBot | None:
    if kind not in BOT_KINDS:
        return None
    try:
        if kind == "bot_message":
            message = item["message"]
            body, received_at = str(message.get("body") or ""), str(message.get("received_at") or "")
            shown, content = _shown(message)
            return TeamBot(int(message["id"]), body, None, received_at, shown, content)
        notice = restored(json.dumps(item["notice"])) if isinstance(item.get("notice"), dict) else None
        if notice is None:
            return None
        event = 0 if kind == HANDLING_KIND else int(item["bot_event"])
        return TeamBot(event, notice.english(), notice, str(item.get("received_at") or ""))
    except (KeyError, TypeError, ValueError):
        return None


def _shown(message: dict[str, Any]) -> tuple[MessageKind, dict[str, Any]]:
    """How the answer is listed and what the chat shows it from; a kind or content this
    console cannot read, or none (an older server sends the body alone), shows the body as text."""
    content = message.get("content")
    try:
        kind = MessageKind(message.get("kind"))
    except ValueError:
        kind = MessageKind.TEXT
    if kind is MessageKind.TEXT or not isinstance(content, dict):
        return MessageKind.TEXT, {}
    if kind is MessageKind.NOTICE and not isinstance(content.get(NOTE), str):
        return MessageKind.TEXT, {}
    return kind, content


def handling_of(kind: str, item: dict[str, Any]) -> BotHandling | None:
    if kind != HANDLING_KIND:
        return None
    try:
        return BotHandling(item.get("handling"))
    except ValueError:
        return None


def review_of(kind: str, item: dict[str, Any]) -> TemplateReview | None:
    if kind != REVIEW_KIND:
        return None
    name, language, status = item.get("name"), item.get("language"), item.get("status")
    if not all(isinstance(value, str) and value for value in (name, language, status)):
        return None
    return TemplateReview(str(name), str(language), str(status))
