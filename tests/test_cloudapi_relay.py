"""The relay's side of the WhatsApp Cloud API's webhooks, over loopback: the verification
handshake answers only the route's verify token, every POST must carry a valid
`X-Hub-Signature-256`, a refused one is stored nowhere, and the route's secrets never
reach the relay's database in plain text. The simulator verifies and signs as Meta does."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from console.relay import RelayStore, RelayThread, sqlite_url
from console.sandbox.cloudapi import DEMO_APP_SECRET, DEMO_VERIFY_TOKEN, CloudApiSandboxConfig
from console.sandbox.cloudapi_wire import signature
from console.sandbox.server import SandboxConfigs, SandboxServer

APP_SECRET = "the-app-secret-of-this-test"
VERIFY_TOKEN = "the-verify-token-of-this-test"
BODY = json.dumps({"object": "whatsapp_business_account", "entry": []}).encode()


@dataclass
class Relay:
    root: str
    events_token: str
    store_path: Path

    def register(self, app_secret: str = APP_SECRET, verify_token: str = VERIFY_TOKEN) -> str:
        document = {"provider": "cloudapi", "label": "Meta", "app_secret": app_secret, "verify_token": verify_token}
        answer = httpx.post(f"{self.root}/routes", json=document, headers={"Authorization": f"Bearer {self.events_token}"})
        assert answer.status_code == 201, answer.text
        return self.root + answer.json()["callback_path"]

    def events(self) -> list[dict[str, object]]:
        answer = httpx.get(f"{self.root}/events", headers={"Authorization": f"Bearer {self.events_token}"})
        return answer.json()["events"]


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[Relay]:
    token = secrets.token_urlsafe(32)
    path = tmp_path / "relay.db"
    with RelayThread(RelayStore.open(sqlite_url(path)), token) as running:
        yield Relay(running.root_url, token, path)


def _handshake(url: str, verify_token: str, mode: str = "subscribe") -> httpx.Response:
    return httpx.get(url, params={"hub.mode": mode, "hub.verify_token": verify_token, "hub.challenge": "1158201444"})


def test_the_handshake_answers_the_challenge_only_for_the_routes_verify_token(relay: Relay) -> None:
    url = relay.register()
    right = _handshake(url, VERIFY_TOKEN)
    assert right.status_code == 200 and right.text == "1158201444"
    assert _handshake(url, "a guess").status_code == 403
    assert _handshake(url, VERIFY_TOKEN, mode="unsubscribe").status_code == 403
    other = relay.register(verify_token="another route's token")
    assert _handshake(other, VERIFY_TOKEN).status_code == 403  # each route its own token


def test_a_body_with_a_wrong_or_missing_signature_is_refused_and_stored_nowhere(relay: Relay) -> None:
    url = relay.register()
    headers = {"Content-Type": "application/json"}
    assert httpx.post(url, content=BODY, headers=headers).status_code == 401
    wrong = {**headers, "X-Hub-Signature-256": signature("not the app secret", BODY)}
    assert httpx.post(url, content=BODY, headers=wrong).status_code == 403
    tampered = {**headers, "X-Hub-Signature-256": signature(APP_SECRET, BODY)}
    assert httpx.post(url, content=BODY + b" ", headers=tampered).status_code == 403
    assert relay.events() == []
    with sqlite3.connect(relay.store_path) as database:
        assert database.execute("SELECT count(*) FROM relay_event").fetchone() == (0,)
    right = {**headers, "X-Hub-Signature-256": signature(APP_SECRET, BODY)}
    assert httpx.post(url, content=BODY, headers=right).status_code == 200
    assert [event["body"] for event in relay.events()] == [BODY.decode()]


def test_the_routes_secrets_are_not_in_the_relay_database_in_plain_text(relay: Relay) -> None:
    relay.register()
    stored = b"".join(path.read_bytes() for path in relay.store_path.parent.glob("relay.db*"))
    assert APP_SECRET.encode() not in stored and VERIFY_TOKEN.encode() not in stored


def test_a_cloudapi_route_needs_its_secrets(relay: Relay) -> None:
    answer = httpx.post(
        f"{relay.root}/routes", json={"provider": "cloudapi"}, headers={"Authorization": f"Bearer {relay.events_token}"}
    )
    assert answer.status_code == 400 and "app_secret" in answer.text


def test_the_simulator_verifies_the_url_then_posts_signed_statuses_the_relay_keeps(relay: Relay) -> None:
    config = CloudApiSandboxConfig(status_delays=(0.05, 0.1, 0.15))
    with SandboxServer(configs=SandboxConfigs(cloudapi=config)) as server:
        steering = f"{server.root_url}/_sandbox/cloudapi"
        wrong = relay.register(app_secret=DEMO_APP_SECRET, verify_token="not the simulator's")
        refused = httpx.post(f"{steering}/webhook", json={"url": wrong})
        assert refused.status_code == 400 and "verification" in refused.text
        url = relay.register(app_secret=DEMO_APP_SECRET, verify_token=DEMO_VERIFY_TOKEN)
        assert httpx.post(f"{steering}/webhook", json={"url": url}).status_code == 200
        httpx.post(f"{steering}/inbound", json={"from": "59899123456", "name": "Ana", "text": "Hola"}).raise_for_status()
        deadline = time.monotonic() + 5
        while not relay.events() and time.monotonic() < deadline:
            time.sleep(0.05)
    events = relay.events()
    assert len(events) == 1 and not events[0]["quarantined"]
    assert json.loads(str(events[0]["body"]))["entry"][0]["changes"][0]["value"]["messages"][0]["text"] == {"body": "Hola"}


def test_new_secrets_replace_a_routes_old_ones_and_its_url_stays(relay: Relay) -> None:
    url = relay.register()
    token = url.rsplit("/", 1)[1]
    auth = {"Authorization": f"Bearer {relay.events_token}"}
    new = {"app_secret": "rotated-app-secret", "verify_token": "rotated-verify-token"}
    assert httpx.put(f"{relay.root}/routes/{token}/secrets", json=new).status_code == 401  # the events token is needed
    assert httpx.put(f"{relay.root}/routes/{token}/secrets", json=new, headers=auth).status_code == 200
    assert _handshake(url, VERIFY_TOKEN).status_code == 403 and _handshake(url, "rotated-verify-token").status_code == 200
    old = {"X-Hub-Signature-256": signature(APP_SECRET, BODY)}
    assert httpx.post(url, content=BODY, headers=old).status_code == 403
    assert (
        httpx.post(url, content=BODY, headers={"X-Hub-Signature-256": signature("rotated-app-secret", BODY)}).status_code == 200
    )
    unknown = httpx.put(f"{relay.root}/routes/nosuchroute/secrets", json=new, headers=auth)
    assert unknown.status_code == 404
