"""Serve the simulators on loopback: in a background thread (tests, the GUI's demo mode)
or in the foreground until interrupted (`serve_forever`).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from console.net.server_thread import AppServer, ServerThread
from console.sandbox import heynow
from console.sandbox.admin import ADMIN_PREFIX, SIMULATOR_MODULES, Sandbox, register_admin_routes
from console.sandbox.admin_guard import admin_guard
from console.sandbox.broadcasterbot import BroadcasterbotSandboxConfig, BroadcasterbotSimulator
from console.sandbox.chattigo import ChattigoSandboxConfig, ChattigoSimulator
from console.sandbox.cliengo import CliengoSandboxConfig, CliengoSimulator
from console.sandbox.cloudapi import CloudApiSandboxConfig, CloudApiSimulator
from console.sandbox.heynow import HeyNowSandboxConfig, HeyNowSimulator
from console.sandbox.loopback import SHUTDOWN_GRACE, require_loopback
from console.sandbox.recorder import Faults, RequestLog
from console.sandbox.timelinesai import TimelinesAISandboxConfig, TimelinesAISimulator

__all__ = ["Sandbox", "SandboxConfigs", "SandboxServer", "build_app", "serve_forever"]

T = TypeVar("T")

@dataclass(frozen=True, slots=True)
class SandboxConfigs:
    """Settings of every simulator; each defaults to its demo behaviour."""

    heynow: HeyNowSandboxConfig = field(default_factory=HeyNowSandboxConfig)
    broadcasterbot: BroadcasterbotSandboxConfig = field(default_factory=BroadcasterbotSandboxConfig)
    cliengo: CliengoSandboxConfig = field(default_factory=CliengoSandboxConfig)
    timelinesai: TimelinesAISandboxConfig = field(default_factory=TimelinesAISandboxConfig)
    chattigo: ChattigoSandboxConfig = field(default_factory=ChattigoSandboxConfig)
    cloudapi: CloudApiSandboxConfig = field(default_factory=CloudApiSandboxConfig)


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
        CloudApiSimulator(chosen.cloudapi, log, faults),
    )
    app = web.Application(middlewares=[admin_guard(ADMIN_PREFIX)])
    for module, simulator in zip(SIMULATOR_MODULES, (sandbox.heynow, *(s for _, s in sandbox.others())), strict=True):
        provider_app = web.Application()
        simulator.register_routes(provider_app)
        app.add_subapp(module.PREFIX, provider_app)
    register_admin_routes(app, sandbox)
    return app, sandbox


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
        self._server: ServerThread | None = None
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
        if self._server is not None:
            raise RuntimeError("This sandbox server is already running.")
        app, sandbox = build_app(self._heynow_config, self._configs)
        server = ServerThread(app, "sandbox", self._host, self._requested_port, SHUTDOWN_GRACE).start()
        self._server, self._sandbox = server, sandbox
        self.root_url, self.port = server.root_url, server.port
        server.call(sandbox.serving_at, self.root_url)
        return self

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` on the server's loop thread and return its result (or raise its error)."""
        if self._server is None:
            raise RuntimeError("The sandbox server is not running.")
        return self._server.call(fn, *args)

    def stop(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None
        server.stop()

    def __enter__(self) -> SandboxServer:
        return self if self._server is not None else self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()


def serve_forever(
    host: str, port: int, heynow_config: HeyNowSandboxConfig | None = None, configs: SandboxConfigs | None = None
) -> None:
    """Serve in the foreground, print the URLs and credentials, stop on SIGINT/SIGTERM."""
    require_loopback(host)
    app, sandbox = build_app(heynow_config, configs)

    async def main() -> None:
        server = await AppServer(app, host, port, SHUTDOWN_GRACE).start()
        root = server.root_url
        sandbox.serving_at(root)
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
            await server.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
