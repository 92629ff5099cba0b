"""TimelinesAI's inbound webhook: the client against the simulator over loopback HTTP."""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from console.domain.content import Content, LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.lifecycle import DeliveryState
from console.domain.phones import parse_phone
from console.domain.recipients import Recipient, RecipientKind
from console.providers.base import SendOptions, SendReceipt
from console.providers.errors import (
    AuthenticationFailed,
    MalformedAnswer,
    NotSent,
    OutcomeUnknown,
    ProviderError,
    Rejected,
)
from console.providers.timelinesai import CHECK_SCOPE
from console.providers.timelinesai.client import (
    BadWebhookUrl,
    TimelinesAIClient,
    TimelinesAISettings,
    UnreadableAcceptance,
    WebhookNotFound,
)
from console.sandbox.recorder import Fault, FaultKind
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.sandbox.timelinesai import (
    DEMO_WORKSPACE,
    SMALL_WORKSPACE,
    TimelinesAISandboxConfig,
    Trouble,
)
from tests.conftest import run_core

CUSTOMER = Recipient.of_phone(parse_phone("+59899123456"))
HELLO = TextContent("Hola, ¿cómo va?")
OTHER_ACCOUNT = "+59899000101"  # connected to the demo workspace, not its default
DEFAULT_ACCOUNT = "+15105566777"  # the demo workspace's most recently connected account
WHERE = "TimelinesAI → Integrations → Inbound webhook"


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(configs=SandboxConfigs(timelinesai=TimelinesAISandboxConfig())) as running:
        yield running


def _webhook(server: SandboxServer, workspace: str = DEMO_WORKSPACE) -> str:
    return server.root_url + server.call(server.sandbox.timelinesai.webhook_url, workspace)


def _file_url(server: SandboxServer, size: int, name: str) -> str:
    return f"{server.base_urls['timelinesai']}/files/{size}/{name}"


async def _send(url: str, to: Recipient, content: Content, account_phone: str | None, timeout: float) -> SendReceipt:
    async with httpx.AsyncClient(timeout=timeout) as http:
        client = TimelinesAIClient(http, TimelinesAISettings(account_phone), url)
        return await client.send(to, content, SendOptions())


def send(
    url: str,
    content: Content = HELLO,
    to: Recipient = CUSTOMER,
    account_phone: str | None = None,
    timeout: float = 5.0,
) -> SendReceipt:
    return run_core(_send(url, to, content, account_phone, timeout))


def failure(url: str, content: Content = HELLO, to: Recipient = CUSTOMER, **options: Any) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        send(url, content, to, **options)
    return caught.value


def sent(server: SandboxServer) -> list[Any]:
    return server.call(server.sandbox.timelinesai.sent_messages)


def quota(server: SandboxServer, workspace: str = DEMO_WORKSPACE) -> int:
    return server.call(server.sandbox.timelinesai.quota_left, workspace)


def webhook_bodies(server: SandboxServer) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in server.sandbox.log.records("timelinesai", "send")]


# ---- sending -----------------------------------------------------------------------


def test_a_text_to_a_phone_is_queued_with_a_wa_backend_id(server: SandboxServer) -> None:
    receipt = send(_webhook(server))

    assert re.fullmatch(r"wa_backend:[0-9A-F]{32}", receipt.provider_message_id or "")
    assert (receipt.raw_state, receipt.state) == ("success", DeliveryState.ACCEPTED)
    assert webhook_bodies(server) == [{"action": "send", "text": "Hola, ¿cómo va?", "phone": "+59899123456"}]
    [message] = sent(server)
    assert message.message_id == receipt.provider_message_id
    assert (message.recipient_key, message.recipient, message.account_phone) == ("phone", "+59899123456", DEFAULT_ACCOUNT)
    assert message.units == 1 and quota(server) == 999
    assert server.sandbox.log.summary()["timelinesai"] == {"send": 1}


@pytest.mark.parametrize(
    ("recipient", "key", "value"),
    [
        (CUSTOMER, "phone", "+59899123456"),
        (Recipient(RecipientKind.CHAT_ID, reference="77234"), "chat_id", "77234"),
        (Recipient(RecipientKind.JID, reference="59899123456@s.whatsapp.net"), "jid", "59899123456@s.whatsapp.net"),
        (Recipient(RecipientKind.CHAT_NAME, reference="Soporte Montevideo"), "chat_name", "Soporte Montevideo"),
    ],
)
def test_the_recipient_goes_by_exactly_one_key(server: SandboxServer, recipient: Recipient, key: str, value: str) -> None:
    send(_webhook(server), to=recipient, account_phone=OTHER_ACCOUNT)

    [body] = webhook_bodies(server)
    assert {k: v for k, v in body.items() if k in ("phone", "chat_id", "jid", "chat_name")} == {key: value}
    [message] = sent(server)
    assert (message.recipient_key, message.recipient) == (key, value)
    if key == "chat_id":  # the chat already belongs to an account, so none is sent
        assert "whatsapp_account_phone" not in body
        assert message.account_phone is None
    else:
        assert body["whatsapp_account_phone"] == OTHER_ACCOUNT
        assert message.account_phone == OTHER_ACCOUNT


def test_quota_units_are_one_per_message_and_two_for_text_with_a_file(server: SandboxServer) -> None:
    url = _webhook(server)
    photo = _file_url(server, 150_000, "foto.jpg")
    send(url, TextContent("Solo texto"))
    send(url, MediaContent(MediaKind.IMAGE, photo, caption="Con texto", filename="vista.jpg"))
    send(url, MediaContent(MediaKind.DOCUMENT, _file_url(server, 2_000_000, "contrato.pdf")))

    assert [m.units for m in sent(server)] == [1, 2, 1]
    assert quota(server) == 1000 - 4
    files = [(b.get("file_url"), b.get("file_name"), b["text"]) for b in webhook_bodies(server)]
    assert files == [
        (None, None, "Solo texto"),
        (photo, "vista.jpg", "Con texto"),
        (_file_url(server, 2_000_000, "contrato.pdf"), "contrato.pdf", ""),  # name from the link
    ]
    assert [m.file_bytes for m in sent(server)] == [None, 150_000, 2_000_000]
    assert server.sandbox.log.summary()["timelinesai"] == {"send": 3, "file": 2}  # one HEAD per file


def test_messages_are_answered_at_once_and_queued_about_two_seconds_apart(server: SandboxServer) -> None:
    url = _webhook(server)
    for _ in range(3):
        send(url)

    first, second, third = sent(server)
    assert first.queued_for == 0
    assert third.received_at - first.received_at < 1.0
    for earlier, later in ((first, second), (second, third)):
        assert 1.5 <= later.sends_at - earlier.sends_at <= 2.5


# ---- every refusal, as the agent reads it ------------------------------------------


def test_an_exhausted_quota_is_refused_with_the_providers_message(server: SandboxServer) -> None:
    url = _webhook(server, SMALL_WORKSPACE)  # 3 units
    with_text = MediaContent(MediaKind.IMAGE, _file_url(server, 1000, "a.png"), caption="Mirá", filename="a.png")
    send(url, with_text)
    refused = failure(url, with_text)
    send(url, HELLO)
    last = failure(url, HELLO)

    assert isinstance(refused, Rejected) and refused.status_code == 402
    short = "TimelinesAI refused the message: Not enough bulk messaging quota: this message needs"
    assert str(refused) == f"{short} 2 units and 1 left."
    assert str(last) == f"{short} 1 unit and 0 left."
    assert [m.units for m in sent(server)] == [2, 1]
    assert quota(server, SMALL_WORKSPACE) == 0
    assert server.sandbox.log.count("timelinesai", "send") == 4


def test_a_regenerated_webhook_refuses_the_old_url(server: SandboxServer) -> None:
    old = _webhook(server)
    new = server.root_url + server.call(server.sandbox.timelinesai.regenerate_webhook, DEMO_WORKSPACE)
    refused = failure(old)
    raw = httpx.post(old, json={"action": "send", "phone": "+59899123456", "text": "Hola"})

    assert new != old
    assert isinstance(refused, WebhookNotFound) and isinstance(refused, AuthenticationFailed)
    assert refused.status_code == 404
    assert str(refused) == (
        "TimelinesAI does not know this webhook URL (404): it may have been regenerated or deleted, "
        f"or pasted incompletely; paste the current one ({WHERE})."
    )
    assert (raw.status_code, raw.json()) == (404, {"status": 404, "data": {}, "message": "Webhook not found"})
    assert sent(server) == []
    send(new)
    assert len(sent(server)) == 1
    assert server.sandbox.log.count("timelinesai", "send") == 3


def test_a_disabled_webhook_is_refused_until_enabled_again(server: SandboxServer) -> None:
    url = _webhook(server)
    server.call(server.sandbox.timelinesai.set_enabled, DEMO_WORKSPACE, False)
    refused = failure(url)
    server.call(server.sandbox.timelinesai.set_enabled, DEMO_WORKSPACE, True)
    send(url)

    assert isinstance(refused, Rejected) and refused.status_code == 403
    assert str(refused) == "TimelinesAI refused the message: Webhook is disabled."
    assert len(sent(server)) == 1


def test_a_sending_account_not_in_the_workspace_is_refused(server: SandboxServer) -> None:
    refused = failure(_webhook(server), account_phone="+59898765432")

    assert isinstance(refused, Rejected) and refused.status_code == 400
    assert str(refused) == "TimelinesAI refused the message: WhatsApp account +59898765432 is not connected to this workspace."
    assert sent(server) == [] and quota(server) == 1000


def test_an_attachment_over_2_mb_is_refused(server: SandboxServer) -> None:
    big = MediaContent(MediaKind.DOCUMENT, _file_url(server, 2_500_000, "informe.pdf"), caption="El informe")
    refused = failure(_webhook(server), big)

    assert isinstance(refused, Rejected) and refused.status_code == 400
    assert str(refused) == "TimelinesAI refused the message: The file is too large (2.5 MB); attachments can be at most 2 MB."
    assert sent(server) == [] and quota(server) == 1000


def test_a_server_error_leaves_the_outcome_unknown_even_when_the_message_was_queued(server: SandboxServer) -> None:
    url = _webhook(server)
    server.call(server.sandbox.timelinesai.add_trouble, Trouble.SERVER_ERROR)
    server.call(server.sandbox.timelinesai.add_trouble, Trouble.LOST_ANSWER)
    before = failure(url)
    after = failure(url)

    expected = (
        "TimelinesAI failed while taking the message (500); it may or may not have been queued. "
        "Look at the chat in TimelinesAI before sending it again."
    )
    for error in (before, after):
        assert isinstance(error, OutcomeUnknown) and error.status_code == 500
        assert str(error) == expected
    assert len(sent(server)) == 1  # the second one was queued although it answered 500


def test_a_web_page_instead_of_the_answer_is_an_unknown_outcome(server: SandboxServer) -> None:
    server.call(server.sandbox.timelinesai.add_trouble, Trouble.HTML_PAGE)
    error = failure(_webhook(server))

    assert isinstance(error, UnreadableAcceptance)
    assert isinstance(error, OutcomeUnknown) and isinstance(error, MalformedAnswer)
    assert str(error) == (
        "TimelinesAI answered 200 but not with its own answer, so the message may or may not have been queued. "
        "Look at the chat in TimelinesAI before sending it again."
    )


def test_an_undecodable_answer_is_an_unknown_outcome(server: SandboxServer) -> None:
    server.call(server.sandbox.timelinesai.add_trouble, Trouble.GARBLED)
    error = failure(_webhook(server))

    assert isinstance(error, OutcomeUnknown)  # never a plain failure: the agent must not re-send blindly
    assert str(error) == (
        "TimelinesAI answered with a body that could not be decoded; the request reached it, "
        "so it may or may not have been acted on."
    )
    assert len(sent(server)) == 1


def test_a_timeout_after_sending_is_an_unknown_outcome(server: SandboxServer) -> None:
    server.sandbox.faults.add("timelinesai", "send", Fault(FaultKind.DELAY, 1.0, times=1))
    error = failure(_webhook(server), timeout=0.3)

    assert isinstance(error, OutcomeUnknown)
    assert str(error) == (
        "TimelinesAI did not answer in time (timed out waiting for the answer); the request may or may not have reached it."
    )
    assert len(sent(server)) == 1


def _closed_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_address_means_nothing_was_sent() -> None:
    error = failure(f"http://127.0.0.1:{_closed_port()}/timelinesai/inbound/0123456789abcdef")

    assert isinstance(error, NotSent)
    assert str(error) == "TimelinesAI could not be reached (connection failed); nothing was sent."


@pytest.mark.parametrize(
    ("content", "to", "account_phone", "message"),
    [
        (TemplateContent("bienvenida"), CUSTOMER, None, "TimelinesAI can only send text and files."),
        (LocationContent(-34.9, -56.2), CUSTOMER, None, "TimelinesAI can only send text and files."),
        (TextContent("   "), CUSTOMER, None, "TimelinesAI cannot send an empty message: write some text or attach a file."),
        (
            MediaContent(MediaKind.IMAGE, "https://files.example.com/"),
            CUSTOMER,
            None,
            "TimelinesAI needs a file name for this attachment: its link does not end in one.",
        ),
        (HELLO, Recipient(RecipientKind.CHAT_ID, reference=" "), None, "TimelinesAI needs the recipient's chat id."),
        (HELLO, Recipient(RecipientKind.PHONE), None, "TimelinesAI needs the recipient's phone number."),
        (
            HELLO,
            CUSTOMER,
            "+598",
            "The WhatsApp account to send from is not usable ('+598' is not usable: too short); fix it in the account settings.",
        ),
    ],
)
def test_what_the_webhook_cannot_carry_is_refused_before_any_request(
    server: SandboxServer, content: Content, to: Recipient, account_phone: str | None, message: str
) -> None:
    error = failure(_webhook(server), content, to, account_phone=account_phone)

    assert isinstance(error, Rejected)
    assert str(error) == message
    assert server.sandbox.log.count("timelinesai") == 0


# ---- check() and the secret --------------------------------------------------------


def _check(url: str) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient() as http:
            await TimelinesAIClient(http, TimelinesAISettings(), url).check()

    run_core(scenario())


def test_check_looks_at_the_urls_form_only_and_makes_no_request(server: SandboxServer) -> None:
    old = _webhook(server)
    server.call(server.sandbox.timelinesai.regenerate_webhook, DEMO_WORKSPACE)
    _check(old)  # no call can tell a live webhook from a regenerated one without sending

    assert server.sandbox.log.count("timelinesai") == 0
    assert CHECK_SCOPE().english() == (
        "TimelinesAI has no way to test an inbound webhook URL without sending a message: only the URL's form was checked."
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "is empty"),
        ("app.timelines.ai/hook", "is not a web address"),
        ("ftp://app.timelines.ai/hook/abc", "is not a web address"),
        ("http://app.timelines.ai/integrations/webhook/abc123", "must start with https://"),
        ("https://app.timelines.ai/", "has no webhook part after the address"),
    ],
)
def test_a_url_that_cannot_be_a_webhook_is_refused_by_check_and_send(url: str, problem: str) -> None:
    with pytest.raises(BadWebhookUrl) as checked:
        _check(url)
    sending = failure(url)

    expected = f"The TimelinesAI webhook URL {problem}; copy it again from {WHERE}."
    assert str(checked.value) == str(sending) == expected
    assert isinstance(sending, AuthenticationFailed)


def test_the_webhook_url_never_appears_in_errors_reprs_or_logs(server: SandboxServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    url = _webhook(server)
    webhook_id = url.rpartition("/")[2]
    errors: list[ProviderError] = []
    server.call(server.sandbox.timelinesai.set_quota, DEMO_WORKSPACE, 0)
    errors.append(failure(url))  # 402
    errors.append(failure(url, account_phone="+59898765432"))  # 400
    server.call(server.sandbox.timelinesai.add_trouble, Trouble.SERVER_ERROR)
    errors.append(failure(url))  # 500
    server.call(server.sandbox.timelinesai.set_enabled, DEMO_WORKSPACE, False)
    errors.append(failure(url))  # 403
    server.sandbox.faults.add("timelinesai", "send", Fault(FaultKind.DELAY, 1.0, times=1))
    errors.append(failure(url, timeout=0.3))
    server.call(server.sandbox.timelinesai.regenerate_webhook, DEMO_WORKSPACE)
    errors.append(failure(url))  # 404
    errors.append(failure(url.replace("http://", "ftp://")))
    errors.append(failure(url.replace("127.0.0.1", "timelines.example.com")))
    errors.append(failure(f"http://127.0.0.1:{_closed_port()}/timelinesai/inbound/{webhook_id}"))

    kinds = {Rejected, OutcomeUnknown, WebhookNotFound, BadWebhookUrl, NotSent}
    assert {type(e) for e in errors} == kinds
    for error in errors:
        for text in (str(error), repr(error), *map(str, error.args)):
            assert url not in text and webhook_id not in text
    client = TimelinesAIClient(httpx.AsyncClient(), TimelinesAISettings(OTHER_ACCOUNT), url)
    assert webhook_id not in repr(client)
    assert repr(client) == ("TimelinesAIClient(settings=TimelinesAISettings(account_phone='+59899000101'), webhook_url=<hidden>)")
    assert "HTTP Request: POST [TimelinesAI webhook URL]" in caplog.text
    assert webhook_id not in caplog.text


# ---- the simulator -----------------------------------------------------------------

_OK = {"action": "send", "phone": "+59899123456", "text": "Hola"}


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"not json", 400, "The request body must be JSON"),
        ("the doc's body as text/plain", 400, "The request body must be sent as JSON (Content-Type: application/json)"),
        ([], 400, "The request body must be a JSON object"),
        ({**_OK, "priority": "high"}, 400, 'Unknown field "priority"'),
        ({**_OK, "message": "Hola", "to": "+59899123456"}, 400, 'Unknown fields "message", "to"'),
        (
            {**_OK, "whatsapp_account_phone": "+15105566777", "whatsapp account phone": "+15105566777"},
            400,
            "Give the WhatsApp account once, as whatsapp_account_phone",
        ),
        ({"phone": "+59899123456", "text": "Hola"}, 400, "action is required"),
        ({**_OK, "action": "delete"}, 400, 'Unsupported action "delete": the only action is "send"'),
        ({"action": "send", "text": "Hola"}, 400, "A recipient is required: one of chat_id, jid, phone or chat_name"),
        ({**_OK, "jid": "x@s.whatsapp.net"}, 400, "Only one recipient may be given, not jid, phone"),
        ({**_OK, "phone": "59899123456"}, 400, "phone must be an international number such as +14151231234"),
        ({**_OK, "phone": "+598 99 123"}, 400, "phone must be an international number such as +14151231234"),
        ({**_OK, "phone": None, "chat_name": ""}, 400, "chat_name must be a non-empty string"),
        ({"action": "send", "phone": "+59899123456"}, 400, "text is required (it may be empty when a file is sent)"),
        ({**_OK, "text": " "}, 400, "text may only be empty when a file is sent"),
        ({**_OK, "file_url": "https://timelines.ai/logo.png"}, 400, "file_name is required when file_url is given"),
        ({**_OK, "file_url": "ftp://x/l.png", "file_name": "l.png"}, 400, "file_url must be a public http(s) link to the file"),
        (
            {**_OK, "whatsapp_account_phone": "15105566777"},
            400,
            "whatsapp_account_phone must be an international number such as +14151231234",
        ),
    ],
)
def test_the_simulator_refuses_malformed_requests_as_documented(
    server: SandboxServer, body: Any, status: int, message: str
) -> None:
    url = _webhook(server)
    if isinstance(body, bytes):
        answer = httpx.post(url, content=body, headers={"Content-Type": "application/json"})
    elif isinstance(body, str):  # a well-formed order, sent as text
        answer = httpx.post(url, content=json.dumps(_OK), headers={"Content-Type": "text/plain"})
    else:
        answer = httpx.post(url, json=body)

    assert (answer.status_code, answer.json()) == (status, {"status": status, "data": {}, "message": message})
    assert sent(server) == [] and quota(server) == 1000
    assert server.sandbox.log.count("timelinesai", "send") == 1


def test_the_simulator_accepts_what_the_doc_says_it_does_not_check(server: SandboxServer) -> None:
    url = _webhook(server)
    unchecked = [
        {**_OK, "phone": "+10000000000"},  # the phone is not validated at once
        {"action": "send", "chat_id": 77234, "text": "Hola", "whatsapp_account_phone": "ignored with chat_id"},
        {**_OK, "text": "", "file_url": "https://timelines.ai/logo.png", "file_name": "logo.png"},  # not fetched
    ]
    answers = [httpx.post(url, json=body) for body in unchecked]
    wrong_method = httpx.get(url)
    nowhere = httpx.post(server.base_urls["timelinesai"] + "/integrations/webhook", json=_OK)

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all(a.json()["status"] == "success" for a in answers)
    assert [(m.recipient, m.account_phone, m.file_bytes) for m in sent(server)] == [
        ("+10000000000", DEFAULT_ACCOUNT, None),
        ("77234", None, None),
        ("+59899123456", DEFAULT_ACCOUNT, None),
    ]
    assert (wrong_method.status_code, wrong_method.json()["message"]) == (405, "Method not allowed: post the message as JSON")
    assert (nowhere.status_code, nowhere.json()) == (404, {"status": 404, "data": {}, "message": "Webhook not found"})
    assert server.sandbox.log.summary()["timelinesai"] == {"send": 4, "unknown": 1}


def test_the_simulator_is_deterministic_by_seed() -> None:
    def run(seed: int) -> tuple[str, list[str]]:
        configs = SandboxConfigs(timelinesai=TimelinesAISandboxConfig(seed=seed))
        with SandboxServer(configs=configs) as running:
            url = _webhook(running)
            return url.rpartition("/")[2], [send(url).provider_message_id or "" for _ in range(2)]

    assert run(7) == run(7)
    assert run(7)[0] != run(8)[0]


def test_the_admin_api_steers_the_simulator_without_being_counted(server: SandboxServer) -> None:
    admin = server.root_url + "/_sandbox/timelinesai"
    old = _webhook(server)
    spaces = httpx.get(admin + "/workspaces").json()
    regenerated = httpx.post(admin + "/regenerate", json={"workspace": DEMO_WORKSPACE}).json()["webhook_url"]
    httpx.post(admin + "/quota", json={"workspace": SMALL_WORKSPACE, "units": 1})
    httpx.post(admin + "/trouble", json={"kind": "lost_answer"})
    lost = failure(regenerated)
    refusals = [
        httpx.post(admin + "/quota", json={"workspace": "nowhere", "units": 1}).json(),
        httpx.post(admin + "/enabled", json={"workspace": DEMO_WORKSPACE, "enabled": "no"}).json(),
        httpx.post(admin + "/trouble", json={"kind": "fire"}).json(),
    ]
    messages = httpx.get(admin + "/messages").json()

    assert [(s["name"], s["quota_left"], s["default_account"]) for s in spaces] == [
        (DEMO_WORKSPACE, 1000, DEFAULT_ACCOUNT),
        (SMALL_WORKSPACE, 3, "+59899000102"),
    ]
    assert spaces[0]["webhook_url"] == old
    assert regenerated == _webhook(server) != old
    assert isinstance(lost, OutcomeUnknown)
    assert quota(server, SMALL_WORKSPACE) == 1
    assert refusals == [
        {"message": "There is no TimelinesAI workspace 'nowhere' in the sandbox."},
        {"message": "enabled must be true or false"},
        {"message": "kind must be one of ['server_error', 'lost_answer', 'html_page', 'garbled']"},
    ]
    assert [(m["recipient"], m["units"]) for m in messages] == [("+59899123456", 1)]
    assert messages[0]["sends_at"] == messages[0]["received_at"]
    assert server.sandbox.log.summary()["timelinesai"] == {"send": 1}


def test_describe_names_the_demo_webhooks(server: SandboxServer) -> None:
    line = server.call(server.sandbox.timelinesai.describe)

    assert "\n" not in line
    assert server.call(server.sandbox.timelinesai.webhook_url, DEMO_WORKSPACE) in line
    assert server.call(server.sandbox.timelinesai.webhook_url, SMALL_WORKSPACE) in line
    assert f"sends from {DEFAULT_ACCOUNT}" in line
