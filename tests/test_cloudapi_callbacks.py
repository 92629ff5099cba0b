"""Reading the Cloud API's webhooks: every message type, statuses with their errors and
billing, business-scoped user ids, and items that cannot be read set aside one by one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from console.domain.callbacks import CustomerMessage, ReportedStatus, TemplateReviewed, UnreadableItem
from console.domain.content import DescribedContent, LocationContent, MediaContent, MediaKind, TextContent
from console.domain.lifecycle import DeliveryState
from console.providers.errors import MalformedAnswer
from console.providers.whatsapp_cloud.callbacks import (
    CAPTIONED_FILE_WITHOUT_ID,
    REACTED,
    REACTION_REMOVED,
    SENT_AN_ORDER,
    SHARED_CONTACTS,
    parse_callback,
)
from console.sandbox.cloudapi_wire import envelope, status_error
from console.wording.wordbook import Wordbook

METADATA = {"display_phone_number": "59829000000", "phone_number_id": "106540352242922"}
ANA = {"profile": {"name": "Ana"}, "wa_id": "59899123456"}


def _body(**value: Any) -> str:
    return json.dumps(envelope("102290129340398", METADATA, value))


def _message(kind: str, part: Any, **extra: Any) -> dict[str, Any]:
    return {"from": "59899123456", "id": f"wamid.{kind}", "timestamp": "1700000000", "type": kind, kind: part, **extra}


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        (_message("text", {"body": "Hola"}), TextContent("Hola")),
        (
            _message("image", {"id": "m1", "mime_type": "image/jpeg", "caption": "mi foto"}),
            MediaContent(MediaKind.IMAGE, "", "mi foto", mime_type="image/jpeg", media_id="m1"),
        ),
        (
            _message("document", {"id": "m2", "filename": "factura.pdf"}),
            MediaContent(MediaKind.DOCUMENT, "", filename="factura.pdf", media_id="m2"),
        ),
        (_message("audio", {"id": "m3", "voice": True}), MediaContent(MediaKind.AUDIO, "", media_id="m3")),
        (_message("video", {"id": "m4"}), MediaContent(MediaKind.VIDEO, "", media_id="m4")),
        (_message("sticker", {"id": "m5", "animated": False}), MediaContent(MediaKind.IMAGE, "", media_id="m5")),
        (  # no id to fetch it by
            _message("document", {"filename": "factura.pdf"}),
            DescribedContent(CAPTIONED_FILE_WITHOUT_ID(caption="(factura.pdf)")),
        ),
        (_message("reaction", {"message_id": "wamid.x", "emoji": "👍"}), DescribedContent(REACTED(emoji="👍"))),
        (_message("reaction", {"message_id": "wamid.x", "emoji": ""}), DescribedContent(REACTION_REMOVED())),
        (_message("button", {"text": "Sí", "payload": "si"}), TextContent("Sí")),  # what the customer tapped: their words
        (
            _message("interactive", {"type": "list_reply", "list_reply": {"id": "a", "title": "Envío"}}),
            TextContent("Envío"),
        ),
        (
            {**_message("contacts", None), "contacts": [{"name": {"formatted_name": "Juan Pérez"}, "phones": []}]},
            DescribedContent(SHARED_CONTACTS(count=1, names="Juan Pérez")),
        ),
        (_message("order", {"catalog_id": "c1", "product_items": []}), DescribedContent(SENT_AN_ORDER())),
        (
            _message("location", {"latitude": -34.9, "longitude": -56.16, "name": "Oficina", "address": "Av. 18 de Julio"}),
            LocationContent(-34.9, -56.16, "Oficina", "Av. 18 de Julio"),
        ),
    ],
    ids=lambda value: value.get("type") if isinstance(value, dict) else "",
)
def test_every_message_type_reaches_the_conversation(message: dict[str, Any], shown: object) -> None:
    [item] = parse_callback(_body(contacts=[ANA], messages=[message]))
    assert isinstance(item, CustomerMessage)
    assert item.sender is not None and item.sender.digits == "59899123456"
    assert item.content == shown and item.name == "Ana"


def test_an_unsupported_message_says_why_in_meta_words() -> None:
    message = {**_message("unsupported", {}), "errors": [status_error(131051, "Message type unknown")]}
    [item] = parse_callback(_body(contacts=[ANA], messages=[message]))
    assert isinstance(item, CustomerMessage) and isinstance(item.content, DescribedContent)
    assert "131051" in item.content.notice.english()


def test_described_messages_read_in_the_agents_language() -> None:
    contacts = {**_message("contacts", None), "contacts": [{"name": {"formatted_name": n}} for n in ("Ana", "Juan")]}
    reaction = _message("reaction", {"message_id": "wamid.x", "emoji": "👍"})
    said = []
    for message in (reaction, contacts):
        [item] = parse_callback(_body(contacts=[ANA], messages=[message]))
        assert isinstance(item, CustomerMessage) and isinstance(item.content, DescribedContent)
        said.append(Wordbook.for_locale("es_UY").say(item.content.notice))
    assert said == ["Reaccionó con 👍", "Compartió 2 contactos: Ana, Juan"]


def test_statuses_keep_pricing_and_a_failure_says_what_to_do() -> None:
    delivered = {
        "id": "wamid.1",
        "status": "delivered",
        "timestamp": "1700000001",
        "recipient_id": "59899123456",
        "conversation": {"id": "c1", "origin": {"type": "service"}},
        "pricing": {"billable": False, "pricing_model": "PMP", "category": "service"},
    }
    failed = {
        "id": "wamid.2",
        "status": "failed",
        "timestamp": "1700000002",
        "recipient_id": "59899123456",
        "errors": [status_error(131047, "more than 24 hours have passed")],
    }
    first, second = parse_callback(_body(statuses=[delivered, failed]))
    assert isinstance(first, ReportedStatus) and first.state is DeliveryState.DELIVERED
    assert first.reason is not None and first.reason.english() == "Conversation: service; pricing: service (free)"
    assert first.reason.code == "cloudapi.billing"
    assert Wordbook.for_locale("es_UY").say(first.reason) == "Conversación: service; tarifa: service (gratuita)"
    assert first.payload is not None and '"pricing"' in first.payload
    assert isinstance(second, ReportedStatus) and second.state is DeliveryState.FAILED
    assert second.reason is not None and second.reason.code == "cloudapi.window_closed"
    assert "send an approved template" in second.reason.english() and "code 131047" in second.reason.english()


@pytest.mark.parametrize("code", [131026, 131049, 131056, 130429, 131048, 132001, 132000, 131051, 190, 100])
def test_a_failed_status_with_any_mapped_code_carries_its_sentence(code: int) -> None:
    failed = {"id": "w", "status": "failed", "timestamp": "1", "recipient_id": "1", "errors": [status_error(code, "why")]}
    [item] = parse_callback(_body(statuses=[failed]))
    assert isinstance(item, ReportedStatus) and item.reason is not None
    said = item.reason.english()
    assert f"code {code}" in said and "why" in said and "could not deliver" not in said


def test_a_customer_hiding_their_number_is_named_by_their_user_id() -> None:
    contact = {"profile": {"name": "Bea"}, "user_id": "UY.1502576394655843"}
    message = {"from_user_id": "UY.1502576394655843", "id": "wamid.b", "timestamp": "1", "type": "text", "text": {"body": "Hola"}}
    [item] = parse_callback(_body(contacts=[contact], messages=[message]))
    assert isinstance(item, CustomerMessage)
    assert item.sender is None and item.user_id == "UY.1502576394655843" and item.name == "Bea"


def test_one_unreadable_item_never_loses_its_neighbours() -> None:
    good = _message("text", {"body": "Hola"})
    items = parse_callback(
        _body(
            contacts=[ANA],
            messages=[{"id": "wamid.nobody", "type": "text", "text": {"body": "?"}}, good],
            statuses=[{"id": "wamid.1", "status": "warning"}, {"status": "read"}],
        )
    )
    unreadable = [i for i in items if isinstance(i, UnreadableItem)]
    assert len(unreadable) == 3 and any(i.reason.code == "cloudapi.message_without_sender" for i in unreadable)
    assert [i.provider_message_id for i in items if isinstance(i, CustomerMessage)] == ["wamid.text"]


def test_a_body_that_is_no_webhook_is_refused_whole() -> None:
    with pytest.raises(MalformedAnswer):
        parse_callback(json.dumps({"messages": []}))


def _review(**value: object) -> str:
    change = {"field": "message_template_status_update", "value": value}
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]})


def test_a_template_review_gives_its_new_status_and_other_template_events_change_none() -> None:
    approved = _review(event="APPROVED", message_template_name="pedido", message_template_language="es_AR", reason="NONE")
    assert parse_callback(approved) == [TemplateReviewed("pedido", "es_AR", "APPROVED")]
    assert parse_callback(_review(event="ARCHIVED", message_template_name="pedido", message_template_language="es")) == []
    [unnamed] = parse_callback(_review(event="REJECTED", message_template_language="es"))
    assert isinstance(unnamed, UnreadableItem) and unnamed.reason.code == "cloudapi.template_review_unnamed"
