"""Notes, labels and quick replies in team mode: an edit on something the team shares goes to
the team server, never straight into this console's database. The console applies it when
the change log brings it back (`store/team_shared.py`, read at once after the server took
it), so every console, the author's included, ends with the server's state.

Shared: the note and labels of a contact on a mirrored team account, the quick replies
offered on every account or on a team account (and any reply that is the team's already), and
who has a conversation a paired bot answers (an agent taking it from the bot, or giving it back), and
whether a team conversation is open or resolved.
Everything else (a contact or reply of this console's own accounts, and everything in solo
mode) stays local: the callers then do what they always did.

An edit the server cannot take now is refused with one sentence, and nothing changes: edits
are not queued.
"""

from __future__ import annotations

from typing import Any

from console.domain.errors import InvalidInput
from console.domain.field_names import LABEL
from console.domain.inbox import BotHandling, ConversationStatus
from console.domain.notices import Notice, NoticeError, Wording
from console.domain.quick_replies import QuickReply, checked_reply
from console.domain.team_shared import NoteEdit
from console.providers.errors import AuthenticationFailed, NotSent, ProviderError
from console.services import field_labels as labels
from console.services.team import TeamService
from console.services.team_client import SendRefused, TeamClient
from console.store import quick_replies as reply_queries
from console.store import team_shared as shared_queries
from console.store.database import Database

__all__ = ["UNREACHABLE", "TeamSharedEdits"]

UNREACHABLE = Wording(
    "team.shared.unreachable", "The team server cannot be reached, so this change was not made; try again when it answers."
)
NOT_TAKEN = Wording("team.shared.not_taken", "The team server did not take this change: {reason}")
HISTORY_UNREACHABLE = Wording(
    "team.shared.history_unreachable", "The team server cannot be reached, so the note's earlier versions cannot be shown now."
)
HISTORY_NOT_READ = Wording("team.shared.history_not_read", "The team server did not give the note's earlier versions: {reason}")
NOTE_EDITS = 200  # the newest edits of a note shown (the server's most)
TEAM_SCOPE = Wording("team.shared.team_scope", "a team quick reply is offered on every account or on one of the team's accounts")


class TeamSharedEdits:
    def __init__(self, db: Database, team: TeamService) -> None:
        self._db = db
        self._team = team

    async def _conversation(self, contact_id: int) -> tuple[TeamClient, str, str] | None:
        """The team's client and the conversation's key when the contact is shared; None otherwise."""
        client = await self._team.client_if_joined()
        if client is None:
            return None
        key = await self._db.run(shared_queries.contact_key, contact_id)
        return None if key is None else (client, *key)

    async def set_note(self, contact_id: int, text: str) -> bool:
        """Whether the note was the team's (and the server took it); `InvalidInput` when refused."""
        shared = await self._conversation(contact_id)
        if shared is None:
            return False
        client, account, customer = shared
        await self._edit(client, labels.NOTE(), "POST", "notes", {"account": account, "customer": customer, "text": text})
        return True

    async def bot_hand(self, contact_id: int, to: BotHandling) -> tuple[bool, BotHandling | None] | None:
        """The agent takes the contact's conversation from the bot (`agent`) or gives it back (`bot`)
        on the server: whether it changed, and who has it now (None: no bot answers it); None when the
        conversation is this console's own. `InvalidInput` when the server cannot be asked."""
        shared = await self._conversation(contact_id)
        if shared is None:
            return None
        client, account, customer = shared
        body = {"account": account, "customer": customer, "handling": to.value}
        answer = await self._edit(client, labels.CONVERSATION(), "POST", "bot-hands", body)
        now = answer.get("handling")
        return answer.get("change") is not None, BotHandling(now) if now in set(BotHandling) else None

    async def set_status(self, contact_id: int, status: ConversationStatus) -> bool:
        """The agent resolves or reopens the contact's conversation for the whole team: whether it was
        the team's (and the server took it). `InvalidInput` when the server cannot be asked or refuses."""
        shared = await self._conversation(contact_id)
        if shared is None:
            return False
        client, account, customer = shared
        body = {"account": account, "customer": customer, "status": status.value}
        await self._edit(client, labels.CONVERSATION(), "POST", "conversations/status", body)
        return True

    async def shared(self, contact_id: int) -> bool:
        """Whether the contact's note and labels are the team's (a mirrored account's, a team joined)."""
        return await self._conversation(contact_id) is not None

    async def note_edits(self, contact_id: int) -> list[NoteEdit] | None:
        """The team's edits of the contact's note, newest first (at most `NOTE_EDITS`); None when the
        note is this console's own. A `NoticeError` in one sentence when the server cannot tell."""
        shared = await self._conversation(contact_id)
        if shared is None:
            return None
        client, account, customer = shared
        try:
            return await client.note_edits(account, customer, NOTE_EDITS)
        except NotSent:
            raise NoticeError(HISTORY_UNREACHABLE()) from None
        except ProviderError as failed:
            raise NoticeError(HISTORY_NOT_READ(reason=failed.notice)) from None

    async def add_label(self, contact_id: int, label: str) -> bool:
        return await self._label(contact_id, label, "labels/add")

    async def remove_label(self, contact_id: int, label: str) -> bool:
        return await self._label(contact_id, label, "labels/remove")

    async def _label(self, contact_id: int, label: str, path: str) -> bool:
        shared = await self._conversation(contact_id)
        if shared is None:
            return False
        client, account, customer = shared
        await self._edit(client, LABEL(), "POST", path, {"account": account, "customer": customer, "label": label})
        return True

    async def save_reply(self, reply: QuickReply) -> QuickReply | None:
        """The reply as kept once the server took it (the same reply with its id when the change
        has not been applied yet); None when the reply is not the team's."""
        client = await self._team.client_if_joined()
        if client is None:
            return None
        linked = None if reply.id is None else await self._db.run(shared_queries.team_id, reply.id)
        account = await self._db.run(shared_queries.team_account_name, reply.account_id)
        if reply.account_id is not None and account is None:  # one of this console's own accounts
            if linked is None:
                return None
            raise InvalidInput(labels.QUICK_REPLY(), TEAM_SCOPE())
        checked = checked_reply(reply)
        body = {
            "name": checked.name,
            "text": checked.text,
            "account": account,
            "media_url": checked.media_url,
            "media_kind": None if checked.media_kind is None else checked.media_kind.value,
        }
        method, path = ("POST", "quick-replies") if linked is None else ("PUT", f"quick-replies/{linked}")
        answer = await self._edit(client, labels.QUICK_REPLY(), method, path, body)
        try:
            team_reply_id = int(answer["reply"]["id"])
        except (KeyError, TypeError, ValueError):
            return checked
        kept = await self._db.run(shared_queries.reply_of, team_reply_id)
        if kept is None:
            return checked
        if reply.id is not None and linked is None and kept.id != reply.id:  # this console's reply became the team's
            await self._db.run(reply_queries.delete_reply, reply.id)
        return kept

    async def delete_reply(self, reply: QuickReply) -> bool:
        """Whether the reply was the team's (and the server removed it)."""
        if reply.id is None:
            return False
        client = await self._team.client_if_joined()
        linked = None if client is None else await self._db.run(shared_queries.team_id, reply.id)
        if client is None or linked is None:
            return False
        await self._edit(client, labels.QUICK_REPLY(), "DELETE", f"quick-replies/{linked}")
        return True

    async def _edit(
        self, client: TeamClient, field: Notice, method: str, path: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The server's answer, once this console applied the change it wrote."""
        try:
            answer = await client.edit(method, path, body)
        except SendRefused as refused:
            raise InvalidInput(field, refused.notice) from None
        except AuthenticationFailed as refused:
            raise InvalidInput(field, refused.notice) from None
        except NotSent:
            raise InvalidInput(field, UNREACHABLE()) from None
        except ProviderError as failed:
            raise InvalidInput(field, NOT_TAKEN(reason=failed.notice)) from None
        await self._team.caught_up()
        return answer
