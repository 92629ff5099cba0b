"""Team mode's read-only cache: while a console that joined a team cannot reach its server,
the team's data it keeps is shown but not edited. Sends are the exception: they wait queued
(`TeamSender`, and bulk runs, sets of sends, `TeamBulk`) and reach the server when it answers again.

One guard per workspace holds the follower's last word on the server (`TeamFollower` tells it
`lost` and `reached`) and every edit of team data asks it first: the conversations and contacts
of the team server's accounts (resolve, reopen, the bot's hand, notes, labels, a new
conversation) and the holds (take, transfer, release), which concern any
conversation the server names. A refusal is one sentence (`TeamReadOnly`) and changes nothing.
A console's own accounts stay editable: they never depended on the server.
"""

from __future__ import annotations

from console.domain.accounts import Account
from console.domain.errors import InvalidInput
from console.domain.notices import Notice, Wording
from console.services.topics import Topics
from console.store import team_scope
from console.store.database import Database

__all__ = ["OFFLINE", "READ_ONLY", "TeamGuard", "TeamReadOnly"]

READ_ONLY = Wording(
    "team.read_only",
    "The team server cannot be reached: the team's conversations are read-only until it answers again; sends wait queued.",
)
OFFLINE = Wording("team.offline", "No connection with the team server: read-only; sends wait queued")


class TeamReadOnly(InvalidInput):
    """An edit of team data refused while the team server cannot be reached."""

    def __init__(self) -> None:
        super().__init__("", READ_ONLY())


class TeamGuard:
    def __init__(self, db: Database, topics: Topics) -> None:
        self._db = db
        self._topics = topics
        self.problem: Notice | None = None  # why the server cannot be reached; None while it can, or in solo mode

    @property
    def offline(self) -> bool:
        return self.problem is not None

    def lost(self, problem: Notice) -> None:
        """The follower could not read the server: team data is read-only from now on."""
        was_online, self.problem = self.problem is None, problem
        if was_online:
            self._topics.team_offline.publish(problem)

    def reached(self) -> None:
        """The follower read the server (again), or the console left the team: editable again."""
        if self.problem is not None:
            self.problem = None
            self._topics.team_offline.publish(None)

    def check(self) -> None:
        """`TeamReadOnly` while the server cannot be reached (an edit the server itself decides)."""
        if self.offline:
            raise TeamReadOnly()

    def check_account(self, account: Account) -> None:
        if self.offline and account.team:
            raise TeamReadOnly()

    async def check_conversation(self, conversation_id: int) -> None:
        if self.offline and await self._db.run(team_scope.conversation_is_team, conversation_id):
            raise TeamReadOnly()

    async def check_contact(self, contact_id: int) -> None:
        if self.offline and await self._db.run(team_scope.contact_is_team, contact_id):
            raise TeamReadOnly()
