"""Every provider through the command line, in real processes against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

from console.providers.cloud_api.envelopes import is_chat_closed, parse_send_payload
from console.relay.process import RelayProcess
from console.sandbox.server import SandboxServer
from tests.test_cli import _assert_one_clear_line, _environment, centralita


def _ok(data: Path, *args: str, stdin: str | None = None) -> str:
    done = centralita(data, *args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _send_json(data: Path, *args: str) -> dict:
    done = centralita(data, "send", *args, "--json")
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def test_broadcasterbot_contacts_templates_text_and_location(tmp_path: Path, sandbox: SandboxServer) -> None:
    base = sandbox.base_urls["broadcasterbot"]
    _ok(
        tmp_path,
        "account",
        "add",
        "broadcasterbot",
        "bb",
        "--base-url",
        base,
        "--api-key",
        "-",
        stdin="demo-broadcasterbot-key\n",
    )
    assert "connected" in _ok(tmp_path, "account", "test", "bb")
    shown = json.loads(_ok(tmp_path, "account", "show", "bb", "--json"))
    assert "send templates" in shown["capabilities"] and "demo-broadcasterbot-key" not in json.dumps(shown)

    unregistered = _send_json(tmp_path, "bb", "+52 55 4433 2211", "--template", "bienvenida", "--param", "Ana")
    assert unregistered["state"] == "failed" and "not registered" in unregistered["failure_reason"]

    assert "registered" in _ok(tmp_path, "contact", "register", "bb", "5544332211", "--country", "MX")
    registrations = sandbox.sandbox.log.count("broadcasterbot", "register_contacts")
    unlisted = centralita(tmp_path, "contact", "register", "bb", "1012345678", "--country", "MX")
    assert unlisted.returncode == 4 and "is not in the numbering plan" in _assert_one_clear_line(unlisted)
    assert _assert_one_clear_line(unlisted).endswith("(--send-anyway registers it despite this warning)")
    assert sandbox.sandbox.log.count("broadcasterbot", "register_contacts") == registrations
    anyway = centralita(tmp_path, "contact", "register", "bb", "1012345678", "--country", "MX", "--send-anyway")
    assert anyway.returncode == 0 and "registered +52 1012345678" in anyway.stdout
    _ok(tmp_path, "template", "add", "bb", "bienvenida", "--language", "es_mx", "--body", "Hola {{1}}, bienvenida.")
    before = sandbox.sandbox.log.count("broadcasterbot", "send")
    refused = centralita(tmp_path, "send", "bb", "+525544332211", "--template", "bienvenida")
    assert "takes 1 parameter; 0 given" in _assert_one_clear_line(refused)
    assert sandbox.sandbox.log.count("broadcasterbot", "send") == before
    template = _send_json(tmp_path, "bb", "+525544332211", "--template", "bienvenida", "--param", "Ana")
    assert template["state"] == "accepted" and template["raw_state"] == "queued"

    sends = sandbox.sandbox.log.count("broadcasterbot", "send")
    text = centralita(tmp_path, "send", "bb", "+52 1 55 4433 2211", "--text", "¿Seguimos?")
    warning = _assert_one_clear_line(text)
    assert text.returncode == 4  # held back by a warning, not refused
    assert "cannot tell whether their 24 h window is open" in warning and "only templates can open a conversation" in warning
    assert warning.endswith("(--send-anyway sends it despite this warning)")
    assert sandbox.sandbox.log.count("broadcasterbot", "send") == sends  # nothing sent without the go-ahead
    anyway = centralita(tmp_path, "send", "bb", "+52 1 55 4433 2211", "--text", "¿Seguimos?", "--send-anyway", "--json")
    assert anyway.stderr.startswith("centralita: warning, sending anyway: session: this console has received no message")
    # Broadcasterbot judges the window itself: the customer never wrote, so it fails the text.
    assert anyway.returncode == 1 and json.loads(anyway.stdout)["raw_state"] == "failed"
    assert sandbox.sandbox.log.count("broadcasterbot", "send") == sends + 1

    assert "deleted" in _ok(tmp_path, "contact", "delete", "bb", "+525544332211")
    wrong_key = centralita(tmp_path, "account", "add", "broadcasterbot", "bad", "--base-url", base, "--api-key", "nope")
    assert wrong_key.returncode == 0
    assert "whitelist" in _assert_one_clear_line(centralita(tmp_path, "account", "test", "bad"))


def test_cliengo_templates_only_with_checked_media(tmp_path: Path, sandbox: SandboxServer) -> None:
    base = sandbox.base_urls["cliengo"]
    _ok(
        tmp_path,
        "account",
        "add",
        "cliengo",
        "cl",
        "--base-url",
        base,
        "--api-key",
        "demo-cliengo-key",
        "--website-id",
        "demo-website",
    )
    catalogue = tmp_path / "plantillas.json"
    catalogue.write_text(
        json.dumps(
            [
                {"name": "7", "variables": ["name"], "body": "Hola {{name}}"},
                {"name": "12", "type": "IMAGE", "variables": ["name", "pedido"]},
            ]
        ),
        encoding="utf-8",
    )
    assert "2 templates imported" in _ok(tmp_path, "template", "import", "cl", str(catalogue))
    assert [t["name"] for t in json.loads(_ok(tmp_path, "template", "list", "cl", "--json"))] == ["12", "7"]

    sent = _send_json(tmp_path, "cl", "59899123456", "--template", "7", "--param", "name=Ana")
    assert sent["state"] == "accepted" and sent["raw_state"] == "SUCCESS"
    media = _send_json(
        tmp_path,
        "cl",
        "59899123456",
        "--template",
        "12",
        "--param",
        "name=Ana",
        "--param",
        "pedido=4821",
        "--media-url",
        f"{base}/demo-media/logo.png",
        "--filename",
        "logo.png",
    )
    assert media["state"] == "accepted"
    requests_so_far = sandbox.sandbox.log.count("cliengo", "notifications")

    no_head = centralita(
        tmp_path,
        "send",
        "cl",
        "59899123456",
        "--template",
        "12",
        "--param",
        "name=A",
        "--param",
        "pedido=1",
        "--media-url",
        f"{base}/demo-media/sin-head.png",
    )
    assert "media link" in _assert_one_clear_line(no_head)
    text = centralita(tmp_path, "send", "cl", "59899123456", "--text", "Hola")
    assert "Cliengo can only send templates" in _assert_one_clear_line(text)
    missing = centralita(tmp_path, "send", "cl", "59899123456", "--template", "7")
    assert "needs a value for name" in _assert_one_clear_line(missing)
    assert sandbox.sandbox.log.count("cliengo", "notifications") == requests_so_far


def test_timelinesai_text_files_and_chat_references(tmp_path: Path, sandbox: SandboxServer) -> None:
    webhook = sandbox.root_url + sandbox.call(sandbox.sandbox.timelinesai.webhook_url, "demo")
    _ok(
        tmp_path,
        "account",
        "add",
        "timelinesai",
        "tl",
        "--webhook-url",
        "-",
        "--account-phone",
        "+59899000101",
        stdin=webhook + "\n",
    )
    listed = _ok(tmp_path, "account", "list", "--json")
    assert webhook not in listed
    chat = _send_json(tmp_path, "tl", "chat:4242", "--text", "Hola")
    assert chat["state"] == "accepted" and chat["provider_message_id"].startswith("wa_backend:")
    file_url = f"{sandbox.base_urls['timelinesai']}/files/1000/factura.pdf"
    document = _send_json(
        tmp_path,
        "tl",
        "+59899123456",
        "--media-type",
        "document",
        "--media-url",
        file_url,
        "--filename",
        "factura.pdf",
        "--caption",
        "Tu factura",
    )
    assert document["state"] == "accepted"
    # A number newer than the numbering plan, a link whose server refuses HEAD: warnings.
    no_head = f"{sandbox.base_urls['cliengo']}/demo-media/sin-head.png"
    args = ("send", "tl", "+598 90 123 456", "--media-type", "image", "--media-url", no_head, "--filename", "a.png")
    held = _assert_one_clear_line(centralita(tmp_path, *args))
    assert held.startswith("centralita: not sent: phone: +598 90 123 456 is not in the numbering plan")
    assert "media link: the link's server refuses HEAD requests" in held
    assert held.endswith("(--send-anyway sends it despite these warnings)")
    anyway = centralita(tmp_path, *args, "--send-anyway")
    assert anyway.returncode == 0, anyway.stderr
    assert [line.split(": ")[2] for line in anyway.stderr.splitlines()] == ["phone", "media link"]
    sent = sandbox.sandbox.timelinesai.sent_messages()
    assert [(m.recipient_key, m.recipient) for m in sent] == [
        ("chat_id", "4242"),
        ("phone", "+59899123456"),
        ("phone", "+59890123456"),
    ]


def test_chattigo_webhook_and_forward_to_the_bot(tmp_path: Path, sandbox: SandboxServer) -> None:
    _ok(
        tmp_path,
        "account",
        "add",
        "chattigo",
        "ch",
        "--base-url",
        sandbox.base_urls["chattigo"],
        "--username",
        "demo",
        "--password",
        "demo",
        "--wa-id",
        "5491100000000",
    )
    insecure = centralita(tmp_path, "chattigo", "set-webhook", "ch", "http://example.com/hook")
    assert "https" in _assert_one_clear_line(insecure)
    _ok(tmp_path, "chattigo", "set-webhook", "ch", "https://example.com/centralita/hook")
    for text in ("Hola", "Quiero saber de mi pedido", "El 4821", "Gracias"):
        _ok(tmp_path, "chattigo", "forward", "ch", "--from", "+59899123456", "--text", text, "--name", "Ana")
    posts = sandbox.call(sandbox.sandbox.chattigo.recorded_posts)
    assert posts and {url for url, _ in posts} == {"https://example.com/centralita/hook"}
    *replies, closing = [body for _, body in posts]
    assert is_chat_closed(closing)
    assert all(parse_send_payload(body).to for body in replies)
    unlisted = centralita(tmp_path, "chattigo", "forward", "ch", "--from", "+59890123456", "--text", "Hola")
    assert unlisted.returncode == 4 and "+598 90 123 456 is not in the numbering plan" in _assert_one_clear_line(unlisted)
    assert _assert_one_clear_line(unlisted).endswith("(--send-anyway forwards it despite this warning)")
    assert len(sandbox.call(sandbox.sandbox.chattigo.recorded_posts)) == len(posts)  # nothing reached the bot
    args = ("chattigo", "forward", "ch", "--from", "+59890123456", "--text", "Hola", "--send-anyway")
    assert "forwarded message" in _ok(tmp_path, *args)
    refused = _assert_one_clear_line(centralita(tmp_path, "send", "ch", "+59899123456", "--text", "Hola"))
    assert refused == "centralita: operation: Chattigo ISV cannot send text; Chattigo ISV cannot send messages."


def test_an_account_connects_to_a_team_relay_and_off(tmp_path: Path, sandbox: SandboxServer) -> None:
    """A relay run by the team (a real `centralita relay` process with its own data dir)."""
    console, team = tmp_path / "console", tmp_path / "team"
    team.mkdir()
    token = centralita(team, "relay", "token").stdout.strip()
    relay = RelayProcess(team, env=_environment(team)).start()
    try:
        base = sandbox.base_urls["broadcasterbot"]
        _ok(console, "account", "add", "broadcasterbot", "bb", "--base-url", base, "--api-key", "demo-broadcasterbot-key")
        shown = json.loads(_ok(console, "account", "show", "bb", "--json"))
        assert (shown["callbacks"], shown["callback_url"]) == ("off", None)

        wrong = centralita(console, "account", "callbacks", "bb", "--team-relay", relay.root_url, "--events-token", "nope")
        assert "refused this console's token" in _assert_one_clear_line(wrong)
        no_https = centralita(
            console, "account", "callbacks", "bb", "--team-relay", "http://relay.example.net", "--events-token", token
        )
        assert "HTTPS" in _assert_one_clear_line(no_https)
        assert json.loads(_ok(console, "account", "show", "bb", "--json"))["callback_url"] is None

        said = _ok(
            console, "account", "callbacks", "bb", "--team-relay", relay.root_url, "--events-token", "-", stdin=token + "\n"
        )
        shown = json.loads(_ok(console, "account", "show", "bb", "--json"))
        assert shown["callbacks"] == "team" and shown["callback_url"].startswith(relay.root_url + "/callbacks/broadcasterbot/")
        assert shown["callback_url"] in said and token not in json.dumps(shown)

        assert "callbacks off" in _ok(console, "account", "callbacks", "bb", "--off")
        assert json.loads(_ok(console, "account", "show", "bb", "--json"))["callback_url"] is None
    finally:
        relay.stop()


def test_cloudapi_account_templates_and_sends(tmp_path: Path, sandbox: SandboxServer) -> None:
    from console.sandbox.cloudapi import DEMO_ACCESS_TOKEN, DEMO_APP_SECRET, DEMO_PHONE_NUMBER_ID, DEMO_VERIFY_TOKEN, DEMO_WABA_ID

    secrets = f"{DEMO_ACCESS_TOKEN}\n{DEMO_APP_SECRET}\n{DEMO_VERIFY_TOKEN}\n"
    _ok(
        tmp_path,
        "account",
        "add",
        "cloudapi",
        "meta",
        "--phone-number-id",
        DEMO_PHONE_NUMBER_ID,
        "--waba-id",
        DEMO_WABA_ID,
        "--access-token",
        "-",
        "--app-secret",
        "-",
        "--verify-token",
        "-",
        "--graph-url",
        sandbox.base_urls["cloudapi"],
        "--api-version",
        "v23.0",
        stdin=secrets,
    )
    assert "connected" in _ok(tmp_path, "account", "test", "meta")
    shown = json.loads(_ok(tmp_path, "account", "show", "meta", "--json"))
    assert shown["verify_token"] == "set" and "callback_url" in shown
    for secret in (DEMO_ACCESS_TOKEN, DEMO_APP_SECRET, DEMO_VERIFY_TOKEN):
        assert secret not in json.dumps(shown)

    assert "6 templates fetched (4 approved, 1 pending, 1 rejected)" in _ok(tmp_path, "template", "sync", "meta")
    listed = {t["name"]: t for t in json.loads(_ok(tmp_path, "template", "list", "meta", "--json"))}
    assert listed["bienvenida"]["status"] == "APPROVED" and listed["bienvenida"]["body"].startswith("Hola {{1}}")
    sends = sandbox.sandbox.log.count("cloudapi", "send")
    pending = centralita(tmp_path, "send", "meta", "+59899123456", "--template", "recordatorio_turno", "--param", "lunes")
    assert "not approved by the provider (PENDING)" in _assert_one_clear_line(pending)
    assert sandbox.sandbox.log.count("cloudapi", "send") == sends

    template = _send_json(tmp_path, "meta", "+59899123456", "--template", "bienvenida", "--param", "Ana", "--language", "es")
    assert template["state"] == "accepted" and template["provider_message_id"].startswith("wamid.")
    text = _send_json(tmp_path, "meta", "+59899123456", "--text", "Hola", "--send-anyway")
    assert text["state"] == "accepted"
    accepted = sandbox.call(lambda: list(sandbox.sandbox.cloudapi.accepted))
    assert accepted[0]["template"]["name"] == "bienvenida" and accepted[1]["text"]["body"] == "Hola"
