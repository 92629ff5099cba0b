"""The console's own relay: one store in the data dir, served on a thread, on the
address the agent picks (and moved when they pick another)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from console.domain.errors import InvalidInput
from console.domain.network import parse_listen_address
from console.relay.store import RelayStore, sqlite_url

if TYPE_CHECKING:
    from console.relay.server import RelayThread

STORE_FILE = "relay.sqlite3"


class EmbeddedRelay:
    def __init__(self, data_dir: Path, events_token: str) -> None:
        self._store_url = sqlite_url(data_dir / STORE_FILE)
        self.events_token = events_token
        self._listen: str | None = None
        self._thread: RelayThread | None = None

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
        store = await asyncio.to_thread(RelayStore.open, self._store_url)
        try:
            thread = await asyncio.to_thread(RelayThread(store, self.events_token, host, port).start)
        except OSError as error:
            await asyncio.to_thread(store.close)
            raise InvalidInput("listen", f"cannot listen on {listen}: {error.strerror or error}") from None
        self._thread, self._listen = thread, listen
        return thread.root_url

    async def stop(self) -> None:
        if self._thread is not None:
            thread, self._thread, self._listen = self._thread, None, None
            await asyncio.to_thread(thread.stop)
