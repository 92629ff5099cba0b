"""The window and its workspace come up without httpx; the providers' client is built by its first request."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp import web

from console.providers.aiohttp_transport import ProviderHttp, read
from console.providers.http_on_first_use import HttpOnFirstUse
from tests.conftest import run_core


def test_opening_a_workspace_and_loading_the_window_leave_httpx_unloaded(tmp_path: Path) -> None:
    script = (
        "import asyncio, json, sys\n"
        "from pathlib import Path\n"
        "from console.store.secrets import MemorySecrets\n"
        "from console.services.workspace import Workspace\n"
        "import console.providers.registry, console.ui.start.live\n"
        "async def main():\n"
        f"    workspace = await Workspace.open(Path({str(tmp_path)!r}), MemorySecrets())\n"
        "    accounts = await workspace.accounts.list()\n"
        "    loaded = 'httpx' in sys.modules\n"
        "    await workspace.close()\n"
        "    return [len(accounts), loaded]\n"
        "print(json.dumps(asyncio.run(main())))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [0, False]


def test_the_client_is_built_by_its_first_use_and_reads_through_aiohttp() -> None:
    run_core(_first_use())


async def _first_use() -> None:
    async def hello(request: web.Request) -> web.Response:
        return web.json_response({"asked": request.headers.get("X-Asked")})

    app = web.Application()
    app.router.add_get("/hello", hello)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    http = HttpOnFirstUse()
    try:
        answer = await read(http, f"http://127.0.0.1:{port}/hello", {"X-Asked": "yes"})  # type: ignore[arg-type]
        assert answer.status_code == 200 and answer.json() == {"asked": "yes"}
        assert isinstance(http.client, ProviderHttp)  # the console's client, with aiohttp under it
        posted = await http.get(f"http://127.0.0.1:{port}/hello")  # anything else asked goes to it too
        assert posted.json() == {"asked": None}
    finally:
        await http.aclose()
        await runner.cleanup()
    assert http.client.is_closed


def test_closing_a_client_never_used_builds_none() -> None:
    http = HttpOnFirstUse()
    run_core(http.aclose())
    assert "_client" in vars(http) and vars(http)["_client"] is None
    with pytest.raises(AttributeError):
        _ = http._not_there
