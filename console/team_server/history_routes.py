"""The team endpoints that read a conversation's past, under `/team/` and behind its token
check (any agent may read any conversation, as the snapshot gives them all):

- `GET /team/messages?account=A&customer=C&before=T&limit=N`: the conversation's messages older
  than `T` (ISO 8601 UTC, e.g. `2026-12-06T20:59:31.123456Z`; none: the newest), at most N
  (≤ 200, 50 by default) plus any others of the oldest one's moment, oldest first, as `message`
  changes carry them; `before` is the next page's `T`, null when there is no older message
  (`history.older_messages`).
- `GET /team/notes/history?account=A&customer=C&before=ID&limit=N`: the conversation's note
  edits, newest first (≤ 200, 50 by default), each `{"id", "text", "agent", "at"}` ("" removed
  the note); `before` an edit's id, for the page older than it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from console.domain.notices import Wording
from console.team_server import schema
from console.team_server.history import MAX_PAGE, PAGE, older_messages
from console.team_server.shared_state import MAX_NOTE_EDITS, SharedState
from console.team_server.store import Refusal

__all__ = ["add_history_routes"]

Runner = Callable[..., Any]  # `app._State.run`: a blocking call run off the event loop

BAD_HISTORY = Wording(
    "team.bad_history_query",
    "expected 'account' (at most {account} characters) and 'customer' (at most {customer}), 'limit' a whole number "
    "and 'before' a moment in ISO 8601 (messages) or an edit's id (notes)",
)

HISTORY: web.AppKey[_History] = web.AppKey("team_history")


class _History:
    def __init__(self, shared: SharedState, run: Runner) -> None:
        self.shared = shared
        self.run = run


def _bad() -> Refusal:
    return Refusal(BAD_HISTORY(account=schema.ACCOUNT_LENGTH, customer=schema.CUSTOMER_LENGTH), 400)


def _conversation(request: web.Request) -> tuple[str, str]:
    account, customer = request.query.get("account", "").strip(), request.query.get("customer", "").strip()
    if not (0 < len(account) <= schema.ACCOUNT_LENGTH and 0 < len(customer) <= schema.CUSTOMER_LENGTH):
        raise _bad()
    return account, customer


def _limit(request: web.Request, default: int, most: int) -> int:
    raw = request.query.get("limit", "")
    try:
        return default if raw == "" else min(most, max(1, int(raw)))
    except ValueError:
        raise _bad() from None


def _moment(raw: str) -> str | None:
    """`raw` as the server writes its times (sortable text), or None when absent."""
    if raw == "":
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _bad() from None
    if moment.tzinfo is None:
        raise _bad()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def _messages(request: web.Request) -> web.Response:
    history = request.app[HISTORY]
    account, customer = _conversation(request)
    before, limit = _moment(request.query.get("before", "")), _limit(request, PAGE, MAX_PAGE)
    page = await history.run(older_messages, history.shared.engine, account, customer, before, limit)
    return web.json_response(page.as_json())


async def _note_edits(request: web.Request) -> web.Response:
    history = request.app[HISTORY]
    account, customer = _conversation(request)
    raw = request.query.get("before", "")
    try:
        before = None if raw == "" else int(raw)
    except ValueError:
        raise _bad() from None
    if before is not None and not 0 < before < 2**63:  # an id the database's bigint can hold
        raise _bad()
    edits = await history.run(history.shared.note_edits, account, customer, before, _limit(request, PAGE, MAX_NOTE_EDITS))
    return web.json_response({"edits": [edit.as_json() for edit in edits]})


def add_history_routes(app: web.Application, shared: SharedState, run: Runner) -> None:
    """Mount the routes on the `/team/` application; `run` runs a blocking call off the loop."""
    app[HISTORY] = _History(shared, run)
    app.router.add_get("/messages", _messages)
    app.router.add_get("/notes/history", _note_edits)
