"""What a stored message carries besides its text: a media file or a place.

Read back from the content kept with each outgoing message (see
`services.preflight.serialize`), so the chat can show a thumbnail, a file chip or a map link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from console.domain.capabilities import MediaKind
from console.domain.messages import MessageKind

MAP_ZOOM = 17


@dataclass(frozen=True, slots=True)
class MediaAttachment:
    kind: MediaKind
    url: str
    caption: str | None = None
    filename: str | None = None
    mime_type: str | None = None

    @property
    def name(self) -> str:
        """The file's name as the customer sees it: the given one, else the link's last segment."""
        if self.filename:
            return self.filename
        path = urlsplit(self.url).path.rstrip("/")
        return unquote(path.rsplit("/", 1)[-1]) or self.url


@dataclass(frozen=True, slots=True)
class LocationAttachment:
    latitude: float
    longitude: float
    place_name: str | None = None
    address: str | None = None

    @property
    def map_url(self) -> str:
        lat, lon = f"{self.latitude:.6f}", f"{self.longitude:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={MAP_ZOOM}/{lat}/{lon}"


Attachment = MediaAttachment | LocationAttachment


def attachment_of(kind: MessageKind, content: Mapping[str, Any]) -> Attachment | None:
    """The attachment described by a message's stored content; None for text, or content it cannot read."""
    try:
        if kind is MessageKind.MEDIA:
            return MediaAttachment(
                kind=MediaKind(content["kind"]),
                url=str(content["url"]),
                caption=content.get("caption"),
                filename=content.get("filename"),
                mime_type=content.get("mime_type"),
            )
        if kind is MessageKind.LOCATION:
            return LocationAttachment(
                latitude=float(content["latitude"]),
                longitude=float(content["longitude"]),
                place_name=content.get("place_name"),
                address=content.get("address"),
            )
    except (KeyError, TypeError, ValueError):
        return None
    return None
