"""The simulators POST their callbacks to a receiver on loopback, in order, with retries."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from aiohttp import web

from console.sandbox.broadcasterbot import DEMO_API_KEY, OTHER_API_KEY, BroadcasterbotSandboxConfig
from console.sandbox.chattigo import DEMO_WA_ID, ChattigoSandboxConfig
from console.sandbox.server import SandboxConfigs, SandboxServer

BEAT = 0.05
MAX_TIME = 0.3
TIMEOUT = 0.2
CUSTOMER = "5491123456789"


class Receiver:
    """A webhook on loopback in its own thread. It answers 500 to its first `failing`
    requests and waits `delay` seconds before every answer; `stop` takes it down."""

    def __init__(self, failing: int = 0, delay: float = 0.0) -> None:
        self.failing = failing
        self.delay = delay
        self._lock = threading.Lock()
        self._attempts: list[tuple[float, Any, int]] = []  # (time.monotonic(), body, status answered)
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.url = ""

    def start(self) -> Receiver:
        self._thread.start()
        app = web.Application()
        app.router.add_post("/hook", self._hook)
        self._runner = web.AppRunner(app, access_log=None)
        asyncio.run_coroutine_threadsafe(self._runner.setup(), self._loop).result()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        asyncio.run_coroutine_threadsafe(site.start(), self._loop).result()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/hook"
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result()
            self._runner = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    async def _hook(self, request: web.Request) -> web.Response:
        body = json.loads(await request.read())
        with self._lock:
            status = 500 if self.failing > 0 else 200
            self.failing -= 1
            self._attempts.append((time.monotonic(), body, status))
        await asyncio.sleep(self.delay)
        return web.Response(status=status)

    def attempts(self) -> list[tuple[float, Any, int]]:
        with self._lock:
            return list(self._attempts)

    def received(self) -> list[Any]:
        """The bodies answered 2xx, in arrival order."""
        return [body for _, body, status in self.attempts() if status == 200]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    configs = SandboxConfigs(
        broadcasterbot=BroadcasterbotSandboxConfig(
            status_delays=(0.05, 0.1, 0.15, 0.2),
            never_read_ratio=0.0,
            callback_beat=BEAT,
            callback_max_time=MAX_TIME,
            callback_timeout=TIMEOUT,
        ),
        chattigo=ChattigoSandboxConfig(webhook_beat=BEAT, webhook_max_time=MAX_TIME, webhook_timeout=TIMEOUT),
    )
    with SandboxServer(configs=configs) as running:
        yield running


def _wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not come true in time")
        time.sleep(0.01)


def _steer(server: SandboxServer, method: str, path: str, body: Any = None) -> httpx.Response:
    with httpx.Client(base_url=server.root_url) as http:
        return http.request(method, f"/_sandbox/{path}", json=body)


def _subscription(server: SandboxServer, key: str = DEMO_API_KEY) -> dict[str, Any]:
    return _steer(server, "GET", "broadcasterbot/subscriptions").json()[key]


def _send_template(server: SandboxServer) -> None:
    """A template to the first demo contact: five status callbacks, queued to read."""
    phone, country = server.call(server.sandbox.broadcasterbot.registered_contacts)[0]
    body = {
        "contacts": [{"phone": phone, "country": country}],
        "template": {"name": "bienvenida", "params": ["Ana"], "language": "es_mx"},
    }
    headers = {"Authorization": f"Bearer {DEMO_API_KEY}"}
    answer = httpx.post(f"{server.base_urls['broadcasterbot']}/v1/messages/", json=body, headers=headers)
    assert answer.status_code == 201


def _reply(server: SandboxServer, text: str) -> None:
    phone, country = server.call(server.sandbox.broadcasterbot.registered_contacts)[0]
    assert _steer(server, "POST", "broadcasterbot/reply", {"phone": phone, "country": country, "text": text}).status_code == 200


def _recorded(server: SandboxServer) -> list[dict[str, Any]]:
    return server.call(server.sandbox.broadcasterbot.recorded_callbacks)


def _states(bodies: list[Any]) -> list[str]:
    return [body["statuses"][0]["state"] if "statuses" in body else "message" for body in bodies]


# ---- Broadcasterbot ---------------------------------------------------------------------


def test_callbacks_arrive_in_order_exactly_as_recorded(server: SandboxServer, receiver: Receiver) -> None:
    answer = _steer(server, "POST", "broadcasterbot/callback-url", {"apiKey": DEMO_API_KEY, "url": receiver.url})
    assert answer.status_code == 200 and answer.json()["subscribed"] is True
    _send_template(server)
    _reply(server, "¡Hola! Recibí la plantilla")
    _wait_until(lambda: len(receiver.received()) == 6)
    assert receiver.received() == _recorded(server)
    states = _states(receiver.received())
    assert [state for state in states if state != "message"] == ["queued", "dispatched", "sent", "delivered", "read"]
    assert states.count("message") == 1
    state = _subscription(server)
    assert (state["url"], state["delivered"], state["pending"], state["consecutiveFailures"]) == (receiver.url, 6, 0, 0)
    assert _subscription(server, OTHER_API_KEY)["url"] is None


def test_a_failing_receiver_is_retried_every_beat_and_gets_everything_in_order(server: SandboxServer, receiver: Receiver) -> None:
    receiver.failing = 3
    server.call(server.sandbox.broadcasterbot.set_callback_url, DEMO_API_KEY, receiver.url)
    _send_template(server)
    _wait_until(lambda: len(receiver.received()) == 5)
    attempts = receiver.attempts()
    assert [status for _, _, status in attempts] == [500, 500, 500] + [200] * 5
    assert all(body == attempts[0][1] for _, body, _ in attempts[:4])  # the first callback, four times
    gaps = [later[0] - earlier[0] for earlier, later in zip(attempts[:4], attempts[1:4], strict=False)]
    assert all(BEAT * 0.8 <= gap < 1.0 for gap in gaps)
    assert receiver.received() == _recorded(server)
    state = _subscription(server)
    assert (state["delivered"], state["consecutiveFailures"], state["failingSince"], state["unsubscribed"]) == (5, 0, None, False)


def test_sustained_failure_unsubscribes_and_setting_the_url_again_resumes(server: SandboxServer, receiver: Receiver) -> None:
    receiver.failing = 10**6
    server.call(server.sandbox.broadcasterbot.set_callback_url, DEMO_API_KEY, receiver.url)
    _reply(server, "primero")
    _wait_until(lambda: _subscription(server)["unsubscribed"])
    state = _subscription(server)
    tries = len(receiver.attempts())
    assert 2 <= tries <= MAX_TIME / BEAT + 2  # a try at once, then one every beat
    assert state["subscribed"] is False and state["unsubscribedAt"] is not None and state["dropped"] == 1
    assert state["unsubscribeReason"].startswith(f"{tries} tries failed over") and state["lastError"] == "HTTP 500"
    _reply(server, "segundo")
    time.sleep(4 * BEAT)
    assert len(receiver.attempts()) == tries and _subscription(server)["dropped"] == 2

    receiver.failing = 0
    state = _steer(server, "POST", "broadcasterbot/callback-url", {"url": receiver.url}).json()
    assert (state["subscribed"], state["unsubscribed"], state["consecutiveFailures"]) == (True, False, 0)
    _reply(server, "tercero")
    _wait_until(lambda: len(receiver.received()) == 1)
    assert receiver.received() == [_recorded(server)[-1]]
    assert receiver.received()[0]["messages"][0]["text"]["body"] == "tercero"


def test_a_slow_or_absent_receiver_is_a_failure(server: SandboxServer, receiver: Receiver) -> None:
    receiver.delay = TIMEOUT * 2
    server.call(server.sandbox.broadcasterbot.set_callback_url, DEMO_API_KEY, receiver.url)
    _reply(server, "hola")
    _wait_until(lambda: _subscription(server)["consecutiveFailures"] >= 2)
    assert _subscription(server)["lastError"] == f"no answer within {TIMEOUT:g} s"

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        absent = f"http://127.0.0.1:{probe.getsockname()[1]}/hook"
    server.call(server.sandbox.broadcasterbot.set_callback_url, OTHER_API_KEY, absent)
    server.call(server.sandbox.broadcasterbot.customer_replies, "5544332211", "MX", "hola", OTHER_API_KEY)
    _wait_until(lambda: _subscription(server, OTHER_API_KEY)["unsubscribed"])
    assert _subscription(server, OTHER_API_KEY)["lastError"].startswith("ClientConnectorError")


def test_max_time_runs_on_the_simulators_clock(receiver: Receiver) -> None:
    receiver.failing = 10**6
    config = BroadcasterbotSandboxConfig(callback_beat=BEAT, callback_max_time=300.0, callback_timeout=TIMEOUT)
    with SandboxServer(configs=SandboxConfigs(broadcasterbot=config)) as server:
        simulator = server.sandbox.broadcasterbot
        server.call(simulator.set_callback_url, DEMO_API_KEY, receiver.url)
        _reply(server, "hola")
        _wait_until(lambda: len(receiver.attempts()) >= 2)
        assert not _subscription(server)["unsubscribed"]
        server.call(simulator.advance, 301.0)
        _wait_until(lambda: _subscription(server)["unsubscribed"], seconds=1.0)


def test_urls_must_be_https_or_on_this_computer_and_others_are_never_posted(server: SandboxServer) -> None:
    refused = _steer(server, "POST", "broadcasterbot/callback-url", {"url": "http://console.example.com/hook"})
    assert refused.status_code == 400 and "HTTPS" in refused.json()["message"]
    unknown = _steer(server, "POST", "broadcasterbot/callback-url", {"apiKey": "nope", "url": "https://a.example.com"})
    assert unknown.status_code == 400
    elsewhere = _steer(server, "POST", "broadcasterbot/callback-url", {"url": "https://console.example.com/hook"}).json()
    assert elsewhere["subscribed"] is True and elsewhere["lastError"].startswith("not posted")
    _reply(server, "hola")
    state = _subscription(server)
    assert (state["dropped"], state["pending"], state["delivered"]) == (1, 0, 0)


def test_stopping_the_server_leaves_no_task_behind(receiver: Receiver) -> None:
    receiver.delay = 0.5
    config = BroadcasterbotSandboxConfig(callback_timeout=5.0)
    server = SandboxServer(configs=SandboxConfigs(broadcasterbot=config)).start()
    loop = server.call(asyncio.get_running_loop)
    server.call(server.sandbox.broadcasterbot.set_callback_url, DEMO_API_KEY, receiver.url)
    _send_template(server)  # statuses still to come, and one POST waiting for its answer
    _wait_until(lambda: len(receiver.attempts()) == 1)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 0.4  # the POST in flight is abandoned, not awaited
    assert asyncio.all_tasks(loop) == set()


# ---- Chattigo ---------------------------------------------------------------------------


def _chattigo(server: SandboxServer, method: str, path: str, body: Any, token: str = "") -> httpx.Response:
    headers = {"Authorization": token} if token else {}
    return httpx.request(method, server.base_urls["chattigo"] + path, json=body, headers=headers)


def _envelope(text: str, message_id: str) -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DEMO_WA_ID, "phone_number_id": DEMO_WA_ID},
        "contacts": [{"wa_id": CUSTOMER, "profile": {"name": "Ana"}}],
        "messages": [{"from": CUSTOMER, "id": message_id, "timestamp": "1767261600", "type": "text", "text": {"body": text}}],
    }
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]}


def test_chattigo_posts_the_bots_answers_to_a_webhook_on_this_computer(server: SandboxServer, receiver: Receiver) -> None:
    receiver.failing = 1
    token = _chattigo(server, "POST", "/login", {"username": "demo", "password": "demo"}).json()["access_token"]
    hook = {"waId": DEMO_WA_ID, "externalWebhookIsvBot": receiver.url}
    assert _chattigo(server, "PATCH", "/webhooks/outbound", hook, token).status_code == 200
    for number in (1, 2):
        assert _chattigo(server, "POST", "/webhooks/inbound", _envelope("Hola", f"wamid.{number}"), token).status_code == 200
    posts = server.call(server.sandbox.chattigo.recorded_posts)
    assert len(posts) == 5 and {url for url, _ in posts} == {receiver.url}
    _wait_until(lambda: len(receiver.received()) == 5)
    assert receiver.received() == [body for _, body in posts]
    assert [status for _, _, status in receiver.attempts()] == [500] + [200] * 5
    state = _steer(server, "GET", "chattigo/subscriptions").json()[DEMO_WA_ID]
    assert (state["url"], state["delivered"], state["pending"], state["unsubscribed"]) == (receiver.url, 5, 0, False)
