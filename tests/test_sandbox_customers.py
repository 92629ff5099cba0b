"""The Broadcasterbot simulator's customers: with a `CustomerLife` they answer what they
read, write first now and then, send photos the sandbox serves and places; without one
they stay quiet."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from console.sandbox.broadcasterbot import DEMO_API_KEY, BroadcasterbotSandboxConfig
from console.sandbox.broadcasterbot_catalogue import answers_to
from console.sandbox.customer_life import CustomerLife
from console.sandbox.server import SandboxConfigs, SandboxServer

FAST = (0.02, 0.04, 0.06, 0.08)
NEVER = (3600.0, 3600.0)  # nobody writes first during a test


def _server(life: CustomerLife | None, never_read_ratio: float = 0.0) -> SandboxServer:
    config = BroadcasterbotSandboxConfig(status_delays=FAST, never_read_ratio=never_read_ratio, customers=life)
    return SandboxServer(configs=SandboxConfigs(broadcasterbot=config))


def _send_template(server: SandboxServer, contact: tuple[str, str], name: str, params: list[str]) -> None:
    body = {
        "contacts": [{"phone": contact[0], "country": contact[1]}],
        "template": {"name": name, "params": params, "language": "es_mx"},
    }
    headers = {"Authorization": f"Bearer {DEMO_API_KEY}"}
    answer = httpx.post(server.base_urls["broadcasterbot"] + "/v1/messages/", json=body, headers=headers)
    assert answer.status_code == 201, answer.text


def _customer_messages(server: SandboxServer) -> list[dict[str, Any]]:
    callbacks = server.call(server.sandbox.broadcasterbot.recorded_callbacks)
    return [message for body in callbacks for message in body.get("messages", [])]


def _wait_for(found: Callable[[], list[dict[str, Any]]], seconds: float = 5.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + seconds
    while not (messages := found()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return messages


def test_a_customer_who_read_a_template_answers_it() -> None:
    life = CustomerLife(answer_ratio=1.0, answer_delay=(0.05, 0.1), first_words=NEVER, photo_ratio=0, place_ratio=0)
    with _server(life) as server:
        contact = server.call(server.sandbox.broadcasterbot.registered_contacts)[0]
        _send_template(server, contact, "pedido_listo", ["Ana", "A-17"])
        messages = _wait_for(lambda: _customer_messages(server))
    assert [m["contact"] for m in messages] == [{"phone": contact[0], "country": contact[1]}]
    assert messages[0]["text"]["body"] in answers_to("pedido_listo")


def test_a_customer_who_never_reads_never_answers() -> None:
    life = CustomerLife(answer_ratio=1.0, answer_delay=(0.05, 0.1), first_words=NEVER)
    with _server(life, never_read_ratio=1.0) as server:
        contact = server.call(server.sandbox.broadcasterbot.registered_contacts)[0]
        _send_template(server, contact, "bienvenida", ["Ana"])
        time.sleep(0.5)  # well past delivery and any answer's delay
        callbacks = server.call(server.sandbox.broadcasterbot.recorded_callbacks)
        states = [status["state"] for body in callbacks for status in body.get("statuses", [])]
        assert states[-1] == "delivered"
        assert _customer_messages(server) == []


def test_customers_write_first_photos_served_by_the_sandbox() -> None:
    life = CustomerLife(first_words=(0.05, 0.1), photo_ratio=1.0)
    with _server(life) as server:
        messages = _wait_for(lambda: _customer_messages(server))
        registered = [{"phone": p, "country": c} for p, c in server.call(server.sandbox.broadcasterbot.registered_contacts)]
        media = messages[0]["media"]
        photo = httpx.get(media["url"])
    assert messages[0]["contact"] in registered
    assert media["url"].startswith(server.base_urls["broadcasterbot"] + "/media/")
    assert (photo.status_code, photo.headers["content-type"]) == (200, "image/png")
    assert photo.content.startswith(b"\x89PNG")


def test_customers_share_places() -> None:
    life = CustomerLife(first_words=(0.05, 0.1), photo_ratio=0.0, place_ratio=1.0)
    with _server(life) as server:
        messages = _wait_for(lambda: _customer_messages(server))
    location = messages[0]["location"]
    assert location["placeName"] and -90 <= float(location["latitud"]) <= 90 and -180 <= float(location["longitud"]) <= 180


def test_the_same_seed_brings_the_same_customers() -> None:
    def first_writer(seed: int) -> dict[str, Any]:
        with _server(CustomerLife(seed=seed, first_words=(0.02, 0.03))) as server:
            return _wait_for(lambda: _customer_messages(server))[0]

    first, again = first_writer(11), first_writer(11)
    assert {k: v for k, v in first.items() if k != "messageId"} == {k: v for k, v in again.items() if k != "messageId"}


def test_without_a_life_the_customers_stay_quiet() -> None:
    with _server(None) as server:
        contact = server.call(server.sandbox.broadcasterbot.registered_contacts)[0]
        _send_template(server, contact, "bienvenida", ["Ana"])
        time.sleep(0.3)
        assert _customer_messages(server) == []
