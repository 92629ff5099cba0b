"""The composition root of the core: one database, one HTTP client, the services.

Nothing here is global: the GUI, the command line and tests each open their own
workspace on a data dir and close it when done. Every background task it starts (the
status poller and the accounts' health checks here, the callback readers in
`relay_followers`) is cancelled on close; the status poller's thread is joined.
It is built once, from typed `WorkspaceOptions` and, where the host runs one, the relay
that receives callbacks on this computer; nothing is wired into it afterwards.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from console.providers.http_on_first_use import HttpOnFirstUse, http_on_first_use
from console.services.accounts import AccountService
from console.services.agenda import AgendaService
from console.services.backups import DailyBackups
from console.services.bot_relay import BotRelay
from console.services.bots import BotBridge
from console.services.bulk import BulkService
from console.services.callback_routes import CallbackRoutes
from console.services.callback_setup import CallbackSetup, EmbeddedReceiver
from console.services.callbacks import CallbackApplier
from console.services.client_pool import ClientPool
from console.services.contact_notes import ContactNotes
from console.services.contacts import ContactService
from console.services.conversations import ConversationService
from console.services.health_monitor import HealthMonitor
from console.services.history import HistoryService
from console.services.inbound import InboundService
from console.services.inbox import InboxService
from console.services.media_cache import MediaCache
from console.services.message_search import MessageSearch
from console.services.new_conversation import ConversationStarter
from console.services.outbox import Outbox
from console.services.pacing import Pacer
from console.services.poller_thread import PollerThread
from console.services.preflight import Preflight
from console.services.quick_replies import QuickReplyService
from console.services.relay_followers import RelayFollowers, WorkerHealth
from console.services.team import TeamService
from console.services.team_bulk import TeamBulk
from console.services.team_guard import TeamGuard
from console.services.team_history import TeamHistory
from console.services.team_sender import TeamSender
from console.services.team_shared import TeamSharedEdits
from console.services.templates import TemplateService
from console.services.topics import Topics
from console.services.workspace_options import WorkspaceOptions
from console.store.database import Database
from console.store.secrets import SecretStore, open_secrets

log = logging.getLogger(__name__)

POLLER = "status poller"
HEALTH_CHECKS = "health checks"


class Workspace:
    def __init__(
        self,
        data_dir: Path,
        db: Database,
        secrets: SecretStore,
        options: WorkspaceOptions,
        receiver: EmbeddedReceiver | None = None,
    ) -> None:
        """`receiver`: the relay on this computer, if the host runs one (the GUI does)."""
        self.data_dir = data_dir
        self.db = db
        self.secrets = secrets
        self.topics = Topics()
        # Built with the first request, after the window is up: httpx does not load before it.
        self.http = http_on_first_use(options.timeout)
        self.clients = ClientPool(secrets, self.http, self.topics)
        self.accounts = AccountService(db, secrets, self.topics, self._forget_clients)
        # Its own client, made when the thread starts (a bench can swap the HTTP stack meanwhile).
        self.poller = PollerThread(
            db, self.accounts, self.clients, self.topics, HttpOnFirstUse(options.timeout).new_client, options.poll_policy
        )
        self.health_monitor = HealthMonitor(self.accounts, self.clients, options.health_interval)
        self.templates = TemplateService(db, self.clients)
        self.team_sender = TeamSender(db, self.topics)
        self.team_guard = TeamGuard(db, self.topics)  # asked by every edit of the team's data
        self.quick_replies = QuickReplyService(db, self.accounts)
        self.outbox = Outbox(
            db,
            self.clients,
            self.topics,
            Preflight(db, self.templates, self.http, secrets),
            Pacer(db),
            on_accepted=self.poller.wake,
            first_poll_delay=self.poller.policy.first_delay,
            retry_pauses=options.retry_pauses,
            team=self.team_sender,
        )
        self.agenda = AgendaService(db, self.clients, self.topics)
        self.conversations = ConversationService(
            db, self.accounts, self.clients, self.poller, MediaCache(self.http, data_dir / "media"), self.topics, self.team_guard
        )
        self.history = HistoryService(db)
        self.inbox = InboxService(db)
        self.new_conversations = ConversationStarter(db, self.topics, self.team_guard)
        self.contact_notes = ContactNotes(db, self.topics, self.team_guard)
        self.message_search = MessageSearch(db)
        self.contacts = ContactService(self.clients)
        self.bulk = BulkService(db, self.accounts, self.outbox, secrets, self.team_guard)
        self.bulk.team = TeamBulk(db, self.topics, self.team_sender, self.outbox.check)
        self.inbound = InboundService(db, self.topics)
        self.bot_relay = BotRelay(db, self.accounts, self.clients, self.outbox, self.topics)
        self.callbacks = CallbackApplier(db, self.topics, self.bot_relay)
        self.callback_routes = CallbackRoutes(self.accounts, secrets, self.http)
        self.bots = BotBridge(self.clients, self.inbound, self.bot_relay)
        self.relay_followers = RelayFollowers(db, self.callbacks, self.callback_routes.routes)
        self.callback_setup = CallbackSetup(
            data_dir, self.accounts, self.callback_routes, self.bots, secrets, self.http, self.relay_followers, receiver
        )
        self.team = TeamService(db, secrets, self.http, self.topics, self.team_sender, self.team_guard)
        edits = TeamSharedEdits(db, self.team)
        self.contact_notes.team = self.quick_replies.team = edits
        self.conversations.team_edits = self.new_conversations.team_edits = edits
        self.conversations.team_history = TeamHistory(db, self.team)
        self._tasks: set[asyncio.Task[None]] = set()

    @classmethod
    async def open(
        cls,
        data_dir: Path,
        secrets: SecretStore | None = None,
        options: WorkspaceOptions | None = None,
        receiver: EmbeddedReceiver | None = None,
        *,
        read_only: bool = False,
    ) -> Workspace:
        """Open (and migrate) the workspace in `data_dir` without blocking the loop.
        `read_only`: nothing is created, migrated or written, and any write fails."""
        db = await asyncio.to_thread(Database.open_read_only if read_only else Database.open, data_dir)
        try:
            chosen = secrets if secrets is not None else await asyncio.to_thread(open_secrets, data_dir)
        except BaseException:  # an unusable secrets file: the store is not left open behind it
            await asyncio.to_thread(db.close)
            raise
        workspace = cls(data_dir, db, chosen, options or WorkspaceOptions(), receiver)
        if not read_only:
            await workspace.outbox.recover_interrupted()  # the window and every command alike
        return workspace

    async def start_background(self) -> None:
        """Follow in-flight messages, callbacks and the accounts' health, and back the database
        up daily, until closed."""
        await self.poller.start()
        self._spawn(self.health_monitor.run(), HEALTH_CHECKS)
        self._spawn(DailyBackups(self.data_dir).run(), "daily backup")
        await self.callback_setup.resume()
        self._spawn(self.bot_relay.send_queued(), "bot answers left queued")
        await self.team.start()  # only when a team is joined

    def background_health(self) -> tuple[WorkerHealth | None, list[WorkerHealth]]:
        """The status poller (None until started) and each callback reader, read from memory."""
        poller = WorkerHealth(POLLER, self.poller.running) if self.poller.started else None
        return poller, self.relay_followers.health()

    def _forget_clients(self, account_id: int) -> None:
        """The account's credentials or address changed, or it was removed: every pool's client goes."""
        self.clients.forget(account_id)
        self.poller.forget(account_id)

    def _spawn(self, coroutine: object, name: str) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(coroutine, name=name)  # type: ignore[arg-type]
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s stopped", task.get_name(), exc_info=task.exception())

    async def stop_background(self) -> None:
        """Stop what `start_background` started and wait for each to end (again: nothing more)."""
        await self.poller.close()  # joined before the database and the HTTP client close
        await self.team.close()
        await self.relay_followers.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def close(self) -> None:
        await self.stop_background()
        await self.http.aclose()
        await asyncio.to_thread(self.db.close)
