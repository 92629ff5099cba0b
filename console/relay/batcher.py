"""Group commit: the callbacks waiting at one moment share one transaction.

Each handler queues its callback and awaits its own result; a single task hands the
whole queue to the store on a dedicated writer thread and, once that transaction has
committed, wakes every handler of the batch. While one batch commits the next one
gathers, so a burst costs one commit per batch instead of one per callback.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from console.relay.store import Incoming, RelayStore, Stored

MAX_BATCH = 500


class GroupCommit:
    def __init__(self, store: RelayStore, max_batch: int = MAX_BATCH) -> None:
        self._store = store
        self._max_batch = max_batch
        self._pending: list[tuple[Incoming, asyncio.Future[Stored]]] = []
        self._wake = asyncio.Event()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="relay-writer")
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="relay-group-commit")

    async def submit(self, item: Incoming) -> Stored:
        """Return once `item` is committed (or was stored before); raise if the store failed."""
        if self._task is None or self._closing:
            raise RuntimeError("The relay is not accepting callbacks.")
        future: asyncio.Future[Stored] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        self._wake.set()
        return await future

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while not (self._closing and not self._pending):
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                batch = self._pending[: self._max_batch]
                del self._pending[: self._max_batch]
                try:
                    results = await loop.run_in_executor(self._writer, self._store.append, [item for item, _ in batch])
                except Exception as error:  # every waiting handler answers 503; providers retry
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)

    async def close(self) -> None:
        """Stop taking callbacks; those already queued are still committed and answered."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task
        self._writer.shutdown(wait=True)
