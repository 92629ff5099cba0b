"""The Cloud API's webhooks: `{"object": "whatsapp_business_account", "entry": [{"changes":
[{"field": "messages", "value": {"metadata", "contacts", "messages", "statuses"}}]}]}`.

Each message and status is read on its own: one that cannot be read is set aside (raw, with
the reason) and its neighbours are applied. A status keeps its `conversation` and `pricing`
in the payload kept with the event, and says them in its timeline line.

What is assumed:
- inbound files arrive as a media id, not a link: they are kept as `MediaContent` with that
  id and no link, for the client to fetch with the access token (`CloudApiClient.media`); a
  sticker is an image (`image/webp`); a file without its id is described by a notice naming the kind;
- a button's or a list's reply is the customer's words (its title); reactions, shared contacts,
  orders and messages the provider could not hand over are described by notices;
- a customer's business-scoped user id is `from_user_id` on the message and `user_id` on
  its contact (Meta's usernames rollout); a customer who hides their number comes with it
  alone, no `from` / `wa_id`, and is named by it;
- a `message_template_status_update` change names a template by name and language, and its
  `event` is the template's review status from then on when it is one of the statuses the
  templates endpoint reports (APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL,
  PENDING_DELETION, LIMIT_EXCEEDED); other events (archived, locked...) change no status and
  are passed over. A template this console has not fetched is not added by it: Fetch brings
  the template's body, the webhook only its status.
"""

from __future__ import annotations

import json
from typing import Any

from console.domain.callbacks import CallbackItem, CustomerMessage, ReportedStatus, TemplateReviewed, UnreadableItem
from console.domain.content import DescribedContent, InboundContent, LocationContent, MediaContent, MediaKind, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.notices import Notice, NoticeError, Wording
from console.domain.payloads import kept_payload
from console.domain.phones import parse_wa_id
from console.domain.user_ids import is_user_id
from console.providers.errors import MalformedAnswer
from console.providers.whatsapp_cloud.errors import PROVIDER, status_failure_reason

STATES = {
    "sent": DeliveryState.SENT,
    "delivered": DeliveryState.DELIVERED,
    "read": DeliveryState.READ,
    "failed": DeliveryState.FAILED,
    "deleted": DeliveryState.DELETED,
}
_FILES = ("image", "audio", "video", "document", "sticker")

TEMPLATE_FIELD = "message_template_status_update"
REVIEW_STATUSES = frozenset(
    ("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED", "IN_APPEAL", "PENDING_DELETION", "LIMIT_EXCEEDED")
)

# What a customer sent that the console has no content of its own for, as the chat says it.
REACTED = Wording("cloudapi.customer.reacted", "Reacted with {emoji}")
REACTION_REMOVED = Wording("cloudapi.customer.reaction_removed", "Removed their reaction")
SHARED_CONTACTS = Wording(
    "cloudapi.customer.shared_contacts", "Shared {count} contact: {names}", "Shared {count} contacts: {names}", "count"
)
SENT_AN_ORDER = Wording("cloudapi.customer.order", "Sent an order from the catalogue")
FILE_WITHOUT_ID = Wording("cloudapi.customer.file_without_id", "Sent a file that cannot be fetched: no id came with it")
CAPTIONED_FILE_WITHOUT_ID = Wording(
    "cloudapi.customer.captioned_file_without_id", "Sent a file that cannot be fetched (no id came with it): {caption}"
)
UNSUPPORTED = Wording("cloudapi.customer.unsupported", "Sent a message the provider could not hand over: {reason}")
UNKNOWN_KIND = Wording("cloudapi.customer.unknown_kind", "Sent a message of a kind this console cannot show ({kind})")
NO_ENTRY = Wording("cloudapi.webhook_without_entry", "{provider} sent a webhook without 'entry'.")
STATUS_NOT_OBJECT = Wording("cloudapi.status_not_object", "{provider} sent a status that is not an object.")
STATUS_WITHOUT_ID = Wording("cloudapi.status_without_id", "{provider} sent a status without the id of the message it is about.")
STATUS_UNLISTED = Wording("cloudapi.status_unlisted", "{provider} sent a status its reference does not list ({status}).")
MESSAGE_NOT_OBJECT = Wording("cloudapi.message_not_object", "{provider} sent a message that is not an object.")
MESSAGE_WITHOUT_ID = Wording("cloudapi.message_without_id", "{provider} sent a message without its id.")
SENDER_NOT_A_NUMBER = Wording(
    "cloudapi.sender_not_a_number", "{provider} sent a message from '{sender}', which is not a WhatsApp number."
)
NO_SENDER = Wording("cloudapi.message_without_sender", "{provider} sent a message without its sender (no number and no user id).")
TEMPLATE_UNNAMED = Wording("cloudapi.template_review_unnamed", "{provider} sent a template review without the template's name.")
NO_COORDINATES = Wording("cloudapi.location_without_coordinates", "{provider} sent a location without readable coordinates.")
# A delivered status's billing, for the timeline; `conversation` and `category` are Meta's words.
BILLING = Wording("cloudapi.billing", "Conversation: {conversation}; pricing: {pricing}")
BILLING_CONVERSATION = Wording("cloudapi.billing_conversation", "Conversation: {conversation}")
BILLING_PRICING = Wording("cloudapi.billing_pricing", "Pricing: {pricing}")
BILLABLE = Wording("cloudapi.billable", "{category} (billable)")
FREE = Wording("cloudapi.free", "{category} (free)")


class _Unreadable(NoticeError):
    """One item cannot be read; the notice says why."""


def parse_callback(text: str) -> list[CallbackItem]:
    """Every status and message of a webhook body, statuses first."""
    body = json.loads(text)
    if not isinstance(body, dict) or not isinstance(body.get("entry"), list):
        raise MalformedAnswer(NO_ENTRY(provider=PROVIDER))
    statuses: list[CallbackItem] = []
    messages: list[CallbackItem] = []
    reviews: list[CallbackItem] = []
    for value in _values(body["entry"], "messages"):
        for status in _list(value, "statuses"):
            statuses.append(_read(_status, status))
        for message in _list(value, "messages"):
            messages.append(_read(lambda m, value=value: _message(m, value), message))
    for value in _values(body["entry"], TEMPLATE_FIELD):
        if value.get("event") in REVIEW_STATUSES:
            reviews.append(_read(_review, value))
    return statuses + messages + reviews


def _values(entries: list[Any], field: str) -> list[dict[str, Any]]:
    return [
        change["value"]
        for entry in entries
        if isinstance(entry, dict)
        for change in entry.get("changes") or []
        if isinstance(change, dict) and change.get("field") == field and isinstance(change.get("value"), dict)
    ]


def _review(value: dict[str, Any]) -> TemplateReviewed:
    name = _text(value.get("message_template_name"))
    if name is None:
        raise _Unreadable(TEMPLATE_UNNAMED(provider=PROVIDER))
    return TemplateReviewed(name, _text(value.get("message_template_language")) or "", value["event"])


def _list(value: dict[str, Any], key: str) -> list[Any]:
    items = value.get(key)
    return items if isinstance(items, list) else []


def _read(reader: Any, item: Any) -> CallbackItem:
    try:
        return reader(item)
    except (_Unreadable, MalformedAnswer) as problem:
        return UnreadableItem(_as_json(item), problem.notice)


def _status(status: Any) -> ReportedStatus:
    if not isinstance(status, dict):
        raise _Unreadable(STATUS_NOT_OBJECT(provider=PROVIDER))
    message_id, raw = status.get("id"), status.get("status")
    if not isinstance(message_id, str) or not message_id:
        raise _Unreadable(STATUS_WITHOUT_ID(provider=PROVIDER))
    state = STATES.get(raw) if isinstance(raw, str) else None
    if state is None:
        raise _Unreadable(STATUS_UNLISTED(provider=PROVIDER, status=repr(raw)))
    reason = status_failure_reason(status.get("errors")) if state is DeliveryState.FAILED else _billing(status)
    return ReportedStatus(message_id, state, raw, reason, kept_payload(_as_json(status)))


def _billing(status: dict[str, Any]) -> Notice | None:
    """`Conversation: service; pricing: service (billable)`, for the timeline; None without either."""
    conversation: str | None = None
    found = status.get("conversation")
    if isinstance(found, dict):
        origin = found.get("origin")
        kind = origin.get("type") if isinstance(origin, dict) else None
        conversation = str(kind or found.get("id", "?")).lower()
    pricing: Notice | str | None = None
    priced = status.get("pricing")
    if isinstance(priced, dict):
        category = str(priced.get("category", "?")).lower()
        billable = priced.get("billable")
        pricing = category if billable is None else (BILLABLE if billable else FREE)(category=category)
    if conversation is not None and pricing is not None:
        return BILLING(conversation=conversation, pricing=pricing)
    if conversation is not None:
        return BILLING_CONVERSATION(conversation=conversation)
    return BILLING_PRICING(pricing=pricing) if pricing is not None else None


def _message(message: Any, value: dict[str, Any]) -> CustomerMessage:
    if not isinstance(message, dict):
        raise _Unreadable(MESSAGE_NOT_OBJECT(provider=PROVIDER))
    message_id, sender = message.get("id"), message.get("from")
    if not isinstance(message_id, str) or not message_id:
        raise _Unreadable(MESSAGE_WITHOUT_ID(provider=PROVIDER))
    contact = _contact(value, sender)
    user_id = message.get("from_user_id") or contact.get("user_id")
    if not (isinstance(user_id, str) and is_user_id(user_id)):
        user_id = None
    phone = None
    if isinstance(sender, str) and sender:
        try:
            phone = parse_wa_id(sender)
        except InvalidInput:
            raise _Unreadable(SENDER_NOT_A_NUMBER(provider=PROVIDER, sender=sender)) from None
    elif user_id is None:
        raise _Unreadable(NO_SENDER(provider=PROVIDER))
    profile = contact.get("profile")
    name = _text(profile.get("name")) if isinstance(profile, dict) else None
    return CustomerMessage(phone, message_id, _content(message), user_id, name)


def _contact(value: dict[str, Any], sender: Any) -> dict[str, Any]:
    """The `contacts[]` entry of the message's sender (by `wa_id`), or the only one."""
    contacts = [c for c in _list(value, "contacts") if isinstance(c, dict)]
    matching = [c for c in contacts if sender and c.get("wa_id") == sender]
    return matching[0] if matching else (contacts[0] if len(contacts) == 1 else {})


def _content(message: dict[str, Any]) -> InboundContent:
    kind = message.get("type")
    part = message.get(kind) if isinstance(kind, str) else None
    part = part if isinstance(part, dict) else {}
    if kind == "text" and isinstance(part.get("body"), str):
        return TextContent(part["body"])
    if kind == "location":
        try:
            latitude, longitude = float(part["latitude"]), float(part["longitude"])
        except (KeyError, TypeError, ValueError):
            raise _Unreadable(NO_COORDINATES(provider=PROVIDER)) from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise _Unreadable(NO_COORDINATES(provider=PROVIDER))
        return LocationContent(latitude, longitude, _text(part.get("name")), _text(part.get("address")))
    if kind in _FILES and _text(part.get("id")):
        return MediaContent(
            MediaKind.IMAGE if kind == "sticker" else MediaKind(kind),
            "",
            _text(part.get("caption")),
            _text(part.get("filename")),
            _text(part.get("mime_type")),
            media_id=_text(part.get("id")),
        )
    if kind in _FILES:
        described = " ".join(p for p in (_text(part.get("caption")), _bracketed(part.get("filename"))) if p)
        return DescribedContent(CAPTIONED_FILE_WITHOUT_ID(caption=described) if described else FILE_WITHOUT_ID())
    return _other(kind, part, message)


def _other(kind: Any, part: dict[str, Any], message: dict[str, Any]) -> TextContent | DescribedContent:
    """What the customer tapped, as their words (a button's or a choice's title), or a notice
    describing the kinds the console has no content of its own for."""
    if kind == "button" and (_text(part.get("text")) or _text(part.get("payload"))):
        return TextContent(_text(part.get("text")) or _text(part.get("payload")) or "")
    if kind == "interactive":
        reply = part.get("button_reply") or part.get("list_reply") or {}
        title = _text(reply.get("title")) if isinstance(reply, dict) else None
        if title:
            return TextContent(title)
    if kind == "reaction":
        emoji = _text(part.get("emoji"))
        return DescribedContent(REACTED(emoji=emoji) if emoji else REACTION_REMOVED())
    if kind == "contacts":
        people = message.get("contacts") if isinstance(message.get("contacts"), list) else []
        names = [
            p.get("name", {}).get("formatted_name", "?")
            for p in people
            if isinstance(p, dict) and isinstance(p.get("name"), dict)
        ]
        return DescribedContent(SHARED_CONTACTS(count=len(names), names=", ".join(names)))
    if kind == "order":
        return DescribedContent(SENT_AN_ORDER())
    errors = message.get("errors")
    if kind == "unsupported" or errors:
        return DescribedContent(UNSUPPORTED(reason=status_failure_reason(errors)))
    return DescribedContent(UNKNOWN_KIND(kind=str(kind or "?")))


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _bracketed(value: Any) -> str | None:
    text = _text(value)
    return f"({text})" if text else None


def _as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
