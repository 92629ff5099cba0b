"""Chattigo's callbacks: its bot's answers (Cloud API send payloads) and `chatBeenClosed`."""

from __future__ import annotations

import json

from console.domain.callbacks import BotClosedChat, BotMessage, CallbackItem
from console.domain.phones import parse_wa_id
from console.providers.cloud_api.envelopes import is_chat_closed, parse_send_payload
from console.providers.errors import MalformedAnswer


def parse_callback(text: str) -> list[CallbackItem]:
    """The bot's answer and/or its closing notice; `MalformedAnswer` when the body is neither."""
    body = json.loads(text)
    items: list[CallbackItem] = []
    if isinstance(body, dict) and body.get("messaging_product") is not None:
        reply = parse_send_payload(body, "Chattigo's bot")
        items.append(BotMessage(parse_wa_id(reply.to), reply.summary))
    if is_chat_closed(body):
        closing = body["chatBeenClosed"].get("message") if isinstance(body.get("chatBeenClosed"), dict) else None
        items.append(BotClosedChat(f"The bot closed the chat: {closing}" if closing else "The bot closed the chat."))
    if not items:
        raise MalformedAnswer("Chattigo's bot posted something that is neither a message nor a closing notice.")
    return items
