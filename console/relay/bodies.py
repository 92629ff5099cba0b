"""Which callback bodies are well formed, per provider.

A body that fails these checks is still stored and answered 2xx, flagged as
quarantined with the reason: a provider that keeps seeing errors unsubscribes the
URL, and the agent should see what arrived rather than lose it.
"""

from __future__ import annotations

import json
from typing import Any


def check(provider: str, body: bytes) -> str | None:
    """None when the body has a shape we know, else why it is quarantined."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        return f"not JSON: {error}"[:500]
    except RecursionError:
        return "JSON nested too deeply to read"
    if not isinstance(document, dict):
        return f"expected a JSON object, got {type(document).__name__}"
    if provider == "broadcasterbot":
        return _broadcasterbot(document)
    if provider == "cloudapi":
        return _cloudapi(document)
    return _chattigo(document)


def repeats_are_redeliveries(provider: str) -> bool:
    """Whether a body equal to one stored on its route is the provider posting it again.

    Meta's webhooks and Broadcasterbot's callbacks name their messages by id (and their
    states by time), so an equal body is the same callback delivered twice and is kept once.
    Chattigo's bot posts no id: the closing notice posted on its own is always the same body,
    and the bot may give a customer the same answer again. Its document says nothing of
    posting a callback twice, so each of its posts is an event of its own.
    """
    return provider != "chattigo"


def _cloudapi(document: dict[str, Any]) -> str | None:
    if document.get("object") != "whatsapp_business_account":
        return "'object' is not whatsapp_business_account"
    return None if isinstance(document.get("entry"), list) else "'entry' is not a list"


def _broadcasterbot(document: dict[str, Any]) -> str | None:
    present = [key for key in ("messages", "statuses") if key in document]
    if not present:
        return "neither 'messages' nor 'statuses'"
    for key in present:
        if not isinstance(document[key], list):
            return f"'{key}' is not a list"
    return None


def _chattigo(document: dict[str, Any]) -> str | None:
    if "chatBeenClosed" in document:
        return None if isinstance(document["chatBeenClosed"], dict) else "'chatBeenClosed' is not an object"
    if document.get("messaging_product") == "whatsapp" and "type" in document and "to" in document:
        return None
    return "neither a Cloud API send payload nor 'chatBeenClosed'"
