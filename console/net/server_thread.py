"""Serve an aiohttp application on the running loop (`AppServer`) or on a daemon thread with
an event loop of its own (`ServerThread`).

The relay, the sandbox and the sandbox's media host all serve this way; this is the one
copy. Port 0 picks a free port (read `port` and `root_url` once started); a busy port
raises `OSError` from `start`, in the caller's thread.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from aiohttp import web

from console.net.connection_limits import ConnectionLimits

__all__ = ["AppServer", "LoopThread", "ServerThread", "bind"]

T = TypeVar("T")
LIMITED_BACKLOG = 1024  # a burst of connections waits in the kernel's queue rather than being refused


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to `host:port` (not yet listening)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def _root_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class AppServer:
    """`app` listening on the running loop until `stop`.

    `shutdown_timeout` is how long handlers still running at `stop` may finish before they
    are cancelled. `limits` caps the open connections (a public endpoint's need).
    """

    def __init__(
        self,
        app: web.Application,
        host: str = "127.0.0.1",
        port: int = 0,
        shutdown_timeout: float = 0.1,
        limits: ConnectionLimits | None = None,
    ) -> None:
        self._app = app
        self._limits = limits
        self._host = host
        self._requested_port = port
        self._shutdown_timeout = shutdown_timeout
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.root_url = ""

    async def start(self) -> AppServer:
        sock = bind(self._host, self._requested_port)
        runner = web.AppRunner(self._app, access_log=None, shutdown_timeout=self._shutdown_timeout)
        try:
            await runner.setup()
            site = web.SockSite(runner, sock) if self._limits is None else _LimitedSite(runner, sock, self._limits)
            await site.start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = sock.getsockname()[1]
        self.root_url = _root_url(sock)
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        runner, self._runner = self._runner, None
        await runner.cleanup()


class _LimitedSite(web.SockSite):
    """A `SockSite` whose connections go through `ConnectionLimits`."""

    def __init__(self, runner: web.AppRunner, sock: socket.socket, limits: ConnectionLimits) -> None:
        super().__init__(runner, sock, backlog=LIMITED_BACKLOG)
        self._limits = limits

    async def start(self) -> None:
        await web.BaseSite.start(self)  # registers the site with its runner, which stops it at cleanup
        server = self._runner.server
        assert server is not None
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._limits.wrap(server), sock=self._sock, backlog=self._backlog)


class LoopThread:
    """A daemon thread running an event loop of its own; other threads hand it coroutines."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"The {self._name} thread is already running.")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=_run_forever, args=(loop,), name=self._name, daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` on the thread's loop and return its result (or raise its error)."""
        if self._loop is None or self._thread is None:
            coroutine.close()
            raise RuntimeError(f"The {self._name} thread is not running.")
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise RuntimeError(f"Called from the {self._name} thread itself: on its own loop, await directly.")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def stop(self) -> None:
        """Stop the loop, cancel what it still runs, and wait for the thread to end."""
        if self._loop is None or self._thread is None:
            return
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        loop.call_soon_threadsafe(loop.stop)
        thread.join()


def _run_forever(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    try:
        loop.run_forever()
    finally:
        loop.run_until_complete(_cancel_pending())
        loop.close()


async def _cancel_pending() -> None:
    """Cancel what is still running (a delayed answer, say) instead of leaving it dangling."""
    pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


class ServerThread:
    """An `AppServer` on a `LoopThread`: serves while the caller's thread does other work."""

    def __init__(
        self, app: web.Application, name: str, host: str = "127.0.0.1", port: int = 0, shutdown_timeout: float = 0.1
    ) -> None:
        self._server = AppServer(app, host, port, shutdown_timeout)
        self._thread = LoopThread(name)

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def root_url(self) -> str:
        return self._server.root_url

    @property
    def running(self) -> bool:
        return self._thread.running

    def start(self) -> ServerThread:
        """Listen and return once requests are served."""
        self._thread.start()
        try:
            self._thread.run(self._server.start())
        except BaseException:
            self._thread.stop()
            raise
        return self

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` on the server's loop and return its result (state that loop owns)."""

        async def invoke() -> T:
            return fn(*args)

        return self._thread.run(invoke())

    def stop(self) -> None:
        if not self._thread.running:
            return
        try:
            self._thread.run(self._server.stop())
        finally:
            self._thread.stop()
