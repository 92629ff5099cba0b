"""The sandbox listens only where other computers cannot reach it."""

from __future__ import annotations

from console.domain.network import is_loopback_host

# Handlers still running at shutdown (an injected delay, say) are cancelled after this.
SHUTDOWN_GRACE = 0.1


def require_loopback(host: str) -> None:
    """Refuse any address other computers could reach."""
    if not is_loopback_host(host):
        raise ValueError(f"The sandbox only listens on this computer (127.0.0.1, ::1 or localhost), not on '{host}'.")
