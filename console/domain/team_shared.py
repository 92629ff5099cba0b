"""What a team shares beyond messages, as the change log carries it: a conversation's note
(`note`, "" when removed), its labels (`label_added`, `label_removed`) and the team's quick
replies (`quick_reply`, `quick_reply_removed`). Each change is one edit, in commit order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

NOTE_KINDS = frozenset({"note", "label_added", "label_removed"})  # on a conversation
REPLY_KINDS = frozenset({"quick_reply", "quick_reply_removed"})
SHARED_KINDS = NOTE_KINDS | REPLY_KINDS


@dataclass(frozen=True, slots=True)
class TeamReply:
    """A team quick reply; `account` None: offered on every account."""

    id: int
    name: str
    text: str
    account: str | None = None
    media_url: str | None = None
    media_kind: str | None = None  # a `MediaKind` value, with `media_url`


@dataclass(frozen=True, slots=True)
class SharedEdit:
    """One shared edit: the note's new text, the label added or removed, or the reply kept or removed."""

    text: str = ""
    label: str = ""
    reply: TeamReply | None = None
    reply_id: int = 0


@dataclass(frozen=True, slots=True)
class NoteEdit:
    """One edit of a conversation's note as the team server keeps it: the text it left ("" when
    it removed the note), who made it and when."""

    text: str
    agent: str
    at: datetime


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def shared_edit(kind: str, item: dict[str, Any]) -> SharedEdit | None:
    """The edit a change of one of `SHARED_KINDS` carries; None for another kind or one it cannot read."""
    try:
        if kind == "note":
            return SharedEdit(text=str(item.get("text") or ""))
        if kind in ("label_added", "label_removed"):
            return SharedEdit(label=str(item["label"]))
        if kind == "quick_reply_removed":
            return SharedEdit(reply_id=int(item["reply_id"]))
        if kind == "quick_reply" and isinstance(reply := item.get("reply"), dict):
            return SharedEdit(
                reply=TeamReply(
                    int(reply["id"]),
                    str(reply["name"]),
                    str(reply.get("text") or ""),
                    _text(reply.get("account")),
                    _text(reply.get("media_url")),
                    _text(reply.get("media_kind")),
                )
            )
    except (KeyError, TypeError, ValueError):
        return None
    return None
