"""Broadcasterbot's callbacks: delivery reports of our messages and customers' messages."""

from __future__ import annotations

import json

from console.domain.callbacks import CallbackItem, CustomerMessage, ReportedStatus
from console.domain.payloads import kept_payload
from console.providers.broadcasterbot.client import parse_message_callback, parse_status_callback


def parse_callback(text: str) -> list[CallbackItem]:
    """Every report and message of one callback body, reports first."""
    body = json.loads(text)
    items: list[CallbackItem] = []
    updates = parse_status_callback(body)
    for update in updates:
        # The body as received when it reports this status alone; else this status's own item.
        payload = kept_payload(text if len(updates) == 1 else update.item)
        items.append(ReportedStatus(update.message_id, update.state, update.raw_state, update.reason, payload))
    for inbound in parse_message_callback(body):
        items.append(CustomerMessage(inbound.sender.to_phone(), inbound.message_id, inbound.content))
    return items
