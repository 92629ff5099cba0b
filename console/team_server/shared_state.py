"""What agents share beyond messages: a conversation's note and labels, and the team's quick
replies. Every edit writes its change in the same transaction (`store.append_change`, last),
so the change log's order is the order the edits were committed in and a console applying
the changes in order ends with the server's state.

Changes are deltas: `note` (`text`, "" when removed), `label_added` / `label_removed`
(`label`), `quick_reply` (`reply`, the whole reply) and `quick_reply_removed` (`reply_id`).
An edit that changes nothing writes nothing (None). Blocking calls: run them off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from console.domain.inbox import MAX_NOTE_LENGTH
from console.domain.notices import Wording
from console.relay.store import utc_now
from console.team_server.schema import team_label, team_note, team_note_edit, team_quick_reply
from console.team_server.store import Change, Refusal, append_change

__all__ = ["MAX_NOTE_EDITS", "NoteEdit", "SharedState", "TeamReply"]

MAX_NOTE_EDITS = 200  # a note's edits one read answers at most

NOTE_TOO_LONG = Wording("team.note_too_long", "a note has at most {limit} characters; this one has {length}")
REPLY_EXISTS = Wording("team.quick_reply_exists", "another team quick reply is already called '{name}'")
NO_REPLY = Wording("team.no_quick_reply", "there is no team quick reply {id}; it was removed meanwhile")


@dataclass(frozen=True, slots=True)
class TeamReply:
    """A quick reply as the team keeps it; `account` None: offered on every account."""

    name: str
    text: str
    account: str | None = None
    media_url: str | None = None
    media_kind: str | None = None
    id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "text": self.text,
            "account": self.account,
            "media_url": self.media_url,
            "media_kind": self.media_kind,
        }


@dataclass(frozen=True, slots=True)
class NoteEdit:
    """One edit of a conversation's note: the text it left ("" removed the note), by whom, when."""

    id: int
    text: str
    agent: str
    at: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "agent": self.agent, "at": self.at}


class SharedState:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # Notes

    def set_note(self, agent: str, account: str, customer: str, text: str) -> Change | None:
        """The conversation's note is `text` (trimmed; "" removes it)."""
        note = text.strip()
        if len(note) > MAX_NOTE_LENGTH:
            raise Refusal(NOTE_TOO_LONG(limit=MAX_NOTE_LENGTH, length=len(note)), 400)
        key = (team_note.c.account == account, team_note.c.customer == customer)
        with self.engine.begin() as connection:
            found = connection.execute(select(team_note.c.text).where(*key).with_for_update()).scalar()
            if (found or "") == note:
                return None
            written = {"text": note, "updated_by": agent, "updated_at": utc_now()}
            edit = {"text": note, "agent": agent, "at": written["updated_at"]}
            connection.execute(insert(team_note_edit).values(account=account, customer=customer, **edit))
            if not note:
                connection.execute(delete(team_note).where(*key))
            else:  # another agent's first note may commit meanwhile: this one replaces it
                first = _insert(connection, team_note).values(account=account, customer=customer, **written)
                connection.execute(first.on_conflict_do_update(index_elements=list(team_note.primary_key), set_=written))
            return append_change(connection, agent, "note", account, customer, text=note)

    def note_edits(self, account: str, customer: str, before: int | None, limit: int) -> list[NoteEdit]:
        """The note's edits, newest first: at most `limit`, older than edit `before` when given."""
        statement = select(team_note_edit).where(team_note_edit.c.account == account, team_note_edit.c.customer == customer)
        if before is not None:
            statement = statement.where(team_note_edit.c.id < before)
        with self.engine.connect() as connection:
            rows = connection.execute(statement.order_by(team_note_edit.c.id.desc()).limit(limit)).all()
        return [NoteEdit(row.id, row.text, row.agent, row.at) for row in rows]

    # Labels

    def add_label(self, agent: str, account: str, customer: str, label: str) -> Change | None:
        """`label` (already cleaned: `domain.inbox.clean_label`) on the conversation; a label the
        team uses with other capitals keeps its spelling. None when it had it."""
        with self.engine.begin() as connection:
            spelling = connection.execute(
                select(team_label.c.label).where(team_label.c.label_key == label.casefold()).limit(1)
            ).scalar()
            spelling = spelling or label
            values = {"label_key": label.casefold(), "label": spelling, "added_by": agent, "added_at": utc_now()}
            added = connection.execute(
                _insert(connection, team_label)
                .values(account=account, customer=customer, **values)
                .on_conflict_do_nothing()
                .returning(team_label.c.label)
            ).scalar()
            if added is None:  # the conversation has it
                return None
            return append_change(connection, agent, "label_added", account, customer, label=spelling)

    def remove_label(self, agent: str, account: str, customer: str, label: str) -> Change | None:
        """The label off the conversation, whatever its capitals; None when it did not have it."""
        key = (team_label.c.account == account, team_label.c.customer == customer, team_label.c.label_key == label.casefold())
        with self.engine.begin() as connection:
            removed = connection.execute(delete(team_label).where(*key).returning(team_label.c.label)).scalar()
            if removed is None:
                return None
            return append_change(connection, agent, "label_removed", account, customer, label=removed)

    # Quick replies

    def replies(self) -> list[TeamReply]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(team_quick_reply).order_by(team_quick_reply.c.id)).all()
        return [reply_of(row) for row in rows]

    def save_reply(self, agent: str, reply: TeamReply) -> tuple[TeamReply, Change | None]:
        """Add the reply (no id) or change it (its id): the reply as kept, and the change (None
        when it was already so). 409 when another of the same scope has its name, 404 when gone."""
        values = {
            "account": reply.account or "",
            "name": reply.name,
            "name_key": reply.name.casefold(),
            "text": reply.text,
            "media_url": reply.media_url,
            "media_kind": reply.media_kind,
        }
        try:
            with self.engine.begin() as connection:
                clash = connection.execute(
                    select(team_quick_reply.c.id, team_quick_reply.c.name).where(
                        team_quick_reply.c.account == values["account"], team_quick_reply.c.name_key == values["name_key"]
                    )
                ).first()
                if clash is not None and clash.id != reply.id:
                    raise Refusal(REPLY_EXISTS(name=clash.name), 409)
                stamp = {"updated_by": agent, "updated_at": utc_now()}
                if reply.id is None:
                    reply_id = connection.execute(
                        insert(team_quick_reply).values(**values, **stamp).returning(team_quick_reply.c.id)
                    ).scalar_one()
                else:
                    reply_id = reply.id
                    row = connection.execute(
                        select(team_quick_reply).where(team_quick_reply.c.id == reply_id).with_for_update()
                    ).first()
                    if row is None:
                        raise Refusal(NO_REPLY(id=reply_id), 404)
                    if all(getattr(row, name) == value for name, value in values.items()):
                        return reply_of(row), None
                    connection.execute(
                        update(team_quick_reply).where(team_quick_reply.c.id == reply_id).values(**values, **stamp)
                    )
                kept = TeamReply(reply.name, reply.text, reply.account or None, reply.media_url, reply.media_kind, reply_id)
                change = _reply_change(connection, agent, kept)
        except IntegrityError:  # another agent gave a reply of this scope the name meanwhile
            raise Refusal(REPLY_EXISTS(name=reply.name), 409) from None
        return kept, change

    def remove_reply(self, agent: str, reply_id: int) -> Change:
        with self.engine.begin() as connection:
            account = connection.execute(
                delete(team_quick_reply).where(team_quick_reply.c.id == reply_id).returning(team_quick_reply.c.account)
            ).scalar()
            if account is None:
                raise Refusal(NO_REPLY(id=reply_id), 404)
            return append_change(connection, agent, "quick_reply_removed", account, "", reply_id=reply_id)


def _insert(connection: Connection, table: Table) -> Any:
    """An INSERT that has `ON CONFLICT` (PostgreSQL's or SQLite's)."""
    return (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(table)


def reply_of(row: Any) -> TeamReply:
    """A `team_quick_reply` row as the team keeps it."""
    return TeamReply(row.name, row.text, row.account or None, row.media_url, row.media_kind, row.id)


def _reply_change(connection: Connection, agent: str, reply: TeamReply) -> Change:
    return append_change(connection, agent, "quick_reply", reply.account or "", "", reply=reply.as_json())
