"""The bad-input corpus: what agents type, paste and import, and what providers and callers send back.

Each send case names the account it goes through, what is typed, and what must happen:
`REJECT` (a clear `InvalidInput`, nothing stored, nothing sent), `ACCEPT` (it is sent),
or `EITHER` (the shape is legal somewhere; the point is a clear outcome and no crash).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from console.domain.content import Content, MediaContent, MediaKind, TemplateContent, TextContent


class Expect(StrEnum):
    REJECT = "reject"
    ACCEPT = "accept"
    EITHER = "either"


@dataclass(frozen=True, slots=True)
class SendCase:
    category: str
    name: str
    account: str  # "cliengo", "timelinesai" or "broadcasterbot"
    to: str
    content: Content
    expect: Expect


UY = "+59899123456"
CLIENGO_OK = TemplateContent("7", named_params={"name": "Ana"})

GARBAGE_PHONES = (
    "",
    " ",
    "abc",
    "+",
    "++59899123456",
    "0",
    "9" * 30,
    "0" * 200,
    "📞 099 123 456",
    "\u202e+59899123456",
    "NaN",
    "None",
    "-1",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "'; DROP TABLE message;--",
    "\x00",
    "+598 99 123 456 ext. 5 6 7 8 9 0 1 2 3",
    "+999 123 456 789",
    "+0 123 456 789",
    "١٢٣٤٥٦٧٨٩",
    "+59899123456\n+59899123457",
    "+59899123456;+59899123457",
    "chat:123",
    "ñandú",
)


def phone_cases() -> list[SendCase]:
    """Every country's example mobile (legal), the same cut short (legal only where that length is), and garbage."""
    cases: list[SendCase] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        if example is None:
            continue
        e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
        cases.append(SendCase("phones", f"{region} mobile", "cliengo", e164, CLIENGO_OK, Expect.ACCEPT))
        cases.append(SendCase("phones", f"{region} cut short", "cliengo", e164[:-4], CLIENGO_OK, Expect.EITHER))
    for index, typed in enumerate(GARBAGE_PHONES):
        # A valid number wrapped in symbols ("++", an emoji, a direction mark) is read as that number.
        expect = Expect.EITHER if typed.startswith(("+598 99", "١", "++", "📞", "\u202e")) else Expect.REJECT
        cases.append(SendCase("phones", f"garbage {index}: {typed[:20]!r}", "cliengo", typed, CLIENGO_OK, expect))
    return cases


HUGE = "x" * 100_000


def param_cases() -> list[SendCase]:
    """Positional (Broadcasterbot `pedido_listo`, 2 params) and named (Cliengo 7: `name`) parameters."""

    def bb(name: str, params: tuple[str, ...], expect: Expect, **extra: object) -> SendCase:
        return SendCase("params", name, "broadcasterbot", UY, TemplateContent("pedido_listo", params, **extra), expect)  # type: ignore[arg-type]

    def cl(name: str, named: dict[str, str], expect: Expect, params: tuple[str, ...] = ()) -> SendCase:
        return SendCase("params", name, "cliengo", UY, TemplateContent("7", params, named), expect)

    return [
        bb("positional: none of 2", (), Expect.REJECT),
        bb("positional: 1 of 2", ("Ana",), Expect.REJECT),
        bb("positional: 3 of 2", ("Ana", "A-1", "extra"), Expect.REJECT),
        bb("positional: empty first", ("", "A-1"), Expect.REJECT),
        bb("positional: blank second", ("Ana", "   "), Expect.REJECT),
        bb("positional: huge", (HUGE, "A-1"), Expect.EITHER),
        bb("positional: RTL", ("שלום", "مرحبا"), Expect.ACCEPT),
        bb("positional: emoji", ("😀🎉", "👍🏽"), Expect.ACCEPT),
        bb("positional: RTL override", ("\u202eAna", "A-1"), Expect.ACCEPT),
        bb("positional: newline", ("Ana\nPérez", "A-1"), Expect.EITHER),
        bb("positional: tab", ("Ana\tPérez", "A-1"), Expect.EITHER),
        bb("positional: NUL", ("\x00", "A-1"), Expect.EITHER),
        bb("positional: lone surrogate", ("\ud800", "A-1"), Expect.EITHER),
        bb("positional: named instead", (), Expect.REJECT, named_params={"name": "Ana"}),
        SendCase("params", "template: empty name", "broadcasterbot", UY, TemplateContent("", ("Ana", "A-1")), Expect.REJECT),
        SendCase("params", "template: blank name", "broadcasterbot", UY, TemplateContent("  ", ("a",)), Expect.REJECT),
        cl("named: missing", {}, Expect.REJECT),
        cl("named: empty value", {"name": ""}, Expect.REJECT),
        cl("named: blank value", {"name": "  "}, Expect.REJECT),
        cl("named: wrong variable", {"nombre": "Ana"}, Expect.REJECT),
        cl("named: extra variable", {"name": "Ana", "extra": "x"}, Expect.REJECT),
        cl("named: positional instead", {}, Expect.REJECT, params=("Ana",)),
        cl("named: huge", {"name": HUGE}, Expect.EITHER),
        cl("named: RTL", {"name": "مرحبا بك"}, Expect.ACCEPT),
        cl("named: emoji", {"name": "👩🏽‍💻"}, Expect.ACCEPT),
        cl("named: unicode", {"name": "Zoë Łukasz Ñandú 山田"}, Expect.ACCEPT),
        cl("named: lone surrogate", {"name": "\udfff"}, Expect.EITHER),
        SendCase("params", "not in catalogue", "cliengo", UY, TemplateContent("404", named_params={"a": "b"}), Expect.EITHER),
    ]


def text_cases() -> list[SendCase]:
    def tl(name: str, text: str, expect: Expect, to: str = UY) -> SendCase:
        return SendCase("texts", name, "timelinesai", to, TextContent(text), expect)

    return [
        tl("empty", "", Expect.REJECT),
        tl("blank", " \n\t ", Expect.REJECT),
        tl("4,097 characters", "x" * 4097, Expect.REJECT),
        tl("100,000 characters", HUGE, Expect.REJECT),
        tl("4,096 characters", "x" * 4096, Expect.ACCEPT),
        tl("emoji", "🎉 ¡Listo! 👍🏽", Expect.ACCEPT),
        tl("RTL", "مرحبا، طلبك جاهز", Expect.ACCEPT),
        tl("zero-width only", "\u200b\u200b", Expect.EITHER),
        tl("NUL", "a\x00b", Expect.EITHER),
        tl("lone surrogate", "a\ud800b", Expect.EITHER),
        tl("empty chat id", "Hola", Expect.REJECT, to="chat:"),
        tl("empty jid", "Hola", Expect.REJECT, to="jid:"),
        tl("empty chat name", "Hola", Expect.REJECT, to="name:"),
        tl("unknown reference kind", "Hola", Expect.REJECT, to="group:123"),
        tl("huge chat name", "Hola", Expect.EITHER, to="name:" + "x" * 1000),
    ]


def media_cases(good: str, files: dict[str, str]) -> list[SendCase]:
    """Links for Cliengo's image template 12 and for a TimelinesAI image; `files` maps a fault to its URL."""
    links = {
        **files,
        "ftp scheme": "ftp://127.0.0.1/a.png",
        "file scheme": "file:///etc/passwd",
        "javascript scheme": "javascript:alert(1)",
        "data scheme": "data:image/png;base64,iVBORw0KGgo=",
        "mailto scheme": "mailto:ana@example.com",
        "not a URL": "not a url",
        "no host": "http://",
        "broken IPv6 host": "https://[::1",
        "nothing listening": "http://127.0.0.1:9/a.png",
        "scheme-relative": "//127.0.0.1/a.png",
        "empty": "",
        "blank": "   ",
        "huge": "http://127.0.0.1/" + "a" * 5000 + ".png",
        "space in host": "http://exa mple.com/a.png",
        "port out of range": "http://127.0.0.1:99999/a.png",
    }
    cases = [
        SendCase("media", "cliengo: good image", "cliengo", UY, _cliengo_image(good), Expect.ACCEPT),
        SendCase("media", "timelinesai: good image", "timelinesai", UY, MediaContent(MediaKind.IMAGE, good), Expect.ACCEPT),
    ]
    # TimelinesAI sends any file as an attachment: only the link itself and the size are its business.
    # What its server does not say (type, length, HEAD at all) is a warning: without "send anyway", held back.
    any_type = {"image is a PDF", "HTML page", "no content type"}
    for name, url in links.items():
        cases.append(SendCase("media", f"cliengo: {name}", "cliengo", UY, _cliengo_image(url), Expect.REJECT))
        expect = Expect.EITHER if name in any_type else Expect.REJECT
        cases.append(SendCase("media", f"timelinesai: {name}", "timelinesai", UY, MediaContent(MediaKind.IMAGE, url), expect))
    return cases


def _cliengo_image(url: str) -> TemplateContent:
    return TemplateContent("12", named_params={"name": "Ana", "pedido": "A-1"}, media_url=url)


# Callback bodies the relay or the console may be handed (Broadcasterbot and Chattigo).
BAD_CALLBACK_BODIES: tuple[bytes, ...] = (
    b"",
    b"not json",
    b"\xff\xfe\x00garbage",
    b"[]",
    b"null",
    b"42",
    b'"text"',
    b"{}",
    b'{"statuses": "queued"}',
    b'{"messages": {"text": "hola"}}',
    b'{"chatBeenClosed": true}',
    b'{"messaging_product": "whatsapp"}',
    b'{"messaging_product": "whatsapp", "type": "text"}',
    b"{" * 10_000,
    '{"texto": "ñandú"}'.encode("latin-1"),
)

# Bodies with a known envelope whose insides are wrong: the console reads them after the relay kept them.
BROKEN_BROADCASTERBOT_CALLBACKS: tuple[str, ...] = (
    '{"statuses": [{}]}',
    '{"statuses": [{"status": "success", "state": "read"}]}',
    '{"statuses": [{"messageId": 5, "state": "read"}]}',
    '{"statuses": [{"messageId": "m-1", "state": 7}]}',
    '{"statuses": [{"messageId": "m-1", "state": "no-such-state"}]}',
    '{"statuses": ["queued"]}',
    '{"messages": [{}]}',
    '{"messages": [{"messageId": "m-2", "contact": {"phone": "abc", "country": "ZZ"}, "text": {"body": "hola"}}]}',
    '{"messages": [{"messageId": "m-3", "contact": {"phone": "5544332211", "country": "MX"}}]}',
    '{"messages": [{"messageId": "m-4", "contact": null, "text": null}]}',
)
BROKEN_CHATTIGO_CALLBACKS: tuple[str, ...] = (
    '{"messaging_product": "whatsapp", "to": "", "type": "text", "text": {"body": "hola"}}',
    '{"messaging_product": "whatsapp", "to": "abc", "type": "text", "text": {"body": "hola"}}',
    '{"messaging_product": "whatsapp", "to": "5491100000000", "type": "text"}',
    '{"messaging_product": "whatsapp", "to": "5491100000000", "type": "hologram", "hologram": {}}',
    '{"messaging_product": "whatsapp", "to": "5491100000000", "type": "image", "image": {"link": 5}}',
    '{"chatBeenClosed": {"closed": "maybe"}}',
)

# Contact files: (name, bytes). Each must end in a file-level error or rows that say what is wrong.
CONTACT_FILES: tuple[tuple[str, bytes], ...] = (
    ("empty", b""),
    ("blank lines", b"\n\n  \n"),
    ("header only", b"name,phone\n"),
    ("no phone column", b"nombre,ciudad\nAna,Montevideo\n"),
    ("latin-1", "nombre;teléfono\nMartín Núñez;099123456\n".encode("latin-1")),
    ("cp1252 quotes", "name,phone\n\u201cAna\u201d,099123456\n".encode("cp1252")),
    ("utf-8 BOM", "\ufeffname,phone\nAna,099123456\n".encode()),
    ("utf-16", "name,phone\nAna,099123456\n".encode("utf-16")),
    ("utf-16 without BOM", "name,phone\nAna,099123456\n".encode("utf-16-le")),
    ("binary garbage", bytes(range(256)) * 4),
    ("NUL bytes", b"name,phone\nA\x00na,099\x00123456\n"),
    ("tabs", b"name\tphone\nAna\t099123456\n"),
    ("too many columns", b"name,phone\nAna,099123456,extra,more\n"),
    ("too few columns", b"name,phone\nAna\n"),
    ("garbage phones", "name,phone\nAna,abc\nBeto,+\nCarla,📞\n".encode()),
    ("repeated phones", b"name,phone\nAna,099123456\nAna2,+59899123456\n"),
    ("huge cell", b"name,phone\n" + b"x" * 200_000 + b",099123456\n"),
    ("unclosed quote", b'name,phone\n"Ana,099123456\n'),
    ("mixed newlines", b"name,phone\r\nAna,099123456\rBeto,099123457\n"),
    ("only phones, no header", b"099123456\n099123457\n"),
    ("RTL names", "name,phone\nمرحبا,099123456\n".encode()),
)

# Bulk recipient CSVs (text, already decoded by the dialog): wrong columns and numbers.
BULK_FILES: tuple[tuple[str, str], ...] = (
    ("empty", ""),
    ("header only", "phone,name\n"),
    ("no phone column", "nombre,pedido\nAna,A-1\n"),
    ("garbage numbers", "phone\nabc\n+\n\n"),
    ("repeated", "phone\n099123456\n+59899123456\n"),
    ("extra columns", "phone,a,b,c,d\n099123456,1,2,3,4\n"),
    ("semicolons", "phone;p1;p2\n099123456;Ana;A-1\n"),
    ("huge cell", "phone,name\n099123456," + "x" * 200_000 + "\n"),
    ("unclosed quote", 'phone,name\n"099123456,Ana\n'),
)

# Command lines (`centralita ...`) that must end in one clear sentence, a non-zero exit,
# nothing stored and nothing sent. `{deep}` and
# `{fifo}` name files the test makes. An account `cl` (Cliengo) exists.
_ADD = ("account", "add", "cliengo")
_KEYS = ("--api-key", "k", "--website-id", "1")
_HEYNOW = ("--username", "u", "--password", "p")
CLI_CASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name: invalid UTF-8", (*_ADD, "x\udcffy", *_KEYS)),
    ("name: escape sequence", (*_ADD, "a\x1b[31mred", *_KEYS)),
    ("name: bell", (*_ADD, "ding\x07", *_KEYS)),
    ("name: newline", (*_ADD, "two\nlines", *_KEYS)),
    ("name: tab", (*_ADD, "a\tb", *_KEYS)),
    ("name: 10,000 characters", (*_ADD, "n" * 10_000, *_KEYS)),
    ("base URL: port 99999", (*_ADD, "p", "--base-url", "http://127.0.0.1:99999/x", *_KEYS)),
    ("base URL: space in the host", (*_ADD, "s", "--base-url", "http://exa mple.com/", *_KEYS)),
    ("base URL: user and password", (*_ADD, "u", "--base-url", "http://ana:secreto@example.com/", *_KEYS)),
    ("base URL: port 0", (*_ADD, "z", "--base-url", "http://example.com:0/", *_KEYS)),
    ("region XX", (*_ADD, "r", *_KEYS, "--region", "XX")),
    ("platform id: superscript digits", ("account", "add", "heynow", "h1", *_HEYNOW, "--platform-id", "²³")),
    ("platform id: Arabic-Indic digits", ("account", "add", "heynow", "h2", *_HEYNOW, "--platform-id", "١٢٣")),
    ("platform id: 1,000 digits", ("account", "add", "heynow", "h3", *_HEYNOW, "--platform-id", "1" * 1000)),
    ("channel id: 10^30", ("account", "add", "heynow", "h4", *_HEYNOW, "--platform-id", "1", "--channel-id", "1" + "0" * 30)),
    (
        "user name: escape sequence",
        ("account", "add", "heynow", "h5", "--username", "u\x1b]0;x\x07", "--password", "p", "--platform-id", "1"),
    ),
    ("template: --params 1e30", ("template", "add", "cl", "t1", "--params", "1e30")),
    ("template: --params 10^25", ("template", "add", "cl", "t2", "--params", "1" + "0" * 25)),
    ("template: --params -1", ("template", "add", "cl", "t3", "--params=-1")),
    ("template: empty variable", ("template", "add", "cl", "t4", "--var", "")),
    ("template: spaced variable", ("template", "add", "cl", "t5", "--var", "a b")),
    ("template: body beyond its params", ("template", "add", "cl", "t6", "--params", "1", "--body", "{{1}} {{2}}")),
    (
        "template: body with an unknown variable",
        ("template", "add", "cl", "t7", "--var", "name", "--body", "{{name}} {{pedido}}"),
    ),
    ("template: name with a newline", ("template", "add", "cl", "t8\nx")),
    ("import: 100,000-deep JSON", ("template", "import", "cl", "{deep}")),
    ("import: /dev/zero", ("template", "import", "cl", "/dev/zero")),
    ("import: a FIFO", ("template", "import", "cl", "{fifo}")),
    ("import: a folder", ("template", "import", "cl", "/")),
    ("status 10^25", ("status", "1" + "0" * 25)),
    ("status -1", ("status", "--", "-1")),
    ("agenda --limit 2^63", ("agenda", "list", "cl", "--limit", str(2**63))),
    ("agenda --limit 0", ("agenda", "list", "cl", "--limit", "0")),
    ("send: unknown account with an escape", ("send", "no\x1b[2Jbody", "+59899123456", "--text", "hola")),
    ("--read-only send", ("--read-only", "send", "cl", "+59899123456", "--template", "7", "--param", "name=Ana")),
    ("--read-only account add", ("--read-only", *_ADD, "ro", *_KEYS)),
    ("--read-only status --poll", ("--read-only", "status", "1", "--poll")),
    ("--read-only database restore", ("--read-only", "database", "restore")),
)
