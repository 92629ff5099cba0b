"""The simulated Chattigo bot: reads the inbound envelopes an ISV forwards and answers each
customer with a short scripted conversation of WhatsApp Cloud API send payloads.

Every forward moves the customer's conversation one step; the last step closes the chat
with Chattigo's notice, and the next forward starts a new conversation. Choices inside a
step (order numbers, which store) depend only on the seed, the channel, the customer and
the step, so the same forwards always get the same answers.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

CLOSING_MESSAGE = "El chat finalizo"
MEDIA_HOST = "https://media.example.com/chattigo"

_STORES = (
    ("Sucursal Centro", "Av. Corrientes 1234, CABA", -34.6037, -58.3816),
    ("Sucursal Palermo", "Av. Santa Fe 3253, CABA", -34.5875, -58.4096),
    ("Sucursal Belgrano", "Av. Cabildo 2040, CABA", -34.5614, -58.4560),
)


class EnvelopeError(ValueError):
    """The forwarded body is not a Cloud API inbound-webhook envelope; the text says why."""


@dataclass(frozen=True, slots=True)
class Inbound:
    """One customer message found in a forwarded envelope."""

    channel: str  # metadata.phone_number_id: the ISV's waId
    customer: str  # `from`
    name: str  # the contact's profile name, "" when absent
    message_id: str


def read_envelope(body: Any) -> tuple[list[str], list[Inbound]]:
    """(every channel the envelope names, its customer messages). Status-only envelopes
    name a channel and carry no messages.

    The doc: "Chattigo procesa los mensajes exactamente según la estructura que proviene de
    WhatsApp", so every field Meta's inbound webhook always carries is required here: the
    entry's `id`, the change's `field` ("messages"), `messaging_product`, both `metadata`
    ids, each contact's `wa_id`, each message's `from`, `id`, `timestamp`, `type` and the
    object its type names (a text's `body`)."""
    if not isinstance(body, Mapping) or body.get("object") != "whatsapp_business_account":
        raise EnvelopeError('object must be "whatsapp_business_account"')
    entries = body.get("entry")
    if not isinstance(entries, list) or not entries:
        raise EnvelopeError("entry must be a non-empty list")
    channels: list[str] = []
    messages: list[Inbound] = []
    for entry in entries:
        _field(entry, "id", "entry[].id")
        changes = entry.get("changes")
        if not isinstance(changes, list) or not changes:
            raise EnvelopeError("entry[].changes must be a non-empty list")
        for change in changes:
            if not isinstance(change, Mapping) or change.get("field") != "messages":
                raise EnvelopeError('entry[].changes[].field must be "messages"')
            value = change.get("value")
            if not isinstance(value, Mapping):
                raise EnvelopeError("entry[].changes[].value must be an object")
            if value.get("messaging_product") != "whatsapp":
                raise EnvelopeError('value.messaging_product must be "whatsapp"')
            _field(value.get("metadata"), "display_phone_number", "metadata.display_phone_number")
            channel = _field(value.get("metadata"), "phone_number_id", "metadata.phone_number_id")
            channels.append(channel)
            names = _profile_names(value.get("contacts", []))
            for message in _list(value.get("messages", []), "messages"):
                messages.append(_inbound(message, channel, names))
    return channels, messages


def _inbound(message: Any, channel: str, names: Mapping[str, str]) -> Inbound:
    customer = _field(message, "from", "messages[].from")
    message_id = _field(message, "id", "messages[].id")
    if not _field(message, "timestamp", "messages[].timestamp").isdigit():
        raise EnvelopeError("messages[].timestamp must be seconds since 1970, as digits")
    kind = _field(message, "type", "messages[].type")
    if kind == "contacts":
        cards = message.get("contacts")
        if not isinstance(cards, list) or not cards:
            raise EnvelopeError("messages[].contacts must be a non-empty list, as messages[].type says")
        for card in cards:
            _field(card.get("name") if isinstance(card, Mapping) else None, "formatted_name", "contacts[].name.formatted_name")
    elif kind not in _WITHOUT_CONTENT:
        content = message.get(kind)
        if not isinstance(content, Mapping):
            raise EnvelopeError(f"messages[].{kind} must be an object, as messages[].type says")
        for key in _REQUIRED.get(kind, ()):
            _field(content, key, f"messages[].{kind}.{key}")
        if kind == "location" and not all(_is_number(content.get(key)) for key in ("latitude", "longitude")):
            raise EnvelopeError("messages[].location needs latitude and longitude as numbers")
        if kind == "interactive":
            reply = content.get(content["type"])
            for key in ("id", "title"):
                _field(reply, key, f"messages[].interactive.{content['type']}.{key}")
    return Inbound(channel, customer, names.get(customer, ""), message_id)


# What each inbound type's object always holds in Meta's webhook (files come as an id to
# download with the access token, never as a link); `unsupported` and `system` carry no
# object of their name.
_REQUIRED: dict[str, tuple[str, ...]] = {
    "text": ("body",),
    "image": ("id", "mime_type"),
    "audio": ("id", "mime_type"),
    "video": ("id", "mime_type"),
    "document": ("id", "mime_type"),
    "sticker": ("id", "mime_type"),
    "button": ("payload", "text"),
    "reaction": ("message_id",),
    "interactive": ("type",),
}
_WITHOUT_CONTENT = frozenset({"unsupported", "unknown", "system", "request_welcome"})


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _list(value: Any, label: str) -> list[Any]:
    if not isinstance(value, list):
        raise EnvelopeError(f"{label} must be a list")
    return value


def _field(container: Any, key: str, label: str) -> str:
    value = container.get(key) if isinstance(container, Mapping) else None
    if not isinstance(value, str) or not value:
        raise EnvelopeError(f"{label} is required")
    return value


def _profile_names(contacts: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    for contact in _list(contacts, "contacts"):
        wa_id = _field(contact, "wa_id", "contacts[].wa_id")
        profile = contact.get("profile")
        name = profile.get("name") if isinstance(profile, Mapping) else None
        names[wa_id] = name if isinstance(name, str) else ""
    return names


def _message(to: str, kind: str, content: Any, reply_to: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": kind}
    payload[kind] = content
    if reply_to is not None:
        payload["context"] = {"message_id": reply_to}
    return payload


def _greeting(inbound: Inbound, rng: random.Random) -> list[dict[str, Any]]:
    hello = f"¡Hola {inbound.name}!" if inbound.name else "¡Hola!"
    to = inbound.customer
    return [
        _message(to, "text", {"preview_url": False, "body": f"{hello} Soy Tigo, el asistente virtual."}, inbound.message_id),
        _message(
            to,
            "interactive",
            {
                "type": "button",
                "body": {"text": "¿Sobre qué querés consultar?"},
                "action": {
                    "buttons": [
                        {"type": "reply", "reply": {"id": "ventas", "title": "Ventas"}},
                        {"type": "reply", "reply": {"id": "pedidos", "title": "Mis pedidos"}},
                        {"type": "reply", "reply": {"id": "soporte", "title": "Soporte"}},
                    ]
                },
            },
        ),
    ]


def _order(inbound: Inbound, rng: random.Random) -> list[dict[str, Any]]:
    to = inbound.customer
    return [_message(to, "reaction", {"message_id": inbound.message_id, "emoji": "\N{THUMBS UP SIGN}"}), *_shipped(inbound, rng)]


def _shipped(inbound: Inbound, rng: random.Random) -> list[dict[str, Any]]:
    """The order's template and photo. The template is one the Cloud API sandbox approved
    (`pedido_enviado`, es: an image header and two body values), so a paired demo sends it."""
    order = rng.randint(10000, 99999)
    day = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}"
    photo = f"{MEDIA_HOST}/pedidos/{order}.jpg"
    to = inbound.customer
    header = {"type": "header", "parameters": [{"type": "image", "image": {"link": photo}}]}
    body = {"type": "body", "parameters": [{"type": "text", "text": str(order)}, {"type": "text", "text": day}]}
    return [
        _message(to, "template", {"name": "pedido_enviado", "language": {"code": "es"}, "components": [header, body]}),
        _message(to, "image", {"link": photo, "caption": f"Tu pedido {order}"}),
    ]


def _order_status(inbound: Inbound, rng: random.Random) -> list[dict[str, Any]]:
    """One answer in three messages: a text, the order's template and its photo."""
    hello = f"¡Hola {inbound.name}!" if inbound.name else "¡Hola!"
    text = {"preview_url": False, "body": f"{hello} Ya despachamos tu pedido."}
    return [_message(inbound.customer, "text", text, inbound.message_id), *_shipped(inbound, rng)]


def _documents(inbound: Inbound, rng: random.Random) -> list[dict[str, Any]]:
    invoice = rng.randint(1000, 9999)
    name, address, latitude, longitude = rng.choice(_STORES)
    to = inbound.customer
    return [
        _message(
            to,
            "document",
            {"link": f"{MEDIA_HOST}/facturas/{invoice}.pdf", "filename": f"factura-{invoice}.pdf", "caption": "Tu factura"},
        ),
        _message(to, "location", {"latitude": latitude, "longitude": longitude, "name": name, "address": address}),
        _message(
            to,
            "contacts",
            [
                {
                    "name": {"formatted_name": "Soporte Chattigo", "first_name": "Soporte"},
                    "phones": [{"phone": "+54 11 5555-0000", "type": "WORK"}],
                }
            ],
        ),
    ]


def _farewell(inbound: Inbound, rng: random.Random) -> list[dict[str, Any]]:
    thanks = f"Gracias por escribirnos, {inbound.name}." if inbound.name else "Gracias por escribirnos."
    return [_message(inbound.customer, "text", {"preview_url": False, "body": f"{thanks} ¡Hasta pronto!"})]


Step = Callable[[Inbound, random.Random], list[dict[str, Any]]]
# `tour` shows every kind of answer over four messages; `order` answers the first message
# with a text, a template and an image, and closes the chat after the second.
SCRIPTS: dict[str, tuple[Step, ...]] = {
    "tour": (_greeting, _order, _documents, _farewell),
    "order": (_order_status, _farewell),
}


class ScriptedBot:
    """Conversations by (channel, customer). Use it from the server's loop only."""

    def __init__(self, seed: int, *, close_inline: bool = False, script: str = "tour") -> None:
        self._seed = seed
        self._script = SCRIPTS[script]
        # The doc sends the closing notice "together with the closing reply": a separate
        # post by default, merged into the last reply's body when `close_inline`.
        self._close_inline = close_inline
        self._steps: dict[tuple[str, str], int] = {}

    def answer(self, inbound: Inbound) -> list[dict[str, Any]]:
        """The bot's payloads for one customer message, in the order it posts them."""
        key = (inbound.channel, inbound.customer)
        step = self._steps.get(key, 0)
        rng = random.Random(f"{self._seed}:{inbound.channel}:{inbound.customer}:{step}")
        payloads = self._script[step](inbound, rng)
        if step + 1 < len(self._script):
            self._steps[key] = step + 1
            return payloads
        del self._steps[key]
        if self._close_inline:
            return [*payloads[:-1], {**payloads[-1], **closing_notice()}]
        return [*payloads, closing_notice()]


def closing_notice() -> dict[str, Any]:
    """Chattigo's end-of-chat notice, exactly as the doc shows it."""
    return {"chatBeenClosed": {"closed": True, "message": CLOSING_MESSAGE}}


# The doc sends the closing notice "en conjunto a la respuesta de cierre" without saying
# how. Variants of the `closing` route (see `FaultKind.VARIANT`): `inline` merges the
# notice into the closing reply's body; `inline_unreadable` does too, and that reply lacks
# the `to` every Cloud API message needs, so the body holds one item a reader cannot use.
CLOSING_VARIANTS: tuple[str, ...] = ("inline", "inline_unreadable")


def closing_in_variant(replies: list[dict[str, Any]], variant: str) -> list[dict[str, Any]]:
    """`replies` ending in a separate closing notice, with the notice as `variant` says."""
    *answers, notice = replies
    last = {key: value for key, value in answers[-1].items() if variant != "inline_unreadable" or key != "to"}
    return [*answers[:-1], {**last, **notice}]


def closes_apart(replies: list[dict[str, Any]]) -> bool:
    """Whether the last of `replies` is the closing notice, posted on its own."""
    return len(replies) > 1 and replies[-1] == closing_notice()
