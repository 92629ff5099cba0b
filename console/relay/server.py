"""Run the relay: in the caller's asyncio loop (`Relay`) or on a thread of its own (`RelayThread`).

A relay on loopback serves one console; a team relay listens on another address behind
an HTTPS proxy, which is what providers reach.
"""

from __future__ import annotations

import asyncio
import logging
from types import TracebackType

from aiohttp import web

from console.net.accept_errors import quiet_accept_errors
from console.net.connection_limits import ConnectionLimits, default_total
from console.net.server_thread import AppServer, LoopThread
from console.relay.app import build_app
from console.relay.store import RelayStore

__all__ = ["Relay", "RelayThread"]

# Handlers still waiting for their commit get this long to be answered at shutdown.
SHUTDOWN_GRACE = 5.0
# One peer address may hold this share of the connections; behind a proxy every connection
# is the proxy's, whose own per-client limit (`limit_conn`, see docs/TEAM.md) then counts.
PEER_SHARE = 4

log = logging.getLogger("console.relay")


class Relay:
    """The relay on the running loop. The store is opened by the caller and closed by `stop`."""

    def __init__(
        self,
        store: RelayStore,
        events_token: str,
        host: str = "127.0.0.1",
        port: int = 0,
        total: int | None = None,
        app: web.Application | None = None,
    ) -> None:
        """`app`: the relay's application with more mounted on it (the team server's); by default the relay's alone."""
        total = total or default_total()
        self.store = store
        limits = ConnectionLimits(total, max(1, total // PEER_SHARE))
        self._server = AppServer(app or build_app(store, events_token), host, port, SHUTDOWN_GRACE, limits)
        self._started = False

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def root_url(self) -> str:
        return self._server.root_url

    async def start(self) -> Relay:
        """Listen (port 0 picks a free one) and return once callbacks are served."""
        quiet_accept_errors(asyncio.get_running_loop(), log)
        await self._server.start()
        self._started = True
        return self

    async def stop(self) -> None:
        """Stop listening, answer the callbacks already received, close the store."""
        if not self._started:
            return
        self._started = False
        try:
            await self._server.stop()
        finally:
            await asyncio.to_thread(self.store.close)


class RelayThread:
    """A `Relay` on a daemon thread with its own event loop (embedding in a GUI, tests)."""

    def __init__(self, store: RelayStore, events_token: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.relay = Relay(store, events_token, host, port)
        self._thread = LoopThread("relay")

    @property
    def root_url(self) -> str:
        return self.relay.root_url

    def start(self) -> RelayThread:
        if self._thread.running:
            raise RuntimeError("This relay is already running.")
        self._thread.start()
        try:
            self._thread.run(self.relay.start())
        except BaseException:
            self._thread.stop()
            raise
        return self

    def stop(self) -> None:
        if not self._thread.running:
            return
        try:
            self._thread.run(self.relay.stop())
        finally:
            self._thread.stop()

    def __enter__(self) -> RelayThread:
        return self if self._thread.running else self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()
