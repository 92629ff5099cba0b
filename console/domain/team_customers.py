"""How the team server names a conversation's customer (its `customer` key), and back.

A phone is its digits (country code and number); a WhatsApp Cloud API customer known only by a
business-scoped user id is that id, as the server's callbacks name them; a TimelinesAI chat is its
recipient's label (`chat_id:77234`, `jid:…@g.us`, `chat_name:Ventas`), which is also the phone a
console keeps on the chat's contact, so both name the conversation alike.
"""

from __future__ import annotations

from console.domain.content import Recipient, RecipientKind
from console.domain.user_ids import is_user_id

__all__ = ["MAX_CUSTOMER", "customer_address", "customer_key", "recipient_of_key"]

MAX_CUSTOMER = 64  # characters of a key: the server's column

_CHAT_KINDS = (RecipientKind.CHAT_ID, RecipientKind.JID, RecipientKind.CHAT_NAME)


def customer_key(recipient: Recipient) -> str:
    """The key of `recipient`'s conversation."""
    if recipient.phone is not None:
        return recipient.phone.digits
    if recipient.kind is RecipientKind.USER_ID and recipient.reference:
        return recipient.reference
    return recipient.label


def customer_address(customer: str) -> str:
    """The key written as a recipient is typed (`preflight.resolve_recipient` reads it back): a phone with its +."""
    return "+" + customer if customer.isdigit() else customer


def recipient_of_key(customer: str) -> Recipient | None:
    """The chat or user id a key names; None for a phone's digits and for what is neither."""
    kind, separator, reference = customer.partition(":")
    for chat in _CHAT_KINDS:
        if separator and kind == chat.value and reference.strip():
            return Recipient(chat, reference=reference)
    if is_user_id(customer):
        return Recipient(RecipientKind.USER_ID, reference=customer.strip())
    return None
