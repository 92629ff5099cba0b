"""The team endpoints, mounted under `/team/` on the relay's application.

Every request needs `Authorization: Bearer <agent token>` (`centralita server agents add`);
a missing, unknown or revoked token → 401 (a valid one is remembered briefly: `agent_cache`).
A refusal is JSON: `{"error": English sentence, "code": …, "values": {…}}`, never a traceback.

- `GET /team/me`: the agent the token belongs to.
- `GET /team/agents`: the names of the agents not revoked (whom a conversation may be
  transferred to), for any agent; nothing else about them.
- `GET /team/accounts`: the provider accounts the server sends through, for any agent: each
  one's name, provider and the few settings a console's window needs (`accounts.window_settings`),
  never a secret nor an address (a provider's URL, a webhook's).
- `GET /team/changes?after=N&limit=L&wait=S`: the changes after id N in commit order, at most
  L (≤ 1000). With nothing after N it waits up to S seconds (≤ 25) for one to be committed
  on any server process, then answers, possibly with none; `last_id` is the cursor to send next.
  The long-polls woken by one commit share one read of the log (`wake_reads`).
  A stopping server answers its waiting long-polls at once.
- `GET /team/snapshot?messages=N`: where a joining console starts: who holds which conversation,
  which are resolved, the bulk runs to show, and each conversation's newest N messages (≤ 200, 50
  by default), with `last_id`, the change they include up to (`snapshot.read_snapshot`).
- `POST /team/conversations/open|close|take|transfer|release` with `{"account", "customer"}`
  (transfer also `"to"` and `"note"`): see `store.TeamStore`. Each answers the change it
  wrote (`"change": null` for a take of a conversation the agent already has); a take of
  another's conversation, or a transfer or release by someone other than the holder → 409
  with who has it.
- `POST /team/messages` with `{"client_key": UUID, "account", "customer", "content": {…},
  "options": {"mass", "contact_validation"}, "send_anyway": [warning kinds]}` (`content`; files by
  link, places and templates with media: `media`; the customer a phone, or what else the account's
  provider addresses: `chat:ID`, `jid:JID`, `name:NAME` on TimelinesAI, a user id on the Cloud API,
  kept as `domain.team_customers` names it): checked as the console checks a send
  (`send_checks`; a template against the account's catalogue, `catalogues`), then stored
  `pending` with its `message` change and sent by a
  server process's worker (`sender`). 201 `{"message", "change"}`; the same `client_key` again
  (a console delivering a queued send it is not sure arrived) → 200, the same message and
  `"change": null`, nothing created. A refused send is 422 (`warnings` listed when it only
  needs a go-ahead) and stores nothing; a `client_key` used for another send → 409.
- Notes, labels and quick replies: `shared_routes`; a conversation's older messages and its
  note's edits: `history_routes`.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from aiohttp import web

from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.domain.notices import Notice, Wording
from console.domain.send_warnings import NeedsSendAnyway
from console.relay.app import read_body
from console.team_server import schema
from console.team_server.accounts import ServerAccounts, window_settings
from console.team_server.agent_cache import AgentCache
from console.team_server.catalogues import CatalogueStore
from console.team_server.content import read_content, read_options
from console.team_server.feed import ChangeFeed
from console.team_server.history_routes import add_history_routes
from console.team_server.liveness import Followers
from console.team_server.media import kept_content
from console.team_server.messages import CLIENT_KEY_REUSED, MessageStore
from console.team_server.send_checks import checked_send
from console.team_server.shared_routes import add_shared_routes
from console.team_server.shared_state import SharedState
from console.team_server.snapshot import MAX_MESSAGES, MESSAGES, read_snapshot
from console.team_server.store import MAX_NOTE, Change, Presence, Refusal, TeamStore
from console.team_server.wake_reads import MAX_PAGE, WakeReads

__all__ = ["MAX_WAIT", "build_team_app"]

T = TypeVar("T")
DEFAULT_PAGE = 100
MAX_WAIT = 25.0  # below the usual proxies' 60 s read timeout
MAX_AFTER = 2**63 - 1
SEEN_EVERY = 60.0  # seconds between writes of an agent's "last seen"
WORKERS = 8
MAX_MESSAGE_BODY = 64 * 1024

UNAUTHORIZED = Wording("team.unauthorized", "a valid 'Authorization: Bearer <agent token>' is required")
BAD_QUERY = Wording("team.bad_query", "'after' and 'limit' must be whole numbers and 'wait' a number of seconds")
BAD_BODY = Wording(
    "team.bad_body",
    "expected a JSON object with {fields} as text: an account of at most {account} characters, the others at most {other}",
)
BAD_NOTE = Wording("team.bad_note", "'note' must be text of at most {length} characters")
BAD_SEND = Wording(
    "team.bad_send",
    "expected a JSON object with 'client_key' (a UUID), 'account' (at most {account} characters), 'customer' "
    "(at most {customer}), 'content' and optionally 'send_anyway' (a list of warning kinds)",
)
BODY_TOO_LARGE = Wording("team.body_too_large", "the request's body is larger than {limit} bytes")

STATE: web.AppKey[_State] = web.AppKey("team_state")
AGENT, TOKEN = "team_agent", "team_token"


class _State:
    def __init__(
        self,
        store: TeamStore,
        feed: ChangeFeed,
        messages: MessageStore,
        accounts: ServerAccounts,
        agents: AgentCache | None,
        followers: Followers,
    ) -> None:
        self.store = store
        self.followers = followers
        self.feed = feed
        self.messages = messages
        self.accounts = accounts
        self.catalogues = CatalogueStore(store.engine)
        self.workers = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="team-worker")
        self.seen_at: dict[str, float] = {}
        self.agents = agents or AgentCache(lambda token: self.run(store.agent_for, token))
        self.wake_reads = WakeReads(feed, lambda after, limit: self.run(store.changes, after, limit))

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.workers, fn, *args)

    async def committed(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn` writes; once it has committed, this process's waiters wake without waiting for NOTIFY."""
        result = await self.run(fn, *args)
        change = result.change if isinstance(result, Presence) else result
        if isinstance(change, Change):
            self.feed.ring(change.id)
        return result


def _refused(notice: Notice, status: int, **headers: str) -> web.Response:
    return web.json_response({"error": notice.english(), **notice.as_json()}, status=status, headers=headers)


@web.middleware
async def _agents_only(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    state = request.app[STATE]
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    agent = await state.agents.agent_for(token) if scheme.lower() == "bearer" and token else None
    if agent is None:
        return _refused(UNAUTHORIZED(), 401, **{"WWW-Authenticate": "Bearer"})
    request[AGENT], request[TOKEN] = agent, token
    now = time.monotonic()
    if now - state.seen_at.get(agent, -SEEN_EVERY) >= SEEN_EVERY:
        state.seen_at[agent] = now
        await state.run(state.store.seen, agent)
    try:
        return await handler(request)
    except Refusal as refusal:
        headers = {"Retry-After": "1"} if refusal.status in (429, 503) else {}
        return _refused(refusal.notice, refusal.status, **headers)


def _query_number(request: web.Request, name: str, default: float, kind: type[int] | type[float]) -> float | None:
    raw = request.query.get(name, "")
    if raw == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        return None
    return value if 0 <= value <= MAX_AFTER and value == value else None  # not negative, not NaN


async def _me(request: web.Request) -> web.Response:
    return web.json_response({"agent": request[AGENT]})


async def _agents(request: web.Request) -> web.Response:
    state = request.app[STATE]
    agents = await state.run(state.store.agents)
    return web.json_response({"agents": [agent.name for agent in agents if agent.revoked_at is None]})


async def _accounts(request: web.Request) -> web.Response:
    state = request.app[STATE]
    accounts = await state.run(state.accounts.list)
    listed = [{"name": a.name, "provider": a.provider.value, "settings": window_settings(a)} for a in accounts]
    return web.json_response({"accounts": listed})


async def _changes(request: web.Request) -> web.Response:
    with request.app[STATE].followers.following(request[AGENT], lambda: _connected(request)):  # its console is alive
        return await _changes_after(request)


def _connected(request: web.Request) -> bool:
    """Whether the client is still there (a proxy closes the connection when its client does)."""
    transport = request.transport
    return transport is not None and not transport.is_closing()


async def _changes_after(request: web.Request) -> web.Response:
    state = request.app[STATE]
    after = _query_number(request, "after", 0, int)
    limit = _query_number(request, "limit", DEFAULT_PAGE, int)
    wait = _query_number(request, "wait", 0.0, float)
    if after is None or limit is None or wait is None:
        return _refused(BAD_QUERY(), 400)
    after, limit = int(after), min(MAX_PAGE, max(1, int(limit)))
    deadline = time.monotonic() + min(wait, MAX_WAIT)
    doorbell = state.feed.doorbell()
    page = await state.wake_reads.first(after, limit)
    if not page and wait > 0:
        with state.feed.waiting(request[AGENT]), state.wake_reads.waiting(after):
            while not page and not state.feed.closed and (left := deadline - time.monotonic()) > 0:
                try:
                    async with asyncio.timeout(left):
                        await doorbell.wait()
                except TimeoutError:
                    break
                doorbell = state.feed.doorbell()
                if state.feed.latest > after:  # a ring for changes this client already has needs no read
                    page = await state.wake_reads.page(after, limit)
            if not page:  # the last look, in case a ring was missed (the listener reconnecting)
                page = await state.run(state.store.changes, after, limit)
        if await state.agents.agent_for(request[TOKEN]) is None:  # revoked while it waited
            return _refused(UNAUTHORIZED(), 401, **{"WWW-Authenticate": "Bearer"})
    return web.json_response({"changes": [c.as_json() for c in page], "last_id": page[-1].id if page else after})


async def _snapshot(request: web.Request) -> web.Response:
    """Where a joining console starts following (`snapshot.read_snapshot`); `?messages=N` per conversation."""
    state = request.app[STATE]
    wanted = _query_number(request, "messages", MESSAGES, int)
    if wanted is None:
        return _refused(BAD_QUERY(), 400)
    return web.json_response(await state.run(read_snapshot, state.store.engine, min(MAX_MESSAGES, max(0, int(wanted)))))


async def _conversation(request: web.Request, *extra: str) -> dict[str, str]:
    """The request's conversation fields (and `extra` ones), checked; a `Refusal` when they are not right."""
    fields = ("account", "customer", *extra)
    length = {"account": schema.ACCOUNT_LENGTH, "customer": schema.CUSTOMER_LENGTH}
    try:
        document = json.loads(await read_body(request))
    except (ValueError, RecursionError):
        document = None
    refusal = Refusal(BAD_BODY(fields=", ".join(fields), account=schema.ACCOUNT_LENGTH, other=schema.NAME_LENGTH), 400)
    if not isinstance(document, dict):
        raise refusal
    found: dict[str, str] = {}
    for name in fields:
        value = document.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > length.get(name, schema.NAME_LENGTH):
            raise refusal
        found[name] = value.strip()
    note = document.get("note", "")
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise Refusal(BAD_NOTE(length=MAX_NOTE), 400)
    found["note"] = note
    return found


async def _open(request: web.Request) -> web.Response:
    state = request.app[STATE]
    fields = await _conversation(request)
    presence = await state.committed(state.store.open_conversation, request[AGENT], fields["account"], fields["customer"])
    return web.json_response({"change": presence.change.as_json(), "holder": presence.holder, "present": presence.present})


async def _left(request: web.Request) -> web.Response:
    state = request.app[STATE]
    fields = await _conversation(request)
    change = await state.committed(state.store.close_conversation, request[AGENT], fields["account"], fields["customer"])
    return web.json_response({"change": None if change is None else change.as_json()})


async def _take(request: web.Request) -> web.Response:
    state = request.app[STATE]
    fields = await _conversation(request)
    change = await state.committed(state.store.take, request[AGENT], fields["account"], fields["customer"])
    return _changed(request[AGENT], change)


async def _transfer(request: web.Request) -> web.Response:
    state = request.app[STATE]
    fields = await _conversation(request, "to")
    args = (request[AGENT], fields["account"], fields["customer"], fields["to"], fields["note"])
    return _changed(fields["to"], await state.committed(state.store.transfer, *args))


async def _release(request: web.Request) -> web.Response:
    state = request.app[STATE]
    fields = await _conversation(request)
    return _changed(None, await state.committed(state.store.release, request[AGENT], fields["account"], fields["customer"]))


async def _send(request: web.Request) -> web.Response:
    state = request.app[STATE]
    too_large = Refusal(BODY_TOO_LARGE(limit=MAX_MESSAGE_BODY), 413)
    if (request.content_length or 0) > MAX_MESSAGE_BODY:
        raise too_large  # before reading it
    try:
        body = await read_body(request)
    except web.HTTPRequestEntityTooLarge:  # a chunked body beyond the application's own limit
        raise too_large from None
    if len(body) > MAX_MESSAGE_BODY:
        raise too_large
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        document = None
    bad = Refusal(BAD_SEND(account=schema.ACCOUNT_LENGTH, customer=schema.CUSTOMER_LENGTH), 400)
    if not isinstance(document, dict):
        raise bad
    key, account, customer = (document.get(name) for name in ("client_key", "account", "customer"))
    send_anyway = document.get("send_anyway", [])
    if not (
        isinstance(key, str)
        and isinstance(account, str)
        and isinstance(customer, str)
        and 0 < len(account.strip()) <= schema.ACCOUNT_LENGTH
        and 0 < len(customer.strip()) <= schema.CUSTOMER_LENGTH
        and isinstance(send_anyway, list)
        and all(isinstance(kind, str) for kind in send_anyway)
    ):
        raise bad
    try:
        key = str(uuid.UUID(key))
    except ValueError:
        raise bad from None
    content, options = read_content(document.get("content")), read_options(document.get("options"))
    existing = await state.run(state.messages.by_client_key, key)
    if existing is None:  # a first post: checked; a repeated one was checked when first posted
        template = None
        if isinstance(content, TemplateContent):
            template = await state.run(state.catalogues.find, account.strip(), content.name, content.language)
        try:
            checks = (state.accounts, account.strip(), customer, content, options, send_anyway, template)
            send = await state.run(checked_send, *checks)
        except NeedsSendAnyway as needs:
            warnings = [{"kind": w.kind.value, "error": w.notice.english(), **w.notice.as_json()} for w in needs.warnings]
            return web.json_response(
                {"error": needs.notice.english(), **needs.notice.as_json(), "warnings": warnings}, status=422
            )
        except InvalidInput as refused:
            raise Refusal(refused.notice, 422) from None
        args = (request[AGENT], key, send.account.name, send.customer, send.kind, send.content)
        message, change = await state.run(state.messages.create, *args)
        if change is not None:
            state.feed.ring(change.id)
    elif (existing.agent, existing.account, existing.content) != (
        request[AGENT],
        account.strip(),
        kept_content(content, options),
    ):
        raise Refusal(CLIENT_KEY_REUSED(key=key), 409)
    else:
        message, change = existing, None
    return web.json_response(
        {"message": message.as_json(), "change": None if change is None else change.as_json()}, status=201 if change else 200
    )


def _changed(holder: str | None, change: Change | None) -> web.Response:
    return web.json_response({"holder": holder, "change": None if change is None else change.as_json()})


async def _close(app: web.Application) -> None:
    app[STATE].workers.shutdown(wait=True)


def build_team_app(
    store: TeamStore,
    feed: ChangeFeed,
    messages: MessageStore,
    accounts: ServerAccounts,
    agents: AgentCache | None = None,
    followers: Followers | None = None,
) -> web.Application:
    """The `/team/` sub-application; the caller owns the stores, rings `feed` from other processes' changes
    and makes `agents` forget on another process's revocation (a cache of its own when None: `TOKEN_SECONDS`);
    `followers` learns which agents follow the change log (`liveness`)."""
    app = web.Application(middlewares=[_agents_only])
    app[STATE] = _State(store, feed, messages, accounts, agents, followers or Followers())
    app.router.add_get("/me", _me)
    app.router.add_get("/agents", _agents)
    app.router.add_get("/accounts", _accounts)
    app.router.add_get("/changes", _changes)
    app.router.add_get("/snapshot", _snapshot)
    app.router.add_post("/conversations/open", _open)
    app.router.add_post("/conversations/close", _left)
    app.router.add_post("/conversations/take", _take)
    app.router.add_post("/conversations/transfer", _transfer)
    app.router.add_post("/conversations/release", _release)
    app.router.add_post("/messages", _send)
    shared = SharedState(store.engine)
    add_shared_routes(app, shared, app[STATE].run, feed, AGENT)
    add_history_routes(app, shared, app[STATE].run)
    app.on_cleanup.append(_close)
    return app
