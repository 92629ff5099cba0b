"""Thumbnails and file sizes for the chat, fetched in the background and kept in memory.

The delegate asks while painting; what is not there yet is requested once, and
`changed(key)` tells the view to repaint the rows that show it. A file is known by its link,
or, when it came as a media id (WhatsApp Cloud API), by its message: the service fetches it
with the account's credentials, which never reach this side.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from console.domain.content import MediaContent
from console.ui.chat.bubble_layout import THUMBNAIL
from console.ui.tasks import TaskHolder

if TYPE_CHECKING:
    from console.services.conversations import ConversationService



def _scaled_image(path: Path, box: QSize) -> QImage | None:
    """Read and scale an image off the UI thread (QImage, unlike QPixmap, may be used there)."""
    image = QImage(str(path))
    if image.isNull():
        return None
    return image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def _key(message_id: int, media: MediaContent) -> str:
    return media.url if media.media_id is None else f"message {message_id}"


class MediaLoader(QObject):
    changed = Signal(str)  # the key (see `_key`) whose thumbnail or size just arrived

    def __init__(self, conversations: ConversationService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conversations = conversations
        self._tasks = TaskHolder(self)
        self._thumbnails: dict[str, QPixmap | None] = {}  # None: it cannot be shown
        self._sizes: dict[str, int | None] = {}

    def thumbnail(self, message_id: int, media: MediaContent) -> QPixmap | None:
        """The image's thumbnail if loaded; starts loading it otherwise."""
        key = _key(message_id, media)
        if key not in self._thumbnails and not self._tasks.running(f"image {key}"):
            self._tasks.start(f"image {key}", self._load_thumbnail(key, message_id, media))
        return self._thumbnails.get(key)

    def failed(self, message_id: int, media: MediaContent) -> bool:
        key = _key(message_id, media)
        return key in self._thumbnails and self._thumbnails[key] is None

    def size(self, message_id: int, media: MediaContent) -> int | None:
        """The file's size if known; asks its server (a file received by id: fetches it) otherwise."""
        key = _key(message_id, media)
        if key not in self._sizes and not self._tasks.running(f"size {key}"):
            self._tasks.start(f"size {key}", self._load_size(key, message_id, media))
        return self._sizes.get(key)

    async def file(self, message_id: int, media: MediaContent) -> Path | None:
        """The local copy of the file, fetched first if needed."""
        if media.media_id is not None:
            return await self._conversations.received_media_file(message_id)
        return await self._conversations.media_file(media.url)

    async def _load_thumbnail(self, key: str, message_id: int, media: MediaContent) -> None:
        path = await self.file(message_id, media)
        image = None if path is None else await asyncio.to_thread(_scaled_image, path, THUMBNAIL)
        self._thumbnails[key] = None if image is None else QPixmap.fromImage(image)
        self.changed.emit(key)

    async def _load_size(self, key: str, message_id: int, media: MediaContent) -> None:
        if media.media_id is None:
            self._sizes[key] = await self._conversations.media_size(media.url)
        else:
            path = await self.file(message_id, media)
            self._sizes[key] = None if path is None else (await asyncio.to_thread(path.stat)).st_size
        self.changed.emit(key)
