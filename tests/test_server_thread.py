"""The one helper that serves an aiohttp app on a thread of its own (relay, sandbox, media host)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from aiohttp import web

from console.net.server_thread import ServerThread


def _app() -> web.Application:
    async def hello(request: web.Request) -> web.Response:
        return web.Response(text=threading.current_thread().name)

    app = web.Application()
    app.router.add_get("/hello", hello)
    return app


@contextmanager
def _running(server: ServerThread) -> Iterator[ServerThread]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_port_zero_serves_on_a_free_port_from_its_own_thread() -> None:
    server = ServerThread(_app(), "helper-test").start()
    try:
        assert server.port > 0
        assert server.root_url == f"http://127.0.0.1:{server.port}"
        answer = httpx.get(f"{server.root_url}/hello")
        assert answer.text == "helper-test"
    finally:
        server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.root_url}/hello")


def test_a_busy_port_fails_in_the_callers_thread_and_leaves_no_thread() -> None:
    with _running(ServerThread(_app(), "first")) as first:
        threads = threading.active_count()
        second = ServerThread(_app(), "second", port=first.port)
        with pytest.raises(OSError):
            second.start()
        assert not second.running
        assert threading.active_count() == threads


def test_call_runs_on_the_server_loop_and_is_refused_there() -> None:
    with _running(ServerThread(_app(), "caller-test")) as server:
        assert server.call(lambda: threading.current_thread().name) == "caller-test"
        with pytest.raises(RuntimeError, match="caller-test thread itself"):
            server.call(lambda: server.call(lambda: None))
