"""Media files shown in the chat, fetched once and kept on disk under the workspace.

Files are named after a hash of their link (or, for a file fetched with an account's
credentials, of a key naming the account and the file), so a signed link's query never
becomes a file name, and a file asked for twice at once is fetched once. The folder and
its files are the user's alone: they are customers' files.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from console.domain.errors import InvalidInput
from console.private_files import owner_only_opener, private_dir
from console.providers.errors import ProviderError
from console.providers.media_check import inspect_media_link, shown_link

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

MAX_BYTES = 16_000_000  # WhatsApp's maximum for video and audio; larger documents are not cached
TIMEOUT = 20.0


class MediaCache:
    def __init__(self, http: httpx.AsyncClient, directory: Path, *, max_bytes: int = MAX_BYTES) -> None:
        self._http = http
        self._directory = directory
        self._max_bytes = max_bytes
        self._fetching: dict[str, asyncio.Task[Path | None]] = {}
        self._sizes: dict[str, int | None] = {}

    @property
    def max_bytes(self) -> int:
        return self._max_bytes

    def path_for(self, key: str) -> Path:
        return self._directory / hashlib.sha256(key.encode()).hexdigest()

    async def file(self, url: str) -> Path | None:
        """The cached copy of `url`, downloading it first if needed; None when it cannot be had."""
        return await self.file_of(url, lambda: self._download(url), shown_link(url))

    async def file_of(self, key: str, download: Callable[[], Awaitable[bytes | None]], shown: str) -> Path | None:
        """The cached file under `key`, `download`ed first if needed (a `ProviderError` or an
        HTTP error is logged as `shown` and gives None)."""
        task = self._fetching.get(key)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._fetch(key, download, shown))
            self._fetching[key] = task
            task.add_done_callback(lambda _: self._fetching.pop(key, None))
        return await asyncio.shield(task)

    async def size(self, url: str) -> int | None:
        """The file's size as its server announces it (HEAD), remembered; None when unknown."""
        if url not in self._sizes:
            try:
                # The chat's own preview of a file, not a provider's fetch: private hosts are fine, link-local never.
                info = await inspect_media_link(self._http, url, allow_private=True)
            except InvalidInput:
                info = None
            self._sizes[url] = None if info is None or info.status >= 400 else info.content_length
        return self._sizes[url]

    async def _fetch(self, key: str, download: Callable[[], Awaitable[bytes | None]], shown: str) -> Path | None:
        import httpx  # loaded with the first download, not with the window

        target = self.path_for(key)
        if await asyncio.to_thread(target.is_file):
            return target
        try:
            data = await download()
        except (httpx.HTTPError, ValueError, ProviderError) as error:
            log.info("could not fetch %s: %s", shown, type(error).__name__)
            return None
        if data is None:
            return None
        await asyncio.to_thread(_write_atomically, target, data)
        return target

    async def _download(self, url: str) -> bytes | None:
        async with self._http.stream("GET", url, timeout=TIMEOUT, follow_redirects=True) as response:
            if response.status_code >= 400:
                log.info("could not fetch %s: HTTP %s", shown_link(url), response.status_code)
                return None
            chunks: list[bytes] = []
            received = 0
            async for chunk in response.aiter_bytes():
                received += len(chunk)
                if received > self._max_bytes:
                    log.info("not caching %s: larger than %s bytes", shown_link(url), self._max_bytes)
                    return None
                chunks.append(chunk)
        return b"".join(chunks)


def _write_atomically(target: Path, data: bytes) -> None:
    private_dir(target.parent, tighten=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    with open(partial, "wb", opener=owner_only_opener) as file:
        file.write(data)
    partial.replace(target)
