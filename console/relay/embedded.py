"""The console's own relay: one store in the data dir, served on a thread, on the
address the agent picks (and moved when they pick another).

The console reads that store in-process (`stored_events`), not over loopback HTTP: the
listener's thread rings a doorbell when it commits callbacks, which wakes the reader.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from console.domain.errors import InvalidInput
from console.domain.network import parse_listen_address
from console.domain.notices import Wording
from console.domain.storage import WayOut
from console.relay.store import Incoming, RelayStore, Stored, StoredEvent, sqlite_url
from console.store.health import check_database_file, explain
from console.store.location import RELAY_STORE_FILE

if TYPE_CHECKING:
    from console.relay.server import RelayThread

STORE_FILE = RELAY_STORE_FILE
LISTEN = Wording("field.listen", "listen")
CANNOT_LISTEN = Wording("relay.cannot_listen", "cannot listen on {address}: {error}")
STORE_WAY_OUT = Wording(
    "relay.store_way_out", "start a new relay store, keeping this file aside (callbacks the console has not read yet stay in it)"
)()


class _Doorbell:
    """Rung on the relay's thread when it stored callbacks; awaited on the console's loop."""

    def __init__(self) -> None:
        self._rung = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def ring(self) -> None:
        loop = self._loop
        if loop is None:  # nobody reads yet: the first read finds the callbacks anyway
            return
        with contextlib.suppress(RuntimeError):  # the console's loop has closed
            loop.call_soon_threadsafe(self._rung.set)

    def clear(self) -> None:
        """Before a read: a callback stored from now on rings again."""
        self._loop = asyncio.get_running_loop()
        self._rung.clear()

    async def wait(self, timeout: float) -> None:
        self._loop = asyncio.get_running_loop()
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancel that
        # arrives as the event is set, and a close would then wait for the next timeout.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._rung.wait()


class _RingingStore(RelayStore):
    """The listener's store, which rings the doorbell once new callbacks are committed."""

    doorbell: _Doorbell | None = None

    def append(self, batch: Sequence[Incoming]) -> list[Stored]:
        results = super().append(batch)
        if self.doorbell is not None and any(not result.duplicate for result in results):
            self.doorbell.ring()
        return results


class EmbeddedRelay:
    """Two connections to one store: the listener's, which goes when it stops or moves, and
    the console's reading one, kept until `close` so a moved port changes nothing for it."""

    def __init__(self, data_dir: Path, events_token: str) -> None:
        self._store_path = data_dir / STORE_FILE
        self._store_url = sqlite_url(self._store_path)
        self.events_token = events_token
        self._listen: str | None = None
        self._thread: RelayThread | None = None
        self._doorbell = _Doorbell()
        self._reading: RelayStore | None = None  # the console's own connection to the store
        self._opening = asyncio.Lock()

    @property
    def root_url(self) -> str | None:
        return None if self._thread is None else self._thread.root_url

    async def start(self, listen: str) -> str:
        """Listen on `listen` (`HOST:PORT`, port 0 for any free one); the relay's root URL."""
        if self._thread is not None and listen == self._listen:
            return self._thread.root_url
        from console.relay.server import RelayThread  # the HTTP server loads only when a relay runs

        host, port = parse_listen_address(listen)
        await self.stop()
        store = await asyncio.to_thread(self._listener_store)
        try:
            thread = await asyncio.to_thread(RelayThread(store, self.events_token, host, port).start)
        except OSError as error:
            await asyncio.to_thread(store.close)
            reason = CANNOT_LISTEN(address=listen, error=str(error.strerror or error))
            raise InvalidInput(LISTEN(), reason) from None
        self._thread, self._listen = thread, listen
        return thread.root_url

    async def stop(self) -> None:
        """Stop listening; what was stored can still be read."""
        if self._thread is not None:
            thread, self._thread, self._listen = self._thread, None, None
            await asyncio.to_thread(thread.stop)

    async def open_store(self) -> None:
        """Open the store for reading now, so an unusable one is a `StorageProblem` at start,
        with its way out, instead of an empty file silently becoming a new store."""
        await self._reading_store()

    async def stored_events(self, after: int, limit: int) -> list[StoredEvent]:
        """The store's events after `after`, read on a worker thread."""
        self._doorbell.clear()
        store = await self._reading_store()
        return await asyncio.to_thread(store.events, after, limit)

    async def wait_for_events(self, timeout: float) -> None:
        """Return once a callback was stored since the last read, at the latest after `timeout`."""
        await self._doorbell.wait(timeout)

    async def close(self) -> None:
        """Stop listening and let go of the store."""
        try:
            await self.stop()
        finally:
            if self._reading is not None:
                store, self._reading = self._reading, None
                await asyncio.to_thread(store.close)

    def _listener_store(self) -> _RingingStore:
        store = self._checked(lambda: _RingingStore.open(self._store_url))
        assert isinstance(store, _RingingStore)
        store.doorbell = self._doorbell
        return store

    async def _reading_store(self) -> RelayStore:
        async with self._opening:
            if self._reading is None:
                self._reading = await asyncio.to_thread(self._checked, lambda: RelayStore.open(self._store_url))
            return self._reading

    def _checked(self, open_store: Callable[[], RelayStore]) -> RelayStore:
        """`open_store()` once the file looks like a database; SQLite's refusal as one sentence."""
        ways_out = (WayOut.NEW_RELAY_STORE,)
        try:
            check_database_file(self._store_path, STORE_WAY_OUT, ways_out)
            return open_store()
        except Exception as error:
            problem = explain(error, self._store_path, hint=STORE_WAY_OUT, ways_out=ways_out)
            if problem is None:
                raise
            raise problem from None
