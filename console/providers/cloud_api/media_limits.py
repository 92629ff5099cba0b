"""WhatsApp's own size limits per media kind, for providers whose documents give none.

Source: Meta's WhatsApp Cloud API reference, Media, "Supported media types"
(https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types),
whose "Max Size" column gives audio 16 MB, document 100 MB, image 5 MB, video 16 MB
(stickers, 100/500 KB, are not a kind the console sends). A maximum reads as "at most".
Assumed, as the page does not say: a MB is 1,000,000 bytes, the unit the providers'
own documents use. The types are not checked: the page lists them, but servers often
declare `application/octet-stream` for a file WhatsApp accepts.
"""

from __future__ import annotations

from collections.abc import Mapping

from console.domain.capabilities import MB, MediaRule
from console.domain.content import MediaKind

WHATSAPP = "WhatsApp"

WHATSAPP_MEDIA_RULES: Mapping[MediaKind, MediaRule] = {
    MediaKind.IMAGE: MediaRule(5 * MB, frozenset(), authority=WHATSAPP),
    MediaKind.VIDEO: MediaRule(16 * MB, frozenset(), authority=WHATSAPP),
    MediaKind.AUDIO: MediaRule(16 * MB, frozenset(), authority=WHATSAPP),
    MediaKind.DOCUMENT: MediaRule(100 * MB, frozenset(), authority=WHATSAPP),
}
