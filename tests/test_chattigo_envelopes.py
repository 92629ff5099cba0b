"""What a paired Chattigo bot is forwarded: each customer message of Meta's webhook in the
envelope it came in, every type as Meta wrote it, accepted by the (simulated) bot."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest

from console.providers.chattigo.client import ChattigoClient, ChattigoSettings
from console.providers.chattigo.envelopes import message_envelopes
from console.providers.errors import Rejected
from console.sandbox import chattigo as chattigo_sandbox
from console.sandbox.server import SandboxServer
from tests.conftest import run_core

PHONE_NUMBER_ID = chattigo_sandbox.PAIRED_WA_ID
ANA, LUIS = "59899123456", "5491155551234"
IMAGE = {
    "id": "1479537139650973",
    "mime_type": "image/jpeg",
    "sha256": "HgarjtS2F5lM+Xu1qgcvT8lJv3sTwE9lgnGgvGlXzVw=",
    "caption": "mi DNI",
}
# One message of every type a customer can send, as Meta's webhook reference shows them.
MESSAGES: list[dict[str, Any]] = [
    {"type": "text", "text": {"body": "Hola"}},
    {"type": "image", "image": IMAGE},
    {"type": "document", "document": {"id": "2", "mime_type": "application/pdf", "sha256": "x", "filename": "factura.pdf"}},
    {"type": "audio", "audio": {"id": "3", "mime_type": "audio/ogg; codecs=opus", "sha256": "x", "voice": True}},
    {"type": "video", "video": {"id": "4", "mime_type": "video/mp4", "sha256": "x"}},
    {"type": "sticker", "sticker": {"id": "5", "mime_type": "image/webp", "sha256": "x", "animated": False}},
    {
        "type": "location",
        "location": {"latitude": -34.9011, "longitude": -56.1645, "name": "Oficina", "address": "18 de Julio 1234"},
    },
    {
        "type": "contacts",
        "contacts": [
            {
                "name": {"formatted_name": "Luis Pérez", "first_name": "Luis"},
                "phones": [{"phone": "+598 99 111 222", "wa_id": "59899111222", "type": "CELL"}],
            }
        ],
    },
    {"type": "interactive", "interactive": {"type": "button_reply", "button_reply": {"id": "pedidos", "title": "Mis pedidos"}}},
    {
        "type": "interactive",
        "interactive": {
            "type": "list_reply",
            "list_reply": {"id": "centro", "title": "Sucursal Centro", "description": "Av. Corrientes"},
        },
    },
    {
        "type": "button",
        "button": {"payload": "SI_CONFIRMO", "text": "Sí, confirmo"},
        "context": {"from": "59829000000", "id": "wamid.tpl"},
    },
]


def _webhook() -> dict[str, Any]:
    """One body as Meta batches them: two customers' messages and a status about one of ours."""
    messages = [
        {"from": ANA if index % 2 == 0 else LUIS, "id": f"wamid.in{index}", "timestamp": str(1733400000 + index), **message}
        for index, message in enumerate(MESSAGES)
    ]
    status = {"id": "wamid.out1", "status": "read", "timestamp": "1733400100", "recipient_id": ANA}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "59829000000", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Ana"}, "wa_id": ANA}, {"profile": {"name": "Luis"}, "wa_id": LUIS}],
        "messages": messages,
        "statuses": [status],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


def test_each_message_is_cut_out_with_its_sender_and_every_field_meta_wrote() -> None:
    webhook = _webhook()
    envelopes = message_envelopes(json.dumps(webhook))
    value = webhook["entry"][0]["changes"][0]["value"]
    assert list(envelopes) == [message["id"] for message in value["messages"]]
    for message in value["messages"]:
        envelope = envelopes[message["id"]]
        assert envelope["object"] == "whatsapp_business_account" and envelope["entry"][0]["id"] == "102290129340398"
        [change] = envelope["entry"][0]["changes"]
        assert change["field"] == "messages"
        sender = next(contact for contact in value["contacts"] if contact["wa_id"] == message["from"])
        assert change["value"] == {
            "messaging_product": "whatsapp",
            "metadata": value["metadata"],
            "contacts": [sender],
            "messages": [message],
        }


def test_statuses_and_unreadable_bodies_give_nothing_to_forward() -> None:
    webhook = _webhook()
    del webhook["entry"][0]["changes"][0]["value"]["messages"]
    assert message_envelopes(json.dumps(webhook)) == {}
    assert message_envelopes("not json") == {} and message_envelopes("[]") == {}


@pytest.fixture
def server() -> Any:
    with SandboxServer() as running:
        yield running


def _forward_all(server: SandboxServer, envelopes: list[dict[str, Any]]) -> list[Exception | None]:
    async def scenario() -> list[Exception | None]:
        settings = ChattigoSettings(
            base_url=server.base_urls["chattigo"], username=chattigo_sandbox.DEMO_USER, wa_id=PHONE_NUMBER_ID
        )
        outcomes: list[Exception | None] = []
        async with httpx.AsyncClient() as http:
            client = ChattigoClient(http, settings, chattigo_sandbox.DEMO_PASSWORD)
            for envelope in envelopes:
                try:
                    await client.forward_envelope(envelope)
                    outcomes.append(None)
                except Rejected as error:
                    outcomes.append(error)
        return outcomes

    return run_core(scenario())


def test_the_bot_takes_every_type_of_message_and_answers_each(server: SandboxServer) -> None:
    envelopes = list(message_envelopes(json.dumps(_webhook())).values())
    assert _forward_all(server, envelopes) == [None] * len(MESSAGES)
    # No webhook was set: each answer the bot wrote was dropped, at least one per message.
    assert server.call(lambda: server.sandbox.chattigo.dropped_replies) >= len(MESSAGES)


@pytest.mark.parametrize(
    ("index", "path", "named"),
    [
        (1, ("image", "mime_type"), "messages[].image.mime_type"),
        (6, ("location", "latitude"), "location needs latitude and longitude"),
        (7, ("contacts",), "messages[].contacts must be a non-empty list"),
        (8, ("interactive", "button_reply", "title"), "messages[].interactive.button_reply.title"),
        (10, ("button", "payload"), "messages[].button.payload"),
    ],
)
def test_the_bot_refuses_a_message_missing_what_meta_always_sends(
    server: SandboxServer, index: int, path: tuple[str, ...], named: str
) -> None:
    envelope = copy.deepcopy(list(message_envelopes(json.dumps(_webhook())).values())[index])
    holder = envelope["entry"][0]["changes"][0]["value"]["messages"][0]
    for key in path[:-1]:
        holder = holder[key]
    del holder[path[-1]]
    [refused] = _forward_all(server, [envelope])
    assert isinstance(refused, Rejected) and named in refused.message
