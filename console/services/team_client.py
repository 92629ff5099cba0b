"""Talking to a team server's `/team/` endpoints with an agent's token (see
`console/team_server/app.py`). Failures are typed, with one sentence for the agent: the
server out of reach or answering oddly (`ProviderError`s), the token refused
(`AuthenticationFailed`), and what the server refuses about a conversation (`TeamRefusal`:
another agent has it, only its holder may transfer or release it, nobody has it, no such
colleague), each worded here from the refusal's code and values; a send the server refuses
(`SendRefused`) carries the server's own notice, code and values."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from console.domain.inbox import HELD, ConversationStatus
from console.domain.notice_codec import restored
from console.domain.notices import Notice, NoticeError, Wording
from console.domain.team import (
    HANDLING_KIND,
    MESSAGE_KINDS,
    STATUS_KIND,
    TeamAccount,
    TeamChange,
    TeamInbound,
    TeamMessage,
    server_time,
)
from console.domain.team_runs import TeamRun, team_run_of
from console.domain.team_shared import NoteEdit, shared_edit
from console.domain.template_codec import template_from_fields
from console.domain.templates import Template
from console.providers.errors import AuthenticationFailed, MalformedAnswer, ProviderUnavailable
from console.services.team_bot_changes import bot_of, handling_of, review_of

if TYPE_CHECKING:
    import httpx

THE_SERVER = Wording("team.client.name", "The team server")
TOKEN_REFUSED = Wording("team.client.token_refused", "The team server refused this agent's token (unknown or revoked).")
ANSWERED = Wording("team.client.answered", "The team server answered {status}.")
UNREADABLE = Wording("team.client.unreadable", "The team server sent an answer this console cannot read.")
NOT_HOLDER = Wording("team.client.not_holder", "Only the agent who has this conversation can do that; {holder} has it.")
NOBODY_HOLDS = Wording("team.client.nobody_holds", "Nobody has this conversation; take it first.")
UNKNOWN_AGENT = Wording("team.client.unknown_agent", "The team server knows no agent named {name}.")

SLACK = 10.0  # seconds a long-poll may take beyond its wait before it counts as lost


class TeamRefusal(NoticeError):
    """Something the team server does not allow about a conversation, in one sentence."""


class SendRefused(NoticeError):
    """The team server refused a send (a check failed, no such account, a bad request): it
    stored nothing. `code` is the server's own."""

    def __init__(self, notice: Notice, status: int) -> None:
        super().__init__(notice)
        self.status = status


def _codec_form(code: object, english: object, values: object) -> dict[str, Any]:
    """A notice as the server words it in JSON (`Notice.as_json`, nested notices without their
    English) in the form `notice_codec.restored` reads."""
    found = values if isinstance(values, dict) else {}
    return {"code": str(code), "english": str(english or ""), "values": {k: _codec_value(v) for k, v in found.items()}}


def _codec_value(value: object) -> object:
    if isinstance(value, dict) and "code" in value and "values" in value:
        return {"notice": _codec_form(value["code"], value.get("english", ""), value["values"])}
    return value


def notice_from(body: dict[str, Any]) -> Notice:
    """The notice of a refusal `{"error", "code", "values"}` the server answered."""
    notice = restored(json.dumps(_codec_form(body.get("code"), body.get("error"), body.get("values"))))
    assert notice is not None
    return notice


def _detail(value: object) -> Notice | None:
    return restored(json.dumps(value)) if isinstance(value, dict) else None


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def team_message(item: dict[str, Any]) -> TeamMessage:
    """A message (`M`) or a `message_state` change's fields, read."""
    content = item.get("content")
    return TeamMessage(
        id=int(item["id"] if "id" in item and "message_id" not in item else item["message_id"]),
        client_key=str(item["client_key"]),
        state=str(item["state"]),
        provider_message_id=_optional(item.get("provider_message_id")),
        raw_state=_optional(item.get("raw_state")),
        detail=_detail(item.get("detail")),
        kind=_optional(item.get("kind")),
        content=content if isinstance(content, dict) else {},
        created_at=str(item.get("created_at") or ""),
        updated_at=str(item.get("updated_at") or ""),
        bot_body=str(item.get("body") or "") if item.get("direction") == "bot" else None,
    )


class HeldByAnother(TeamRefusal):
    """A take refused because another agent has the conversation."""

    def __init__(self, holder: str) -> None:
        super().__init__(HELD(holder=holder))
        self.holder = holder


def _refusal(body: dict[str, Any]) -> TeamRefusal | None:
    """The refusal a 404 or 409 answer names by its code; None for one this console does not know."""
    code, values = body.get("code"), body.get("values")
    found = values if isinstance(values, dict) else {}
    holder, name = found.get("holder"), found.get("name")
    if code == "team.held" and isinstance(holder, str):
        return HeldByAnother(holder)
    if code == "team.not_holder" and isinstance(holder, str):
        return TeamRefusal(NOT_HOLDER(holder=holder))
    if code == "team.nobody_holds":
        return TeamRefusal(NOBODY_HOLDS())
    if code == "team.unknown_agent" and isinstance(name, str):
        return TeamRefusal(UNKNOWN_AGENT(name=name))
    return None


@dataclass(frozen=True, slots=True)
class ChangePage:
    changes: list[TeamChange]
    last_id: int


@dataclass(frozen=True, slots=True)
class OlderPage:
    """A page of one conversation's older messages (`GET /team/messages`), oldest first, as the
    `message` changes that would have brought them; `before` asks for the next, None: no older."""

    messages: list[TeamChange]
    before: str | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The team's state at change `last_id`: holders (account, customer, holder) and each
    conversation's newest messages, as `message` changes (id 0: they are not entries of the log)."""

    last_id: int
    holders: list[tuple[str, str, str]]
    messages: list[TeamChange]
    present: list[TeamChange]  # `presence` changes: who has which conversation open now
    shared: list[TeamChange]  # the notes, labels and quick replies, as the changes that made them
    runs: list[TeamRun] = field(default_factory=list)  # the bulk runs to show, with their recipients
    handling: list[TeamChange] = field(default_factory=list)  # `bot_handling` changes: who has a paired bot's conversations
    statuses: list[TeamChange] = field(default_factory=list)  # `conversation_status` changes: the resolved conversations


def _change(item: dict[str, Any]) -> TeamChange:
    holder = item.get("holder")
    kind = str(item["kind"])
    message = _outgoing(item.get("message")) if kind == "message" else _outgoing(item) if kind == "message_state" else None
    inbound = _inbound(item.get("message")) if kind == "message" else None
    return TeamChange(
        id=int(item["id"]),
        agent=str(item["agent"]),
        kind=str(item["kind"]),
        account=str(item["account"]),
        customer=str(item["customer"]),
        holder=None if holder is None else str(holder),
        expires_ms=int(item.get("expires_ms", 0)),
        note=str(item.get("note", "")),
        message=message if kind in MESSAGE_KINDS else None,
        inbound=inbound,
        templates=_templates(item.get("templates")) if kind == "catalogue" else None,
        run=_run(item.get("run")) if kind == "run" else None,
        shared=shared_edit(kind, item),
        bot=bot_of(kind, item),
        handling=handling_of(kind, item),
        review=review_of(kind, item),
        status=_status(kind, item.get("status")),
        at=str(item.get("at") or ""),
    )


def _status(kind: str, value: object) -> ConversationStatus | None:
    """A `conversation_status` change's status; None for another kind or a status this console does not know."""
    if kind != STATUS_KIND or not isinstance(value, str) or value not in set(ConversationStatus):
        return None
    return ConversationStatus(value)


def _templates(items: object) -> tuple[Template, ...] | None:
    """A `catalogue` change's templates; None when they cannot be read (the change is then left alone)."""
    try:
        assert isinstance(items, list)
        return tuple(template_from_fields(fields) for fields in items)
    except (AssertionError, KeyError, TypeError, ValueError):
        return None


def _run(item: object) -> TeamRun | None:
    try:
        return team_run_of(item)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _as_change(message: dict[str, Any]) -> dict[str, Any]:
    """A snapshot's message as the `message` change that would have brought it."""
    agent, account, customer = message.get("agent", ""), message["account"], message["customer"]
    return {"id": 0, "agent": agent, "kind": "message", "account": account, "customer": customer}


def _inbound(item: object) -> TeamInbound | None:
    """A customer's message a `message` change carries (`"direction": "in"`); None for any other."""
    if not isinstance(item, dict) or item.get("direction") != "in" or not item.get("provider_message_id"):
        return None
    content = item.get("content")
    return TeamInbound(
        id=int(item["id"]),
        provider_message_id=str(item["provider_message_id"]),
        kind=str(item.get("kind") or "text"),
        body=str(item.get("body") or ""),
        content=content if isinstance(content, dict) else {},
        user_id=_optional(item.get("user_id")),
        name=_optional(item.get("name")),
        received_at=str(item.get("received_at") or ""),
    )


def _outgoing(item: object) -> TeamMessage | None:
    """An agent's message, or a paired bot's answer the server sends (`"direction": "bot"`), or an
    outcome of one, a change carries; None for any other (a customer's)."""
    if not isinstance(item, dict) or item.get("direction", "out") not in ("out", "bot") or "client_key" not in item:
        return None
    return team_message(item)


class TeamClient:
    def __init__(self, http: httpx.AsyncClient, server_url: str, token: str) -> None:
        self.server_url = server_url.rstrip("/")
        self._http = http
        self._token = token

    def __repr__(self) -> str:
        return f"TeamClient({self.server_url!r}, token=<hidden>)"

    async def _call(self, method: str, path: str, *, timeout: float | None = None, **kwargs: Any) -> Any:
        import httpx  # loaded with the first request, not with the window

        from console.providers.transport import classified_transport_errors, json_body

        headers = {"Authorization": f"Bearer {self._token}"}
        extra: dict[str, Any] = {} if timeout is None else {"timeout": httpx.Timeout(timeout, connect=5.0)}
        async with classified_transport_errors(THE_SERVER()):
            response = await self._http.request(method, f"{self.server_url}/team/{path}", headers=headers, **extra, **kwargs)
        if response.status_code in (401, 403):
            raise AuthenticationFailed(TOKEN_REFUSED(), status_code=response.status_code)
        body = json_body(response, THE_SERVER())
        if response.status_code in (404, 409) and isinstance(body, dict) and (refused := _refusal(body)) is not None:
            raise refused
        if response.status_code != 200 or not isinstance(body, dict):
            raise ProviderUnavailable(ANSWERED(status=str(response.status_code)), status_code=response.status_code)
        return body

    async def me(self) -> str:
        """The agent the token belongs to."""
        agent = (await self._call("GET", "me")).get("agent")
        if not isinstance(agent, str):
            raise MalformedAnswer(UNREADABLE())
        return agent

    async def agents(self) -> list[str]:
        """The team's agents (those not revoked), by name."""
        names = (await self._call("GET", "agents")).get("agents")
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise MalformedAnswer(UNREADABLE())
        return names

    async def accounts(self) -> list[TeamAccount]:
        """The provider accounts the server sends through (no secret, no address)."""
        listed = (await self._call("GET", "accounts")).get("accounts")
        try:
            assert isinstance(listed, list)
            return [TeamAccount(str(a["name"]), str(a["provider"]), dict(a.get("settings") or {})) for a in listed]
        except (AssertionError, KeyError, TypeError, ValueError):
            raise MalformedAnswer(UNREADABLE()) from None

    async def send(self, document: dict[str, Any]) -> TeamMessage:
        """Post a send (`POST /team/messages`): the message the server stored (now, or under this
        `client_key` before). `SendRefused` when the server refuses it and stored nothing."""
        from console.providers.transport import classified_transport_errors, json_body  # httpx loads with the first request

        headers = {"Authorization": f"Bearer {self._token}"}
        async with classified_transport_errors(THE_SERVER()):
            response = await self._http.post(f"{self.server_url}/team/messages", headers=headers, json=document)
        if response.status_code in (401, 403):
            raise AuthenticationFailed(TOKEN_REFUSED(), status_code=response.status_code)
        body = json_body(response, THE_SERVER())
        if response.status_code in (400, 404, 409, 413, 422) and isinstance(body, dict) and "code" in body:
            raise SendRefused(notice_from(body), response.status_code)
        if response.status_code not in (200, 201) or not isinstance(body, dict):
            raise ProviderUnavailable(ANSWERED(status=str(response.status_code)), status_code=response.status_code)
        try:
            return team_message(body["message"])
        except (KeyError, TypeError, ValueError):
            raise MalformedAnswer(UNREADABLE()) from None

    async def catalogues(self) -> dict[str, tuple[Template, ...]]:
        """Every server account's template catalogue, as the server last fetched it."""
        listed = (await self._call("GET", "catalogues")).get("catalogues")
        found = {name: _templates(items) for name, items in listed.items()} if isinstance(listed, dict) else None
        if found is None or any(templates is None for templates in found.values()):
            raise MalformedAnswer(UNREADABLE())
        return {str(name): templates for name, templates in found.items() if templates is not None}

    async def post_run(self, document: dict[str, Any]) -> TeamRun:
        """Post a bulk run (`POST /team/runs`): the run the server stored (now, or under this
        `client_key` before). `SendRefused` when the server refuses it and stored nothing."""
        return await self._run_call("runs", document)

    async def cancel_run(self, run_id: int) -> TeamRun:
        """Stop the run's items no server process has taken: the run then."""
        return await self._run_call("runs/cancel", {"run": run_id})

    async def _run_call(self, path: str, document: dict[str, Any]) -> TeamRun:
        run = _run((await self.edit("POST", path, document)).get("run"))
        if run is None:
            raise MalformedAnswer(UNREADABLE())
        return run

    async def edit(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """A shared edit (`team_server/shared_routes`) or a bulk run's call (`run_routes`): the
        server's answer. `SendRefused` (with the server's notice) when it refuses it and stored
        nothing; a `ProviderError` when it cannot be asked."""
        from console.providers.transport import classified_transport_errors, json_body  # httpx loads with the first request

        headers = {"Authorization": f"Bearer {self._token}"}
        async with classified_transport_errors(THE_SERVER()):
            response = await self._http.request(method, f"{self.server_url}/team/{path}", headers=headers, json=body)
        if response.status_code in (401, 403):
            raise AuthenticationFailed(TOKEN_REFUSED(), status_code=response.status_code)
        answer = json_body(response, THE_SERVER())
        if response.status_code in (400, 404, 409, 413, 422) and isinstance(answer, dict) and "code" in answer:
            raise SendRefused(notice_from(answer), response.status_code)
        if response.status_code not in (200, 201) or not isinstance(answer, dict):
            raise ProviderUnavailable(ANSWERED(status=str(response.status_code)), status_code=response.status_code)
        return answer

    async def changes(self, after: int, limit: int = 500, wait: float = 0.0) -> ChangePage:
        """The changes after `after`; with `wait`, held by the server until one comes (or `wait` ends)."""
        params = {"after": after, "limit": limit, "wait": wait}
        body = await self._call("GET", "changes", params=params, timeout=wait + SLACK)
        try:
            return ChangePage([_change(item) for item in body["changes"]], int(body["last_id"]))
        except (KeyError, TypeError, ValueError):
            raise MalformedAnswer(UNREADABLE()) from None

    async def snapshot(self, messages: int = 50) -> Snapshot | None:
        """Where to start following (`GET /team/snapshot`); None from a server without it (404)."""
        try:
            body = await self._call("GET", "snapshot", params={"messages": messages})
        except ProviderUnavailable as error:
            if error.status_code == 404:
                return None
            raise
        try:
            holders = [(str(h["account"]), str(h["customer"]), str(h["holder"])) for h in body["holders"]]
            shown = [_change({**_as_change(m), "message": m}) for m in body["messages"]]
            present = [_change({**p, "id": 0, "kind": "presence"}) for p in body.get("present", [])]
            shared = [_change({**edit, "id": 0}) for edit in body.get("shared", [])]
            runs = [run for item in body.get("runs", []) if (run := _run(item)) is not None]
            hands = [_change({**hand, "id": 0, "agent": "", "kind": HANDLING_KIND}) for hand in body.get("handling", [])]
            statuses = [_change({**one, "id": 0, "agent": "", "kind": STATUS_KIND}) for one in body.get("statuses", [])]
            return Snapshot(int(body["last_id"]), holders, shown, present, shared, runs, hands, statuses)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise MalformedAnswer(UNREADABLE()) from None

    async def older_messages(self, account: str, customer: str, before: str | None, limit: int) -> OlderPage:
        """The conversation's messages older than `before` (the server's time; None: the newest)."""
        query: dict[str, str | int] = {"account": account, "customer": customer, "limit": limit}
        if before is not None:
            query["before"] = before
        body = await self._call("GET", "messages", params=query)
        try:
            shown = [_change({**_as_change(m), "message": m}) for m in body["messages"]]
            return OlderPage(shown, None if body.get("before") is None else str(body["before"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise MalformedAnswer(UNREADABLE()) from None

    async def note_edits(self, account: str, customer: str, limit: int) -> list[NoteEdit]:
        """The conversation's note edits, newest first (`GET /team/notes/history`)."""
        body = await self._call("GET", "notes/history", params={"account": account, "customer": customer, "limit": limit})
        try:
            edits = [(str(e["text"]), str(e["agent"]), server_time(str(e["at"]))) for e in body["edits"]]
        except (KeyError, TypeError, ValueError):
            raise MalformedAnswer(UNREADABLE()) from None
        if any(at is None for _, _, at in edits):
            raise MalformedAnswer(UNREADABLE())
        return [NoteEdit(text, agent, at) for text, agent, at in edits if at is not None]

    async def latest(self, after: int) -> int:
        """The newest change id on the server, read by paging from `after` to the end."""
        while (page := await self.changes(after, 1000)).changes:
            after = page.last_id
        return after

    async def open(self, account: str, customer: str) -> None:
        """This agent is on the conversation (for a minute: open it again to stay)."""
        await self._call("POST", "conversations/open", json={"account": account, "customer": customer})

    async def close(self, account: str, customer: str) -> None:
        """This agent left the conversation: the others stop seeing them on it at once."""
        await self._call("POST", "conversations/close", json={"account": account, "customer": customer})

    async def take(self, account: str, customer: str) -> None:
        """This agent has the conversation now; `HeldByAnother` when another has it."""
        await self._call("POST", "conversations/take", json={"account": account, "customer": customer})

    async def transfer(self, account: str, customer: str, to: str, note: str) -> None:
        """The holder passes the conversation to `to` with a note; `TeamRefusal` when it may not."""
        body = {"account": account, "customer": customer, "to": to, "note": note}
        await self._call("POST", "conversations/transfer", json=body)

    async def release(self, account: str, customer: str) -> None:
        """The holder lets the conversation go; `TeamRefusal` when it may not."""
        await self._call("POST", "conversations/release", json={"account": account, "customer": customer})
