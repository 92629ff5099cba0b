"""The TimelinesAI simulator's data: a webhook request read into an order (or a refusal),
the messages it queued, and the misbehaviour tests can ask of it.

Only what the document (API.md §5) lists is checked at once; in particular a phone is
checked for its shape (`+` and digits), not for existing: "the phone is not validated at once".
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from console.sandbox.plumbing import Refusal

RECIPIENT_KEYS: tuple[str, ...] = ("chat_id", "jid", "phone", "chat_name")
# The Spanish document writes the account's key "whatsapp account phone", spaces and all, in
# its example and its note; TimelinesAI's English documents and its REST API write
# `whatsapp_account_phone`. The simulator takes either (one at a time).
ACCOUNT_KEY = "whatsapp_account_phone"
DOC_ACCOUNT_KEY = "whatsapp account phone"
KNOWN_KEYS = frozenset({"action", "text", "file_url", "file_name", *RECIPIENT_KEYS, ACCOUNT_KEY, DOC_ACCOUNT_KEY})
# E.164 allows at most 15 digits; fewer than 7 is no international number at all.
_MIN_DIGITS, _MAX_DIGITS = 7, 15


@dataclass(frozen=True, slots=True)
class Order:
    """A valid "send" request."""

    recipient_key: str  # one of RECIPIENT_KEYS
    recipient: str
    text: str
    file_url: str | None
    file_name: str | None
    account_phone: str | None  # as asked; always None with chat_id, which ignores it

    @property
    def units(self) -> int:
        """Quota units: 1 per message, 2 for non-empty text with a file."""
        return 2 if self.file_url is not None and self.text.strip() else 1


class Trouble(StrEnum):
    """Misbehaviour of the provider for the next webhook requests, steered by tests."""

    SERVER_ERROR = "server_error"  # 500 before anything is queued
    LOST_ANSWER = "lost_answer"  # queued, then 500: why a 5xx leaves a send's outcome unknown
    HTML_PAGE = "html_page"  # 200 with a web page (a proxy, a maintenance page), nothing queued
    GARBLED = "garbled"  # queued, then 200 with a body its Content-Encoding cannot decode


@dataclass(frozen=True, slots=True)
class SentMessage:
    message_id: str
    workspace: str
    recipient_key: str  # chat_id, jid, phone or chat_name
    recipient: str
    text: str
    file_url: str | None
    file_name: str | None
    file_bytes: int | None  # measured by HEAD for a loopback link, else None
    account_phone: str | None  # the sending account; None with chat_id (the chat's own)
    units: int  # quota units used
    received_at: float  # time.time() when the webhook accepted it
    queued_for: float  # seconds it waits for its turn in TimelinesAI's ~2 s queue

    @property
    def sends_at(self) -> float:
        return self.received_at + self.queued_for


def message_view(message: SentMessage) -> dict[str, Any]:
    return {**asdict(message), "sends_at": message.sends_at}


def read_order(raw: bytes, content_type: str) -> Order:
    """The order in a request body, or the `Refusal` (400) saying what is wrong. The doc:
    "El Webhook acepta datos en formato JSON", so a body not sent as JSON is refused."""
    if content_type != "application/json":
        raise Refusal(400, "The request body must be sent as JSON (Content-Type: application/json)")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Refusal(400, "The request body must be JSON") from None
    if not isinstance(body, dict):
        raise Refusal(400, "The request body must be a JSON object")
    unknown = sorted(set(body) - KNOWN_KEYS)
    if unknown:
        raise Refusal(400, f"Unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(json.dumps, unknown))}")
    action = body.get("action")
    if action is None:
        raise Refusal(400, "action is required")
    if action != "send":
        raise Refusal(400, f'Unsupported action {json.dumps(action)}: the only action is "send"')
    recipient_key, recipient = _recipient(body)
    file_url, file_name = _file(body)
    text = body.get("text")
    if text is None:
        raise Refusal(400, "text is required (it may be empty when a file is sent)")
    if not isinstance(text, str):
        raise Refusal(400, "text must be a string")
    if not text.strip() and file_url is None:
        raise Refusal(400, "text may only be empty when a file is sent")
    account_phone = None
    given = [key for key in (ACCOUNT_KEY, DOC_ACCOUNT_KEY) if body.get(key) is not None]
    if len(given) > 1:
        raise Refusal(400, f"Give the WhatsApp account once, as {ACCOUNT_KEY}")
    if recipient_key != "chat_id" and given:
        account_phone = _international(body[given[0]], given[0])
    return Order(recipient_key, recipient, text, file_url, file_name, account_phone)


def _recipient(body: dict[str, Any]) -> tuple[str, str]:
    given = [key for key in RECIPIENT_KEYS if body.get(key) is not None]
    if not given:
        raise Refusal(400, "A recipient is required: one of chat_id, jid, phone or chat_name")
    if len(given) > 1:
        raise Refusal(400, f"Only one recipient may be given, not {', '.join(given)}")
    key = given[0]
    value = body[key]
    if key == "chat_id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # the doc's example quotes it; a number means the same chat
    if not isinstance(value, str) or not value.strip():
        raise Refusal(400, f"{key} must be a non-empty string")
    if key == "phone":
        return key, _international(value, key)
    return key, value.strip()


def _file(body: dict[str, Any]) -> tuple[str | None, str | None]:
    file_url = body.get("file_url")
    if file_url is None:
        return None, None
    if not isinstance(file_url, str) or urlsplit(file_url.strip()).scheme not in ("http", "https"):
        raise Refusal(400, "file_url must be a public http(s) link to the file")
    file_name = body.get("file_name")
    if not isinstance(file_name, str) or not file_name.strip():
        raise Refusal(400, "file_name is required when file_url is given")
    return file_url.strip(), file_name.strip()


def _international(value: Any, key: str) -> str:
    """`+` and 7 to 15 digits: the shape of an international number, nothing more."""
    text = value.strip() if isinstance(value, str) else ""
    digits = text.removeprefix("+")
    if not (text.startswith("+") and digits.isascii() and digits.isdigit() and _MIN_DIGITS <= len(digits) <= _MAX_DIGITS):
        raise Refusal(400, f"{key} must be an international number such as +14151231234")
    return text
