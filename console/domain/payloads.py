"""Raw provider payloads kept with state events: bounded, and scrubbed of known secrets."""

from __future__ import annotations

from collections.abc import Iterable

PAYLOAD_LIMIT = 64 * 1024  # characters kept of one payload
TRUNCATED_MARKER = "\n[truncated by Centralita: {dropped} more characters]"
REDACTED = "[redacted]"


def kept_payload(text: str | None, secrets: Iterable[str | None] = ()) -> str | None:
    """`text` as it may be stored: every secret given replaced, then cut to `PAYLOAD_LIMIT`.

    None for no body at all. Secrets are replaced before cutting, so a secret cannot
    survive by straddling the cut.
    """
    if text is None or not text.strip():
        return None
    for secret in secrets:
        if secret and len(secret) >= 4:  # a shorter "secret" would blank out ordinary words
            text = text.replace(secret, REDACTED)
    if len(text) <= PAYLOAD_LIMIT:
        return text
    return text[:PAYLOAD_LIMIT] + TRUNCATED_MARKER.format(dropped=len(text) - PAYLOAD_LIMIT)
