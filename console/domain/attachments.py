"""What a stored message carries besides its text: a media file or a place, as the
content types it was sent (or received) as.

Read back from the content kept with each message (`content_codec.attachment_of`), so
the chat can show a thumbnail, a file chip or a map link.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from console.domain.content import LocationContent, MediaContent
from console.domain.errors import InvalidInput
from console.domain.field_names import LOCATION
from console.domain.notices import Notice, Wording

MAP_ZOOM = 17
NOT_COORDINATES = Wording("location.not_coordinates", "'{text}' must be LAT,LON, e.g. -34.9011,-56.1645")


Attachment = MediaContent | LocationContent


def file_name(media: MediaContent) -> str:
    """The file's name as the customer sees it: the given one, else the link's last segment
    (a file received by id without a name: its kind)."""
    if media.filename:
        return media.filename
    if not media.url:
        return media.kind.value
    path = urlsplit(media.url).path.rstrip("/")
    return unquote(path.rsplit("/", 1)[-1]) or media.url


def map_url(place: LocationContent) -> str:
    lat, lon = f"{place.latitude:.6f}", f"{place.longitude:.6f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={MAP_ZOOM}/{lat}/{lon}"


def parse_coordinates(text: str, field: Notice | str | None = None) -> tuple[float, float]:
    """`LAT,LON` as people copy it from a map (`-34.9011, -56.1645`); `InvalidInput` naming `field`."""
    parts = text.split(",")
    try:
        latitude, longitude = (float(part) for part in parts)
    except ValueError:
        raise InvalidInput(field or LOCATION(), NOT_COORDINATES(text=text)) from None
    return latitude, longitude
