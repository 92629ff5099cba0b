"""The status poller on a thread of its own, with a plain asyncio event loop.

Thousands of polls a second would saturate the window's loop (qasync pays a Qt timer per
callback) and make it lag; on their own loop they cost the window only what they change.
The thread has its own HTTP client and `ClientPool` (an HTTP client is bound to the loop
that made it) and shares the workspace's `Database` (its `run` hands work to the one
database thread and wakes whichever loop awaits). What the poller records reaches
`topics.message_changed`, and the health its answers show reaches the health book, on the
home loop: the loop that started the thread, where the topics' subscribers live.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from console.domain.messages import MessageSummary
from console.services.accounts import AccountService
from console.services.client_pool import ClientPool
from console.services.poller import PollPolicy, StatusPoller
from console.services.topics import Topics
from console.store.database import Database
from console.store.messages import PollTarget

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

# The poller's thread leaves the interpreter lock to the window's thread for BREATH seconds
# in every WORK + BREATH: busy polling otherwise held the window's loop up to 44 ms at p99
# (140 ms at worst) while 10k messages were polled, for about 10 % more polls per second.
WORK, BREATH = 0.004, 0.002


class PollerThread:
    """Starts on first use (`start`, `poll_once`, `follow`) and stops on `close`, which joins the thread."""

    def __init__(
        self,
        db: Database,
        accounts: AccountService,
        clients: ClientPool,
        topics: Topics,
        http_factory: Callable[[], httpx.AsyncClient],
        policy: PollPolicy | None = None,
    ) -> None:
        self.policy = policy or PollPolicy()
        self._db = db
        self._accounts = accounts
        self._home_clients = clients
        self._topics = topics
        self._http_factory = http_factory
        self._ready: Future[asyncio.AbstractEventLoop] | None = None  # the thread's loop, once it is up
        self._thread: threading.Thread | None = None
        self._home: asyncio.AbstractEventLoop | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # None once closing: nothing more is handed over
        self._stop: asyncio.Event | None = None
        self._pool: ClientPool | None = None
        self._poller: StatusPoller | None = None
        self._run: asyncio.Task[None] | None = None
        self._closed = False

    @property
    def thread(self) -> threading.Thread | None:
        return self._thread

    @property
    def polls(self) -> int:
        return 0 if self._poller is None else self._poller.polls

    @property
    def started(self) -> bool:
        """`start` was called: the poller follows the schedule (not only single polls)."""
        return self._run is not None

    @property
    def running(self) -> bool:
        run = self._run
        return run is not None and not run.done() and self._thread is not None and self._thread.is_alive()

    async def start(self) -> None:
        """Follow every in-flight message on the thread until closed."""
        await self._on_thread(self._begin)

    def wake(self) -> None:
        """Something new to follow (callable from any thread)."""
        self._hand_over(lambda: self._poller.wake() if self._poller is not None else None)

    def forget(self, account_id: int) -> None:
        """Drop the thread's client of the account (its credentials or address changed)."""
        self._hand_over(lambda: self._pool.forget(account_id) if self._pool is not None else None)

    async def poll_once(self, target: PollTarget) -> None:
        """Ask for one message's status now and record the answer."""
        await self._on_thread(lambda: self._active().poll_once(target))

    async def follow(self, message_id: int) -> None:
        """Poll one message on its schedule until nothing more is expected (command line)."""
        await self._on_thread(lambda: self._active().follow(message_id))

    async def close(self) -> None:
        """Cancel and await everything on the thread's loop, close its clients, join the thread."""
        self._closed = True
        if self._ready is None:
            return
        with contextlib.suppress(Exception):  # it never came up: nothing to stop
            await asyncio.wrap_future(self._ready)
        loop, stop, self._loop = self._loop, self._stop, None
        if loop is not None and stop is not None:
            loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join)

    def _active(self) -> StatusPoller:
        assert self._poller is not None
        return self._poller

    async def _begin(self) -> None:
        if self._run is None:
            self._run = asyncio.get_running_loop().create_task(self._active().run(), name="status poller")
            self._run.add_done_callback(_log_stop)

    async def _on_thread(self, call: Callable[[], Awaitable[None]]) -> None:
        """Await `call()` run on the thread's loop; cancelling the caller cancels it there."""
        loop = await self._started()

        async def on_loop() -> None:
            await call()

        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(on_loop(), loop))

    async def _started(self) -> asyncio.AbstractEventLoop:
        if self._closed:
            raise RuntimeError("the status poller is closed")
        if self._ready is None:
            self._home = asyncio.get_running_loop()
            self._ready = Future()
            self._thread = threading.Thread(target=self._serve, args=(self._ready,), name="centralita-poller", daemon=True)
            self._thread.start()
        return await asyncio.wrap_future(self._ready)

    def _hand_over(self, action: Callable[[], None]) -> None:
        loop = self._loop
        if loop is None:  # not started (nothing to tell) or closing
            return
        with contextlib.suppress(RuntimeError):  # closed meanwhile
            loop.call_soon_threadsafe(action)

    def _call_home(self, fn: Callable[..., None], *args: Any) -> None:
        """Run `fn(*args)` on the home loop, unless the poller is closed by then."""
        assert self._home is not None

        def if_open() -> None:
            if not self._closed:
                fn(*args)

        with contextlib.suppress(RuntimeError):  # the home loop is gone: nobody left to tell
            self._home.call_soon_threadsafe(if_open)

    def _changed(self, messages: list[MessageSummary]) -> None:
        self._call_home(self._publish, messages)

    def _publish(self, messages: list[MessageSummary]) -> None:
        for message in messages:
            self._topics.message_changed.publish(message)

    def _serve(self, ready: Future[asyncio.AbstractEventLoop]) -> None:
        # The platform's default loop, whatever policy the host installed (the window's is qasync's).
        with asyncio.Runner(loop_factory=asyncio.DefaultEventLoopPolicy().new_event_loop) as runner:
            try:
                runner.run(self._serve_until_closed(ready))
            except Exception as error:
                if not ready.done():
                    ready.set_exception(error)
                else:
                    log.exception("the status poller's thread stopped")

    async def _serve_until_closed(self, ready: Future[asyncio.AbstractEventLoop]) -> None:
        http = self._http_factory()
        try:
            self._pool = self._home_clients.for_other_loop(http, self._call_home)
            self._poller = StatusPoller(self._db, self._accounts, self._pool, self._changed, self.policy)
            self._stop = asyncio.Event()
            self._loop = asyncio.get_running_loop()
            ready.set_result(self._loop)
            breathing = self._loop.create_task(_breathe(), name="status poller's breathing")
            await self._stop.wait()
            breathing.cancel()
        finally:
            current = asyncio.current_task()
            tasks = [task for task in asyncio.all_tasks() if task is not current]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await http.aclose()


async def _breathe() -> None:
    """Sleep the whole thread (not only this task) now and then, so its loop's work comes in
    slices the window's thread can run between."""
    while True:
        await asyncio.sleep(WORK)
        time.sleep(BREATH)


def _log_stop(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the status poller stopped", exc_info=task.exception())
