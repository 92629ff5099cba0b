"""What a stored message carries besides its text: a media file or a place, as the
content types it was sent (or received) as.

Read back from the content kept with each message (`content_codec.attachment_of`), so
the chat can show a thumbnail, a file chip or a map link.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from console.domain.content import LocationContent, MediaContent

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
