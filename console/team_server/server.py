"""One team server process: the relay's routes and the team endpoints on one address, one
database, the send worker that sends the team's messages through the providers, the callback
applier that applies the relay's stored callbacks to them, the status polls, the template
catalogues' refresh and the bulk runs' progress.

Several processes may share a PostgreSQL database (behind a reverse proxy); SQLite serves
one process. The relay's and the team's stores share one engine (one connection pool).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from console.domain.notices import NoticeError, Wording
from console.relay.app import build_app
from console.relay.server import Relay
from console.relay.signed_routes import Sealer
from console.relay.store import RelayStore, open_engine
from console.store.secrets import SecretStore
from console.team_server.accounts import ServerAccounts
from console.team_server.agent_cache import AgentCache
from console.team_server.app import build_team_app
from console.team_server.bot_forwards import ForwardStore
from console.team_server.bulk_runs import RunStore
from console.team_server.callbacks import CallbackApplier, CallbackStore
from console.team_server.catalogues import CatalogueRefresher, CatalogueStore, catalogue_every
from console.team_server.claiming import WorkerOptions
from console.team_server.feed import ChangeFeed, NotifyListener
from console.team_server.forwarder import BotForwarder
from console.team_server.liveness import Followers, PresenceWatch
from console.team_server.messages import MessageStore
from console.team_server.polls import PollStore, StatusPolls
from console.team_server.run_progress import RunProgress
from console.team_server.run_routes import add_run_routes
from console.team_server.sender import SendWorker
from console.team_server.store import TeamStore
from console.team_server.upgrade import Upgrade, upgrade

__all__ = ["DATABASE_ENV", "TeamServer"]

DATABASE_ENV = "CENTRALITA_SERVER_DATABASE"  # the database's URL, kept out of the process list

LISTEN_TIMEOUT = 10.0
DRAIN_SECONDS = 8.0  # within systemd's TimeoutStopSec=15 of docs/TEAM.md, with the rest of the stop
log = logging.getLogger("console.team_server")
NOT_LISTENING = Wording("team.not_listening", "the database did not accept the server's LISTEN for change notifications")


class TeamServer:
    """Opened (blocking: it connects and upgrades the schema) by `open`, then `start` and `stop` on a loop."""

    def __init__(
        self,
        relay_store: RelayStore,
        team_store: TeamStore,
        events_token: str,
        host: str,
        port: int,
        secrets: SecretStore,
        worker: WorkerOptions,
        upgraded: Upgrade,
    ) -> None:
        self.store = team_store
        self.upgraded = upgraded  # what opening did to the schema
        self.feed = ChangeFeed()
        messages = MessageStore(team_store.engine)
        accounts = ServerAccounts(team_store.engine, secrets)
        self.agents = AgentCache(lambda token: asyncio.to_thread(team_store.agent_for, token))
        app = build_app(relay_store, events_token)
        followers = Followers()
        team_app = build_team_app(team_store, self.feed, messages, accounts, self.agents, followers)
        runs = RunStore(team_store.engine)
        add_run_routes(team_app, runs)
        app.add_subapp("/team/", team_app)
        self.relay = Relay(relay_store, events_token, host, port, app=app)
        self.worker = SendWorker(messages, accounts, secrets, self.feed, worker)
        self.forwarder = BotForwarder(ForwardStore(team_store.engine), messages, accounts, secrets, self.feed, worker)
        self.applier = CallbackApplier(CallbackStore(team_store.engine), self.feed)
        self.polls = StatusPolls(PollStore(team_store.engine), accounts, secrets, self.feed, worker.polls, worker.timeout)
        catalogues = CatalogueStore(team_store.engine)
        self.catalogues = CatalogueRefresher(catalogues, accounts, secrets, self.feed, worker.timeout, catalogue_every())
        self.progress = RunProgress(runs, self.feed)
        self.presence = PresenceWatch(team_store, followers, self.feed, worker.presence)
        self._listener_task: asyncio.Task[None] | None = None
        self._worker_task: asyncio.Task[None] | None = None
        self._forwarder_task: asyncio.Task[None] | None = None
        self._followers: list[
            asyncio.Task[None]
        ] = []  # the callback applier, the status polls, catalogues, run progress, presence

    @classmethod
    def open(
        cls,
        database_url: str,
        events_token: str,
        secrets: SecretStore,
        host: str = "127.0.0.1",
        port: int = 0,
        worker: WorkerOptions | None = None,
    ) -> TeamServer:
        """`secrets`: the accounts' (`team_server.secrets.ServerSecrets`)."""
        engine = open_engine(database_url)
        try:
            upgraded = upgrade(engine)  # the relay's tables too: on this database they are the server's
            if upgraded.changed:
                log.info("Database schema upgraded from %s to %s", upgraded.before or "none", upgraded.after)
            for name in ServerAccounts(engine, secrets).seal_again(Sealer(events_token)):
                log.warning("Account %s: its webhook secrets were sealed under another events token; sealed again", name)
            return cls(
                RelayStore(engine), TeamStore(engine), events_token, host, port, secrets, worker or WorkerOptions(), upgraded
            )
        except BaseException:
            engine.dispose()
            raise

    @property
    def root_url(self) -> str:
        return self.relay.root_url

    async def start(self) -> TeamServer:
        """Listen for other processes' changes (PostgreSQL), then serve; a port in use raises `OSError`."""
        self.feed.ring(await asyncio.to_thread(self.store.last_change))
        if self.store.is_postgresql:
            listener = NotifyListener(
                self.store.engine.url, self.feed, lambda: asyncio.to_thread(self.store.last_change), self.agents.forget
            )
            self._listener_task = asyncio.get_running_loop().create_task(listener.run(), name="team-notify-listener")
            try:
                async with asyncio.timeout(LISTEN_TIMEOUT):
                    await listener.listening.wait()
            except TimeoutError:
                await self._stop_listener()
                raise NoticeError(NOT_LISTENING()) from None
        try:
            await self.relay.start()
        except BaseException:
            await self._stop_listener()
            raise
        loop = asyncio.get_running_loop()
        self._worker_task = loop.create_task(self.worker.run(), name="team-send-worker")
        self._forwarder_task = loop.create_task(self.forwarder.run(), name="team-bot-forwarder")
        self._followers = [
            loop.create_task(self.applier.run(), name="team-callback-applier"),
            loop.create_task(self.polls.run(), name="team-status-polls"),
            loop.create_task(self.catalogues.run(), name="team-catalogues"),
            loop.create_task(self.progress.run(), name="team-run-progress"),
            loop.create_task(self.presence.run(), name="team-presence"),
        ]
        database = self.store.engine.url.render_as_string(hide_password=True)  # the password as ***
        log.info("Team server on %s, database %s, change log at %d", self.root_url, database, self.feed.latest)
        return self

    async def stop(self) -> None:
        """Answer the long-polls, stop sending (the requests under way get `DRAIN_SECONDS` for their
        answers, then are recorded `unknown`), stop listening, answer what was received."""
        self.feed.close()
        followers, self._followers = self._followers, []
        for follower in followers:
            follower.cancel()
        await asyncio.gather(*followers, return_exceptions=True)
        tasks = [task for task in (self._worker_task, self._forwarder_task) if task is not None]
        self._worker_task = self._forwarder_task = None
        if tasks:
            await asyncio.gather(self.worker.drain(DRAIN_SECONDS), self.forwarder.drain(DRAIN_SECONDS))
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._stop_listener()
        await self.relay.stop()

    async def _stop_listener(self) -> None:
        task, self._listener_task = self._listener_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
