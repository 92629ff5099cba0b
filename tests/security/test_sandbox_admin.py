"""The sandbox's admin API answers this computer's programs only, not a web page in the
agent's browser: every `/_sandbox/` route checks the Host (DNS rebinding) and the Origin
(cross-site requests)."""

from __future__ import annotations

import httpx

from console.sandbox.admin import ADMIN_PREFIX
from console.sandbox.server import SandboxServer, build_app
from tests.faults.conftest import Figures

FAULT = {"provider": "heynow", "route": "send", "kind": "server_error", "times": 1}


def admin_routes() -> list[tuple[str, str]]:
    """(method, path) of every admin route the sandbox serves."""
    app, _ = build_app()
    routes = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        path = info.get("path") or info.get("formatter") or ""
        if path.startswith(ADMIN_PREFIX) and route.method != "HEAD":
            routes.append((route.method, path))
    return routes


def test_every_admin_route_refuses_foreign_hosts_and_origins(figures: Figures) -> None:
    """Every /_sandbox/ route tried with a rebound Host, a foreign Origin, and as the
    sandbox's own programs call it: the first two refused 403, the last answered."""
    routes = admin_routes()
    assert len(routes) > 20
    refused: dict[str, list[str]] = {"rebound host": [], "foreign origin": [], "own programs": []}
    with SandboxServer() as server, httpx.Client(base_url=server.root_url, timeout=10) as http:
        for method, path in routes:
            tries = {
                "rebound host": {"Host": "attacker.example:80"},
                "foreign origin": {"Origin": "https://attacker.example"},
                "own programs": {},
            }
            for name, headers in tries.items():
                answer = http.request(method, path, headers=headers, json={} if method == "POST" else None)
                if answer.status_code == 403:
                    refused[name].append(f"{method} {path}")
        armed = http.post(f"{ADMIN_PREFIX}/faults", json=FAULT, headers={"Origin": "http://evil.example"})
        faults = http.get(f"{ADMIN_PREFIX}/faults").json()
    figures.record(admin_routes=len(routes), **{f"refused: {name}": len(found) for name, found in refused.items()})
    assert len(refused["rebound host"]) == len(routes), set(routes) - set(refused["rebound host"])
    assert len(refused["foreign origin"]) == len(routes)
    assert refused["own programs"] == []
    assert armed.status_code == 403
    assert "server_error" not in str(faults)


def test_loopback_origins_are_the_sandbox_pages_own() -> None:
    with SandboxServer() as server, httpx.Client(base_url=server.root_url, timeout=10) as http:
        for origin in (server.root_url, "http://localhost:5173", "http://[::1]:8080"):
            assert http.get(f"{ADMIN_PREFIX}/stats", headers={"Origin": origin}).status_code == 200
        assert http.get(f"{ADMIN_PREFIX}/stats", headers={"Host": f"localhost:{server.port}"}).status_code == 200
