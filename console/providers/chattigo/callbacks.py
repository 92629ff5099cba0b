"""Chattigo's callbacks: its bot's answers (Cloud API send payloads) and `chatBeenClosed`.

The doc sends the closing notice "en conjunto a la respuesta de cierre": in the reply's own
body or in one of its own. Both parts of a body are read apart, so a reply that cannot be
read is set aside (raw, with the reason) and the notice beside it still closes the chat.
"""

from __future__ import annotations

import json
from typing import Any

from console.domain.callbacks import BotClosedChat, BotMessage, CallbackItem, UnreadableItem
from console.domain.errors import InvalidInput
from console.domain.notices import Wording
from console.domain.phones import parse_wa_id
from console.providers.cloud_api.envelopes import is_chat_closed, parse_send_payload
from console.providers.errors import MalformedAnswer

THE_BOT = Wording("chattigo.the_bot", "Chattigo's bot")
NOT_AN_OBJECT = Wording("chattigo.callback_not_object", "Chattigo's bot posted something that is not a JSON object.")
NEITHER = Wording("chattigo.callback_neither", "Chattigo's bot posted something that is neither a message nor a closing notice.")
NAMES_WRONGLY = Wording("chattigo.names_customer_wrongly", "Chattigo's bot answered a customer it names wrongly: {reason}.")
NOT_CLOSED = Wording("chattigo.notice_not_closed", "Chattigo's bot sent a closing notice that does not say closed: true.")
CLOSED = Wording("chattigo.bot_closed_chat", "The bot closed the chat.")
CLOSED_SAYING = Wording("chattigo.bot_closed_chat_saying", "The bot closed the chat: {closing}")
NOTICE_KEY = "chatBeenClosed"
# A body holds a reply when it has any of a Cloud API message's own keys; other keys beside
# a notice are none of our business.
REPLY_KEYS = ("messaging_product", "to", "type")


def parse_callback(text: str) -> list[CallbackItem]:
    """The bot's answer and/or its closing notice; `MalformedAnswer` when the body is neither."""
    body = json.loads(text)
    if not isinstance(body, dict):
        raise MalformedAnswer(NOT_AN_OBJECT())
    items: list[CallbackItem] = []
    if any(key in body for key in REPLY_KEYS):
        items.append(_reply({key: value for key, value in body.items() if key != NOTICE_KEY}))
    if NOTICE_KEY in body:
        items.append(_notice(body))
    if not items:
        raise MalformedAnswer(NEITHER())
    return items


def _reply(reply: dict[str, Any]) -> BotMessage | UnreadableItem:
    try:
        answer = parse_send_payload(reply, THE_BOT())
        return BotMessage(parse_wa_id(answer.to), answer.summary)
    except MalformedAnswer as error:
        return UnreadableItem(_as_json(reply), error.notice)
    except InvalidInput as error:
        return UnreadableItem(_as_json(reply), NAMES_WRONGLY(reason=error.reason))


def _notice(body: dict[str, Any]) -> BotClosedChat | UnreadableItem:
    if not is_chat_closed(body):
        raw = _as_json({NOTICE_KEY: body[NOTICE_KEY]})
        return UnreadableItem(raw, NOT_CLOSED())
    closing = body[NOTICE_KEY].get("message")
    return BotClosedChat(CLOSED_SAYING(closing=closing) if closing else CLOSED())


def _as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
