"""The Chattigo ISV client, the Cloud API shapes and the Chattigo simulator, over loopback HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.domain.content import DescribedContent, MediaContent
from console.domain.errors import InvalidInput
from console.domain.phones import parse_phone
from console.providers import registry
from console.providers.base import Sending
from console.providers.chattigo.answers import shown_content
from console.providers.chattigo.client import ChattigoClient, ChattigoSettings, InboundMessage, Token
from console.providers.cloud_api.envelopes import BotReply, is_chat_closed, parse_send_payload
from console.providers.definition import ProviderCannot
from console.providers.errors import (
    AuthenticationFailed,
    MalformedAnswer,
    NotFound,
    NotSent,
    OutcomeUnknown,
    ProviderError,
)
from console.sandbox.chattigo import DEMO_WA_ID, FOREIGN_WA_ID, ChattigoSandboxConfig
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.wording.wordbook import Wordbook
from tests.conftest import run_core

T = TypeVar("T")
CUSTOMER = "5491123456789"
WEBHOOK = "https://console.example.com/chattigo/hook"
ISSUED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _settings(server: SandboxServer, **changes: Any) -> ChattigoSettings:
    options: dict[str, Any] = {"base_url": server.base_urls["chattigo"], "username": "demo", "wa_id": DEMO_WA_ID}
    return ChattigoSettings(**{**options, **changes})


def _inbound(
    text: str = "Hola, quiero saber de mi pedido", number: str = CUSTOMER, message_id: str = "wamid.1"
) -> InboundMessage:
    return InboundMessage(parse_phone(number), text, "Ana Pérez", message_id, ISSUED)


def _run(
    server: SandboxServer,
    scenario: Callable[[ChattigoClient], Awaitable[T]],
    *,
    password: str = "demo",
    hooks: list[Callable[[httpx.Request], Awaitable[None]]] | None = None,
    timeout: httpx.Timeout | None = None,
    **options: Any,
) -> tuple[T, ChattigoClient]:
    """Run `scenario(client)` on a fresh loop with a client of the demo channel."""
    settings = options.pop("settings", None) or _settings(server)

    async def main() -> tuple[T, ChattigoClient]:
        async with httpx.AsyncClient(event_hooks={"request": hooks or []}, timeout=timeout or httpx.Timeout(5.0)) as http:
            client = ChattigoClient(http, settings, password, **options)
            return await scenario(client), client

    return run_core(main())


def _refusal(server: SandboxServer, scenario: Callable[[ChattigoClient], Awaitable[Any]], **options: Any) -> ProviderError:
    async def expect_error(client: ChattigoClient) -> ProviderError:
        with pytest.raises(ProviderError) as caught:
            await scenario(client)
        return caught.value

    return _run(server, expect_error, **options)[0]


def _counts(server: SandboxServer) -> dict[str, int]:
    return server.sandbox.log.summary().get("chattigo", {})


@pytest.fixture
def server() -> Any:
    with SandboxServer() as running:
        yield running


# ---- login and the token --------------------------------------------------------------


def test_the_jwt_goes_in_the_authorization_header_without_bearer(server: SandboxServer) -> None:
    seen: list[str] = []

    async def capture(request: httpx.Request) -> None:
        seen.append(request.headers.get("Authorization", "<none>"))

    async def scenario(client: ChattigoClient) -> str:
        await client.check()
        await client.forward_inbound(_inbound())
        assert client.token is not None
        return client.token.value

    token, client = _run(server, scenario, hooks=[capture])
    assert seen == ["<none>", token]  # the login goes without, the forward with the bare JWT
    assert token.count(".") == 2 and not token.startswith("Bearer")
    assert client.logins == 1
    assert _counts(server) == {"login": 1, "forward": 1}


def test_the_simulator_refuses_a_bearer_prefix_as_an_invalid_jwt(server: SandboxServer) -> None:
    base = server.base_urls["chattigo"]
    with httpx.Client() as http:
        token = http.post(f"{base}/login", json={"username": "demo", "password": "demo"}).json()["access_token"]
        answer = http.post(f"{base}/webhooks/inbound", json={}, headers={"Authorization": f"Bearer {token}"})
    assert (answer.status_code, answer.json()) == (401, {"message": "JWT was invalid"})


def test_a_wrong_password_is_refused(server: SandboxServer) -> None:
    error = _refusal(server, lambda client: client.check(), password="wrong")
    assert isinstance(error, AuthenticationFailed) and error.status_code == 400
    assert str(error) == "Chattigo refused the password of user 'demo'."
    assert "wrong" not in str(error)
    assert _counts(server) == {"login": 1}


def test_an_unknown_user_is_refused(server: SandboxServer) -> None:
    error = _refusal(server, lambda client: client.check(), settings=_settings(server, username="bad_login"))
    assert isinstance(error, AuthenticationFailed) and error.status_code == 400
    assert str(error) == "Chattigo has no user 'bad_login'; check the user name."


def test_an_expired_token_costs_exactly_one_new_login(server: SandboxServer) -> None:
    async def scenario(client: ChattigoClient) -> None:
        await client.forward_inbound(_inbound(message_id="wamid.1"))
        await asyncio.to_thread(server.call, server.sandbox.chattigo.expire_tokens)
        await client.forward_inbound(_inbound(message_id="wamid.2"))

    _, client = _run(server, scenario)
    assert client.logins == 2
    assert _counts(server) == {"login": 2, "forward": 3}  # the refused forward, then its one retry


def test_the_token_is_renewed_before_its_8_hours_run_out(server: SandboxServer) -> None:
    now = [ISSUED]
    renewed: list[Token] = []

    async def keep(token: Token) -> None:
        renewed.append(token)

    async def scenario(client: ChattigoClient) -> None:
        await client.forward_inbound(_inbound(message_id="wamid.1"))  # logs in at 9:00
        now[0] = ISSUED + timedelta(hours=6, minutes=55)
        await client.forward_inbound(_inbound(message_id="wamid.2"))  # still fresh
        now[0] = ISSUED + timedelta(hours=7, minutes=5)
        await client.forward_inbound(_inbound(message_id="wamid.3"))  # renewed first

    _, client = _run(server, scenario, on_new_token=keep, clock=lambda: now[0])
    assert [t.obtained_at for t in renewed] == [ISSUED, ISSUED + timedelta(hours=7, minutes=5)]
    assert client.logins == 2
    assert _counts(server) == {"login": 2, "forward": 3}  # no forward was refused


def test_a_stored_token_near_its_end_is_not_used(server: SandboxServer) -> None:
    old = Token("token-from-this-morning", ISSUED)
    later = ISSUED + timedelta(hours=7, minutes=30)
    _, client = _run(server, lambda c: c.forward_inbound(_inbound()), token=old, clock=lambda: later)
    assert client.logins == 1 and client.token is not None and client.token.obtained_at == later
    assert _counts(server) == {"login": 1, "forward": 1}


def test_concurrent_forwards_log_in_once(server: SandboxServer) -> None:
    async def scenario(client: ChattigoClient) -> None:
        await asyncio.gather(*(client.forward_inbound(_inbound(message_id=f"wamid.{n}")) for n in range(6)))

    _, client = _run(server, scenario)
    assert client.logins == 1
    assert _counts(server) == {"login": 1, "forward": 6}


def test_a_token_refused_right_after_login_is_retried_once() -> None:
    with SandboxServer(configs=SandboxConfigs(chattigo=ChattigoSandboxConfig(token_ttl=0.0))) as server:
        error = _refusal(server, lambda client: client.forward_inbound(_inbound()))
        counts = _counts(server)
    assert isinstance(error, AuthenticationFailed) and error.status_code == 401
    assert str(error) == "Chattigo refused the session token it had just issued; try again later or contact Chattigo."
    assert counts == {"login": 2, "forward": 2}


def test_a_proxy_that_drops_the_token_is_explained(server: SandboxServer) -> None:
    async def strip(request: httpx.Request) -> None:
        request.headers.pop("Authorization", None)

    error = _refusal(server, lambda client: client.forward_inbound(_inbound()), hooks=[strip])
    assert isinstance(error, AuthenticationFailed) and error.status_code == 401
    assert str(error) == (
        "Chattigo received no session token: something between this computer and Chattigo "
        "(a proxy?) removes the Authorization header."
    )
    assert _counts(server) == {"login": 2, "forward": 2}


# ---- channels -------------------------------------------------------------------------


def test_a_channel_of_another_user_is_refused_without_logging_in_again(server: SandboxServer) -> None:
    error = _refusal(server, lambda client: client.forward_inbound(_inbound()), settings=_settings(server, wa_id=FOREIGN_WA_ID))
    assert isinstance(error, AuthenticationFailed) and error.status_code == 401
    assert str(error) == (
        f"Chattigo user 'demo' is not allowed to use the WhatsApp number {FOREIGN_WA_ID}; ask Chattigo to grant it."
    )
    assert _counts(server) == {"login": 1, "forward": 1}


@pytest.mark.parametrize(
    "call, route, path_options",
    [
        (lambda client: client.forward_inbound(_inbound()), "forward", {}),
        (lambda client: client.set_webhook(WEBHOOK), "set_webhook", {}),
        (
            lambda client: client.set_webhook(WEBHOOK),
            "set_webhook_public",
            {"webhook_path": "/webhooks/inbound", "webhook_key": "externalWebhook"},
        ),
    ],
)
def test_an_unknown_wa_id_is_not_found(server: SandboxServer, call: Any, route: str, path_options: dict[str, str]) -> None:
    error = _refusal(server, call, settings=_settings(server, wa_id="5491122223333", **path_options))
    assert isinstance(error, NotFound) and error.status_code == 400
    assert str(error) == "Chattigo does not know the WhatsApp number 5491122223333."
    assert _counts(server) == {"login": 1, route: 1}


def test_the_simulator_answers_an_unknown_wa_id_with_the_documented_body(server: SandboxServer) -> None:
    base = server.base_urls["chattigo"]
    with httpx.Client() as http:
        token = http.post(f"{base}/login", json={"username": "demo", "password": "demo"}).json()["access_token"]
        body = {"waId": "5491122223333", "externalWebhookIsvBot": WEBHOOK}
        answer = http.patch(f"{base}/webhooks/outbound", json=body, headers={"Authorization": token})
    assert answer.status_code == 400
    assert answer.json() == {"message": "unsupported get request. Object with ID '5491122223333' does not exist"}


# ---- the webhook ----------------------------------------------------------------------


def test_the_webhook_is_set_on_the_documented_path(server: SandboxServer) -> None:
    _run(server, lambda client: client.set_webhook(WEBHOOK))
    assert server.call(server.sandbox.chattigo.webhooks) == {DEMO_WA_ID: WEBHOOK}
    (record,) = server.sandbox.log.records("chattigo", "set_webhook")
    assert (record.method, record.path) == ("PATCH", "/chattigo/webhooks/outbound")
    assert json.loads(record.body) == {"waId": DEMO_WA_ID, "externalWebhookIsvBot": WEBHOOK}


def test_the_webhook_is_set_the_public_integration_way(server: SandboxServer) -> None:
    settings = _settings(server, webhook_path="/webhooks/inbound", webhook_key="externalWebhook")
    _run(server, lambda client: client.set_webhook(WEBHOOK), settings=settings)
    assert server.call(server.sandbox.chattigo.webhooks) == {DEMO_WA_ID: WEBHOOK}
    (record,) = server.sandbox.log.records("chattigo", "set_webhook_public")
    assert (record.method, record.path) == ("PATCH", "/chattigo/webhooks/inbound")
    assert json.loads(record.body) == {"waId": DEMO_WA_ID, "externalWebhook": WEBHOOK}


def test_a_webhook_that_is_not_https_is_refused_before_any_request(server: SandboxServer) -> None:
    async def scenario(client: ChattigoClient) -> InvalidInput:
        with pytest.raises(InvalidInput) as refused:
            await client.set_webhook("http://console.example.com/hook?key=s3cret")
        return refused.value

    refused, client = _run(server, scenario)
    assert refused.field.code == "field.chattigo_webhook_url"
    assert str(refused) == "webhook URL: Chattigo only delivers to secure addresses starting with https://"
    assert client.logins == 0 and server.sandbox.log.count("chattigo") == 0


def test_plain_http_is_accepted_only_on_this_computer(server: SandboxServer) -> None:
    async def scenario(client: ChattigoClient) -> None:
        await client.set_webhook("http://127.0.0.1:9/centralita/hook")

    _run(server, scenario)
    assert server.sandbox.log.count("chattigo", "set_webhook") == 1


def test_the_simulator_refuses_a_webhook_that_is_not_https(server: SandboxServer) -> None:
    base = server.base_urls["chattigo"]
    with httpx.Client() as http:
        token = http.post(f"{base}/login", json={"username": "demo", "password": "demo"}).json()["access_token"]
        body = {"waId": DEMO_WA_ID, "externalWebhookIsvBot": "http://console.example.com/hook"}
        answer = http.patch(f"{base}/webhooks/outbound", json=body, headers={"Authorization": token})
    assert answer.status_code == 400
    assert answer.json() == {"message": "externalWebhookIsvBot must be a secure HTTPS URL"}
    assert server.call(server.sandbox.chattigo.webhooks) == {}


# ---- forwarding and the bot's answers ---------------------------------------------------


def _conversation(server: SandboxServer, forwards: int, number: str = CUSTOMER) -> list[tuple[str, dict[str, Any]]]:
    async def scenario(client: ChattigoClient) -> None:
        await client.set_webhook(WEBHOOK)
        for n in range(forwards):
            await client.forward_inbound(_inbound(f"mensaje {n}", number, f"wamid.{n}"))

    _run(server, scenario)
    return server.call(server.sandbox.chattigo.recorded_posts)


def test_the_forward_is_a_cloud_api_inbound_envelope(server: SandboxServer) -> None:
    _conversation(server, 1)
    (record,) = server.sandbox.log.records("chattigo", "forward")
    assert (record.method, record.path) == ("POST", "/chattigo/webhooks/inbound")
    (entry,) = json.loads(record.body)["entry"]
    (change,) = entry["changes"]
    assert json.loads(record.body)["object"] == "whatsapp_business_account" and change["field"] == "messages"
    assert change["value"] == {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DEMO_WA_ID, "phone_number_id": DEMO_WA_ID},
        "contacts": [{"profile": {"name": "Ana Pérez"}, "wa_id": CUSTOMER}],
        "messages": [
            {
                "from": CUSTOMER,
                "id": "wamid.0",
                "timestamp": str(int(ISSUED.timestamp())),
                "type": "text",
                "text": {"body": "mensaje 0"},
            }
        ],
    }


def _without(envelope: dict[str, Any], path: str) -> dict[str, Any]:
    """`envelope` with the field at the dotted `path` (list indexes as digits) left out."""
    copy = json.loads(json.dumps(envelope))
    *parents, last = path.split(".")
    holder: Any = copy
    for part in parents:
        holder = holder[int(part)] if part.isdigit() else holder[part]
    del holder[last]
    return copy


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("entry.0.id", "entry[].id is required"),
        ("entry.0.changes.0.field", 'entry[].changes[].field must be "messages"'),
        ("entry.0.changes.0.value.messaging_product", 'value.messaging_product must be "whatsapp"'),
        ("entry.0.changes.0.value.metadata.display_phone_number", "metadata.display_phone_number is required"),
        ("entry.0.changes.0.value.contacts.0.wa_id", "contacts[].wa_id is required"),
        ("entry.0.changes.0.value.messages.0.timestamp", "messages[].timestamp is required"),
        ("entry.0.changes.0.value.messages.0.text", "messages[].text must be an object, as messages[].type says"),
    ],
)
def test_a_forward_missing_a_field_whatsapp_always_sends_is_refused(server: SandboxServer, missing: str, message: str) -> None:
    _conversation(server, 1)  # the client's own envelope: taken, and answered by the bot
    (record,) = server.sandbox.log.records("chattigo", "forward")
    envelope = _without(json.loads(record.body), missing)
    base = server.base_urls["chattigo"]
    with httpx.Client() as http:
        token = http.post(f"{base}/login", json={"username": "demo", "password": "demo"}).json()["access_token"]
        answer = http.post(f"{base}/webhooks/inbound", json=envelope, headers={"Authorization": token})
        as_text = http.post(
            f"{base}/webhooks/inbound",
            content=record.body,
            headers={"Authorization": token, "Content-Type": "text/plain"},
        )
    assert (answer.status_code, answer.json()) == (400, {"message": message})
    assert as_text.status_code == 400 and "application/json" in as_text.json()["message"]
    assert len(server.call(server.sandbox.chattigo.recorded_posts)) == 2  # the bot answered the first forward only


def test_a_mexican_customer_is_forwarded_with_the_whatsapp_id_form(server: SandboxServer) -> None:
    posts = _conversation(server, 1, number="+52 55 1234 5678")
    (record,) = server.sandbox.log.records("chattigo", "forward")
    message = json.loads(record.body)["entry"][0]["changes"][0]["value"]["messages"][0]
    assert message["from"] == "5215512345678"
    assert {body["to"] for _, body in posts} == {"5215512345678"}


def test_the_bot_answers_with_valid_cloud_api_messages_and_closes_the_chat(server: SandboxServer) -> None:
    posts = _conversation(server, 4)
    assert {url for url, _ in posts} == {WEBHOOK}
    *replies, notice = [body for _, body in posts]
    assert is_chat_closed(notice) and notice == {"chatBeenClosed": {"closed": True, "message": "El chat finalizo"}}
    parsed: list[BotReply] = [parse_send_payload(body, "Chattigo's bot") for body in replies]
    assert not any(is_chat_closed(body) for body in replies)
    assert [reply.kind for reply in parsed] == [
        "text",
        "interactive",
        "reaction",
        "template",
        "image",
        "document",
        "location",
        "contacts",
        "text",
    ]
    assert {reply.to for reply in parsed} == {CUSTOMER}
    assert parsed[0].summary == "¡Hola Ana Pérez! Soy Tigo, el asistente virtual."
    assert parsed[0].raw["context"] == {"message_id": "wamid.0"}
    assert parsed[1].summary == "¿Sobre qué querés consultar? [Ventas | Mis pedidos | Soporte]"
    assert parsed[4].raw["image"]["link"].startswith("https://")
    assert _counts(server) == {"login": 1, "set_webhook": 1, "forward": 4}


def test_the_next_forward_starts_a_new_conversation_with_the_same_answers(server: SandboxServer) -> None:
    posts = _conversation(server, 5)
    bodies = [body for _, body in posts]
    first = bodies[:2]
    restarted = bodies[-2:]
    assert [b["type"] for b in restarted] == ["text", "interactive"]
    assert restarted[0]["text"] == first[0]["text"] and restarted[0]["context"] == {"message_id": "wamid.4"}


def test_the_conversation_is_the_same_for_the_same_seed() -> None:
    runs = []
    for _ in range(2):
        with SandboxServer() as server:
            runs.append(_conversation(server, 4))
    assert runs[0] == runs[1]


def test_the_closing_notice_can_come_inside_the_last_reply() -> None:
    with SandboxServer(configs=SandboxConfigs(chattigo=ChattigoSandboxConfig(close_inline=True))) as server:
        posts = _conversation(server, 4)
    last = posts[-1][1]
    assert is_chat_closed(last)
    assert parse_send_payload(last).summary == "Gracias por escribirnos, Ana Pérez. ¡Hasta pronto!"
    assert sum(is_chat_closed(body) for _, body in posts) == 1


def test_answers_without_a_webhook_go_nowhere(server: SandboxServer) -> None:
    _run(server, lambda client: client.forward_inbound(_inbound()))
    assert server.call(server.sandbox.chattigo.recorded_posts) == []
    assert server.call(lambda: server.sandbox.chattigo.dropped_replies) == 2


def test_an_empty_message_is_not_forwarded(server: SandboxServer) -> None:
    async def scenario(client: ChattigoClient) -> InvalidInput:
        with pytest.raises(InvalidInput) as refused:
            await client.forward_inbound(_inbound("   "))
        return refused.value

    refused, _ = _run(server, scenario)
    assert str(refused) == "message: an empty message cannot be forwarded"
    assert server.sandbox.log.count("chattigo") == 0


def test_the_cloud_api_version_goes_in_a_header_only_when_one_is_named(server: SandboxServer) -> None:
    seen: list[str | None] = []

    async def capture(request: httpx.Request) -> None:
        if request.method == "POST" and request.url.path.endswith("/webhooks/inbound"):
            seen.append(request.headers.get("X-Api-Version"))

    _run(server, lambda client: client.forward_inbound(_inbound()), hooks=[capture])
    settings = _settings(server, version_header="X-Api-Version", api_version="14.0")
    _run(server, lambda client: client.forward_inbound(_inbound()), hooks=[capture], settings=settings)
    assert seen == [None, "14.0"]


def test_admin_routes_show_the_recorded_posts_and_expire_tokens(server: SandboxServer) -> None:
    _conversation(server, 1)
    with httpx.Client(base_url=server.root_url) as http:
        posts = http.get("/_sandbox/chattigo/recorded-posts").json()
        assert http.post("/_sandbox/chattigo/expire-tokens").json() == {"ok": True}
        webhooks = http.get("/_sandbox/chattigo/webhooks").json()
    assert [post["body"]["type"] for post in posts] == ["text", "interactive"]
    assert {post["url"] for post in posts} == {WEBHOOK} and webhooks == {DEMO_WA_ID: WEBHOOK}
    _, client = _run(server, lambda c: c.forward_inbound(_inbound()))
    assert client.logins == 1  # a fresh client, so no retry; the admin requests were not counted
    assert _counts(server) == {"login": 2, "set_webhook": 1, "forward": 2}


# ---- what the client refuses or cannot do ------------------------------------------------


def test_sending_is_refused_because_the_bot_answers(server: SandboxServer) -> None:
    async def narrowed(client: ChattigoClient) -> str:
        with pytest.raises(ProviderCannot) as error:
            registry.definition(ProviderKind.CHATTIGO).narrow(client, Sending)
        return str(error.value)

    refusal, client = _run(server, narrowed)
    assert not isinstance(client, Sending)
    assert refusal == "operation: Chattigo ISV cannot send messages"
    assert server.sandbox.log.count("chattigo") == 0


def test_a_wrong_base_url_is_explained(server: SandboxServer) -> None:
    settings = _settings(server, base_url=server.base_urls["chattigo"] + "/v15.0")
    error = _refusal(server, lambda client: client.check(), settings=settings)
    assert isinstance(error, NotFound) and error.status_code == 404
    assert str(error) == "Chattigo has no such service at this address (404); check the base URL."
    assert _counts(server) == {"unknown": 1}


def test_a_wrong_webhook_path_is_explained(server: SandboxServer) -> None:
    settings = _settings(server, webhook_path="/webhook/outbound")
    error = _refusal(server, lambda client: client.set_webhook(WEBHOOK), settings=settings)
    assert isinstance(error, NotFound) and error.status_code == 404
    assert str(error) == "Chattigo has no such service at this address (404); check the base URL and the webhook path."
    assert _counts(server) == {"login": 1, "unknown": 1}


def test_a_slow_answer_leaves_the_forward_unknown(server: SandboxServer) -> None:
    server.sandbox.faults.add("chattigo", "forward", Fault(FaultKind.DELAY, 1.0, times=1))
    error = _refusal(server, lambda client: client.forward_inbound(_inbound()), timeout=httpx.Timeout(5.0, read=0.3))
    assert isinstance(error, OutcomeUnknown)
    assert (
        str(error)
        == "Chattigo did not answer in time (timed out waiting for the answer); the request may or may not have reached it."
    )
    assert _counts(server) == {"login": 1, "forward": 1}


def test_an_unreachable_chattigo_sent_nothing(server: SandboxServer) -> None:
    port = server.port
    server.stop()
    settings = ChattigoSettings(base_url=f"http://127.0.0.1:{port}/chattigo", username="demo", wa_id=DEMO_WA_ID)
    error = _refusal(server, lambda client: client.check(), settings=settings)
    assert isinstance(error, NotSent)
    assert str(error) == "Chattigo could not be reached (connection failed); nothing was sent."


def test_secrets_stay_out_of_reprs_and_messages(server: SandboxServer) -> None:
    token, client = _run(server, lambda c: c.login())
    assert token.value not in repr(token) and token.value not in repr(client)
    refused, client = _run(server, lambda c: _refusal_of(c.check()), password="s3cret-pass")
    assert "s3cret-pass" not in repr(client) and "s3cret-pass" not in str(refused)


async def _refusal_of(call: Awaitable[Any]) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        await call
    return caught.value


def test_settings_refuse_a_malformed_version_or_wa_id(server: SandboxServer) -> None:
    with pytest.raises(InvalidInput, match="Cloud API version"):
        _settings(server, api_version="v15")
    with pytest.raises(InvalidInput, match="waId"):
        _settings(server, wa_id="+5491100000000")


# ---- Cloud API send payloads ------------------------------------------------------------


def _payload(kind: str, content: Any, **extra: Any) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": CUSTOMER, "type": kind, kind: content, **extra}


@pytest.mark.parametrize(
    "body, summary",
    [
        (_payload("text", {"preview_url": False, "body": "hola"}), "hola"),
        (_payload("template", {"name": "hello_world", "language": {"code": "en_US"}}), "[template hello_world]"),
        (_payload("sticker", {"link": "https://cdn.example.com/s.webp"}), "[sticker] https://cdn.example.com/s.webp"),
        (_payload("audio", {"id": "1234567890"}), "[audio] 1234567890"),
        (_payload("reaction", {"message_id": "wamid.9", "emoji": ""}), "[reaction removed]"),
        (_payload("location", {"latitude": "-34.6", "longitude": "-58.38"}), "[location] (-34.6, -58.38)"),
        (
            _payload(
                "interactive",
                {
                    "type": "list",
                    "body": {"text": "Elegí"},
                    "action": {"button": "Ver", "sections": [{"rows": [{"id": "a", "title": "Uno"}]}]},
                },
            ),
            "Elegí [Uno]",
        ),
    ],
)
def test_valid_send_payloads_are_summarised(body: dict[str, Any], summary: str) -> None:
    reply = parse_send_payload(body)
    assert (reply.kind, reply.to, reply.summary, reply.raw) == (body["type"], CUSTOMER, summary, body)


_BUTTONS = {
    "type": "button",
    "body": {"text": "¿Confirma?"},
    "action": {"buttons": [{"type": "reply", "reply": {"id": f"b{n}", "title": title}} for n, title in enumerate(("Sí", "No"))]},
}


@pytest.mark.parametrize(
    "body, shown",
    [
        (_payload("text", {"body": "hola"}), None),
        (_payload("sticker", {"link": "https://cdn.example.com/s.webp"}), "image"),
        (_payload("audio", {"id": "1234567890"}), "El bot envió un archivo que no se puede descargar: no llegó con un enlace"),
        (_payload("reaction", {"message_id": "wamid.9", "emoji": ""}), "El bot quitó su reacción"),
        (_payload("interactive", _BUTTONS), "El bot ofreció elegir: ¿Confirma? (opciones: Sí · No)"),
        (
            _payload("interactive", {"type": "cta_url", "body": {"text": "Nuestra web"}, "action": {"name": "cta_url"}}),
            "El bot envió un mensaje interactivo: Nuestra web",
        ),
    ],
)
def test_a_bots_answer_is_shown_as_a_file_or_described_in_the_agents_language(body: dict[str, Any], shown: str | None) -> None:
    content = shown_content(parse_send_payload(body).raw)
    if shown is None:
        assert content is None
    elif isinstance(content, MediaContent):
        assert content.kind.value == shown
    else:
        assert isinstance(content, DescribedContent) and Wordbook("es").say(content.notice) == shown


@pytest.mark.parametrize(
    "body, reason",
    [
        ({"chatBeenClosed": {"closed": True, "message": "El chat finalizo"}}, 'messaging_product is not "whatsapp"'),
        ({**_payload("text", {"body": "hola"}), "to": ""}, "the recipient (to) is missing"),
        (_payload("poll", {"question": "?"}), "its type 'poll' is not a WhatsApp message type"),
        ({**_payload("text", {"body": "x"}), "type": "image"}, "it has type 'image' but no 'image' object"),
        (_payload("text", {"body": " "}), "the text body is missing"),
        (_payload("document", {"caption": "factura"}), "the document has neither a link nor an id"),
        (_payload("video", {"link": "ftp://example.com/v.mp4"}), "the video link is not a web address"),
        (_payload("template", {"name": "x", "language": "es"}), "the template has no language code"),
        (_payload("location", {"latitude": 91, "longitude": 0}), "the latitude is out of range"),
        (_payload("contacts", []), "the contacts list is missing or empty"),
        (
            _payload("interactive", {"type": "button", "body": {"text": "?"}, "action": {"buttons": []}}),
            "interactive buttons must be one to three",
        ),
        (_payload("reaction", {"emoji": "x"}), "the reacted message id is missing"),
    ],
)
def test_invalid_send_payloads_are_malformed_answers(body: dict[str, Any], reason: str) -> None:
    with pytest.raises(MalformedAnswer) as invalid:
        parse_send_payload(body, "Chattigo's bot")
    assert str(invalid.value) == f"Chattigo's bot sent a message that is not a valid WhatsApp message: {reason}."


def test_only_a_closed_notice_closes_the_chat() -> None:
    assert is_chat_closed({"chatBeenClosed": {"closed": True, "message": "El chat finalizo"}})
    assert not is_chat_closed({"chatBeenClosed": {"closed": False}})
    assert not is_chat_closed(_payload("text", {"body": "hola"}))
    assert not is_chat_closed(["chatBeenClosed"])
