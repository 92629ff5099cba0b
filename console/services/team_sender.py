"""Sends on the team server's accounts: stored here first, queued under a client key, then
posted to the server (`POST /team/messages`), which checks, stores and sends them.

The server's answer links the local message to the server's and gives it the server's state;
a refusal fails it with the server's reason (its code and values, worded in the agent's
language). When the server cannot be reached the message stays queued and is posted again,
under the same client key, when the follower reaches the server again: the server stores a
key once, so a send posted twice is still sent once. This console never asks a provider
about a team account.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlmodel import Session

from console.domain.accounts import Account
from console.domain.content import Content, LocationContent, MediaContent, Recipient, TemplateContent
from console.domain.content_codec import summarize
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.messages import MessageKind, MessageSummary
from console.domain.notices import Notice, NoticeError, Wording
from console.providers.errors import ProviderError
from console.services.team_client import SendRefused, TeamClient
from console.services.topics import ConversationChanged, Topics
from console.store import contacts as contact_queries
from console.store import messages as message_queries
from console.store import team_messages
from console.store.database import Database
from console.store.team_messages import QueuedSend
from console.store.types import utcnow

__all__ = ["TeamSender", "refuse_not_yet"]

log = logging.getLogger(__name__)

NOT_YET = Wording("team.send.not_yet", "The team server does not send {what} yet; send it from an account of this console.")
FILES = Wording("team.send.files", "files")
LOCATIONS = Wording("team.send.locations", "locations")
TEMPLATES_WITH_MEDIA = Wording("team.send.templates_with_media", "templates with media")
CHATS = Wording("team.send.chats", "to recipients other than phone numbers")


def refuse_not_yet(content: Content, recipient: Recipient | None = None) -> None:
    """`InvalidInput` for what the team server does not send yet (nothing is stored)."""
    what: Notice | None = None
    if isinstance(content, MediaContent):
        what = FILES()
    elif isinstance(content, LocationContent):
        what = LOCATIONS()
    elif isinstance(content, TemplateContent) and (content.media_url is not None or content.filename is not None):
        what = TEMPLATES_WITH_MEDIA()
    elif recipient is not None and recipient.phone is None:
        what = CHATS()
    if what is not None:
        raise InvalidInput("", NOT_YET(what=what))


def _document(send: QueuedSend) -> dict[str, Any]:
    """The post for a queued send, from what the message keeps (`preflight.serialize`)."""
    fields = send.fields
    if fields.get("type") == "TextContent":
        content: dict[str, Any] = {"type": "text", "body": fields["body"], "preview_url": bool(fields.get("preview_url", False))}
    else:
        content = {
            "type": "template",
            "name": fields["name"],
            "params": list(fields.get("params") or []),
            "named_params": dict(fields.get("named_params") or {}),
            "language": fields.get("language"),
        }
    return {
        "client_key": send.client_key,
        "account": send.account,
        "customer": "+" + send.customer,
        "content": content,
        "options": {"mass": bool(fields.get("mass", False)), "contact_validation": bool(fields.get("contact_validation", True))},
        "send_anyway": list(fields.get("send_anyway") or []),
    }


class TeamSender:
    def __init__(self, db: Database, topics: Topics) -> None:
        self._db = db
        self._topics = topics
        self._lock = asyncio.Lock()
        self.client: TeamClient | None = None  # set while a team is followed
        # Without a follower (a command), how to reach the team joined: None when there is none.
        self.find_client: Callable[[], Awaitable[TeamClient | None]] | None = None
        # What else waits queued for the server (the bulk runs), posted after the sends.
        self.also_flush: list[Callable[[], Awaitable[int]]] = []

    async def queue(
        self, account: Account, recipient: Recipient, kind: MessageKind, content: Content, fields: dict[str, Any]
    ) -> MessageSummary:
        """Store the send under a new client key, then post it once now: the message as it
        then stands (still queued when the server could not be reached)."""
        message = await self._db.run(_store, account.id, recipient, kind, summarize(content), fields, str(uuid.uuid4()))
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
                try:
                    answer = await client.send(_document(send))
                except SendRefused as refusal:
                    event = StateEvent(DeliveryState.FAILED, None, utcnow(), EventSource.RESPONSE, refusal.notice)
                    outcome = await self._db.run(team_messages.refused, send.message_id, event)
                except (ProviderError, NoticeError) as error:
                    log.info("the team server did not take a queued send: %s", error)
                    return done
                else:
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
