"""The chat's pages: messages as the chat shows them, with what each carries (a file, a
place, a template as the customer read it, a notice worded for its reader)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from console.domain.content import MediaContent
from console.domain.content_codec import attachment_of, template_of
from console.domain.inbox import NOTE
from console.domain.messages import MessageKind
from console.domain.notice_codec import restored
from console.domain.templates import as_read
from console.domain.views import ChatMessage
from console.store.messages import message_summary
from console.store.tables import MessageRow
from console.store.templates import CatalogueLookup

# The kinds whose stored content the chat shows (a file, a place, a template, a notice's code).
_KEEPS_CONTENT = frozenset(k.value for k in (MessageKind.MEDIA, MessageKind.LOCATION, MessageKind.TEMPLATE, MessageKind.NOTICE))


def _chat_messages(session: Session, rows: Sequence[MessageRow]) -> list[ChatMessage]:
    """The rows as the chat shows them: attachments, and templates with the text the customer read."""
    catalogue = CatalogueLookup(session)
    items = []
    for row in rows:
        content: Any = {}
        if row.kind in _KEEPS_CONTENT:
            try:
                content = json.loads(row.options_json)
            except ValueError:
                content = {}
        if not isinstance(content, dict):
            content = {}
        attachment = attachment_of(MessageKind(row.kind), content)
        sent = template_of(content) if row.kind == MessageKind.TEMPLATE.value else None
        template = None if sent is None else as_read(sent, catalogue.find(row.account_id, sent.name, sent.language))
        note = restored(content[NOTE]) if row.kind == MessageKind.NOTICE.value and isinstance(content.get(NOTE), str) else None
        items.append(ChatMessage(message_summary(row), attachment, template, note))
    return items


def chat_page(session: Session, conversation_id: int, before_id: int | None = None, limit: int = 200) -> list[ChatMessage]:
    """Like `messages.conversation_messages`, as the chat shows them (`_chat_messages`): one page of the chat."""
    statement = select(MessageRow).where(MessageRow.conversation_id == conversation_id)
    if before_id is not None:
        statement = statement.where(col(MessageRow.id) < before_id)
    rows = list(session.exec(statement.order_by(col(MessageRow.id).desc()).limit(limit)))
    return _chat_messages(session, rows[::-1])


def chat_page_after(session: Session, conversation_id: int, after_id: int, limit: int = 200) -> list[ChatMessage]:
    """The oldest `limit` messages newer than `after_id`, oldest first: the next page down of
    a chat opened at an older message."""
    statement = select(MessageRow).where(MessageRow.conversation_id == conversation_id, col(MessageRow.id) > after_id)
    return _chat_messages(session, list(session.exec(statement.order_by(col(MessageRow.id)).limit(limit))))


def chat_message(session: Session, message_id: int) -> ChatMessage | None:
    row = session.get(MessageRow, message_id)
    return None if row is None else _chat_messages(session, [row])[0]


def received_media(session: Session, message_id: int) -> tuple[int, str] | None:
    """(account id, media id) of a file the customer sent as a media id; None for any other message."""
    item = chat_message(session, message_id)
    attachment = None if item is None else item.attachment
    if not isinstance(attachment, MediaContent) or attachment.media_id is None:
        return None
    row = session.get(MessageRow, message_id)
    assert row is not None
    return row.account_id, attachment.media_id
