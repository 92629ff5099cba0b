"""Thumbnails and file sizes for the chat, fetched in the background and kept in memory.

The delegate asks while painting; what is not there yet is requested once, and
`changed(url)` tells the view to repaint the rows that show it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from console.services.conversations import ConversationService
from console.ui.tasks import TaskHolder

THUMBNAIL = QSize(240, 180)


def _scaled_image(path: Path, box: QSize) -> QImage | None:
    """Read and scale an image off the UI thread (QImage, unlike QPixmap, may be used there)."""
    image = QImage(str(path))
    if image.isNull():
        return None
    return image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


class MediaLoader(QObject):
    changed = Signal(str)  # the url whose thumbnail or size just arrived

    def __init__(self, conversations: ConversationService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._tasks = TaskHolder(self)
        self._thumbnails: dict[str, QPixmap | None] = {}  # None: it cannot be shown
        self._sizes: dict[str, int | None] = {}

    def thumbnail(self, url: str) -> QPixmap | None:
        """The image's thumbnail if loaded; starts loading it otherwise."""
        key = f"image {url}"
        if url not in self._thumbnails and not self._tasks.running(key):
            self._tasks.start(key, self._load_thumbnail(url))
        return self._thumbnails.get(url)

    def failed(self, url: str) -> bool:
        return url in self._thumbnails and self._thumbnails[url] is None

    def size(self, url: str) -> int | None:
        """The file's size if known; asks its server otherwise."""
        key = f"size {url}"
        if url not in self._sizes and not self._tasks.running(key):
            self._tasks.start(key, self._load_size(url))
        return self._sizes.get(url)

    async def _load_thumbnail(self, url: str) -> None:
        path = await self._conversations.media_file(url)
        image = None if path is None else await asyncio.to_thread(_scaled_image, path, THUMBNAIL)
        self._thumbnails[url] = None if image is None else QPixmap.fromImage(image)
        self.changed.emit(url)

    async def _load_size(self, url: str) -> None:
        self._sizes[url] = await self._conversations.media_size(url)
        self.changed.emit(url)
