"""What a stored message carries besides its text: a media file or a place, as the
content types it was sent (or received) as.

Read back from the content kept with each outgoing message (see
`services.preflight.serialize`), so the chat can show a thumbnail, a file chip or a map link.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from console.domain.capabilities import MediaKind
from console.domain.content import LocationContent, MediaContent
from console.domain.messages import MessageKind

MAP_ZOOM = 17


Attachment = MediaContent | LocationContent


def file_name(media: MediaContent) -> str:
    """The file's name as the customer sees it: the given one, else the link's last segment."""
    if media.filename:
        return media.filename
    path = urlsplit(media.url).path.rstrip("/")
    return unquote(path.rsplit("/", 1)[-1]) or media.url


def map_url(place: LocationContent) -> str:
    lat, lon = f"{place.latitude:.6f}", f"{place.longitude:.6f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={MAP_ZOOM}/{lat}/{lon}"


def attachment_of(kind: MessageKind, content: Mapping[str, Any]) -> Attachment | None:
    """The attachment described by a message's stored content; None for text, or content it cannot read."""
    try:
        if kind is MessageKind.MEDIA:
            return MediaContent(
                kind=MediaKind(content["kind"]),
                url=str(content["url"]),
                caption=content.get("caption"),
                filename=content.get("filename"),
                mime_type=content.get("mime_type"),
            )
        if kind is MessageKind.LOCATION:
            return LocationContent(
                latitude=float(content["latitude"]),
                longitude=float(content["longitude"]),
                place_name=content.get("place_name"),
                address=content.get("address"),
            )
    except (KeyError, TypeError, ValueError):
        return None
    return None
