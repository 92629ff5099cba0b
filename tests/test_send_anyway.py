"""Each provider's rules as its document words them, through the real outbox and clients
against the sandbox: refusals stay refusals, what the console could not confirm is a
warning the agent may override, and an override sends exactly what was warned about."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from console.domain.accounts import Account, ProviderKind
from console.domain.content import MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.send_warnings import NeedsSendAnyway, WarningKind
from console.domain.templates import Template, TemplateKind
from console.sandbox.broadcasterbot import DEMO_API_KEY as BB_KEY
from console.sandbox.cliengo_catalogue import DEMO_API_KEY as CLIENGO_KEY
from console.sandbox.cliengo_catalogue import DEMO_WEBSITE
from console.sandbox.media_host import MediaFile, MediaHost, png_bytes
from console.sandbox.server import SandboxServer
from console.services.workspace import Workspace
from console.store.tables import MessageRow
from console.wording.wordbook import Wordbook
from tests.conftest import open_workspace, run_core

ENGLISH = Wordbook("en")  # sizes as the English screen writes them ("2,000,001 bytes", "6 MB")

PNG = png_bytes(8, 8)
UY = "+59899123456"
MEXICO_AS_TYPED = "+52 1 55 4433 2211"  # a Mexican mobile with the 1 many agents still type


@pytest.fixture
def host() -> Iterator[MediaHost]:
    with MediaHost() as media:
        media.add("no-head.png", MediaFile(PNG, "image/png", head_allowed=False))
        media.add("chunked.png", MediaFile(PNG, "image/png", send_length=False))
        media.add("logo.png", MediaFile(PNG, "image/png"))
        yield media


async def _timelinesai(workspace: Workspace, server: SandboxServer) -> Account:
    url = server.root_url + server.call(server.sandbox.timelinesai.webhook_url, "demo")
    return await workspace.accounts.add_account("tl", ProviderKind.TIMELINESAI, {"webhook_url": url})


async def _cliengo(workspace: Workspace, server: SandboxServer, **settings: str) -> Account:
    values = {"base_url": server.base_urls["cliengo"], "api_key": CLIENGO_KEY, "website_id": DEMO_WEBSITE, **settings}
    account = await workspace.accounts.add_account("cl", ProviderKind.CLIENGO, values)
    await workspace.templates.add(account, Template("12", kind=TemplateKind.IMAGE, variables=("name", "pedido")))
    return account


async def _broadcasterbot(workspace: Workspace, server: SandboxServer, customer: str) -> Account:
    account = await workspace.accounts.add_account(
        "bb", ProviderKind.BROADCASTERBOT, {"base_url": server.base_urls["broadcasterbot"], "api_key": BB_KEY}
    )
    await workspace.contacts.register(account, customer)
    return account


def _image_12(link: str) -> TemplateContent:
    return TemplateContent("12", named_params={"name": "Ana", "pedido": "A-1"}, media_url=link)


def test_a_link_whose_server_refuses_head_is_a_warning_where_no_head_rule_is_documented(
    tmp_path: Path, sandbox: SandboxServer, host: MediaHost
) -> None:
    """TimelinesAI documents no HEAD check: the link is sent once the agent says so.
    Cliengo documents one ("Debe permitir requests por el método HEAD"): refused."""
    image = MediaContent(MediaKind.IMAGE, host.url("no-head.png"), filename="no-head.png")

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            timelines = await _timelinesai(workspace, sandbox)
            with pytest.raises(NeedsSendAnyway) as held:
                await workspace.outbox.send(timelines, UY, image)
            sends_after_warning = sandbox.sandbox.log.count("timelinesai", "send")
            stored = await workspace.agenda.count(timelines.id)
            report = await workspace.outbox.check(timelines, UY, image)
            sent = await workspace.outbox.send(timelines, UY, image, send_anyway=report.warnings)
            events = await workspace.conversations.timeline(sent.id)
            cliengo = await _cliengo(workspace, sandbox)
            with pytest.raises(InvalidInput) as refused:
                await workspace.outbox.send(cliengo, UY, _image_12(host.url("no-head.png")), send_anyway=report.warnings)
            return held.value, sends_after_warning, stored, report, sent, events, refused.value

    held, sends_after_warning, stored, report, sent, events, refused = run_core(scenario())
    assert [w.kind for w in held.warnings] == [WarningKind.MEDIA_NOT_CHECKED]
    assert str(held.reason).startswith("the link's server refuses HEAD requests")
    assert "TimelinesAI fetches the file itself" in str(held.reason)
    assert (sends_after_warning, stored) == (0, 0)  # nothing sent, nothing stored
    assert report.warnings == held.warnings
    assert sent.state is DeliveryState.ACCEPTED
    assert any(e.detail and e.detail.english().startswith("Sent anyway despite a warning: media link:") for e in events)
    assert [m.file_url for m in sandbox.sandbox.timelinesai.sent_messages()] == [host.url("no-head.png")]
    assert not isinstance(refused, NeedsSendAnyway)
    assert "refuses HEAD requests, which Cliengo needs" in str(refused.reason)
    assert sandbox.sandbox.log.count("cliengo", "notifications") == 0


def test_a_chunked_download_is_a_warning_but_a_declared_size_over_the_limit_is_refused(
    tmp_path: Path, sandbox: SandboxServer, host: MediaHost
) -> None:
    host.add("big.pdf", MediaFile(b"%PDF", "application/pdf", claimed_length=2_000_001))

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await _timelinesai(workspace, sandbox)
            chunked = await workspace.outbox.check(account, UY, MediaContent(MediaKind.IMAGE, host.url("chunked.png")))
            with pytest.raises(InvalidInput) as refused:
                await workspace.outbox.check(account, UY, MediaContent(MediaKind.DOCUMENT, host.url("big.pdf")))
            return chunked, refused.value

    chunked, refused = run_core(scenario())
    [warning] = chunked.warnings
    assert str(warning.reason).startswith("the link's server does not say how big the file is, so the 2 MB limit is unchecked")
    # TimelinesAI: "El tamaño máximo del archivo adjunto es de 2 MB", at most 2 MB.
    too_big = "the link's file is 2,000,001 bytes; TimelinesAI allows at most 2,000,000 bytes for documents"
    assert ENGLISH.say(refused.reason) == too_big


def test_cliengo_refuses_a_file_of_exactly_its_maximum_before_any_request(
    tmp_path: Path, sandbox: SandboxServer, host: MediaHost
) -> None:
    """"el tamaño debe ser menor al máximo": 2,000,000 bytes is not below 2,000,000."""
    host.add("max.png", MediaFile(b"\0" * 2_000_000, "image/png"))
    host.add("below.png", MediaFile(b"\0" * 1_999_999, "image/png"))

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await _cliengo(workspace, sandbox)
            with pytest.raises(InvalidInput) as refused:
                await workspace.outbox.send(account, UY, _image_12(host.url("max.png")))
            requests = sandbox.sandbox.log.count("cliengo", "notifications")
            below = await workspace.outbox.send(account, UY, _image_12(host.url("below.png")))
            return refused.value, requests, below

    refused, requests, below = run_core(scenario())
    assert not isinstance(refused, NeedsSendAnyway)
    too_big = "the link's file is 2,000,000 bytes; Cliengo allows only files below 2,000,000 bytes for images"
    assert ENGLISH.say(refused.reason) == too_big
    assert requests == 0
    assert below.state is DeliveryState.ACCEPTED


def test_broadcasterbot_media_is_judged_by_whatsapps_limit_for_its_kind(
    tmp_path: Path, sandbox: SandboxServer, host: MediaHost
) -> None:
    """No size in Broadcasterbot's document: WhatsApp's per kind, not one invented 16 MB."""
    host.add("photo.jpg", MediaFile(b"\0", "image/jpeg", claimed_length=6_000_000))
    host.add("manual.pdf", MediaFile(b"%PDF", "application/pdf", claimed_length=40_000_000))

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await _broadcasterbot(workspace, sandbox, UY)
            with pytest.raises(InvalidInput) as photo:
                await workspace.outbox.check(account, UY, MediaContent(MediaKind.IMAGE, host.url("photo.jpg")))
            manual = await workspace.outbox.check(account, UY, MediaContent(MediaKind.DOCUMENT, host.url("manual.pdf")))
            return photo.value, manual

    photo, manual = run_core(scenario())
    assert ENGLISH.say(photo.reason) == "the link's file is 6 MB; WhatsApp allows at most 5 MB for images"
    assert [w.kind for w in manual.warnings] == [WarningKind.WINDOW_NOT_SEEN]  # 40 MB is fine for a document


def test_a_window_the_console_did_not_see_is_a_warning_and_broadcasterbot_judges_it(
    tmp_path: Path, sandbox: SandboxServer, host: MediaHost
) -> None:
    """A customer who wrote before the console was installed: their window is open at the
    provider, and the console, which never saw the message, lets the agent send anyway."""
    writer, silent = "+52 55 4433 2211", "+52 55 1122 3344"
    sandbox.call(sandbox.sandbox.broadcasterbot.customer_replies, "5544332211", "MX", "Hola, ¿me ayudan?")
    image = MediaContent(MediaKind.IMAGE, host.url("no-head.png"), filename="foto.png")

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await _broadcasterbot(workspace, sandbox, writer)
            await workspace.contacts.register(account, silent)
            with pytest.raises(NeedsSendAnyway) as held:
                await workspace.outbox.send(account, writer, TextContent("Claro, decime"))
            before = sandbox.sandbox.log.count("broadcasterbot", "send")
            text = await workspace.outbox.send(account, writer, TextContent("Claro, decime"), send_anyway=held.value.warnings)
            both = (await workspace.outbox.check(account, writer, image)).warnings
            with pytest.raises(NeedsSendAnyway):  # overriding one warning does not override the other
                await workspace.outbox.send(account, writer, image, send_anyway=both[:1])
            media = await workspace.outbox.send(account, writer, image, send_anyway=both)
            # Nobody wrote from this number: Broadcasterbot itself refuses the text.
            warned = (await workspace.outbox.check(account, silent, TextContent("Hola"))).warnings
            refused = await workspace.outbox.send(account, silent, TextContent("Hola"), send_anyway=warned)
            return held.value, before, text, both, media, refused

    held, before, text, both, media, refused = run_core(scenario())
    [warning] = held.warnings
    assert warning.kind is WarningKind.WINDOW_NOT_SEEN and warning.field.code == "field.session"
    assert str(warning.reason) == (
        "this console has received no message from this customer, so it cannot tell whether their 24 h window "
        "is open; outside it Concepto Móvil Broadcasterbot refuses free text, as only templates can open a conversation"
    )
    assert before == 0
    assert (text.state, text.raw_state) == (DeliveryState.ACCEPTED, "queued")
    assert {w.kind for w in both} == {WarningKind.WINDOW_NOT_SEEN, WarningKind.MEDIA_NOT_CHECKED}
    assert media.state is DeliveryState.ACCEPTED
    assert refused.state is DeliveryState.FAILED and refused.raw_state == "failed"


def test_numbers_as_people_write_them(tmp_path: Path, sandbox: SandboxServer) -> None:
    """"+52 1 …" is a Mexican mobile; a range the plan does not list is a warning, not a wall;
    Broadcasterbot still needs the number's country."""
    unlisted = "+1 415 123 1234"  # the TimelinesAI document's own example number

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            bb = await _broadcasterbot(workspace, sandbox, MEXICO_AS_TYPED)
            template = await workspace.outbox.send(bb, MEXICO_AS_TYPED, TemplateContent("bienvenida", ("Ana",)))
            timelines = await _timelinesai(workspace, sandbox)
            with pytest.raises(NeedsSendAnyway) as held:
                await workspace.outbox.send_text(timelines, unlisted, "Hola")
            sent = await workspace.outbox.send_text(timelines, unlisted, "Hola", send_anyway=held.value.warnings)
            with pytest.raises(InvalidInput) as no_country:
                await workspace.outbox.send(bb, unlisted, TemplateContent("bienvenida", ("Ana",)))
            return template, held.value, sent, no_country.value

    template, held, sent, no_country = run_core(scenario())
    assert template.state is DeliveryState.ACCEPTED
    body = json.loads(sandbox.sandbox.log.records("broadcasterbot", "send")[0].body)
    assert body["contacts"] == [{"phone": "5544332211", "country": "MX"}]
    [warning] = held.warnings
    assert (warning.kind, str(warning.field)) == (WarningKind.NUMBER_NOT_IN_PLAN, "phone")
    assert str(warning.reason).startswith("+1 415-123-1234 is not in the numbering plan this console knows for its country")
    assert sent.state is DeliveryState.ACCEPTED
    assert [m.recipient for m in sandbox.sandbox.timelinesai.sent_messages()] == ["+14151231234"]
    assert not isinstance(no_country, NeedsSendAnyway) and "belongs to no single country" in str(no_country.reason)


@pytest.mark.parametrize(("prefix", "destination"), [(None, "542994843975"), ("549", "5492994843975")])
def test_argentine_mobiles_reach_cliengo_as_the_account_says(
    tmp_path: Path, sandbox: SandboxServer, prefix: str | None, destination: str
) -> None:
    """Cliengo's examples write "542994843975" (no 9): the default; 549 is a setting away."""

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            settings = {"argentina_mobile_prefix": prefix} if prefix else {}
            account = await _cliengo(workspace, sandbox, **settings)
            return await workspace.outbox.send(account, "+54 9 299 484-3975", TemplateContent("7", named_params={"name": "Ana"}))

    assert run_core(scenario()).state is DeliveryState.ACCEPTED
    [sent] = sandbox.sandbox.cliengo.notifications_sent()
    assert sent.destination == destination


def test_a_number_newer_than_the_plan_is_registered_and_sent_to_broadcasterbot_anyway(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """Broadcasterbot's document asks for a "Numero local" and its country, and names no
    numbering-plan check: the console warns, the agent confirms, the provider accepts."""
    unlisted = "+52 10 1234 5678"  # ten digits, as Mexico's numbers; a range the plan does not list

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.accounts.add_account(
                "bb", ProviderKind.BROADCASTERBOT, {"base_url": sandbox.base_urls["broadcasterbot"], "api_key": BB_KEY}
            )
            with pytest.raises(NeedsSendAnyway) as held:
                await workspace.contacts.register(account, unlisted)
            registrations = sandbox.sandbox.log.count("broadcasterbot", "register_contacts")
            await workspace.contacts.register(account, unlisted, send_anyway=held.value.warnings)
            template = TemplateContent("bienvenida", ("Ana",))
            warned = (await workspace.outbox.check(account, unlisted, template)).warnings
            sent = await workspace.outbox.send(account, unlisted, template, send_anyway=warned)
            return held.value, registrations, sent

    held, registrations, sent = run_core(scenario())
    [warning] = held.warnings
    assert warning.kind is WarningKind.NUMBER_NOT_IN_PLAN
    assert registrations == 0  # nothing reached the provider before the go-ahead
    assert sent.state is DeliveryState.ACCEPTED
    body = json.loads(sandbox.sandbox.log.records("broadcasterbot", "send")[-1].body)
    assert body["contacts"] == [{"phone": "1012345678", "country": "MX"}]


def test_a_broadcasterbot_template_with_a_media_link_is_refused_before_anything_is_stored(
    tmp_path: Path, sandbox: SandboxServer, host: MediaHost
) -> None:
    """Broadcasterbot's template object is name, params and language, one content field at a
    time: a template with media would fail at the client after being stored, so pre-flight
    refuses it, in the catalogue or not."""
    link = host.url("logo.png")

    def stored(db: Session) -> int:
        return len(db.exec(select(MessageRow)).all())

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await _broadcasterbot(workspace, sandbox, MEXICO_AS_TYPED)
            await workspace.templates.add(account, Template.from_body("promo", "Hola {{1}}", "es_mx", TemplateKind.IMAGE))
            refusals = []
            for name in ("promo", "bienvenida"):  # in the console's catalogue, and not
                with pytest.raises(InvalidInput) as refused:
                    await workspace.outbox.send(account, MEXICO_AS_TYPED, TemplateContent(name, ("Ana",), media_url=link))
                refusals.append(refused.value)
            return refusals, await workspace.db.run(stored)

    refusals, messages = run_core(scenario())
    for refused in refusals:
        assert not isinstance(refused, NeedsSendAnyway)
        assert (str(refused.field), str(refused.reason)) == (
            "media link",
            "Concepto Móvil Broadcasterbot templates carry no media: send the file as a message of its own",
        )
    assert messages == 0
    assert sandbox.sandbox.log.count("broadcasterbot", "send") == 0
