"""Who a message goes to: a validated phone, or a provider's own reference to a chat or a user."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from console.domain.phones import Phone


class RecipientKind(StrEnum):
    PHONE = "phone"
    CHAT_ID = "chat_id"  # TimelinesAI
    JID = "jid"  # TimelinesAI
    CHAT_NAME = "chat_name"  # TimelinesAI
    USER_ID = "user_id"  # WhatsApp Cloud API: a business-scoped user id (a customer with a username)


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who receives a message: a validated phone, or (TimelinesAI) a chat reference."""

    kind: RecipientKind
    phone: Phone | None = None
    reference: str | None = None

    @classmethod
    def of_phone(cls, phone: Phone) -> Recipient:
        return cls(RecipientKind.PHONE, phone=phone)

    @property
    def label(self) -> str:
        return self.phone.digits if self.phone is not None else f"{self.kind.value}:{self.reference}"
