"""What the window shows first, read before anything else loads: the inbox's first page and
the last open conversation's newest messages.

Plain `sqlite3` on a read-only connection (`mode=ro`), no SQLAlchemy: the window paints
these rows before the ORM, the services and the providers are imported. The rows are the
same domain views the live queries build (`store/inbox.rows`, `store/chat.chat_page`),
so the live window replaces them without a visible change. Nothing is read when the
database is missing or not at this program's newest revision (a first start or an upgrade
goes the normal way); any failure reads as "no snapshot".
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from console.domain.accounts import ProviderKind
from console.domain.content_codec import attachment_of, template_of
from console.domain.inbox import NOTE, BotHandling, ConversationStatus
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.domain.notice_codec import restored
from console.domain.templates import Template, TemplateKind, as_read
from console.domain.views import ChatMessage, InboxRow
from console.store.location import DATABASE_FILE
from console.store.revisions import newest_revision

log = logging.getLogger(__name__)

_INBOX_PAGE = """
    SELECT c.id, c.account_id, a.name, a.provider, c.contact_id, k.display_name, k.phone, c.preview,
           c.last_kind, c.last_direction, c.last_message_at, c.unread_count, c.status, c.last_inbound_at,
           c.bot_handling
    FROM conversation AS c
    JOIN contact AS k ON k.id = c.contact_id JOIN account AS a ON a.id = c.account_id
    WHERE c.status = ? ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?
"""
_MESSAGES = """
    SELECT id, conversation_id, account_id, direction, kind, body, options_json, state, raw_state,
           provider_message_id, failure_reason, created_at
    FROM message WHERE conversation_id = ? ORDER BY id DESC LIMIT ?
"""
_TEMPLATE = """
    SELECT name, language, kind, param_count, variables_json, body, status FROM template
    WHERE account_id = ? AND name = ? AND (? IS NULL OR language = ?) LIMIT 2
"""


# The kinds whose stored content the chat shows (a file, a place, a template, a notice's code).
_KEEPS_CONTENT = frozenset(k.value for k in (MessageKind.MEDIA, MessageKind.LOCATION, MessageKind.TEMPLATE, MessageKind.NOTICE))


@dataclass(frozen=True, slots=True)
class Snapshot:
    inbox: list[InboxRow]  # the open conversations' first page, newest activity first
    conversation_id: int | None  # the last selected contact's conversation (None: none yet)
    messages: list[ChatMessage]  # its newest messages, oldest first


def read_snapshot(
    data_dir: Path,
    window_providers: Collection[str],
    contact: tuple[int, int] | None,
    *,
    inbox_limit: int,
    message_limit: int,
) -> Snapshot | None:
    """The first page of open conversations and, for `contact` (account id, contact id), its
    conversation's newest messages; None when the database cannot be read this way."""
    path = data_dir / DATABASE_FILE
    if not path.is_file():
        return None
    try:
        with _read_only(path) as connection:
            if _revision(connection) != newest_revision():
                return None
            if connection.execute("SELECT 1 FROM account LIMIT 1").fetchone() is None:
                return None  # no accounts: the window opens on the sandbox, which has its own data
            inbox = _inbox(connection, window_providers, inbox_limit)
            conversation_id = None if contact is None else _conversation_of(connection, *contact)
            messages = [] if conversation_id is None else _messages(connection, conversation_id, message_limit)
            return Snapshot(inbox, conversation_id, messages)
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError) as error:
        log.info("No snapshot of %s for the first paint: %s", path, error)
        return None


def read_conversation(data_dir: Path, conversation_id: int, *, message_limit: int) -> list[ChatMessage] | None:
    """The newest messages of one conversation, oldest first, as the snapshot reads them: what the
    window shows when the agent opens another conversation before the workspace is open.
    None when the database cannot be read this way (the live window shows it once it is up)."""
    try:
        with _read_only(data_dir / DATABASE_FILE) as connection:
            return _messages(connection, conversation_id, message_limit)
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError) as error:
        log.info("Conversation %s not read before the workspace opened: %s", conversation_id, error)
        return None


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as connection:
        connection.execute("PRAGMA query_only=ON")
        yield connection


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no version table: never migrated
        return None
    return None if found is None else str(found[0])


def _moment(value: str | None) -> datetime | None:
    """A stored datetime (naive UTC text, as SQLAlchemy writes it) as an aware one."""
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def _inbox(connection: sqlite3.Connection, window_providers: Collection[str], limit: int) -> list[InboxRow]:
    found = connection.execute(_INBOX_PAGE, (ConversationStatus.OPEN.value, limit)).fetchall()
    labels = _labels(connection, [row[4] for row in found])
    rows = []
    for (
        conversation_id,
        account_id,
        account_name,
        provider,
        contact_id,
        title,
        phone,
        preview,
        last_kind,
        last_direction,
        last_at,
        unread,
        status,
        last_inbound_at,
        bot,
    ) in found:
        note = restored(preview) if last_kind == MessageKind.NOTICE.value else None
        rows.append(
            InboxRow(
                conversation_id=conversation_id,
                account_id=account_id,
                account_name=account_name,
                provider=ProviderKind(provider),
                contact_id=contact_id,
                contact_title=title,
                contact_phone=phone,
                preview=note.english() if note is not None else preview,
                last_kind=None if last_kind is None else MessageKind(last_kind),
                last_direction=None if last_direction is None else Direction(last_direction),
                last_at=_moment(last_at),
                unread=unread,
                status=ConversationStatus(status),
                keeps_window=provider in window_providers,
                last_inbound_at=_moment(last_inbound_at),
                labels=labels.get(contact_id, ()),
                bot=None if bot is None else BotHandling(bot),
                note=note,
            )
        )
    return rows


def _labels(connection: sqlite3.Connection, contact_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not contact_ids:
        return {}
    marks = ",".join("?" * len(contact_ids))
    found: dict[int, list[str]] = {}
    for contact_id, label in connection.execute(
        f"SELECT contact_id, label FROM contact_label WHERE contact_id IN ({marks})", contact_ids
    ):
        found.setdefault(contact_id, []).append(label)
    return {contact_id: tuple(sorted(labels, key=str.casefold)) for contact_id, labels in found.items()}


def _conversation_of(connection: sqlite3.Connection, account_id: int, contact_id: int) -> int | None:
    found = connection.execute(
        "SELECT id FROM conversation WHERE account_id = ? AND contact_id = ?", (account_id, contact_id)
    ).fetchone()
    return None if found is None else int(found[0])


def _messages(connection: sqlite3.Connection, conversation_id: int, limit: int) -> list[ChatMessage]:
    """As `store/chat._chat_messages` builds them: attachments, and templates with the text read."""
    templates: dict[tuple[int, str, str | None], Template | None] = {}
    items = []
    for (
        message_id,
        conversation,
        account_id,
        direction,
        kind,
        body,
        options_json,
        state,
        raw_state,
        provider_message_id,
        failure_reason,
        created_at,
    ) in reversed(connection.execute(_MESSAGES, (conversation_id, limit)).fetchall()):
        content: Any = {}
        if kind in _KEEPS_CONTENT:
            try:
                content = json.loads(options_json)
            except ValueError:
                content = {}
        if not isinstance(content, dict):
            content = {}
        sent = template_of(content) if kind == MessageKind.TEMPLATE.value else None
        template = None
        if sent is not None:
            key = (account_id, sent.name, sent.language)
            if key not in templates:
                templates[key] = _template(connection, *key)
            template = as_read(sent, templates[key])
        summary = MessageSummary(
            id=message_id,
            conversation_id=conversation,
            direction=Direction(direction),
            kind=MessageKind(kind),
            body=body,
            state=DeliveryState(state),
            raw_state=raw_state,
            provider_message_id=provider_message_id,
            failure_reason=restored(failure_reason),
            created_at=_moment(created_at),  # type: ignore[arg-type] - never NULL
        )
        note = restored(content[NOTE]) if kind == MessageKind.NOTICE.value and isinstance(content.get(NOTE), str) else None
        items.append(ChatMessage(summary, attachment_of(MessageKind(kind), content), template, note))
    return items


def _template(connection: sqlite3.Connection, account_id: int, name: str, language: str | None) -> Template | None:
    """As `store/templates.find_template`: by name, and language when given; only a unique one."""
    found = connection.execute(_TEMPLATE, (account_id, name, language, language)).fetchall()
    if len(found) != 1:
        return None
    name, language, kind, param_count, variables_json, body, status = found[0]
    return Template(
        name=name,
        language=language,
        kind=TemplateKind(kind),
        param_count=param_count,
        variables=tuple(json.loads(variables_json)),
        body=body,
        status=status,
    )
