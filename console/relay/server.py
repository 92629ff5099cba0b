"""Run the relay: in the caller's asyncio loop (`Relay`) or on a thread of its own (`RelayThread`).

A relay on loopback serves one console; a team relay listens on another address behind
an HTTPS proxy, which is what providers reach.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from types import TracebackType

from aiohttp import web

from console.relay.app import build_app
from console.relay.store import RelayStore

__all__ = ["Relay", "RelayThread"]

# Handlers still waiting for their commit get this long to be answered at shutdown.
SHUTDOWN_GRACE = 5.0


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


class Relay:
    """The relay on the running loop. The store is opened by the caller and closed by `stop`."""

    def __init__(self, store: RelayStore, events_token: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.store = store
        self._events_token = events_token
        self._host = host
        self._requested_port = port
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.root_url = ""

    async def start(self) -> Relay:
        """Listen (port 0 picks a free one) and return once callbacks are served."""
        sock = _bind(self._host, self._requested_port)
        runner = web.AppRunner(build_app(self.store, self._events_token), access_log=None, shutdown_timeout=SHUTDOWN_GRACE)
        try:
            await runner.setup()
            await web.SockSite(runner, sock).start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._runner = runner
        host, self.port = sock.getsockname()[:2]
        self.root_url = f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"
        return self

    async def stop(self) -> None:
        """Stop listening, answer the callbacks already received, close the store."""
        if self._runner is None:
            return
        runner, self._runner = self._runner, None
        try:
            await runner.cleanup()
        finally:
            await asyncio.to_thread(self.store.close)


class RelayThread:
    """A `Relay` on a daemon thread with its own event loop (embedding in a GUI, tests)."""

    def __init__(self, store: RelayStore, events_token: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.relay = Relay(store, events_token, host, port)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def root_url(self) -> str:
        return self.relay.root_url

    def start(self) -> RelayThread:
        if self._thread is not None:
            raise RuntimeError("This relay is already running.")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=self._run, args=(loop,), name="relay", daemon=True)
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.relay.start(), loop).result()
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            raise
        self._loop, self._thread = loop, thread
        return self

    @staticmethod
    def _run(loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            loop.close()

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        try:
            asyncio.run_coroutine_threadsafe(self.relay.stop(), loop).result()
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()

    def __enter__(self) -> RelayThread:
        return self if self._thread is not None else self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()
