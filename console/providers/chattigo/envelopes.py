"""The inbound envelopes Chattigo's bot reads, cut from the webhook Meta posted to us.

Chattigo "procesa los mensajes exactamente según la estructura que proviene de WhatsApp":
each customer message is forwarded in the webhook envelope it arrived in, every field as
Meta wrote it (any message type: text, media, location, contacts, interactive and button
replies, and whatever Meta adds), with only that message and its sender's contact. Meta
batches messages and statuses in one body; statuses are not the bot's business.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def message_envelopes(body: str) -> dict[str, dict[str, Any]]:
    """Each customer message of a Cloud API webhook body, by its message id, as a one-message
    envelope; what is not a message (statuses, other fields, unreadable parts) is left out."""
    try:
        webhook = json.loads(body)
    except ValueError:
        return {}
    if not isinstance(webhook, Mapping) or not isinstance(webhook.get("entry"), list):
        return {}
    envelopes: dict[str, dict[str, Any]] = {}
    for entry in webhook["entry"]:
        changes = entry.get("changes") if isinstance(entry, Mapping) else None
        for change in changes if isinstance(changes, list) else ():
            value = change.get("value") if isinstance(change, Mapping) else None
            if not isinstance(value, Mapping) or change.get("field") != "messages":
                continue
            for message in value.get("messages") or ():
                if isinstance(message, Mapping) and isinstance(message.get("id"), str):
                    envelopes[message["id"]] = _envelope(webhook, entry, change, value, message)
    return envelopes


def _envelope(
    webhook: Mapping[str, Any],
    entry: Mapping[str, Any],
    change: Mapping[str, Any],
    value: Mapping[str, Any],
    message: Mapping[str, Any],
) -> dict[str, Any]:
    sender = message.get("from")
    contacts = [c for c in value.get("contacts") or () if isinstance(c, Mapping) and c.get("wa_id") == sender]
    kept = {key: item for key, item in value.items() if key not in ("messages", "contacts", "statuses")}
    only = {**kept, **({"contacts": contacts} if contacts else {}), "messages": [message]}
    return {**webhook, "entry": [{**entry, "changes": [{**change, "value": only}]}]}
