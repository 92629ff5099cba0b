"""Read side of conversations and message timelines, for views and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.capabilities import Operation
from console.domain.contact_views import ContactView
from console.domain.errors import InvalidInput
from console.domain.inbox import BotHandling, ConversationStatus
from console.domain.lifecycle import StateEvent
from console.domain.messages import MessageSummary
from console.domain.notices import Notice, Wording
from console.domain.sessions import SessionWindow, session_window
from console.domain.views import ChatMessage
from console.providers.base import MediaDownload
from console.providers.errors import ProviderError
from console.providers.registry import capabilities
from console.services import field_labels as labels
from console.services.accounts import AccountService
from console.services.client_pool import ClientPool
from console.services.media_cache import MediaCache
from console.services.poller_thread import PollerThread
from console.services.team_guard import TeamGuard
from console.services.team_history import OlderFetched, TeamHistory
from console.services.team_shared import TeamSharedEdits
from console.services.topics import ConversationChanged, Topics, UnreadChanged
from console.store import chat as chat_queries
from console.store import contacts as contact_queries
from console.store import conversations as conversation_queries
from console.store import messages as message_queries
from console.store.database import Database
from console.store.missing import NO_MESSAGE, Missing
from console.store.types import utcnow

# Why a conversation's hand cannot change (`InvalidInput.reason`).
NO_BOT = Wording("conversations.no_bot", "no bot answers this conversation")
WITH_THE_BOT = Wording("conversations.with_the_bot", "it is already with the bot")
WITH_AN_AGENT = Wording("conversations.with_an_agent", "it is already with the agent")


def _why_not(now: BotHandling | None) -> Wording:
    """Why the conversation's hand did not change, given who has it."""
    return NO_BOT if now is None else WITH_THE_BOT if now is BotHandling.BOT else WITH_AN_AGENT


class Verification(StrEnum):
    ASKED = "asked"  # the provider was asked now; `message` holds what it said
    NO_ID = "no id"  # the provider never gave the message an id to ask about
    NOT_POLLABLE = "not pollable"  # the provider cannot be asked about a message
    UNREACHABLE = "unreachable"  # asking failed; `detail` says why


@dataclass(frozen=True, slots=True)
class VerifyResult:
    outcome: Verification
    message: MessageSummary
    provider: str  # the provider's name, to tell the agent whom to ask
    detail: Notice | None = None


class ConversationService:
    def __init__(
        self,
        db: Database,
        accounts: AccountService,
        clients: ClientPool,
        poller: PollerThread,
        media: MediaCache,
        topics: Topics,
        guard: TeamGuard,
    ) -> None:
        self._db = db
        self._guard = guard
        self._accounts = accounts
        self._clients = clients
        self._poller = poller
        self._media = media
        self._topics = topics
        self.team_history: TeamHistory | None = None  # team mode: a team conversation's older messages are on its server
        self.team_edits: TeamSharedEdits | None = None  # team mode: a team conversation's bot hand is the server's

    async def conversation_id(self, account_id: int, contact_id: int) -> int | None:
        return await self._db.run(message_queries.conversation_for_contact, account_id, contact_id)

    async def contact(self, conversation_id: int) -> ContactView | None:
        """Who the conversation is with (None once it is gone)."""
        return await self._db.run(contact_queries.contact_in_conversation, conversation_id)

    async def mark_read(self, conversation_id: int) -> None:
        """The agent has seen the conversation; `unread_changed` tells the agenda when a count
        cleared, `conversation_changed` the inbox."""
        if not await self._db.run(message_queries.mark_read, conversation_id):
            return
        contact = await self.contact(conversation_id)
        if contact is not None:
            self._topics.unread_changed.publish(UnreadChanged(contact.account_id, contact.id, contact.unread))
            self._topics.conversation_changed.publish(ConversationChanged(conversation_id, contact.account_id))

    async def resolve(self, conversation_id: int) -> None:
        """The agent is done with it: it leaves the open list, read (it owes the agent nothing);
        the customer's next message reopens it. A team conversation is resolved for the whole team, by
        its server: `TeamReadOnly` while the server is known to be out of reach, `InvalidInput` when it
        cannot be asked now or refuses (nothing changes then)."""
        await self._guard.check_conversation(conversation_id)
        by_the_team = await self._team_status(conversation_id, ConversationStatus.RESOLVED)
        await self.mark_read(conversation_id)
        if not by_the_team:
            await self._set_status(conversation_id, ConversationStatus.RESOLVED)

    async def reopen(self, conversation_id: int) -> None:
        """Back in the open list (for the whole team on a team conversation, as `resolve`)."""
        await self._guard.check_conversation(conversation_id)
        if not await self._team_status(conversation_id, ConversationStatus.OPEN):
            await self._set_status(conversation_id, ConversationStatus.OPEN)

    async def _team_status(self, conversation_id: int, status: ConversationStatus) -> bool:
        """Whether the conversation is the team's: its server took the status, and the change log
        brought it here (every console applies it the same way)."""
        if self.team_edits is None:
            return False
        contact_id = await self._db.run(conversation_queries.contact_of, conversation_id)
        return await self.team_edits.set_status(contact_id, status)

    async def _set_status(self, conversation_id: int, status: ConversationStatus) -> None:
        account_id = await self._db.run(conversation_queries.set_status, conversation_id, status)
        if account_id is not None:
            self._topics.conversation_changed.publish(ConversationChanged(conversation_id, account_id))

    async def take_from_bot(self, conversation_id: int) -> None:
        """An agent answers from now on: the customer's messages stop reaching the bot.
        `InvalidInput` when no bot answers this conversation, or an agent has it already."""
        await self._hand(conversation_id, BotHandling.AGENT, (BotHandling.BOT, BotHandling.HANDED_OVER))

    async def give_back_to_bot(self, conversation_id: int) -> None:
        """The bot answers again: the customer's next messages are forwarded to it.
        `InvalidInput` when no bot answers this conversation's account, or the bot has it."""
        await self._hand(conversation_id, BotHandling.BOT, (BotHandling.AGENT, BotHandling.HANDED_OVER))

    async def _hand(self, conversation_id: int, to: BotHandling, only_from: tuple[BotHandling, ...]) -> None:
        await self._guard.check_conversation(conversation_id)
        if self.team_edits is not None:  # a team conversation: the server decides, and the change log brings it here
            contact_id = await self._db.run(conversation_queries.contact_of, conversation_id)
            asked = await self.team_edits.bot_hand(contact_id, to)
            if asked is not None:
                changed, now = asked
                if not changed:
                    raise InvalidInput(labels.CONVERSATION(), _why_not(now)())
                return

        def hand(session):  # type: ignore[no-untyped-def]
            before = conversation_queries.bot_handling(session, conversation_id)
            return before, conversation_queries.set_bot_handling(session, conversation_id, to, only_from=only_from)

        before, account_id = await self._db.run(hand)
        if account_id is None:
            raise InvalidInput(labels.CONVERSATION(), _why_not(before)())
        self._topics.conversation_changed.publish(ConversationChanged(conversation_id, account_id))

    async def messages(self, conversation_id: int, before_id: int | None = None, limit: int = 200) -> list[MessageSummary]:
        return await self._db.run(message_queries.conversation_messages, conversation_id, before_id, limit)

    async def chat_page(self, conversation_id: int, before_id: int | None = None, limit: int = 200) -> list[ChatMessage]:
        """The newest `limit` messages before `before_id` (all: None), oldest first, with attachments."""
        return await self._db.run(chat_queries.chat_page, conversation_id, before_id, limit)

    async def older_from_team(self, conversation_id: int, limit: int = 200) -> OlderFetched | None:
        """When the chat has shown every message kept here: a team conversation's page before
        them, fetched from its server and stored; None for any other conversation. A
        `NoticeError` when the server cannot be asked (nothing is stored)."""
        if self.team_history is None:
            return None
        return await self.team_history.fetch_older(conversation_id, limit)

    async def chat_page_after(self, conversation_id: int, after_id: int, limit: int = 200) -> list[ChatMessage]:
        """The oldest `limit` messages after `after_id`, oldest first, with attachments."""
        return await self._db.run(chat_queries.chat_page_after, conversation_id, after_id, limit)

    async def chat_message(self, message_id: int) -> ChatMessage | None:
        return await self._db.run(chat_queries.chat_message, message_id)

    async def message(self, message_id: int) -> MessageSummary | None:
        return await self._db.run(message_queries.message_by_id, message_id)

    async def timeline(self, message_id: int) -> list[StateEvent]:
        return await self._db.run(message_queries.events_for, message_id)

    async def session_window(self, account: Account, contact_id: int) -> SessionWindow | None:
        """The contact's 24 h window now; None when the account's provider has no such window."""
        if not capabilities(account.provider).session_window:
            return None
        last = await self._db.run(message_queries.contact_last_inbound, contact_id)
        return session_window(last, utcnow())

    async def verify(self, message_id: int) -> VerifyResult:
        """Ask the provider about a message now, where it can be asked; never re-sends anything."""
        target = await self._db.run(message_queries.verify_target, message_id)
        if target is None:
            raise Missing(NO_MESSAGE(id=str(message_id)))
        account = await self._accounts.by_id(target.account_id)
        provider = PROVIDER_TITLES[account.provider]
        if not capabilities(account.provider).supports(Operation.POLL_STATUS):
            return VerifyResult(Verification.NOT_POLLABLE, target.message, provider)
        if target.poll is None:
            return VerifyResult(Verification.NO_ID, target.message, provider)
        try:
            await self._poller.poll_once(target.poll)
        except ProviderError as error:
            return VerifyResult(Verification.UNREACHABLE, target.message, provider, error.notice)
        updated = await self._db.run(message_queries.message_by_id, message_id)
        assert updated is not None
        return VerifyResult(Verification.ASKED, updated, provider)

    async def media_file(self, url: str) -> Path | None:
        """A local copy of a message's media (downloaded once, kept on disk)."""
        return await self._media.file(url)

    async def media_size(self, url: str) -> int | None:
        return await self._media.size(url)

    async def received_media_file(self, message_id: int) -> Path | None:
        """A local copy of the file a customer sent as a media id (WhatsApp Cloud API) in
        message `message_id`, fetched once by the account's client, which alone holds the
        credentials it takes; None when it cannot be had."""
        found = await self._db.run(chat_queries.received_media, message_id)
        if found is None:
            return None
        account_id, media_id = found
        account = await self._accounts.by_id(account_id)

        async def download() -> bytes:
            client = await self._clients.get(account, MediaDownload)
            return (await client.media(media_id, self._media.max_bytes)).data

        shown = f"media {media_id} of {account.name}"
        return await self._media.file_of(f"media-id:{account_id}:{media_id}", download, shown)
