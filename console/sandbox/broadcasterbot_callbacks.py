"""The callbacks Broadcasterbot would push, recorded in the order their events happen.

Events are scheduled for a time on the simulator's clock and become recorded callbacks
once that time is reached (`settle`). New events are never scheduled in the past, so a
recorded list only grows at its end: a pusher can keep a cursor into it and POST each
body, exactly as recorded, to the account's callback URL.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from console.sandbox.broadcasterbot_bodies import Contact


@dataclass(order=True, slots=True)
class _Due:
    at: float
    seq: int  # ties keep scheduling order
    account: str = field(compare=False)
    body: dict[str, Any] = field(compare=False)


class CallbackTimeline:
    def __init__(self) -> None:
        self._due: list[_Due] = []
        self._seq = 0
        self._recorded: dict[str, list[dict[str, Any]]] = {}

    def schedule(self, account: str, at: float, body: dict[str, Any]) -> None:
        self._seq += 1
        heapq.heappush(self._due, _Due(at, self._seq, account, body))

    def settle(self, now: float) -> None:
        """Record every callback whose time has come, oldest first."""
        while self._due and self._due[0].at <= now:
            due = heapq.heappop(self._due)
            self._recorded.setdefault(due.account, []).append(due.body)

    def recorded(self, account: str) -> list[dict[str, Any]]:
        return list(self._recorded.get(account, []))


def status_callback(success: bool, state: str, message_id: str, recipient: Contact) -> dict[str, Any]:
    """A delivery report, shaped as doc §6.1.2."""
    return {
        "statuses": [
            {
                "status": "success" if success else "failure",
                "state": state,
                "messageId": message_id,
                "recipient": recipient.wire(),
            }
        ]
    }


def text_message_callback(message_id: str, sender: Contact, text: str) -> dict[str, Any]:
    """A customer's text message, shaped as doc §6.1.1."""
    return {"messages": [{"messageId": message_id, "contact": sender.wire(), "text": {"body": text, "previewUrl": False}}]}
