"""The relay's events token: what consoles present to read `/events` and register routes.

Apart from the server so that a console can know its embedded relay's token without
loading the HTTP server.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping

from console.store.secrets import SecretStore

SECRETS_ACCOUNT = "relay"
EVENTS_TOKEN_KEY = "events_token"
# Relays on several hosts sharing one database must check the same token: they take it
# from this variable (a systemd EnvironmentFile, a secret manager) instead of their keyring.
RELAY_TOKEN_ENV = "CENTRALITA_RELAY_TOKEN"
MIN_SHARED_TOKEN = 32


def new_token(size: int = 32) -> str:
    """A URL-safe random token that never begins with "-", so that pasted after an option on
    a command line (`--events-token TOKEN`) it is never taken for another option."""
    while (token := secrets.token_urlsafe(size)).startswith("-"):
        pass
    return token


def events_token(secret_store: SecretStore) -> str:
    """The relay's events token, made and kept in the secret store on first use."""
    token = secret_store.get(SECRETS_ACCOUNT, EVENTS_TOKEN_KEY)
    if token is None:
        token = new_token()
        secret_store.set(SECRETS_ACCOUNT, EVENTS_TOKEN_KEY, token)
    return token


def standalone_events_token(open_store: Callable[[], SecretStore], environ: Mapping[str, str] = os.environ) -> str:
    """The token of `centralita relay`: `$CENTRALITA_RELAY_TOKEN` when set, else this host's
    own (`events_token`; the secret store is only opened then)."""
    shared = environ.get(RELAY_TOKEN_ENV, "").strip()
    if not shared:
        return events_token(open_store())
    if len(shared) < MIN_SHARED_TOKEN or not shared.isascii() or not shared.isprintable() or " " in shared:
        raise ValueError(
            f"{RELAY_TOKEN_ENV} must be at least {MIN_SHARED_TOKEN} printable ASCII characters without spaces, "
            "e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return shared
