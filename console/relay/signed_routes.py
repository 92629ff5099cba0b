"""Routes whose provider signs its webhooks (the WhatsApp Cloud API): the secrets that check them.

A route registered for such a provider carries the app's secret (the HMAC key of
`X-Hub-Signature-256`) and the webhook's verify token (the GET handshake's). Neither is
written to the store in plain text: the app secret is sealed (Fernet) with a key derived
from the relay's events token, which the relay holds and its database does not; the verify
token is kept only as a keyed digest. A relay started with another events token cannot
unseal them: those routes then refuse every webhook until the console registers them again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken

SIGNED_PROVIDERS = frozenset({"cloudapi"})
SIGNATURE_HEADER = "X-Hub-Signature-256"
_PURPOSE = b"centralita relay: route secrets"


@dataclass(frozen=True, slots=True)
class RouteCheck:
    """What checks one signed route's requests, unsealed."""

    app_secret: bytes
    verify_digest: bytes

    def signed(self, body: bytes, header: str | None) -> bool:
        """True when `header` is `sha256=<hex HMAC-SHA256 of body>` with the app secret."""
        if not header or not header.startswith("sha256="):
            return False
        expected = hmac.new(self.app_secret, body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(header.removeprefix("sha256=").strip().lower().encode(), expected.encode())


class Sealer:
    """Seals and opens a route's secrets with the relay's own key."""

    def __init__(self, events_token: str) -> None:
        key = hmac.new(events_token.encode(), _PURPOSE, hashlib.sha256).digest()
        self._key = key
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, app_secret: str) -> bytes:
        return self._fernet.encrypt(app_secret.encode())

    def digest(self, verify_token: str) -> bytes:
        return hmac.new(self._key, verify_token.encode("utf-8", "surrogateescape"), hashlib.sha256).digest()

    def open(self, sealed: bytes, verify_digest: bytes) -> RouteCheck | None:
        """The route's check, or None when sealed under another events token."""
        try:
            return RouteCheck(self._fernet.decrypt(sealed), verify_digest)
        except InvalidToken:
            return None

    def verifies(self, check: RouteCheck, verify_token: str) -> bool:
        return hmac.compare_digest(self.digest(verify_token), check.verify_digest)
