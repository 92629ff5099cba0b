"""Team mode on the console's side: joining a team server, following its change log, and
telling it which conversation the agent has open, takes, transfers to a colleague or releases.
The server's accounts are mirrored as local team accounts (`store/team_accounts.py`); sends on
them go through the `TeamSender`, and the messages the change log brings (this agent's and
the others') are applied with the cursor.

Solo mode is the default: until a team is joined nothing here starts a task or makes a
request. The agent's token goes to the secret store; the server's address, the agent's
name and the cursor to the local database (`store/team.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlmodel import Session

from console.domain.errors import InvalidInput
from console.domain.messages import MessageSummary
from console.domain.notices import Notice, NoticeError, Wording, notice_of
from console.domain.team import (
    BOT_KINDS,
    HANDLING_KIND,
    MESSAGE_KINDS,
    REVIEW_KIND,
    STATUS_KIND,
    ConversationTeam,
    TeamChange,
    TeamLink,
    TeamStatus,
)
from console.providers.errors import ProviderError
from console.services.relay_followers import WorkerHealth
from console.services.team_client import Snapshot, TeamClient
from console.services.team_guard import TeamGuard
from console.services.team_runs import RunChanges, apply_runs, sync_catalogues
from console.services.team_sender import TeamSender
from console.services.topics import ConversationChanged, PassedToYou, TeamConversationChanged, Topics
from console.store import team as team_store
from console.store import team_accounts, team_bots, team_messages, team_runs, team_shared, team_status
from console.store.database import Database
from console.store.secrets import SecretStore
from console.store.team import Key

__all__ = ["NOT_JOINED", "TeamFollower", "TeamService"]

log = logging.getLogger(__name__)

SECRET_OWNER, TOKEN_KEY = "team server", "agent token"
WAIT = 20.0  # seconds a long-poll waits for a change
RENEW_EVERY = 30.0  # an open conversation is opened again this often (the server keeps it 60 s)
BATCH = 500
CLOSE_WAIT = 2.0  # seconds a console closing waits for the server to hear the agent left the open conversation

THE_ADDRESS = Wording("team.field.address", "Team server address")
NOT_HTTP = Wording("team.not_http", "must start with https:// (or http:// on this computer or a trusted network)")
NOT_JOINED = Wording("team.not_joined", "This console has not joined a team; `centralita team join URL --token -` joins one.")
NO_TOKEN = Wording(
    "team.no_token", "This console's agent token is missing from the secret store; join the team again with a token."
)

if TYPE_CHECKING:
    import httpx


def checked_url(url: str) -> str:
    """The server's root address as it will be stored, or `InvalidInput`."""
    cleaned = url.strip().rstrip("/")
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.query or parts.fragment:
        raise InvalidInput(THE_ADDRESS(), NOT_HTTP())
    return cleaned


Applied = tuple[set[Key], list[tuple[int, int]], list[tuple[MessageSummary, int]], RunChanges, list[PassedToYou]]


def _message_of(session: Session, change: TeamChange) -> tuple[MessageSummary, int] | None:
    """A message the change brought or moved: an agent's, a customer's or a bot's."""
    if change.kind in MESSAGE_KINDS:
        return team_messages.apply(session, change)
    return team_bots.apply_bot(session, change) if change.kind in BOT_KINDS else None


def _apply(session: Session, server_url: str, changes: list[TeamChange], last_id: int) -> Applied:
    """The page applied: the conversations it changed (presence, holder, note, labels), (id,
    account id) of this console's conversations whose holder, note, labels, bot hand or status changed, the messages
    it brought or moved (with their account's id: agents', customers', bots'), the catalogues
    (fetched or a template reviewed) and bulk runs it changed, and
    the conversations of this console a colleague passed to this agent."""
    fresh = team_store.unapplied(session, server_url, changes, last_id)
    messages = [shown for change in fresh if (shown := _message_of(session, change))]
    runs = apply_runs(session, fresh)
    reviews = [change for change in fresh if change.kind == REVIEW_KIND]
    runs.catalogues |= {account for change in reviews if (account := team_bots.apply_review(session, change))}
    edited, edited_keys = team_shared.apply(session, fresh)  # notes, labels, quick replies
    handings = [change for change in fresh if change.kind == HANDLING_KIND]  # who has a paired bot's conversations
    edited += [handed for change in handings if (handed := team_bots.apply_handling(session, change))]
    statuses = [change for change in fresh if change.kind == STATUS_KIND]  # after the messages: the server's word is last
    edited += [moved for change in statuses if (moved := team_status.apply_status(session, change))]
    link = team_store.link(session)
    passed = [
        change
        for change in fresh
        if link is not None and change.kind == "transferred" and change.holder == link.agent and change.agent != link.agent
    ]
    changed, held = team_store.apply(session, server_url, changes, last_id)
    to_you = [
        PassedToYou(conversation_id, account_id, change.agent, change.note)
        for change in passed
        for conversation_id, account_id in team_store.conversations_of(session, {(change.account, change.customer)})
    ]
    return changed | edited_keys, team_store.conversations_of(session, held) + edited, messages, runs, to_you


def _start_from(session: Session, server_url: str, snapshot: Snapshot) -> Applied:
    """A snapshot applied as `_apply` applies a page (its bulk runs as their `run` changes would be),
    when the console has read nothing yet (otherwise nothing: it follows the log from its cursor)."""
    if not team_store.starts_here(session, server_url):
        return set(), [], [], RunChanges(), []
    messages = [shown for change in snapshot.messages if (shown := team_messages.apply(session, change))]
    runs = RunChanges(runs={run_id for run in snapshot.runs if (run_id := team_runs.apply_run(session, run)) is not None})
    edited, edited_keys = team_shared.apply(session, snapshot.shared)
    edited += [handed for change in snapshot.handling if (handed := team_bots.apply_handling(session, change))]
    edited += [moved for change in snapshot.statuses if (moved := team_status.apply_status(session, change))]
    held = team_store.start_from(session, snapshot.holders, snapshot.present, snapshot.last_id)
    changed = held | edited_keys | {(seen.account, seen.customer) for seen in snapshot.present}
    return changed, team_store.conversations_of(session, held) + edited, messages, runs, []


class TeamFollower:
    """Reads the change log from the stored cursor and applies each page with its cursor,
    one transaction per page; publishes every conversation it changed. While the server
    cannot be read it waits longer each time (up to `max_backoff`) and `problem` says why."""

    def __init__(
        self,
        db: Database,
        client: TeamClient,
        topics: Topics,
        *,
        wait: float = WAIT,
        max_backoff: float = 30.0,
        on_reached: Callable[[], Awaitable[None]] | None = None,
        guard: TeamGuard | None = None,
        before_start: Callable[[], Awaitable[None]] | None = None,
    ):
        """`on_reached` runs whenever a read succeeds after none had or after a failure (the
        queued sends are posted then); `guard` learns each time the server is lost and reached.
        A console that has read nothing of the log starts from the server's snapshot, once
        `before_start` (the accounts mirrored, which its messages need) has run."""
        self._db = db
        self._client = client
        self._topics = topics
        self._wait = wait
        self._max_backoff = max_backoff
        self._on_reached = on_reached
        self._guard = guard
        self._caught_up = False  # the log read to its end once: what comes next is news worth a notification
        self._before_start = before_start
        self._snapshot_asked = False
        self.problem: Notice | None = None

    async def step(self, wait: float) -> int:
        """Read and apply one page; how many conversations it changed."""
        link = await self._db.run(team_store.link)
        if link is None:
            return 0
        if link.cursor == 0 and not self._snapshot_asked:
            await self.start_from_snapshot()
            link = await self._db.run(team_store.link)
            if link is None:
                return 0
        page = await self._client.changes(link.cursor, BATCH, wait)
        changed, held, messages, runs, to_you = await self._db.run(_apply, self._client.server_url, page.changes, page.last_id)
        runs.publish(self._topics)
        self._publish(changed, held, messages)
        if self._caught_up:
            for passed in to_you:
                self._topics.team_passed.publish(passed)
        self._caught_up = self._caught_up or len(page.changes) < BATCH
        return len(changed)

    async def start_from_snapshot(self) -> None:
        """Start from the server's snapshot instead of the log's beginning (a server without one: the log)."""
        if self._before_start is not None:
            await self._before_start()
        snapshot = await self._client.snapshot()
        self._snapshot_asked = True
        if snapshot is not None:
            changed, held, messages, runs, _ = await self._db.run(_start_from, self._client.server_url, snapshot)
            runs.publish(self._topics)
            self._publish(changed, held, messages)

    def _publish(self, changed: set[Key], held: list[tuple[int, int]], messages: list[tuple[MessageSummary, int]]) -> None:
        for message, account_id in messages:
            self._topics.message_changed.publish(message)
            self._topics.conversation_changed.publish(ConversationChanged(message.conversation_id, account_id))
        for account, customer in changed:
            self._topics.team_changed.publish(TeamConversationChanged(account, customer))
        for conversation_id, account_id in held:  # the inbox's "mine" and "unassigned" lists move them
            self._topics.conversation_changed.publish(ConversationChanged(conversation_id, account_id))

    async def run(self) -> None:
        pause, reached = 0.5, False
        while True:
            try:
                await self.step(0.0 if not reached else self._wait)
            except (ProviderError, NoticeError) as error:
                if self.problem is None:
                    log.warning("following the team server failed: %s", error)
                self.problem, reached = notice_of(error), False
                if self._guard is not None:
                    self._guard.lost(self.problem)
                await asyncio.sleep(pause)
                pause = min(self._max_backoff, pause * 2)
            else:
                self.problem, pause = None, 0.5
                if self._guard is not None:
                    self._guard.reached()
                if not reached and self._on_reached is not None:
                    await self._on_reached()
                reached = True


class TeamService:
    def __init__(
        self,
        db: Database,
        secrets: SecretStore,
        http: httpx.AsyncClient,
        topics: Topics,
        sender: TeamSender,
        guard: TeamGuard,
        *,
        wait: float = WAIT,
    ):
        self._db = db
        self._guard = guard
        self._sender = sender
        sender.find_client = self._client_if_joined
        self._secrets = secrets
        self._http = http
        self._topics = topics
        self._wait = wait
        self._client: TeamClient | None = None
        self._follower: TeamFollower | None = None
        self._tasks: dict[str, asyncio.Task[None]] = {}  # "follower", "presence": held until replaced or closed
        self._following = False  # `start` was called: a team joined later is followed at once
        self._open: Key | None = None  # the conversation the agent has open, as the server names it
        self.agent: str | None = None

    # Joining

    async def join(self, url: str, token: str) -> str:
        """Check the token with the server (`GET /team/me`), then keep it; the agent's name."""
        client = TeamClient(self._http, checked_url(url), token.strip())
        agent = await client.me()
        await asyncio.to_thread(self._secrets.set, SECRET_OWNER, TOKEN_KEY, token.strip())
        await self._db.run(team_store.join, client.server_url, agent)
        if self._following:
            await self._stop()
            await self.start()
        return agent

    async def leave(self) -> bool:
        """Forget the server, the token and what the server told; whether a team was joined."""
        await self._stop()
        await asyncio.to_thread(self._secrets.delete, SECRET_OWNER, TOKEN_KEY)
        return await self._db.run(team_store.leave)

    async def link(self) -> TeamLink | None:
        return await self._db.run(team_store.link)

    async def status(self) -> TeamStatus:
        """Where the console stands; the server is asked for its newest change."""
        link = await self._db.run(team_store.link)
        if link is None:
            raise NoticeError(NOT_JOINED())
        client = await self._joined_client(link)
        try:
            latest: int | None = await client.latest(link.cursor)
        except ProviderError:
            latest = None
        return TeamStatus(link.server_url, link.agent, link.cursor, latest, latest is not None)

    async def _client_if_joined(self) -> TeamClient | None:
        """The followed team's client, or (a command, which follows nothing) one for the team
        joined; None in solo mode or without the token."""
        if self._client is not None:
            return self._client
        link = await self._db.run(team_store.link)
        if link is None:
            return None
        try:
            return await self._joined_client(link)
        except NoticeError:
            return None

    async def _joined_client(self, link: TeamLink) -> TeamClient:
        token = await asyncio.to_thread(self._secrets.get, SECRET_OWNER, TOKEN_KEY)
        if not token:
            raise NoticeError(NO_TOKEN())
        return TeamClient(self._http, link.server_url, token)

    # Following (the window)

    async def start(self) -> None:
        """Follow the server, when a team is joined and its token is there; otherwise nothing
        (until a team is joined)."""
        self._following = True
        link = await self._db.run(team_store.link)
        if link is None:
            return
        try:
            self._client = await self._joined_client(link)
        except NoticeError as error:
            log.warning("not following the team server: %s", error)
            return
        self.agent = link.agent
        self._sender.client = self._client
        self._follower = TeamFollower(
            self._db,
            self._client,
            self._topics,
            wait=self._wait,
            on_reached=self._reached,
            guard=self._guard,
            before_start=self.sync_accounts,
        )
        self._hold("follower", self._follower.run())
        self._topics.team_agent.publish(self.agent)

    async def _reached(self) -> None:
        """The server answers (again): its accounts and their catalogues mirrored, then the queued sends posted."""
        with contextlib.suppress(ProviderError, NoticeError):
            await self.sync_accounts()
            await sync_catalogues(self._db, self._joined(), self._topics)
        with contextlib.suppress(ProviderError, NoticeError):
            await self._sender.flush()

    async def sync_accounts(self) -> None:
        """Mirror the server's accounts here (no secret comes with them)."""
        client = await self._client_if_joined()
        if client is None:
            raise NoticeError(NOT_JOINED())
        accounts = await client.accounts()
        if await self._db.run(team_accounts.mirror, accounts):
            self._topics.accounts_changed.publish(None)

    def health(self) -> WorkerHealth | None:
        """The follower, read from memory; None in solo mode."""
        task = self._tasks.get("follower")
        if task is None or self._client is None or self._follower is None:
            return None
        return WorkerHealth(self._client.server_url, not task.done(), self._follower.problem)

    @property
    def joined(self) -> bool:
        return self._client is not None

    async def conversation(self, account: str, customer: str) -> ConversationTeam | None:
        """Who has it and who has it open, as last learnt; None in solo mode."""
        if self._client is None:
            return None
        return await self._db.run(team_store.conversation, account, customer, int(time.time() * 1000))

    def opened(self, account: str, customer: str) -> None:
        """The agent opened this conversation: the server hears it now and again while it stays
        the open one; the previous one is left (`closed`). Nothing in solo mode."""
        if self._client is not None:
            if self._open != (account, customer):
                self.closed()
            self._open = (account, customer)
            self._hold("presence", self._stay_on(self._client, account, customer))

    def closed(self) -> None:
        """No conversation is open any more: its renewals stop and the server hears the agent left
        it, so the others stop seeing them on it at once (it expires anyway if that call fails)."""
        task = self._tasks.pop("presence", None)
        if task is not None:
            task.cancel()
        left, self._open = self._open, None
        if left is not None and self._client is not None:
            previous = self._tasks.get("leaving")  # told in order, none dropped
            task = asyncio.get_running_loop().create_task(self._leave(self._client, *left, previous), name="team leaving")
            self._tasks["leaving"] = task
            task.add_done_callback(self._done)

    async def _leave(self, client: TeamClient, account: str, customer: str, previous: asyncio.Task[None] | None) -> None:
        if previous is not None:
            await asyncio.gather(previous, return_exceptions=True)
        try:
            await client.close(account, customer)
        except (ProviderError, NoticeError) as error:
            log.info("telling the team server the agent left a conversation failed: %s", error)

    async def take(self, account: str, customer: str) -> None:
        """Ask the server for the conversation; `HeldByAnother` names who has it."""
        self._guard.check()
        await self._joined().take(account, customer)
        await self._caught_up()

    async def agents(self) -> list[str]:
        """The colleagues a conversation may be transferred to (this agent left out)."""
        return [name for name in await self._joined().agents() if name != self.agent]

    async def transfer(self, account: str, customer: str, to: str, note: str) -> None:
        """Pass the conversation this agent has to `to`, with a note; `TeamRefusal` when the
        server does not allow it (another has it, nobody has it, no such colleague)."""
        self._guard.check()
        await self._joined().transfer(account, customer, to, note.strip())
        await self._caught_up()

    async def release(self, account: str, customer: str) -> None:
        """Let the conversation this agent has go: nobody has it. `TeamRefusal` when it is not theirs."""
        self._guard.check()
        await self._joined().release(account, customer)
        await self._caught_up()

    async def client_if_joined(self) -> TeamClient | None:
        """The team's client; None in solo mode (`team_shared` asks before each edit)."""
        return await self._client_if_joined()

    async def caught_up(self) -> None:
        """Apply what the server wrote now rather than at the follower's next wake."""
        await self._caught_up()

    def _joined(self) -> TeamClient:
        if self._client is None:
            raise NoticeError(NOT_JOINED())
        return self._client

    async def _caught_up(self) -> None:
        """The change just made shows at once, not at the follower's next wake."""
        if self._follower is not None:
            with contextlib.suppress(ProviderError, NoticeError):
                await self._follower.step(0.0)

    async def _stay_on(self, client: TeamClient, account: str, customer: str) -> None:
        leaving = self._tasks.get("leaving")
        if leaving is not None:  # the conversation left just before is told first, never after this one
            await asyncio.gather(leaving, return_exceptions=True)
        while True:
            try:
                await client.open(account, customer)
            except ProviderError as error:  # the follower's health says the server is out of reach
                log.info("telling the team server about an open conversation failed: %s", error)
            await asyncio.sleep(RENEW_EVERY)

    def _hold(self, role: str, coroutine: Coroutine[Any, Any, None]) -> None:
        previous = self._tasks.pop(role, None)
        if previous is not None:
            previous.cancel()
        task = asyncio.get_running_loop().create_task(coroutine, name=f"team {role}")
        self._tasks[role] = task
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s stopped", task.get_name(), exc_info=task.exception())

    async def _stop(self) -> None:
        tasks, self._tasks = list(self._tasks.values()), {}
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._open = None
        was_following, self._client, self._follower = self._client is not None, None, None
        self._sender.client = None
        self._guard.reached()  # nothing to wait for in solo mode
        self.agent = None
        if was_following:
            self._topics.team_agent.publish(None)

    async def close(self) -> None:
        """Stop following; the server hears the agent left the open conversation (the window closing)."""
        self._following = False
        self.closed()
        leaving = self._tasks.get("leaving")
        if leaving is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(leaving), CLOSE_WAIT)
        await self._stop()
