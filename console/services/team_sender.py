"""Sends on the team server's accounts: stored here first, queued under a client key, then
posted to the server (`POST /team/messages`), which checks, stores and sends them.

The server's answer links the local message to the server's and gives it the server's state;
a refusal fails it with the server's reason (its code and values, worded in the agent's
language). When the server cannot be reached the message stays queued and is posted again,
under the same client key, when the follower reaches the server again: the server stores a
key once, so a send posted twice is still sent once. This console never asks a provider
about a team account. Files (by link), places and templates with media are posted as any
send, after the link checks the outbox runs first (`team_posts` says how a signed link is kept);
so are sends to a TimelinesAI chat or a Cloud API user id (`domain.team_customers`).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlmodel import Session

from console.domain.accounts import Account
from console.domain.content import Content, Recipient
from console.domain.content_codec import content_fields, summarize
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.messages import MessageKind, MessageSummary
from console.domain.notices import NoticeError, Wording
from console.providers.errors import ProviderError
from console.services.team_client import SendRefused, TeamClient
from console.services.team_posts import content_document, link_lost, post_document
from console.services.topics import ConversationChanged, Topics
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store import team_messages
from console.store.database import Database
from console.store.types import utcnow

__all__ = ["TeamSender"]

log = logging.getLogger(__name__)

LINK_LOST = Wording(
    "team.send.link_lost",
    "The console stopped before the team server took this send, and its signed media link is not kept; send it again.",
)


class TeamSender:
    def __init__(self, db: Database, topics: Topics) -> None:
        self._db = db
        self._topics = topics
        self._lock = asyncio.Lock()
        self.client: TeamClient | None = None  # set while a team is followed
        # Without a follower (a command), how to reach the team joined: None when there is none.
        self.find_client: Callable[[], Awaitable[TeamClient | None]] | None = None
        # The content of this process's queued sends, links whole, by client key, until posted.
        self._whole: dict[str, dict[str, Any]] = {}
        # What else waits queued for the server (the bulk runs), posted after the sends.
        self.also_flush: list[Callable[[], Awaitable[int]]] = []

    async def queue(
        self, account: Account, recipient: Recipient, kind: MessageKind, content: Content, fields: dict[str, Any]
    ) -> MessageSummary:
        """Store the send under a new client key, then post it once now: the message as it
        then stands (still queued when the server could not be reached)."""
        key = str(uuid.uuid4())
        self._whole[key] = content_document(content_fields(content))
        message = await self._db.run(_store, account.id, recipient, kind, summarize(content), fields, key)
        self._publish(message, account.id)
        await self._flush_sends()
        return await self._db.run(message_queries.message_by_id, message.id) or message

    async def flush(self) -> int:
        """Post every queued send, oldest first, until the server cannot be reached, then what else
        waits queued (`also_flush`); how many it took or refused."""
        done = await self._flush_sends()
        for more in self.also_flush:
            done += await more()
        return done

    async def _flush_sends(self) -> int:
        async with self._lock:
            client = self.client
            if client is None and self.find_client is not None:
                client = await self.find_client()
            if client is None:
                return 0
            done = 0
            for send in await self._db.run(team_messages.queued):
                whole = self._whole.get(send.client_key)
                if whole is None and link_lost(send.fields):
                    event = StateEvent(DeliveryState.FAILED, None, utcnow(), EventSource.LOCAL, LINK_LOST())
                    outcome = await self._db.run(team_messages.refused, send.message_id, event)
                    if outcome is not None:
                        self._publish(*outcome)
                    continue
                document = post_document(
                    send.client_key, send.account, send.customer, whole or content_document(send.fields), send.fields
                )
                try:
                    answer = await client.send(document)
                except SendRefused as refusal:
                    self._whole.pop(send.client_key, None)
                    event = StateEvent(DeliveryState.FAILED, None, utcnow(), EventSource.RESPONSE, refusal.notice)
                    outcome = await self._db.run(team_messages.refused, send.message_id, event)
                except (ProviderError, NoticeError) as error:
                    log.info("the team server did not take a queued send: %s", error)
                    return done
                else:
                    self._whole.pop(send.client_key, None)
                    outcome = await self._db.run(team_messages.link, answer)
                if outcome is not None:
                    self._publish(*outcome)
                done += 1
            return done

    def _publish(self, message: MessageSummary, account_id: int) -> None:
        self._topics.message_changed.publish(message)
        self._topics.conversation_changed.publish(ConversationChanged(message.conversation_id, account_id))


def _store(
    session: Session, account_id: int, recipient: Recipient, kind: MessageKind, body: str, fields: dict[str, Any], key: str
) -> MessageSummary:
    contact_id = contact_queries.ensure_recipient(session, account_id, recipient)
    return team_messages.queue(session, account_id, contact_id, kind, body, fields, key)
