"""Serve the simulators on loopback: in a background thread (tests, the GUI's demo mode)
or in the foreground until interrupted (`serve_forever`).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from console.domain.network import is_loopback_host
from console.sandbox import heynow
from console.sandbox.admin import ADMIN_PREFIX, SIMULATOR_MODULES, Sandbox, register_admin_routes
from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig, BroadcasterbotSimulator
from console.sandbox.chattigo import ChattigoSandboxConfig, ChattigoSimulator
from console.sandbox.cliengo import CliengoSandboxConfig, CliengoSimulator
from console.sandbox.heynow import HeyNowSandboxConfig, HeyNowSimulator
from console.sandbox.recorder import Faults, RequestLog
from console.sandbox.timelinesai import TimelinesAISandboxConfig, TimelinesAISimulator

__all__ = ["Sandbox", "SandboxConfigs", "SandboxServer", "build_app", "require_loopback", "serve_forever"]

T = TypeVar("T")

# Handlers still running at shutdown (an injected delay, say) are cancelled after this.
SHUTDOWN_GRACE = 0.1


@dataclass(frozen=True, slots=True)
class SandboxConfigs:
    """Settings of every simulator; each defaults to its demo behaviour."""

    heynow: HeyNowSandboxConfig = field(default_factory=HeyNowSandboxConfig)
    broadcasterbot: BroadcasterbotSandboxConfig = field(default_factory=BroadcasterbotSandboxConfig)
    cliengo: CliengoSandboxConfig = field(default_factory=CliengoSandboxConfig)
    timelinesai: TimelinesAISandboxConfig = field(default_factory=TimelinesAISandboxConfig)
    chattigo: ChattigoSandboxConfig = field(default_factory=ChattigoSandboxConfig)


def build_app(
    heynow_config: HeyNowSandboxConfig | None = None, configs: SandboxConfigs | None = None
) -> tuple[web.Application, Sandbox]:
    chosen = configs or SandboxConfigs()
    if heynow_config is not None:
        chosen = replace(chosen, heynow=heynow_config)
    log, faults = RequestLog(), Faults()
    sandbox = Sandbox(
        log,
        faults,
        HeyNowSimulator(chosen.heynow, log, faults),
        BroadcasterbotSimulator(chosen.broadcasterbot, log, faults),
        CliengoSimulator(chosen.cliengo, log, faults),
        TimelinesAISimulator(chosen.timelinesai, log, faults),
        ChattigoSimulator(chosen.chattigo, log, faults),
    )
    app = web.Application()
    for module, simulator in zip(SIMULATOR_MODULES, (sandbox.heynow, *(s for _, s in sandbox.others())), strict=True):
        provider_app = web.Application()
        simulator.register_routes(provider_app)
        app.add_subapp(module.PREFIX, provider_app)
    register_admin_routes(app, sandbox)
    return app, sandbox


def require_loopback(host: str) -> None:
    """Refuse any address other computers could reach."""
    if not is_loopback_host(host):
        raise ValueError(f"The sandbox only listens on this computer (127.0.0.1, ::1 or localhost), not on '{host}'.")


def _bind(host: str, port: int) -> socket.socket:
    require_loopback(host)
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


class SandboxServer:
    """The sandbox on a daemon thread with its own event loop.

    Simulator state lives on that loop: change it through `call`, never directly.
    """

    def __init__(
        self,
        heynow_config: HeyNowSandboxConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        configs: SandboxConfigs | None = None,
    ) -> None:
        require_loopback(host)
        self._heynow_config = heynow_config
        self._configs = configs
        self._host = host
        self._requested_port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._startup_error: BaseException | None = None
        self._sandbox: Sandbox | None = None
        self.port = 0
        self.root_url = ""

    @property
    def sandbox(self) -> Sandbox:
        """The simulators, log and faults of the last start (still readable after `stop`)."""
        if self._sandbox is None:
            raise RuntimeError("The sandbox server has not been started.")
        return self._sandbox

    @property
    def base_urls(self) -> dict[str, str]:
        return {module.PROVIDER: self.root_url + module.PREFIX for module in SIMULATOR_MODULES}

    def start(self) -> SandboxServer:
        """Listen (port 0 picks a free one) and return once requests are served."""
        if self._thread is not None:
            raise RuntimeError("This sandbox server is already running.")
        app, sandbox = build_app(self._heynow_config, self._configs)
        sock = _bind(self._host, self._requested_port)
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        thread = threading.Thread(target=self._run, args=(loop, app, sock, ready), name="sandbox", daemon=True)
        thread.start()
        ready.wait()
        if self._startup_error is not None:
            thread.join()
            error, self._startup_error = self._startup_error, None
            raise error
        self._loop, self._thread, self._sandbox = loop, thread, sandbox
        self.root_url = _root_url(sock)
        self.port = sock.getsockname()[1]
        return self

    def _run(self, loop: asyncio.AbstractEventLoop, app: web.Application, sock: socket.socket, ready: threading.Event) -> None:
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_GRACE)
        try:
            loop.run_until_complete(runner.setup())
            loop.run_until_complete(web.SockSite(runner, sock).start())
        except BaseException as error:  # handed to start() in the caller's thread
            self._startup_error = error
            sock.close()
            loop.run_until_complete(runner.cleanup())
            loop.close()
            ready.set()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.close()

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` on the server's loop thread and return its result (or raise its error)."""
        if self._loop is None or self._thread is None:
            raise RuntimeError("The sandbox server is not running.")
        if threading.current_thread() is self._thread:
            raise RuntimeError("call() is for other threads; on the server loop call the function directly.")

        async def invoke() -> T:
            return fn(*args)

        return asyncio.run_coroutine_threadsafe(invoke(), self._loop).result()

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop = self._thread = None

    def __enter__(self) -> SandboxServer:
        return self if self._thread is not None else self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()


def serve_forever(
    host: str, port: int, heynow_config: HeyNowSandboxConfig | None = None, configs: SandboxConfigs | None = None
) -> None:
    """Serve in the foreground, print the URLs and credentials, stop on SIGINT/SIGTERM."""
    sock = _bind(host, port)
    app, sandbox = build_app(heynow_config, configs)

    async def main() -> None:
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_GRACE)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        root = _root_url(sock)
        for module in SIMULATOR_MODULES:
            print(f"{module.PROVIDER:<15} {root}{module.PREFIX}")
        print(f"{'admin':<15} {root}{ADMIN_PREFIX}/stats")
        print(
            f"Hey Now user '{heynow.DEMO_USER}', password '{heynow.DEMO_PASSWORD}'; WhatsApp channels (channelId "
            f"{heynow.WHATSAPP}): {heynow.DEMO_PLATFORM} validates contacts, {heynow.ALTERNATIVE_BOT_PLATFORM} "
            f"validates with an alternative bot, {heynow.OPEN_PLATFORM} does not validate"
        )
        for _, simulator in sandbox.others():
            if simulator.describe():
                print(simulator.describe())
        sys.stdout.flush()
        stopped = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            # Windows has no signal handlers in asyncio: Ctrl+C arrives as KeyboardInterrupt.
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(number, stopped.set)
        try:
            await stopped.wait()
        finally:
            await runner.cleanup()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
