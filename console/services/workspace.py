"""The composition root of the core: one database, one HTTP client, the services.

Nothing here is global: the GUI, the command line and tests each open their own
workspace on a data dir and close it when done. Every background task it starts is
held in `_tasks` and cancelled on close.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from console.providers.transport import DEFAULT_TIMEOUT
from console.services.accounts import AccountService
from console.services.agenda import AgendaService
from console.services.backups import DailyBackups
from console.services.bots import BotBridge
from console.services.bulk import BulkService
from console.services.callback_routes import CallbackRoutes
from console.services.callback_setup import CallbackSetup
from console.services.callbacks import CallbackApplier
from console.services.contacts import ContactService
from console.services.conversations import ConversationService
from console.services.history import HistoryService
from console.services.inbound import InboundService
from console.services.media_cache import MediaCache
from console.services.outbox import Outbox
from console.services.pacing import Pacer
from console.services.poller import PollPolicy, StatusPoller
from console.services.preflight import Preflight
from console.services.relay_reader import EventFeed, RelayReader
from console.services.templates import TemplateService
from console.services.topics import Topics
from console.store.database import Database
from console.store.secrets import SecretStore, open_secrets

log = logging.getLogger(__name__)

POLLER = "status poller"


@dataclass(frozen=True, slots=True)
class WorkerHealth:
    """A background worker as the window's status bar shows it."""

    name: str
    running: bool
    problem: str | None = None  # the last failure, while it lasts


class _WatchedFeed:
    """An event feed that remembers whether its last read worked."""

    def __init__(self, feed: EventFeed) -> None:
        self._feed = feed
        self.problem: str | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._feed, name)

    async def events_after(self, after: int, limit: int) -> list[Any]:
        try:
            events = await self._feed.events_after(after, limit)
        except Exception as error:
            self.problem = str(error) or type(error).__name__
            raise
        self.problem = None
        return events


class Workspace:
    def __init__(
        self,
        data_dir: Path,
        db: Database,
        secrets: SecretStore,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        poll_policy: PollPolicy | None = None,
        retry_pauses: tuple[float, ...] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.db = db
        self.secrets = secrets
        self.topics = Topics()
        self.http = httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=32))
        self.accounts = AccountService(db, secrets, self.http, self.topics)
        self.poller = StatusPoller(db, self.accounts, self.topics, poll_policy)
        self.templates = TemplateService(db)
        outbox_options = {} if retry_pauses is None else {"retry_pauses": retry_pauses}
        self.outbox = Outbox(
            db,
            self.accounts,
            self.topics,
            Preflight(db, self.templates, self.http),
            Pacer(self.topics, db),
            on_accepted=self.poller.wake,
            first_poll_delay=self.poller.policy.first_delay,
            **outbox_options,
        )
        self.agenda = AgendaService(db, self.accounts, self.topics)
        self.conversations = ConversationService(
            db, self.accounts, self.poller, MediaCache(self.http, data_dir / "media"), self.topics
        )
        self.history = HistoryService(db)
        self.contacts = ContactService(self.accounts)
        self.bulk = BulkService(db, self.accounts, self.outbox)
        self.inbound = InboundService(db, self.topics)
        self.callbacks = CallbackApplier(db, self.topics)
        self.callback_routes = CallbackRoutes(self.accounts, secrets, self.http)
        self.bots = BotBridge(self.accounts, self.inbound)
        self.callback_setup = CallbackSetup(
            data_dir, self.accounts, self.callback_routes, self.bots, secrets, self.http, self.follow_relay
        )
        self._tasks: set[asyncio.Task[None]] = set()
        self._readers: dict[str, tuple[str, asyncio.Task[None]]] = {}
        self._feeds: dict[str, _WatchedFeed] = {}
        self._poller_task: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, data_dir: Path, secrets: SecretStore | None = None, **options: object) -> Workspace:
        """Open (and migrate) the workspace in `data_dir` without blocking the loop."""
        db = await asyncio.to_thread(Database.open, data_dir)
        try:
            chosen = secrets if secrets is not None else await asyncio.to_thread(open_secrets, data_dir)
        except BaseException:  # an unusable secrets file: the store is not left open behind it
            await asyncio.to_thread(db.close)
            raise
        workspace = cls(data_dir, db, chosen, **options)  # type: ignore[arg-type]
        await workspace.outbox.recover_interrupted()  # the window and every command alike
        return workspace

    async def start_background(self) -> None:
        """Follow in-flight messages and callbacks, and back the database up daily, until closed."""
        self._poller_task = self._spawn(self.poller.run(), POLLER)
        self._spawn(DailyBackups(self.data_dir).run(), "daily backup")
        await self.callback_setup.resume()

    def follow_relay(self, feed: EventFeed) -> None:
        """Read callbacks from `feed` until closed; a feed of the same name read from another
        address (the embedded relay moved) replaces the old reader, the same one is kept."""
        current = self._readers.get(feed.name)
        if current is not None and current[0] == feed.address and not current[1].done():
            return
        if current is not None:
            current[1].cancel()
        watched = self._feeds[feed.name] = _WatchedFeed(feed)
        reader = RelayReader(self.db, self.callbacks, watched, self.callback_routes.routes)
        self._readers[feed.name] = (feed.address, self._spawn(reader.run(), f"relay reader {feed.name}"))

    def background_health(self) -> tuple[WorkerHealth | None, list[WorkerHealth]]:
        """The status poller (None until started) and each callback reader, read from memory."""
        poller = None if self._poller_task is None else WorkerHealth(POLLER, not self._poller_task.done())
        readers = [
            WorkerHealth(name, not task.done(), self._feeds[name].problem) for name, (_address, task) in self._readers.items()
        ]
        return poller, readers

    def _spawn(self, coroutine: object, name: str) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(coroutine, name=name)  # type: ignore[arg-type]
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s stopped", task.get_name(), exc_info=task.exception())

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.http.aclose()
        await asyncio.to_thread(self.db.close)
