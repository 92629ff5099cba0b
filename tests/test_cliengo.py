"""The Cliengo client against the simulator over loopback HTTP, media links on a real file host."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from aiohttp import web

from console.domain.accounts import ProviderKind
from console.domain.content import Content, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.phones import parse_phone
from console.domain.recipients import Recipient, RecipientKind
from console.providers.base import SendOptions, SendReceipt
from console.providers.cliengo.client import (
    CliengoClient,
    CliengoSettings,
    InvalidNotification,
    MediaRefused,
    TemplateNotFound,
)
from console.providers.errors import (
    AuthenticationFailed,
    NotFound,
    NotSent,
    OutcomeUnknown,
    ProviderError,
    ProviderUnavailable,
    Rejected,
)
from console.providers.media_check import check_media, inspect_media_link
from console.providers.registry import capabilities
from console.sandbox.cliengo import CliengoSandboxConfig
from console.sandbox.cliengo_catalogue import DEMO_API_KEY, DEMO_WEBSITE, OTHER_API_KEY, OTHER_WEBSITE
from console.sandbox.media_host import MediaFile, MediaHost, pdf_bytes, png_bytes
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.wording.wordbook import Wordbook
from tests.conftest import run_core

SAY = Wordbook("en").say  # the English the agent reads (sizes and numbers as en writes them)

CUSTOMER = "59899123456"
PNG = png_bytes(32, 32)
HEAD_TIMEOUT = 0.5


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    configs = SandboxConfigs(cliengo=CliengoSandboxConfig(head_timeout=HEAD_TIMEOUT))
    with SandboxServer(configs=configs) as running:
        yield running


@pytest.fixture
def host() -> Iterator[MediaHost]:
    with MediaHost() as media:
        yield media


def _client(http: httpx.AsyncClient, server: SandboxServer, key: str, website: str, base: str | None) -> CliengoClient:
    settings = CliengoSettings(base_url=base or server.base_urls["cliengo"], website_id=website)
    return CliengoClient(http, settings, key)


def _send(
    server: SandboxServer,
    content: Content,
    to: str = CUSTOMER,
    *,
    key: str = DEMO_API_KEY,
    website: str = DEMO_WEBSITE,
    base: str | None = None,
    timeout: float = 10.0,
) -> SendReceipt:
    async def scenario() -> SendReceipt:
        async with httpx.AsyncClient(timeout=timeout) as http:
            recipient = Recipient.of_phone(parse_phone(to))
            return await _client(http, server, key, website, base).send(recipient, content, SendOptions())

    return run_core(scenario())


def _check(server: SandboxServer, *, key: str = DEMO_API_KEY, website: str = DEMO_WEBSITE) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient() as http:
            await _client(http, server, key, website, None).check()

    run_core(scenario())


def _refused(kind: type[ProviderError], call: Any, *args: Any, **kwargs: Any) -> ProviderError:
    """The error `call` raises; no message may show an api key."""
    with pytest.raises(kind) as raised:
        call(*args, **kwargs)
    for key in (DEMO_API_KEY, OTHER_API_KEY, "wrong-key"):
        assert key not in str(raised.value)
    return raised.value


def _count(server: SandboxServer, route: str | None = None) -> int:
    return server.sandbox.log.count("cliengo", route)


def _demo_media(server: SandboxServer, name: str) -> str:
    return f"{server.base_urls['cliengo']}/demo-media/{name}"


def _bodies(server: SandboxServer) -> list[bytes]:
    return [record.body for record in server.sandbox.log.records("cliengo", "notifications")]


def _template(template_id: str, media_url: str | None = None, filename: str | None = None, /, **params: str) -> TemplateContent:
    return TemplateContent(template_id, named_params=params, media_url=media_url, filename=filename)


# ---- happy paths --------------------------------------------------------------------


def test_a_text_template_is_accepted_without_a_message_id(server: SandboxServer) -> None:
    receipt = _send(server, _template("7", name="Julieta"))
    assert receipt == SendReceipt(None, "SUCCESS", DeliveryState.ACCEPTED, payload=receipt.payload)
    assert receipt.payload is not None and json.loads(receipt.payload)["code"] == "SUCCESS"  # the answer, kept
    [sent] = server.sandbox.cliengo.notifications_sent()
    assert (sent.template_id, sent.destination, sent.params) == ("7", CUSTOMER, {"name": "Julieta"})
    assert sent.text.startswith("¡Hola Julieta! Gracias por comunicarte")
    assert _bodies(server) == [b'{"templateId":"7","destination":"59899123456","params":{"name":"Julieta"}}']
    assert _count(server) == 1


def test_a_template_without_variables_sends_empty_params_and_the_doc_number_as_digits(server: SandboxServer) -> None:
    _send(server, _template("9"), to="542994843975")
    assert _bodies(server) == [b'{"templateId":"9","destination":"542994843975","params":{}}']
    assert server.sandbox.cliengo.notifications_sent()[0].destination == "542994843975"


def test_media_templates_send_good_links_with_their_file_names(server: SandboxServer, host: MediaHost) -> None:
    host.add("tutorial.mp4", MediaFile(b"\0" * 1_570_024, "video/mp4"))
    host.add("audio.mp3", MediaFile(b"\0" * 4_000, "audio/mpeg"))
    logo, invoice = _demo_media(server, "logo.png"), _demo_media(server, "factura.pdf")
    _send(server, _template("12", logo, name="Ana", pedido="A-1001"))
    _send(server, _template("18", invoice, "Factura A-1234.pdf", name="Ana", factura="A-1234"))
    _send(server, _template("15", host.url("tutorial.mp4"), name="Ana"))
    _send(server, _template("15", host.url("audio.mp3"), name="Ana"))
    sent = server.sandbox.cliengo.notifications_sent()
    assert [(s.template_id, s.media_link, s.filename) for s in sent] == [
        ("12", logo, None),
        ("18", invoice, "Factura A-1234.pdf"),
        ("15", host.url("tutorial.mp4"), None),
        ("15", host.url("audio.mp3"), None),
    ]
    assert b'"media":{"link":"' + invoice.encode() + b'","filename":"Factura A-1234.pdf"}' in _bodies(server)[1]
    assert (_count(server, "notifications"), _count(server, "demo_media")) == (4, 2)  # Cliengo HEADs each link once
    assert (host.count("HEAD"), host.count("GET")) == (2, 0)


def test_check_proves_the_key_with_one_request_that_sends_nothing(server: SandboxServer) -> None:
    _check(server)
    assert _count(server) == 1 and server.sandbox.cliengo.notifications_sent() == []


# ---- documented errors ---------------------------------------------------------------


def test_a_wrong_api_key_is_unauthorized_for_check_and_send(server: SandboxServer) -> None:
    message = "Cliengo refused the api key for website demo-website; check the key and the website id."
    assert str(_refused(AuthenticationFailed, _check, server, key="wrong-key")) == message
    error = _refused(AuthenticationFailed, _send, server, _template("7", name="Ana"), key="wrong-key")
    assert (str(error), error.status_code) == (message, 401)
    # A key that is good for another website is still refused for this one.
    assert str(_refused(AuthenticationFailed, _check, server, key=OTHER_API_KEY)) == message
    assert str(_refused(AuthenticationFailed, _check, server, website="no-such-site")) == (
        "Cliengo refused the api key for website no-such-site; check the key and the website id."
    )
    _check(server, key=OTHER_API_KEY, website=OTHER_WEBSITE)
    assert server.sandbox.cliengo.notifications_sent() == []


def test_the_api_key_stays_out_of_reprs(server: SandboxServer) -> None:
    async def scenario() -> str:
        async with httpx.AsyncClient() as http:
            return repr(_client(http, server, DEMO_API_KEY, DEMO_WEBSITE, None))

    shown = run_core(scenario())
    assert DEMO_API_KEY not in shown and "api_key=<hidden>" in shown


def test_an_unknown_template_is_named(server: SandboxServer) -> None:
    error = _refused(TemplateNotFound, _send, server, _template("5", name="Ana"))
    assert (str(error), error.status_code) == (
        "Cliengo has no template '5' for website demo-website; check the template id in Cliengo's HSM Manager.",
        404,
    )
    # Templates belong to one website: the other website's "3" is unknown here.
    assert "no template '3'" in str(_refused(TemplateNotFound, _send, server, _template("3", name="Ana", hora="9")))


def test_params_must_be_exactly_the_template_variables(server: SandboxServer) -> None:
    error = _refused(InvalidNotification, _send, server, _template("12", name="Ana", foo="x"))
    assert str(error) == "Cliengo refused the notification: params.pedido is required; params.foo is not allowed."
    assert (error.fields, error.status_code) == (("params.pedido", "params.foo"), 400)


def test_media_is_refused_on_a_text_template(server: SandboxServer) -> None:
    error = _refused(InvalidNotification, _send, server, _template("7", _demo_media(server, "logo.png"), name="Ana"))
    assert str(error) == "Cliengo refused the notification: media is not allowed."
    assert _count(server, "demo_media") == 0  # refused before any HEAD


def test_an_empty_body_gets_the_doc_invalid_body_answer(server: SandboxServer) -> None:
    url = f"{server.base_urls['cliengo']}/website/{DEMO_WEBSITE}/hsm/notifications"
    answer = httpx.post(url, json={}, headers={"apikey": DEMO_API_KEY})
    assert answer.status_code == 400
    body = answer.json()
    assert (body["code"], body["statusCode"], body["description"]) == ("INVALID_BODY", 400, "Invalid body, query or params")
    assert body["result"][0] == {
        "message": '"templateId" is required',
        "path": ["templateId"],
        "type": "any.required",
        "context": {"label": "templateId", "key": "templateId"},
    }
    assert [item["path"] for item in body["result"]] == [["templateId"], ["destination"], ["params"]]


def _media_refusal(server: SandboxServer, template: str, link: str, **params: str) -> MediaRefused:
    error = _refused(MediaRefused, _send, server, _template(template, link, **params))
    assert server.sandbox.cliengo.notifications_sent() == []
    return error


def test_a_link_of_the_wrong_type_is_invalid_content_type(server: SandboxServer, host: MediaHost) -> None:
    host.add("clip.mp4", MediaFile(b"\0" * 1_000, "video/mp4"))
    host.add("untyped.png", MediaFile(PNG, None))
    error = _media_refusal(server, "12", host.url("clip.mp4"), name="Ana", pedido="1")
    assert (error.code, error.status_code) == ("INVALID_CONTENT_TYPE", 400)
    assert str(error) == (
        f"Cliengo refused the media link {host.url('clip.mp4')}: the file is an MP4 video (video/mp4); "
        "image templates take only JPEG image or PNG image."
    )
    error = _media_refusal(server, "12", host.url("untyped.png"), name="Ana", pedido="1")
    assert str(error) == (
        f"Cliengo refused the media link {host.url('untyped.png')}: its server does not say what kind of file it is "
        "(no content-type header); image templates take only JPEG image or PNG image."
    )
    pdf = _media_refusal(server, "18", _demo_media(server, "logo.png"), name="Ana", factura="1")
    assert "document templates take only Excel workbook (.xlsx), PDF document or Word document (.docx)." in str(pdf)


def test_a_link_without_content_length_is_invalid_content_length(server: SandboxServer, host: MediaHost) -> None:
    host.add("factura.pdf", MediaFile(pdf_bytes(), "application/pdf", send_length=False))
    error = _media_refusal(server, "18", host.url("factura.pdf"), name="Ana", factura="1")
    assert (error.code, error.status_code) == ("INVALID_CONTENT_LENGTH", 400)
    assert str(error) == (
        f"Cliengo refused the media link {host.url('factura.pdf')}: its server does not say how big the file is "
        "(no content-length header)."
    )


@pytest.mark.parametrize("knob", ["head_refused", "redirect_loop", "slow", "missing", "unreachable"])
def test_a_link_that_cannot_be_headed_is_head_method_not_allowed(server: SandboxServer, host: MediaHost, knob: str) -> None:
    host.add("head_refused", MediaFile(PNG, "image/png", head_allowed=False))
    host.add("redirect_loop", MediaFile(redirect_to="redirect_loop"))
    host.add("slow", MediaFile(PNG, "image/png", delay=HEAD_TIMEOUT * 2))
    link = host.url(knob)
    if knob == "unreachable":
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            link = f"http://127.0.0.1:{free.getsockname()[1]}/logo.png"
    error = _media_refusal(server, "12", link, name="Ana", pedido="1")
    assert (error.code, error.status_code) == ("HEAD_METHOD_NOT_ALLOWED", 400)
    assert str(error) == (
        f"Cliengo could not check the media link {link}: the link must be public and answer HEAD requests "
        "with the file's headers."
    )


def test_an_oversized_file_is_file_size_exceeded_by_its_declared_size(server: SandboxServer, host: MediaHost) -> None:
    host.add("big.jpg", MediaFile(PNG, "image/jpeg", claimed_length=5_245_329))
    host.add("long.mp4", MediaFile(b"\0" * 100, "video/mp4", claimed_length=25_000_000))
    host.add("understated.jpg", MediaFile(b"\0" * 2_500_000, "image/jpeg", claimed_length=150_000))
    error = _media_refusal(server, "12", host.url("big.jpg"), name="Ana", pedido="1")
    assert (error.code, error.status_code) == ("FILE_SIZE_EXCEEDED", 409)
    assert SAY(error.notice) == (
        f"Cliengo refused the media link {host.url('big.jpg')}: the file is 5.2 MB; image templates take only files below 2 MB."
    )
    error = _media_refusal(server, "15", host.url("long.mp4"), name="Ana")
    assert SAY(error.notice).endswith("the file is 25 MB; video templates take only files below 20 MB.")
    # Cliengo reads only the header: a file that understates its size is accepted.
    assert _send(server, _template("12", host.url("understated.jpg"), name="Ana", pedido="1")).state is DeliveryState.ACCEPTED


def test_a_file_of_exactly_the_maximum_size_is_refused_as_below_the_maximum_says(server: SandboxServer, host: MediaHost) -> None:
    """"el tamaño debe ser menor al máximo": the simulator refuses exactly 2,000,000 bytes."""
    host.add("max.png", MediaFile(b"\0" * 2_000_000, "image/png"))
    host.add("just-below.png", MediaFile(b"\0" * 1_999_999, "image/png"))
    error = _refused(MediaRefused, _send, server, _template("12", host.url("max.png"), name="Ana", pedido="1"))
    assert error.code == "FILE_SIZE_EXCEEDED"
    assert SAY(error.notice).endswith("the file is 2,000,000 bytes; image templates take only files below 2,000,000 bytes.")
    assert _send(server, _template("12", host.url("just-below.png"), name="Ana", pedido="1")).state is DeliveryState.ACCEPTED


# ---- refused before any request ------------------------------------------------------


def test_only_named_templates_to_phone_numbers_are_sent(server: SandboxServer) -> None:
    assert str(_refused(Rejected, _send, server, TextContent("Hola"))) == "Cliengo sends templates only"
    image = MediaContent(MediaKind.IMAGE, _demo_media(server, "logo.png"))
    assert str(_refused(Rejected, _send, server, image)) == "Cliengo sends templates only"
    assert str(_refused(Rejected, _send, server, TemplateContent("7", params=("Ana",)))) == (
        "Cliengo templates take named variables, not numbered ones."
    )
    assert str(_refused(Rejected, _send, server, _template("18", None, "f.pdf", name="Ana", factura="1"))) == (
        "A file name needs a media link: Cliengo names only the file sent with the template."
    )

    async def to_a_chat() -> None:
        async with httpx.AsyncClient() as http:
            chat = Recipient(RecipientKind.CHAT_NAME, reference="Ventas")
            await _client(http, server, DEMO_API_KEY, DEMO_WEBSITE, None).send(chat, _template("9"), SendOptions())

    with pytest.raises(Rejected) as refused:
        run_core(to_a_chat())
    assert str(refused.value) == "Cliengo sends to phone numbers only, not to chat_name:Ventas."
    assert _count(server) == 0


def test_a_failing_media_check_sends_nothing_to_cliengo(server: SandboxServer, host: MediaHost) -> None:
    """The outbox's order: inspect the link, check it, and only then send."""
    host.add("clip.mp4", MediaFile(b"\0" * 1_000, "video/mp4"))
    host.add("logo.png", MediaFile(PNG, "image/png"))
    rule = capabilities(ProviderKind.CLIENGO).media[MediaKind.IMAGE]

    async def preflight_then_send(link: str) -> SendReceipt:
        async with httpx.AsyncClient() as http:
            info = await inspect_media_link(http, link, allow_private=True)  # the sandbox's loopback file host
            check_media(info, MediaKind.IMAGE, rule, https_only=False, provider="Cliengo")
            content = _template("12", link, name="Ana", pedido="1")
            client = _client(http, server, DEMO_API_KEY, DEMO_WEBSITE, None)
            return await client.send(Recipient.of_phone(parse_phone(CUSTOMER)), content, SendOptions())

    for link in (host.url("clip.mp4"), host.url("missing.png"), "ftp://files.example.com/logo.png"):
        with pytest.raises(InvalidInput):
            run_core(preflight_then_send(link))
    assert _count(server) == 0
    run_core(preflight_then_send(host.url("logo.png")))
    assert _count(server) == 1 and host.count("HEAD", "logo.png") == 2  # ours, then Cliengo's


# ---- transport and broken answers -----------------------------------------------------


def test_an_unreachable_service_sent_nothing_and_a_slow_one_may_have_sent(server: SandboxServer) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{free.getsockname()[1]}/cliengo"
    error = _refused(NotSent, _send, server, _template("7", name="Ana"), base=closed)
    assert str(error) == "Cliengo could not be reached (connection failed); nothing was sent."
    server.sandbox.faults.add("cliengo", "notifications", Fault(FaultKind.DELAY, 1.0, times=1))
    error = _refused(OutcomeUnknown, _send, server, _template("7", name="Ana"), timeout=0.3)
    assert str(error) == (
        "Cliengo did not answer in time (timed out waiting for the answer); the request may or may not have reached it."
    )
    assert len(server.sandbox.cliengo.notifications_sent()) == 1  # it had reached Cliengo


def test_gateway_errors_and_non_json_answers(server: SandboxServer) -> None:
    server.call(server.sandbox.cliengo.set_outage, 502)
    error = _refused(OutcomeUnknown, _send, server, _template("7", name="Ana"))
    assert (str(error), error.status_code) == (
        "Cliengo failed while sending (502); the notification may or may not have left.",
        502,
    )
    assert str(_refused(ProviderUnavailable, _check, server)) == "Cliengo had an internal error (502); try again later."
    server.call(server.sandbox.cliengo.set_outage, 200)
    # A success status with an unreadable body: the notification may have left.
    assert str(_refused(OutcomeUnknown, _send, server, _template("7", name="Ana"))) == (
        "Cliengo answered 200 but its answer could not be read; the notification may or may not have left."
    )
    server.call(server.sandbox.cliengo.set_outage, None)
    wrong_base = server.base_urls["cliengo"] + "/api/v2"
    error = _refused(NotFound, _send, server, _template("7", name="Ana"), base=wrong_base)
    assert str(error) == f"Cliengo has no notifications service at {wrong_base}; check the base URL."
    assert _count(server, "unknown") == 1


def test_a_moved_service_is_reported_without_following_the_post(server: SandboxServer) -> None:
    async def moved(request: web.Request) -> web.Response:
        return web.Response(status=301, headers={"Location": f"https://cliengo.example.com{request.path}"})

    async def scenario() -> Rejected:
        app = web.Application()
        app.router.add_post("/{tail:.*}", moved)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        try:
            async with httpx.AsyncClient() as http:
                with pytest.raises(Rejected) as refused:
                    await _client(http, server, DEMO_API_KEY, DEMO_WEBSITE, base).check()
                return refused.value
        finally:
            await runner.cleanup()

    error = run_core(scenario())
    assert (str(error), error.status_code) == (
        "Cliengo has moved to https://cliengo.example.com; change the account's base URL to it. Nothing was sent.",
        301,
    )


def test_an_unusable_api_key_is_refused_before_any_request(server: SandboxServer) -> None:
    for key in ("", "   ", "clave-ñandú", "two\nlines"):
        error = _refused(AuthenticationFailed, _send, server, _template("7", name="Ana"), key=key)
        assert str(error) == "The Cliengo api key is empty or has characters no api key has; enter it again."
    assert _count(server) == 0


# ---- the sandbox's steering API --------------------------------------------------------


def test_templates_added_through_the_admin_api_can_be_sent(server: SandboxServer) -> None:
    admin = f"{server.root_url}/_sandbox/cliengo"
    created = httpx.post(
        f"{admin}/templates",
        json={"name": "encuesta", "type": "TEXT", "variables": ["name", "link"], "text": "{{name}}, contanos: {{link}}"},
    )
    assert created.status_code == 201 and created.json()["id"] == "19"
    assert "encuesta" in [t["name"] for t in httpx.get(f"{admin}/templates").json()]
    assert httpx.post(f"{admin}/templates", json={"type": "AUDIO", "name": "x"}).status_code == 400
    _send(server, _template("19", name="Ana", link="https://encuesta.example.com"))
    [listed] = httpx.get(f"{admin}/notifications").json()
    assert (listed["templateId"], listed["text"]) == ("19", "Ana, contanos: https://encuesta.example.com")
    assert httpx.post(f"{admin}/outage", json={"status": 503}).json() == {"outage": 503}
    _refused(OutcomeUnknown, _send, server, _template("7", name="Ana"))
    assert _count(server, "notifications") == 2  # admin requests are not provider requests


def test_the_demo_line_names_the_credentials(server: SandboxServer) -> None:
    line = server.sandbox.cliengo.describe()
    assert "'demo-website'" in line and "'demo-cliengo-key'" in line and "12 IMAGE(name, pedido)" in line
