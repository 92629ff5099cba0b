"""A team conversation's older messages, fetched from the team server when the chat has shown
everything this console keeps of it: a console that joined has each conversation's newest
messages from the snapshot and what the change log brought since, and the rest is on the server.

Each page is stored in this console's database (`team_messages.keep_older`: below the
conversation's messages, each message once), so the chat reads it as any other page and it
stays for the next time. The first page asked is the one before the oldest message kept here
(its moment included: what is already here is skipped); the next ones follow the server's
cursor, kept in memory per conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from console.domain.team import server_text
from console.services.team import TeamService
from console.store import team_messages
from console.store.database import Database

__all__ = ["OlderFetched", "TeamHistory"]


@dataclass(frozen=True, slots=True)
class OlderFetched:
    stored: int  # messages new to this console, now stored below the conversation's
    more: bool  # the server has older ones still


class TeamHistory:
    def __init__(self, db: Database, team: TeamService) -> None:
        self._db = db
        self._team = team
        self._before: dict[tuple[str, int], str] = {}  # (server, conversation id) → the next page's moment

    async def fetch_older(self, conversation_id: int, limit: int) -> OlderFetched | None:
        """The page before what this console has of the conversation, stored; None when it is not
        a team conversation (or no team is joined). A `NoticeError` when the server cannot be asked."""
        client = await self._team.client_if_joined()
        if client is None:
            return None
        found = await self._db.run(team_messages.older_cursor, conversation_id)
        if found is None:
            return None
        account, customer, oldest = found
        key = (client.server_url, conversation_id)
        before = self._before.get(key)
        if before is None and oldest is not None:
            before = server_text(oldest + timedelta(microseconds=1))
        page = await client.older_messages(account, customer, before, limit)
        stored = await self._db.run(team_messages.keep_older, page.messages)
        if page.before is None:
            self._before.pop(key, None)
        else:
            self._before[key] = page.before
        return OlderFetched(stored, page.before is not None)
