"""The Broadcasterbot client against its simulator, over loopback HTTP."""

from __future__ import annotations

import json
import socket
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from console.domain.callbacks import CustomerMessage, ReportedStatus
from console.domain.content import LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.lifecycle import DeliveryState
from console.domain.phones import Phone, parse_phone
from console.domain.recipients import Recipient
from console.providers.base import SendOptions
from console.providers.broadcasterbot.callbacks import parse_callback
from console.providers.broadcasterbot.client import BroadcasterbotClient, BroadcasterbotSettings
from console.providers.errors import AuthenticationFailed, NotFound, NotSent, OutcomeUnknown, Rejected
from console.sandbox.broadcasterbot import DEMO_API_KEY, BroadcasterbotSandboxConfig
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxConfigs, SandboxServer
from tests.conftest import run_core

T = TypeVar("T")

CUSTOMER = parse_phone("+525544332211")  # local 5544332211, MX
SECOND = parse_phone("+525511223344")
NO_WHATSAPP = parse_phone("+525544330000")  # the simulator: local numbers ending in 0000
HINT = "Concepto Móvil must also have added this computer's public IP address to Broadcasterbot's whitelist."
# The document's `failed` is only "El mensaje falló": no cause is named for it.
NO_CAUSE = "Broadcasterbot reports that the message failed (failed); it gives no cause."
TEMPLATE = TemplateContent("bienvenida", ("Juan",), language="es_mx")
NO_OPTIONS = SendOptions()


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    config = BroadcasterbotSandboxConfig(status_delays=(1.0, 2.0, 3.0, 4.0), never_read_ratio=0.0)
    with SandboxServer(configs=SandboxConfigs(broadcasterbot=config)) as running:
        yield running


def _run(
    server: SandboxServer,
    scenario: Callable[[BroadcasterbotClient], Awaitable[T]],
    *,
    api_key: str = DEMO_API_KEY,
    base_url: str | None = None,
    timeout: float = 5.0,
) -> T:
    async def main() -> T:
        async with httpx.AsyncClient(timeout=timeout) as http:
            settings = BroadcasterbotSettings(base_url=base_url or server.base_urls["broadcasterbot"])
            return await scenario(BroadcasterbotClient(http, settings, api_key))

    return run_core(main())


def _raised(server: SandboxServer, scenario: Callable[[BroadcasterbotClient], Awaitable[Any]], **options: Any):
    async def expecting(client: BroadcasterbotClient) -> Exception:
        try:
            await scenario(client)
        except Exception as error:
            return error
        raise AssertionError("no error was raised")

    return _run(server, expecting, **options)


def _to(phone: Phone) -> Recipient:
    return Recipient.of_phone(phone)


def _count(server: SandboxServer, route: str | None = None) -> int:
    return server.sandbox.log.count("broadcasterbot", route)


def _callbacks(server: SandboxServer) -> list[dict[str, Any]]:
    simulator = server.sandbox.broadcasterbot
    return server.call(simulator.recorded_callbacks)


def _reports(body: dict[str, Any]) -> list[ReportedStatus]:
    return [item for item in parse_callback(json.dumps(body)) if isinstance(item, ReportedStatus)]


def _messages(body: dict[str, Any]) -> list[CustomerMessage]:
    return [item for item in parse_callback(json.dumps(body)) if isinstance(item, CustomerMessage)]


def _reply(server: SandboxServer, phone: Phone, text: str = "Hola") -> str:
    simulator = server.sandbox.broadcasterbot
    return server.call(simulator.customer_replies, str(phone.number.national_number), phone.region, text)


# ---- documented errors --------------------------------------------------------------------


def test_check_proves_the_key_with_one_request_that_changes_nothing(server: SandboxServer) -> None:
    before = server.call(server.sandbox.broadcasterbot.registered_contacts)
    _run(server, lambda client: client.check())
    assert _count(server) == _count(server, "delete_contacts") == 1
    assert server.call(server.sandbox.broadcasterbot.registered_contacts) == before


def test_an_invalid_api_key_is_code_1100_with_the_whitelist_hint(server: SandboxServer) -> None:
    error = _raised(server, lambda client: client.send(_to(CUSTOMER), TEMPLATE, NO_OPTIONS), api_key="not-a-key")
    assert isinstance(error, AuthenticationFailed) and error.status_code == 401
    assert str(error) == f"Broadcasterbot refused the API key (code 1100): check it. {HINT}"
    assert _count(server, "send") == 1 and _callbacks(server) == []


def test_a_missing_api_key_is_code_1101(server: SandboxServer) -> None:
    error = _raised(server, lambda client: client.check(), api_key="  ")
    assert isinstance(error, AuthenticationFailed)
    assert str(error) == f"Broadcasterbot received no API key (code 1101): enter the account's API key. {HINT}"
    assert _count(server) == 1


def test_an_invalid_registration_body_is_code_1300(server: SandboxServer) -> None:
    error = _raised(server, lambda client: client.register_contacts([]))
    assert isinstance(error, Rejected) and error.status_code == 400
    assert str(error) == (
        "Broadcasterbot refused the contact registration as invalid (code 1300): contacts: must list at least one contact."
    )
    assert _count(server, "register_contacts") == 1


def test_an_invalid_removal_body_is_code_1301(server: SandboxServer) -> None:
    error = _raised(server, lambda client: client.delete_contacts([]))
    assert isinstance(error, Rejected)
    assert str(error) == (
        "Broadcasterbot refused the contact removal as invalid (code 1301): contacts: must list at least one contact."
    )


def test_an_invalid_message_body_is_code_1200_naming_the_fields(server: SandboxServer) -> None:
    async def scenario(client: BroadcasterbotClient) -> list[Exception]:
        await client.register_contacts([CUSTOMER])
        errors = []
        for content in (TemplateContent(""), MediaContent(MediaKind.DOCUMENT, "ftp://files.example/a.pdf")):
            try:
                await client.send(_to(CUSTOMER), content, NO_OPTIONS)
            except Rejected as error:
                errors.append(error)
        return errors

    name, url = _run(server, scenario)
    assert str(name) == (
        "Broadcasterbot refused the message as invalid (code 1200): template.name: is required and must be a non-empty string."
    )
    assert str(url) == (
        "Broadcasterbot refused the message as invalid (code 1200): media.url: must be a public HTTP or HTTPS link."
    )
    assert _count(server, "send") == 2


def test_an_unreachable_server_is_not_sent_with_the_whitelist_hint(server: SandboxServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    error = _raised(server, lambda client: client.send(_to(CUSTOMER), TEMPLATE, NO_OPTIONS), base_url=closed)
    assert isinstance(error, NotSent)
    assert str(error) == f"Broadcasterbot could not be reached (connection failed); nothing was sent. {HINT}"


def test_a_send_without_an_answer_in_time_is_an_unknown_outcome(server: SandboxServer) -> None:
    server.sandbox.faults.add("broadcasterbot", "send", Fault(FaultKind.DELAY, 1.0, times=1))

    async def scenario(client: BroadcasterbotClient) -> None:
        await client.register_contacts([CUSTOMER])
        await client.send(_to(CUSTOMER), TEMPLATE, NO_OPTIONS)

    error = _raised(server, scenario, timeout=0.3)
    assert isinstance(error, OutcomeUnknown)
    assert "may or may not have reached it" in str(error)
    assert _count(server, "send") == 1


def test_the_docs_literal_host_with_v1_is_a_wrong_base_url(server: SandboxServer) -> None:
    literal = server.base_urls["broadcasterbot"] + "/v1"
    error = _raised(server, lambda client: client.check(), base_url=literal)
    assert isinstance(error, NotFound)
    assert str(error) == (
        "Broadcasterbot has no such address (/broadcasterbot/v1/v1/contacts/delete/): check the account's base URL."
    )
    assert _count(server, "unknown") == 1


# ---- per-contact outcomes ------------------------------------------------------------------


def test_an_unregistered_contact_fails_with_no_opt_in(server: SandboxServer) -> None:
    receipt = _run(server, lambda client: client.send(_to(CUSTOMER), TEMPLATE, NO_OPTIONS))
    assert receipt.state is DeliveryState.FAILED and receipt.raw_state == "no_opt_in"
    assert str(receipt.failure_reason) == "This contact is not registered at Broadcasterbot: register it before sending."
    [report] = _reports(_callbacks(server)[0])
    assert (report.state, report.raw_state, report.provider_message_id) == (
        DeliveryState.FAILED,
        "no_opt_in",
        receipt.provider_message_id,
    )


def test_a_registered_contact_gets_a_template_that_progresses_to_read(server: SandboxServer) -> None:
    async def scenario(client: BroadcasterbotClient):
        registered = await client.register_contacts([CUSTOMER])
        return registered, await client.send(_to(CUSTOMER), TEMPLATE, NO_OPTIONS)

    [registered], receipt = _run(server, scenario)
    assert (registered.contact.phone, registered.contact.country) == ("5544332211", "MX")
    assert registered.contact.to_phone() == CUSTOMER and registered.created_at
    assert (receipt.state, receipt.raw_state, receipt.failure_reason) == (DeliveryState.ACCEPTED, "queued", None)
    sent = json.loads(server.sandbox.log.records("broadcasterbot", "send")[0].body)
    assert sent == {
        "contacts": [{"phone": "5544332211", "country": "MX"}],
        "template": {"name": "bienvenida", "params": ["Juan"], "language": "es_mx"},
    }
    assert [u.raw_state for c in _callbacks(server) for u in _reports(c)] == ["queued"]
    server.call(server.sandbox.broadcasterbot.advance, 10.0)
    updates = [u for c in _callbacks(server) for u in _reports(c)]
    assert [(u.raw_state, u.state) for u in updates] == [
        ("queued", DeliveryState.ACCEPTED),
        ("dispatched", DeliveryState.ACCEPTED),
        ("sent", DeliveryState.SENT),
        ("delivered", DeliveryState.DELIVERED),
        ("read", DeliveryState.READ),
    ]
    assert {u.provider_message_id for u in updates} == {receipt.provider_message_id}
    assert _count(server) == 2


def test_text_outside_a_session_fails_and_no_cause_is_invented(server: SandboxServer) -> None:
    async def scenario(client: BroadcasterbotClient):
        await client.register_contacts([CUSTOMER])
        return await client.send(_to(CUSTOMER), TextContent("¿Sigue interesado?"), NO_OPTIONS)

    receipt = _run(server, scenario)
    assert receipt.state is DeliveryState.FAILED and receipt.raw_state == "failed"
    assert str(receipt.failure_reason) == NO_CAUSE


def test_template_then_customer_reply_then_text_is_accepted_for_24_hours(server: SandboxServer) -> None:
    simulator = server.sandbox.broadcasterbot

    async def opening(client: BroadcasterbotClient):
        await client.register_contacts([CUSTOMER])
        return await client.send(_to(CUSTOMER), TEMPLATE, NO_OPTIONS)

    def text(client: BroadcasterbotClient):
        return client.send(_to(CUSTOMER), TextContent("Gracias por responder", preview_url=True), NO_OPTIONS)

    assert _run(server, opening).state is DeliveryState.ACCEPTED
    reply_id = _reply(server, CUSTOMER, "Sí, me interesa")
    assert _run(server, text).state is DeliveryState.ACCEPTED
    server.call(simulator.advance, 23 * 3600.0)
    assert _run(server, text).state is DeliveryState.ACCEPTED
    server.call(simulator.advance, 3600.0)
    late = _run(server, text)
    assert late.state is DeliveryState.FAILED and str(late.failure_reason) == NO_CAUSE
    _reply(server, CUSTOMER)
    server.call(simulator.expire_sessions)
    assert _run(server, text).state is DeliveryState.FAILED
    inbound = [m for c in _callbacks(server) for m in _messages(c)][0]
    assert inbound.provider_message_id == reply_id and inbound.sender == CUSTOMER
    assert inbound.content == TextContent("Sí, me interesa")


def test_a_number_without_whatsapp_fails_with_no_capability(server: SandboxServer) -> None:
    async def scenario(client: BroadcasterbotClient):
        await client.register_contacts([NO_WHATSAPP])
        return await client.send(_to(NO_WHATSAPP), TEMPLATE, NO_OPTIONS)

    receipt = _run(server, scenario)
    assert (receipt.state, receipt.raw_state) == (DeliveryState.FAILED, "no_capability")
    assert str(receipt.failure_reason) == "This number has no WhatsApp, so Broadcasterbot cannot send to it."


def test_location_and_media_bodies_within_a_session(server: SandboxServer) -> None:
    _reply(server, CUSTOMER)
    place = LocationContent(19.4259214, -99.1556818, "El Ángel de la Independencia", "Paseo de la Reforma")
    picture = MediaContent(MediaKind.IMAGE, "https://files.example/fotos/angel.png", caption="Aquí")

    async def scenario(client: BroadcasterbotClient):
        await client.register_contacts([CUSTOMER])
        return [await client.send(_to(CUSTOMER), content, NO_OPTIONS) for content in (place, picture)]

    assert [r.state for r in _run(server, scenario)] == [DeliveryState.ACCEPTED, DeliveryState.ACCEPTED]
    location, media = (json.loads(r.body) for r in server.sandbox.log.records("broadcasterbot", "send"))
    assert location["location"] == {
        "latitud": "19.4259214",
        "longitud": "-99.1556818",
        "placeName": "El Ángel de la Independencia",
        "address": "Paseo de la Reforma",
    }
    assert media["media"] == {
        "type": "image",
        "url": "https://files.example/fotos/angel.png",
        "caption": "Aquí",
        "filename": "angel.png",
        "mimeType": "image/png",
    }


def test_deleted_contacts_are_no_longer_registered(server: SandboxServer) -> None:
    simulator = server.sandbox.broadcasterbot

    async def scenario(client: BroadcasterbotClient):
        await client.register_contacts([CUSTOMER, SECOND])
        await client.delete_contacts([CUSTOMER])
        return await client.send(_to(CUSTOMER), TEMPLATE, NO_OPTIONS)

    receipt = _run(server, scenario)
    assert receipt.raw_state == "no_opt_in"
    registered = server.call(simulator.registered_contacts)
    assert ("5511223344", "MX") in registered and ("5544332211", "MX") not in registered
    assert (_count(server, "register_contacts"), _count(server, "delete_contacts"), _count(server, "send")) == (1, 1, 1)


def test_one_send_to_many_contacts_gives_one_receipt_each_in_order(server: SandboxServer) -> None:
    async def scenario(client: BroadcasterbotClient):
        await client.register_contacts([CUSTOMER, NO_WHATSAPP])
        return await client.send_many([_to(NO_WHATSAPP), _to(SECOND), _to(CUSTOMER)], TEMPLATE)

    receipts = _run(server, scenario)
    assert [(r.state, r.raw_state) for r in receipts] == [
        (DeliveryState.FAILED, "no_capability"),
        (DeliveryState.FAILED, "no_opt_in"),
        (DeliveryState.ACCEPTED, "queued"),
    ]
    assert len({r.provider_message_id for r in receipts}) == 3
    assert _count(server, "send") == 1
    [request] = server.sandbox.log.records("broadcasterbot", "send")
    assert [c["phone"] for c in json.loads(request.body)["contacts"]] == ["5544330000", "5511223344", "5544332211"]


# ---- the simulator's own reading of the doc ------------------------------------------------


def test_with_several_content_fields_the_simulator_uses_the_template(server: SandboxServer) -> None:
    base = server.base_urls["broadcasterbot"]
    body = {
        "contacts": [{"phone": "5544332211", "country": "MX"}],
        "text": {"body": "ignored", "previewUrl": False},
        "template": {"name": "bienvenida", "params": ["Ana"], "language": "es_mx"},
    }
    with httpx.Client() as http:
        headers = {"Authorization": f"Bearer {DEMO_API_KEY}"}
        http.post(f"{base}/v1/contacts/register/", json={"contacts": body["contacts"]}, headers=headers)
        answer = http.post(f"{base}/v1/messages/", json=body, headers=headers)
        bad = http.post(f"{base}/v1/messages/", json={**body, "contacts": [{"phone": 5544332211}]}, headers=headers)
    assert answer.status_code == 201 and answer.json()["data"][0]["state"] == "queued"
    assert bad.status_code == 400
    assert bad.json() == {
        "httpStatus": 400,
        "message": "El cuerpo contiene una petición con sintaxis errónea",
        "code": 1200,
        "errors": {"contacts[0].country": "must be an ISO 3166 alpha-2 code such as MX"},
    }


@pytest.mark.parametrize(
    ("template", "errors"),
    [
        (
            TemplateContent("bienvenidos", ("Ana",)),
            {"template.name": "there is no approved template named 'bienvenidos'"},
        ),
        (
            TemplateContent("pedido_listo", ("Ana",)),
            {"template.params": "'pedido_listo' takes 2 parameters, not 1"},
        ),
        (
            TemplateContent("bienvenida", ("Ana",), language="pt_br"),
            {"template.language": "'bienvenida' is approved in es_mx, es_ar, es, en_us, not in pt_br"},
        ),
        (
            TemplateContent("pedido_listo", ("Ana", " ")),
            {"template.params[1]": "must not be empty: WhatsApp sends no blank parameter"},
        ),
    ],
    ids=["unknown name", "too few parameters", "unapproved language", "blank parameter"],
)
def test_a_template_the_catalogue_does_not_approve_is_an_invalid_body(
    server: SandboxServer, template: TemplateContent, errors: dict[str, str]
) -> None:
    async def scenario(client: BroadcasterbotClient) -> None:
        await client.register_contacts([CUSTOMER])
        await client.send(_to(CUSTOMER), template, NO_OPTIONS)

    error = _raised(server, scenario)
    assert isinstance(error, Rejected) and error.status_code == 400
    shown = "; ".join(f"{field}: {reason}" for field, reason in errors.items())
    assert str(error) == f"Broadcasterbot refused the message as invalid (code 1200): {shown}."
    assert _callbacks(server) == []  # nothing was sent, nothing is reported


def test_a_body_not_sent_as_json_is_an_invalid_body(server: SandboxServer) -> None:
    base = server.base_urls["broadcasterbot"]
    body = {"contacts": [{"phone": "5544332211", "country": "MX"}]}
    with httpx.Client() as http:
        headers = {"Authorization": f"Bearer {DEMO_API_KEY}", "Content-Type": "text/plain"}
        answer = http.post(f"{base}/v1/contacts/register/", content=json.dumps(body), headers=headers)
    assert answer.status_code == 400 and answer.json()["code"] == 1300
    assert answer.json()["errors"] == {"Content-Type": "must be application/json"}


def test_the_steering_api_replies_ages_sessions_and_lists_callbacks(server: SandboxServer) -> None:
    admin = f"{server.root_url}/_sandbox/broadcasterbot"
    with httpx.Client() as http:
        reply = http.post(f"{admin}/reply", json={"phone": "5544332211", "country": "MX", "text": "Hola"})
        wrong = http.post(f"{admin}/reply", json={"phone": "12", "country": "MX", "text": "Hola"})
        aged = http.post(f"{admin}/advance", json={"seconds": 25 * 3600})
        expired = http.post(f"{admin}/expire-sessions")
        callbacks = http.get(f"{admin}/callbacks").json()
        contacts = http.get(f"{admin}/contacts").json()
        templates = {t["name"]: t["params"] for t in http.get(f"{admin}/templates").json()}
    assert (reply.status_code, aged.status_code, expired.status_code) == (200, 200, 200)
    assert wrong.status_code == 400 and wrong.json() == {"message": "phone is not a local number of MX"}
    assert callbacks == [
        {
            "messages": [
                {
                    "messageId": reply.json()["messageId"],
                    "contact": {"phone": "5544332211", "country": "MX"},
                    "text": {"body": "Hola", "previewUrl": False},
                }
            ]
        }
    ]
    assert len(contacts) == 10  # the demo key's registered customers
    assert templates["bienvenida"] == 1 and templates["pedido_listo"] == 2
    assert _count(server) == 0  # steering is not provider traffic


def test_the_client_repr_hides_the_api_key(server: SandboxServer) -> None:
    shown = _run(server, lambda client: _returning(repr(client)), api_key="s3cret-key")
    assert "s3cret-key" not in shown and "<hidden>" in shown


async def _returning(value: T) -> T:
    return value
