"""Quick replies: saved, listed for an account, shared as a JSON file.

The file is a JSON list of objects: `name` and `text` (required), `account` (an
account's name; absent or null: every account), `media_url` and `media_kind` (image,
video, audio or document; guessed from the link when absent). An import is all or
nothing: the first problem names its entry and nothing is stored.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.domain.notices import Wording
from console.domain.quick_replies import QuickReply, checked_reply
from console.services import field_labels as labels
from console.services.accounts import AccountService
from console.services.file_wordings import CANNOT_READ, CANNOT_WRITE, NOT_JSON, NOT_UTF8
from console.services.team_shared import TeamSharedEdits
from console.store import quick_replies as reply_queries
from console.store.database import Database

NOT_A_LIST = Wording(
    "quick_replies.not_a_list", "{filename} must hold a JSON list of quick replies (objects with a name and a text)"
)
BAD_ENTRY = Wording("quick_replies.bad_entry", "{filename}, entry {number}: {reason}")
TWICE = Wording("quick_replies.twice", "{filename}, entry {number}: '{name}' is in the file twice for the same account")
MUST_BE_TEXT = Wording("quick_replies.must_be_text", "'{field}' must be text")
NO_SUCH_ACCOUNT = Wording("quick_replies.no_such_account", "there is no account named '{name}' here")
UNKNOWN_KIND = Wording("quick_replies.unknown_kind", "'{kind}' is not image, video, audio or document")


class QuickReplyService:
    def __init__(self, db: Database, accounts: AccountService) -> None:
        self._db = db
        self._accounts = accounts
        self.team: TeamSharedEdits | None = None  # team mode: the team's replies are the server's to change

    async def offered(self, account_id: int | None) -> list[QuickReply]:
        """The replies an agent can insert on the account: its own and those of every account."""
        return await self._db.run(reply_queries.list_replies, account_id)

    async def every(self) -> list[QuickReply]:
        """All replies, of every scope (the management dialog)."""
        return await self._db.run(reply_queries.list_replies, every_account=True)

    async def save(self, reply: QuickReply) -> QuickReply:
        """Add or change a reply; `InvalidInput` names the field that cannot be saved."""
        if self.team is not None and (shared := await self.team.save_reply(reply)) is not None:
            return shared
        return await self._db.run(reply_queries.save_reply, checked_reply(reply))

    async def delete(self, reply: QuickReply) -> None:
        if self.team is not None and await self.team.delete_reply(reply):
            return
        if reply.id is not None:
            await self._db.run(reply_queries.delete_reply, reply.id)

    async def export_file(self, path: Path) -> int:
        """Write every reply to `path`; how many were written."""
        names = {account.id: account.name for account in await self._accounts.list()}
        entries = [_entry(reply, names) for reply in await self.every()]
        text = json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
        try:
            await asyncio.to_thread(path.write_text, text, encoding="utf-8")
        except OSError as error:
            raise InvalidInput(labels.FILE(), CANNOT_WRITE(path=str(path), error=str(error.strerror))) from None
        return len(entries)

    async def import_file(self, path: Path) -> list[QuickReply]:
        """Store the file's replies, replacing those of the same account and name; nothing when
        the file has a problem (`InvalidInput`, one sentence naming the entry)."""
        try:
            text = await asyncio.to_thread(path.read_text, encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(labels.FILE(), NOT_UTF8(filename=path.name)) from None
        except OSError as error:
            raise InvalidInput(labels.FILE(), CANNOT_READ(path=str(path), error=str(error.strerror))) from None
        ids = {account.name: account.id for account in await self._accounts.list()}
        replies = parse_replies(text, path.name, ids)
        await self._db.run(reply_queries.replace_replies, replies)
        return replies


def parse_replies(text: str, filename: str, account_ids: Mapping[str, int]) -> list[QuickReply]:
    """The replies of a file's text; `account_ids` maps the accounts' names to their ids."""
    try:
        entries = json.loads(text)
    except ValueError as error:
        raise InvalidInput(labels.FILE(), NOT_JSON(filename=filename, error=str(error))) from None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise InvalidInput(labels.FILE(), NOT_A_LIST(filename=filename))
    replies: list[QuickReply] = []
    seen: set[tuple[int | None, str]] = set()
    for number, entry in enumerate(entries, 1):
        try:
            reply = _reply(entry, account_ids)
        except InvalidInput as error:
            raise InvalidInput(labels.FILE(), BAD_ENTRY(filename=filename, number=number, reason=error.reason)) from None
        key = (reply.account_id, reply.name.lower())
        if key in seen:
            raise InvalidInput(labels.FILE(), TWICE(filename=filename, number=number, name=reply.name))
        seen.add(key)
        replies.append(reply)
    return replies


def _reply(entry: Mapping[str, Any], account_ids: Mapping[str, int]) -> QuickReply:
    for field in ("name", "text", "account", "media_url", "media_kind"):
        if entry.get(field) is not None and not isinstance(entry[field], str):
            raise InvalidInput(field, MUST_BE_TEXT(field=field))
    account = entry.get("account")
    if account is not None and account not in account_ids:
        raise InvalidInput(labels.ACCOUNT(), NO_SUCH_ACCOUNT(name=account))
    raw_kind = entry.get("media_kind")
    try:
        kind = MediaKind(raw_kind.strip().lower()) if raw_kind else None
    except ValueError:
        raise InvalidInput("media_kind", UNKNOWN_KIND(kind=raw_kind)) from None
    account_id = None if account is None else account_ids[account]
    return checked_reply(QuickReply(entry.get("name") or "", entry.get("text") or "", account_id, entry.get("media_url"), kind))


def _entry(reply: QuickReply, account_names: Mapping[int, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": reply.name,
        "text": reply.text,
        "account": None if reply.account_id is None else account_names.get(reply.account_id),
    }
    if reply.media_url is not None:
        entry["media_url"] = reply.media_url
        entry["media_kind"] = reply.media_kind.value if reply.media_kind is not None else None
    return entry
