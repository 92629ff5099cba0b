"""The team endpoints for what agents share beyond messages (`shared_state`), under `/team/`
and behind its token check. Each answers `{"change": …}` (null when the edit changed nothing):

- `POST /team/notes` `{"account", "customer", "text"}`: the conversation's note ("" removes it);
  `POST /team/notes/remove` `{"account", "customer"}`.
- `POST /team/labels/add` and `/team/labels/remove` `{"account", "customer", "label"}`.
- `GET /team/quick-replies`: the team's replies; `POST /team/quick-replies` `{"name", "text",
  "account" (null: every account), "media_url", "media_kind"}` adds one (201 `{"reply", "change"}`),
  `PUT /team/quick-replies/{id}` (the same fields) changes it, `DELETE /team/quick-replies/{id}`
  removes it. Another reply of the same scope and name → 409 `team.quick_reply_exists`; an id
  that is gone → 404 `team.no_quick_reply`; fields a console would refuse → 400 with its reason.
- `POST /team/bot-hands` `{"account", "customer", "handling": "agent" | "bot"}`: the agent takes a
  conversation a paired bot answers from the bot, or gives it back (`bot_hands.agent_hands`); answers
  `{"handling": who has it now (null: no bot answers it), "change"}`.
- `POST /team/conversations/status` `{"account", "customer", "status": "open" | "resolved"}`: the agent
  reopens or resolves the conversation for the whole team (`conversation_status.set_status`); answers
  `{"status", "change"}`; an account the server does not have → 404.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from aiohttp import web

from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.domain.inbox import BotHandling, ConversationStatus, clean_label
from console.domain.notices import Wording
from console.domain.quick_replies import QuickReply, checked_reply
from console.relay.app import read_body
from console.team_server import schema
from console.team_server.bot_hands import agent_hands
from console.team_server.conversation_status import set_status
from console.team_server.feed import ChangeFeed
from console.team_server.shared_state import SharedState, TeamReply
from console.team_server.store import Change, Refusal

__all__ = ["add_shared_routes"]

T = TypeVar("T")
Runner = Callable[..., Any]  # `app._State.run`: a blocking call run off the event loop

BAD_SHARED = Wording("team.bad_shared", "expected a JSON object with {fields} as text")
BAD_REPLY_ID = Wording("team.bad_quick_reply_id", "a quick reply's id is a whole number")

SHARED: web.AppKey[_Shared] = web.AppKey("team_shared")
TEXT_FIELDS = ("text", "label", "name", "media_url", "media_kind")  # checked by the domain's rules, not here
MAX_FIELD = 64 * 1024  # characters of any other field than the conversation's


class _Shared:
    def __init__(self, state: SharedState, run: Runner, feed: ChangeFeed, agent_key: str) -> None:
        self.state = state
        self.run = run
        self.feed = feed
        self.agent_key = agent_key

    async def committed(self, request: web.Request, fn: Callable[..., T], *args: Any) -> T:
        """`fn(agent, *args)` run; this process's long-polls wake at once for the change it wrote."""
        result = await self.run(fn, request[self.agent_key], *args)
        change = result[1] if isinstance(result, tuple) else result
        if isinstance(change, Change):
            self.feed.ring(change.id)
        return result


async def _document(request: web.Request, *required: str, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """The body's fields: `required` ones text (the conversation's not empty nor too long), `optional`
    ones text or null (stripped; empty is null); a 400 `Refusal` otherwise."""
    try:
        document = json.loads(await read_body(request))
    except (ValueError, RecursionError):
        document = None
    refusal = Refusal(BAD_SHARED(fields=", ".join(f"'{name}'" for name in required)), 400)
    if not isinstance(document, dict):
        raise refusal
    length = {"account": schema.ACCOUNT_LENGTH, "customer": schema.CUSTOMER_LENGTH}
    found: dict[str, Any] = {}
    for name in required:
        value = document.get(name)
        if not isinstance(value, str) or len(value) > length.get(name, MAX_FIELD):
            raise refusal
        if name not in TEXT_FIELDS and not value.strip():
            raise refusal
        found[name] = value if name in TEXT_FIELDS else value.strip()
    for name in optional:
        value = document.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > length.get(name, MAX_FIELD)):
            raise refusal
        found[name] = value.strip() or None if isinstance(value, str) else None
    return found


def _changed(change: Change | None, status: int = 200, **extra: Any) -> web.Response:
    return web.json_response({**extra, "change": None if change is None else change.as_json()}, status=status)


def _checked(fn: Callable[[], T]) -> T:
    """A domain check, its `InvalidInput` answered 400 with its reason."""
    try:
        return fn()
    except InvalidInput as refused:
        raise Refusal(refused.notice, 400) from None


async def _set_note(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    fields = await _document(request, "account", "customer", "text")
    return _changed(await shared.committed(request, shared.state.set_note, fields["account"], fields["customer"], fields["text"]))


async def _remove_note(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    fields = await _document(request, "account", "customer")
    return _changed(await shared.committed(request, shared.state.set_note, fields["account"], fields["customer"], ""))


async def _add_label(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    fields = await _document(request, "account", "customer", "label")
    label = _checked(lambda: clean_label(fields["label"]))
    return _changed(await shared.committed(request, shared.state.add_label, fields["account"], fields["customer"], label))


async def _remove_label(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    fields = await _document(request, "account", "customer", "label")
    label = _checked(lambda: clean_label(fields["label"]))
    return _changed(await shared.committed(request, shared.state.remove_label, fields["account"], fields["customer"], label))


async def _bot_hand(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    fields = await _document(request, "account", "customer", "handling")
    if fields["handling"] not in (BotHandling.AGENT.value, BotHandling.BOT.value):
        raise Refusal(BAD_SHARED(fields="'account', 'customer', 'handling' (\"agent\" or \"bot\")"), 400)
    to = BotHandling(fields["handling"])
    now, change = await shared.committed(
        request, partial(agent_hands, shared.state.engine), fields["account"], fields["customer"], to
    )
    return _changed(change, handling=None if now is None else now.value)


async def _conversation_status(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    fields = await _document(request, "account", "customer", "status")
    if fields["status"] not in set(ConversationStatus):
        raise Refusal(BAD_SHARED(fields="'account', 'customer', 'status' (\"open\" or \"resolved\")"), 400)
    status = ConversationStatus(fields["status"])
    now, change = await shared.committed(
        request, partial(set_status, shared.state.engine), fields["account"], fields["customer"], status
    )
    return web.json_response({"status": now.value, "change": None if change is None else change.as_json()})


async def _replies(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    replies = await shared.run(shared.state.replies)
    return web.json_response({"replies": [reply.as_json() for reply in replies]})


def _reply_id(request: web.Request) -> int:
    try:
        return int(request.match_info["id"])
    except ValueError:
        raise Refusal(BAD_REPLY_ID(), 400) from None


async def _team_reply(request: web.Request, reply_id: int | None) -> TeamReply:
    fields = await _document(request, "name", "text", optional=("account", "media_url", "media_kind"))
    try:
        kind = None if fields["media_kind"] is None else MediaKind(fields["media_kind"].lower())
    except ValueError:
        raise Refusal(BAD_SHARED(fields="'name', 'text'"), 400) from None
    reply = _checked(lambda: checked_reply(QuickReply(fields["name"], fields["text"], None, fields["media_url"], kind)))
    media_kind = None if reply.media_kind is None else reply.media_kind.value
    return TeamReply(reply.name, reply.text, fields["account"], reply.media_url, media_kind, reply_id)


async def _add_reply(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    kept, change = await shared.committed(request, shared.state.save_reply, await _team_reply(request, None))
    return _changed(change, 201, reply=kept.as_json())


async def _edit_reply(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    reply_id = _reply_id(request)
    kept, change = await shared.committed(request, shared.state.save_reply, await _team_reply(request, reply_id))
    return _changed(change, reply=kept.as_json())


async def _remove_reply(request: web.Request) -> web.Response:
    shared = request.app[SHARED]
    return _changed(await shared.committed(request, shared.state.remove_reply, _reply_id(request)))


def add_shared_routes(app: web.Application, state: SharedState, run: Runner, feed: ChangeFeed, agent_key: str) -> None:
    """Mount the routes on the `/team/` application; `run` runs a blocking call off the loop,
    `request[agent_key]` is the agent the token check found."""
    app[SHARED] = _Shared(state, run, feed, agent_key)
    app.router.add_post("/notes", _set_note)
    app.router.add_post("/notes/remove", _remove_note)
    app.router.add_post("/labels/add", _add_label)
    app.router.add_post("/labels/remove", _remove_label)
    app.router.add_get("/quick-replies", _replies)
    app.router.add_post("/quick-replies", _add_reply)
    app.router.add_put("/quick-replies/{id}", _edit_reply)
    app.router.add_delete("/quick-replies/{id}", _remove_reply)
    app.router.add_post("/bot-hands", _bot_hand)
    app.router.add_post("/conversations/status", _conversation_status)
