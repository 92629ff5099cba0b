"""Talking to a team server's `/team/` endpoints with an agent's token (see
`console/team_server/app.py`). Failures are typed, with one sentence for the agent: the
server out of reach or answering oddly (`ProviderError`s), the token refused
(`AuthenticationFailed`), another agent holding the conversation (`HeldByAnother`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from console.domain.notices import NoticeError, Wording
from console.domain.team import TeamChange
from console.providers.errors import AuthenticationFailed, MalformedAnswer, ProviderUnavailable
from console.providers.transport import classified_transport_errors, json_body

THE_SERVER = Wording("team.client.name", "The team server")
TOKEN_REFUSED = Wording("team.client.token_refused", "The team server refused this agent's token (unknown or revoked).")
ANSWERED = Wording("team.client.answered", "The team server answered {status}.")
UNREADABLE = Wording("team.client.unreadable", "The team server sent an answer this console cannot read.")
HELD = Wording("team.client.held", "{holder} has this conversation.")

SLACK = 10.0  # seconds a long-poll may take beyond its wait before it counts as lost


class HeldByAnother(NoticeError):
    """A take refused because another agent has the conversation."""

    def __init__(self, holder: str) -> None:
        super().__init__(HELD(holder=holder))
        self.holder = holder


@dataclass(frozen=True, slots=True)
class ChangePage:
    changes: list[TeamChange]
    last_id: int


def _change(item: dict[str, Any]) -> TeamChange:
    holder = item.get("holder")
    return TeamChange(
        id=int(item["id"]),
        agent=str(item["agent"]),
        kind=str(item["kind"]),
        account=str(item["account"]),
        customer=str(item["customer"]),
        holder=None if holder is None else str(holder),
        expires_ms=int(item.get("expires_ms", 0)),
    )


class TeamClient:
    def __init__(self, http: httpx.AsyncClient, server_url: str, token: str) -> None:
        self.server_url = server_url.rstrip("/")
        self._http = http
        self._token = token

    def __repr__(self) -> str:
        return f"TeamClient({self.server_url!r}, token=<hidden>)"

    async def _call(self, method: str, path: str, *, timeout: float | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self._token}"}
        extra: dict[str, Any] = {} if timeout is None else {"timeout": httpx.Timeout(timeout, connect=5.0)}
        async with classified_transport_errors(THE_SERVER()):
            response = await self._http.request(method, f"{self.server_url}/team/{path}", headers=headers, **extra, **kwargs)
        if response.status_code in (401, 403):
            raise AuthenticationFailed(TOKEN_REFUSED(), status_code=response.status_code)
        body = json_body(response, THE_SERVER())
        if response.status_code == 409 and isinstance(body, dict):
            holder = body.get("values", {}).get("holder")
            if isinstance(holder, str):
                raise HeldByAnother(holder)
        if response.status_code != 200 or not isinstance(body, dict):
            raise ProviderUnavailable(ANSWERED(status=str(response.status_code)), status_code=response.status_code)
        return body

    async def me(self) -> str:
        """The agent the token belongs to."""
        agent = (await self._call("GET", "me")).get("agent")
        if not isinstance(agent, str):
            raise MalformedAnswer(UNREADABLE())
        return agent

    async def changes(self, after: int, limit: int = 500, wait: float = 0.0) -> ChangePage:
        """The changes after `after`; with `wait`, held by the server until one comes (or `wait` ends)."""
        params = {"after": after, "limit": limit, "wait": wait}
        body = await self._call("GET", "changes", params=params, timeout=wait + SLACK)
        try:
            return ChangePage([_change(item) for item in body["changes"]], int(body["last_id"]))
        except (KeyError, TypeError, ValueError):
            raise MalformedAnswer(UNREADABLE()) from None

    async def latest(self, after: int) -> int:
        """The newest change id on the server, read by paging from `after` to the end."""
        while (page := await self.changes(after, 1000)).changes:
            after = page.last_id
        return after

    async def open(self, account: str, customer: str) -> None:
        """This agent is on the conversation (for a minute: open it again to stay)."""
        await self._call("POST", "conversations/open", json={"account": account, "customer": customer})

    async def take(self, account: str, customer: str) -> None:
        """This agent has the conversation now; `HeldByAnother` when another has it."""
        await self._call("POST", "conversations/take", json={"account": account, "customer": customer})
