"""Whether an address stays on this computer."""

from __future__ import annotations

import ipaddress

from console.domain.errors import InvalidInput
from console.domain.field_names import LISTEN
from console.domain.notices import Wording

NOT_HOST_PORT = Wording("input.not_host_port", "expects HOST:PORT, not '{text}'")


def is_loopback_host(host: str) -> bool:
    """`localhost`, 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_listen_address(text: str) -> tuple[str, int]:
    """`HOST:PORT` (`[::1]:8787`, `:8787` for loopback) as a host and a port."""
    host, separator, port = text.strip().rpartition(":")
    if not separator or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise InvalidInput(LISTEN(), NOT_HOST_PORT(text=text))
    return host.strip("[]") or "127.0.0.1", int(port)
