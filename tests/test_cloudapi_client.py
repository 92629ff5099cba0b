"""The WhatsApp Cloud API client against its simulator over loopback, and every Graph error
code the console maps, each with its documented body."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from console.domain.content import LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.lifecycle import DeliveryState
from console.domain.phones import parse_phone
from console.domain.recipients import Recipient, RecipientKind
from console.providers.base import SendOptions
from console.providers.errors import (
    AuthenticationFailed,
    NotFound,
    NotSent,
    OutcomeUnknown,
    RateLimited,
    Rejected,
)
from console.providers.whatsapp_cloud.client import CloudApiClient, CloudApiSettings
from console.providers.whatsapp_cloud.errors import (
    CannotReceive,
    InvalidParameter,
    MetaLimiting,
    TemplateNotFound,
    TemplateParams,
    UnsupportedMessage,
    WindowClosed,
)
from console.sandbox.cloudapi import DEMO_ACCESS_TOKEN, DEMO_PHONE_NUMBER_ID, DEMO_WABA_ID, CloudApiSandboxConfig
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.wording.wordbook import Wordbook
from tests.conftest import run_core

T = TypeVar("T")
CUSTOMER = Recipient.of_phone(parse_phone("+59899123456"))
NO_OPTIONS = SendOptions()


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(configs=SandboxConfigs(cloudapi=CloudApiSandboxConfig())) as running:
        yield running


def _run(server: SandboxServer, scenario: Callable[[CloudApiClient], Awaitable[T]], token: str = DEMO_ACCESS_TOKEN) -> T:
    async def main() -> T:
        async with httpx.AsyncClient(timeout=5) as http:
            settings = CloudApiSettings(DEMO_PHONE_NUMBER_ID, DEMO_WABA_ID, graph_url=server.base_urls["cloudapi"])
            return await scenario(CloudApiClient(http, settings, token))

    return run_core(main())


def _sent(server: SandboxServer) -> list[dict[str, Any]]:
    return server.call(lambda: list(server.sandbox.cloudapi.accepted))


def test_check_proves_the_token_and_refuses_a_wrong_one(server: SandboxServer) -> None:
    _run(server, lambda client: client.check())
    with pytest.raises(AuthenticationFailed, match="access token"):
        _run(server, lambda client: client.check(), token="expired")


def test_a_customers_file_is_fetched_by_its_id_with_the_token_and_refused_past_the_limit(server: SandboxServer) -> None:
    media_id = server.call(server.sandbox.cloudapi.add_media, b"%PDF-1.4 factura", "application/pdf")
    fetched = _run(server, lambda client: client.media(media_id, 1000))
    assert fetched.data == b"%PDF-1.4 factura" and fetched.mime_type == "application/pdf"
    with pytest.raises(Rejected) as too_large:
        _run(server, lambda client: client.media(media_id, 10))
    assert too_large.value.notice.code == "cloudapi.media_too_large"
    with pytest.raises(AuthenticationFailed):
        _run(server, lambda client: client.media(media_id, 1000), token="not-the-token")
    with pytest.raises(NotFound):
        _run(server, lambda client: client.media("999", 1000))


def test_a_text_is_accepted_with_its_wamid_and_the_body_meta_documents(server: SandboxServer) -> None:
    receipt = _run(server, lambda client: client.send(CUSTOMER, TextContent("Hola"), NO_OPTIONS))
    assert receipt.state is DeliveryState.ACCEPTED
    assert receipt.provider_message_id and receipt.provider_message_id.startswith("wamid.")
    assert DEMO_ACCESS_TOKEN not in (receipt.payload or "")
    assert _sent(server) == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "59899123456",
            "type": "text",
            "text": {"preview_url": False, "body": "Hola"},
        }
    ]


def test_media_location_and_templates_go_in_their_documented_shapes(server: SandboxServer) -> None:
    contents = [
        MediaContent(MediaKind.IMAGE, "https://example.com/a.jpg", caption="foto"),
        MediaContent(MediaKind.DOCUMENT, "https://example.com/f.pdf", caption="factura", filename="f.pdf"),
        MediaContent(MediaKind.AUDIO, "https://example.com/a.ogg", caption="dropped: audio takes none"),
        LocationContent(-34.9, -56.16, "Oficina", "Av. 18 de Julio 1234"),
        TemplateContent("bienvenida", ("Ana",)),
        TemplateContent("pedido_enviado", ("A-17", "lunes"), media_url="https://example.com/pedido.jpg"),
    ]

    async def scenario(client: CloudApiClient) -> None:
        for content in contents:
            assert (await client.send(CUSTOMER, content, NO_OPTIONS)).state is DeliveryState.ACCEPTED

    _run(server, scenario)
    sent = _sent(server)
    assert sent[0]["image"] == {"link": "https://example.com/a.jpg", "caption": "foto"}
    assert sent[1]["document"] == {"link": "https://example.com/f.pdf", "caption": "factura", "filename": "f.pdf"}
    assert sent[2]["audio"] == {"link": "https://example.com/a.ogg"}
    assert sent[3]["location"] == {"latitude": -34.9, "longitude": -56.16, "name": "Oficina", "address": "Av. 18 de Julio 1234"}
    assert sent[4]["template"] == {
        "name": "bienvenida",
        "language": {"code": "es"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "Ana"}]}],
    }
    assert sent[5]["template"]["components"][0] == {
        "type": "header",
        "parameters": [{"type": "image", "image": {"link": "https://example.com/pedido.jpg"}}],
    }


def test_a_bots_payload_goes_to_the_customer_checked_and_readdressed(server: SandboxServer) -> None:
    buttons = {
        "messaging_product": "whatsapp",
        "to": "whoever the bot wrote",
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": "¿Seguimos?"},
            "action": {"buttons": [{"type": "reply", "reply": {"id": "si", "title": "Sí"}}]},
        },
    }
    receipt = _run(server, lambda client: client.send_payload(CUSTOMER, buttons))
    assert receipt.state is DeliveryState.ACCEPTED
    assert _sent(server)[0]["to"] == "59899123456"
    assert _sent(server)[0]["interactive"] == buttons["interactive"]


def test_a_business_scoped_user_id_is_addressed_as_recipient(server: SandboxServer) -> None:
    user = Recipient(RecipientKind.USER_ID, reference="UY.1502576394655843")
    _run(server, lambda client: client.send(user, TemplateContent("bienvenida", ("Ana",)), NO_OPTIONS))
    sent = _sent(server)[0]
    assert sent["recipient"] == "UY.1502576394655843" and "to" not in sent


def test_templates_are_read_page_by_page_with_their_review_status(server: SandboxServer) -> None:
    templates = _run(server, lambda client: client.template_catalogue())
    by_name = {t.name: t for t in templates}
    assert len(templates) == 6  # three pages of two
    assert by_name["bienvenida"].status == "APPROVED" and by_name["bienvenida"].param_count == 1
    assert by_name["bienvenida"].body.startswith("Hola {{1}}")
    assert by_name["recordatorio_turno"].status == "PENDING" and not by_name["recordatorio_turno"].sendable
    assert by_name["promo_verano"].status == "REJECTED"
    assert by_name["pedido_enviado"].kind.value == "IMAGE"
    assert by_name["welcome"].language == "en_US"


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (TemplateContent("recordatorio_turno", ("lunes",)), TemplateNotFound, "not approved"),
        (TemplateContent("no_existe"), TemplateNotFound, "132001"),
        (TemplateContent("bienvenida", ("Ana", "de más")), TemplateParams, "132000"),
        (TemplateContent("bienvenida", ("Ana",), language="en_US"), TemplateNotFound, "does not exist in en_US"),
    ],
)
def test_the_simulator_refuses_templates_as_meta_does(
    server: SandboxServer, content: TemplateContent, error: type, words: str
) -> None:
    with pytest.raises(error, match=words):
        _run(server, lambda client: client.send(CUSTOMER, content, NO_OPTIONS))
    assert _sent(server) == []


# Every mapped code, answered by the simulator with Graph's documented error body.
MAPPED: list[tuple[int, type[Exception], str]] = [
    (131047, WindowClosed, "send an approved template"),
    (131026, CannotReceive, "cannot receive"),
    (131049, MetaLimiting, "try again later"),
    (131056, MetaLimiting, "pause"),
    (130429, RateLimited, "pauses"),
    (131048, RateLimited, "spam"),
    (132001, TemplateNotFound, "not approved"),
    (132000, TemplateParams, "parameters"),
    (131051, UnsupportedMessage, "does not take this type"),
    (190, AuthenticationFailed, "new access token"),
    (100, InvalidParameter, "invalid"),
    (131000, OutcomeUnknown, "may or may not have left"),
]


@pytest.mark.parametrize(("code", "error", "words"), MAPPED, ids=[str(c) for c, _, _ in MAPPED])
def test_every_mapped_error_code_with_its_documented_body(
    server: SandboxServer, code: int, error: type[Exception], words: str
) -> None:
    server.call(server.sandbox.cloudapi.fail_next, code, "the details Meta adds")
    with pytest.raises(error, match=words) as raised:
        _run(server, lambda client: client.send(CUSTOMER, TextContent("Hola"), NO_OPTIONS))
    assert f"code {code}" in str(raised.value) and "the details Meta adds" in str(raised.value)
    notice = raised.value.notice  # type: ignore[attr-defined]
    assert notice.code.startswith("cloudapi.") and notice.values["code"] == str(code)
    if code in (130429, 131048):
        assert isinstance(raised.value, NotSent)  # not taken: the account pauses and it may go again
    if code in (131047, 131026, 131049, 131056, 132000, 131051, 100):
        assert isinstance(raised.value, Rejected)


def test_the_window_closed_notice_is_worded_in_the_agents_language(server: SandboxServer) -> None:
    server.call(server.sandbox.cloudapi.fail_next, 131047, "detalle")
    with pytest.raises(WindowClosed) as raised:
        _run(server, lambda client: client.send(CUSTOMER, TextContent("Hola"), NO_OPTIONS))
    spanish = Wordbook("es").say(raised.value.notice)
    assert spanish.startswith("Pasaron más de 24 horas") and "envíe una plantilla aprobada (código 131047" in spanish


def test_a_network_failure_after_the_request_left_is_outcome_unknown() -> None:
    def drop(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset", request=request)

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(drop)) as http:
            client = CloudApiClient(http, CloudApiSettings(DEMO_PHONE_NUMBER_ID, DEMO_WABA_ID), "token")
            await client.send(CUSTOMER, TextContent("Hola"), NO_OPTIONS)

    with pytest.raises(OutcomeUnknown):
        run_core(main())


def test_a_200_without_a_message_id_is_never_taken_for_a_refusal() -> None:
    async def main() -> None:
        answer = httpx.Response(200, json={"messaging_product": "whatsapp", "messages": []})
        async with httpx.AsyncClient(transport=httpx.MockTransport(lambda request: answer)) as http:
            client = CloudApiClient(http, CloudApiSettings(DEMO_PHONE_NUMBER_ID, DEMO_WABA_ID), "token")
            await client.send(CUSTOMER, TextContent("Hola"), NO_OPTIONS)

    with pytest.raises(OutcomeUnknown):
        run_core(main())


@pytest.mark.parametrize(
    ("status", "code"), [("held_for_quality_assessment", "cloudapi.held_for_quality"), ("paused", "cloudapi.template_paused")]
)
def test_a_message_meta_holds_is_accepted_with_a_note_in_the_agents_language(status: str, code: str) -> None:
    async def main() -> Any:
        answer = httpx.Response(
            200, json={"messaging_product": "whatsapp", "messages": [{"id": "wamid.1", "message_status": status}]}
        )
        async with httpx.AsyncClient(transport=httpx.MockTransport(lambda request: answer)) as http:
            client = CloudApiClient(http, CloudApiSettings(DEMO_PHONE_NUMBER_ID, DEMO_WABA_ID), "token")
            return await client.send(CUSTOMER, TextContent("Hola"), NO_OPTIONS)

    receipt = run_core(main())
    assert receipt.state is DeliveryState.ACCEPTED and receipt.raw_state == status
    assert receipt.note is not None and receipt.note.code == code
    assert "Meta" in Wordbook.for_locale("es_UY").say(receipt.note) and "calidad" in Wordbook.for_locale("es_UY").say(
        receipt.note
    )


def test_the_error_body_is_graphs_documented_shape(server: SandboxServer) -> None:
    server.call(server.sandbox.cloudapi.fail_next, 131047, "details")

    async def raw(client: CloudApiClient) -> httpx.Response:
        async with httpx.AsyncClient() as http:
            url = f"{server.base_urls['cloudapi']}/v23.0/{DEMO_PHONE_NUMBER_ID}/messages"
            body = {"messaging_product": "whatsapp", "to": "59899123456", "type": "text", "text": {"body": "x"}}
            return await http.post(url, json=body, headers={"Authorization": f"Bearer {DEMO_ACCESS_TOKEN}"})

    answer = _run(server, raw)
    error = json.loads(answer.text)["error"]
    assert answer.status_code == 400
    assert {"message", "type", "code", "error_data", "fbtrace_id"} <= set(error)
    assert error["code"] == 131047 and error["error_data"]["details"] == "details"


def test_a_wrong_phone_number_id_is_named_as_such(server: SandboxServer) -> None:
    async def main() -> None:
        async with httpx.AsyncClient(timeout=5) as http:
            settings = CloudApiSettings("999", DEMO_WABA_ID, graph_url=server.base_urls["cloudapi"])
            await CloudApiClient(http, settings, DEMO_ACCESS_TOKEN).check()

    with pytest.raises(NotFound, match="does not know this phone number id"):
        run_core(main())
