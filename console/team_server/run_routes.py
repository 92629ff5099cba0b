"""The catalogue and bulk run endpoints, on the team application (`app`: the same agents' tokens
and refusals).

- `GET /team/catalogues`: `{"catalogues": {account: [template, …]}}`, every account's catalogue
  as the server last fetched it (`catalogues`; a console reads it when it reaches the server, so
  an account it mirrors after the account's `catalogue` change still gets its catalogue).

- `POST /team/runs` with `{"client_key": UUID, "account", "template": {"name", "language"} (and, for
  a template with a header file, "media_url" and "filename"), "recipients": [{"customer": phone,
  "params": […], "named_params": {…}}, …], "send_anyway": [kinds]}`: each recipient's send is checked
  as `POST /team/messages` checks one (with the account's catalogue, and the link's rules:
  `media`); one refused refuses the run (422, its position in `values.position`), nothing stored.
  Each item keeps the whole link (a signed one with its query), which sending it needs; the run's
  `run` changes and answers show it without its secrets.
  Otherwise the run is stored with its items (`bulk_runs`) and answered 201 `{"run"}`; the same
  `client_key` again answers the run as it stands, 200, nothing created.
- `POST /team/runs/cancel` with `{"run": id}`: the items no worker has claimed are not sent; 200 `{"run"}`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from console.domain.accounts import Account
from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.domain.notices import Wording
from console.domain.send_warnings import NeedsSendAnyway
from console.domain.template_codec import template_fields
from console.providers.base import SendOptions
from console.relay.app import read_body
from console.team_server import schema
from console.team_server.accounts import ServerAccounts
from console.team_server.app import AGENT, STATE
from console.team_server.bulk_runs import RUN_KEY_REUSED, Item, RunStore
from console.team_server.catalogues import CatalogueStore
from console.team_server.content import read_content
from console.team_server.send_checks import checked_send
from console.team_server.store import Refusal

__all__ = ["MAX_RECIPIENTS", "add_run_routes"]

MAX_RECIPIENTS = 5000
MEDIA_FIELDS = ("media_url", "filename")  # a template's header file, the same for every recipient
RUNS: web.AppKey[RunStore] = web.AppKey("team_runs")

BAD_RUN = Wording(
    "team.bad_run",
    "expected a JSON object with 'client_key' (a UUID), 'account', 'template' ({{\"name\", \"language\"}}, and "
    "\"media_url\" and \"filename\" for a template with a file), "
    "'recipients' (1 to {limit} objects with 'customer' and their 'params' or 'named_params') and optionally "
    "'send_anyway'",
)
BAD_CANCEL = Wording("team.bad_cancel", "expected a JSON object with 'run', a run's id")
RECIPIENT_REFUSED = Wording("team.recipient_refused", "recipient {position}: {reason}")


async def _document(request: web.Request) -> Any:
    try:
        return json.loads(await read_body(request))
    except (ValueError, RecursionError):
        return None


def _run_fields(document: Any) -> tuple[str, str, dict[str, Any], list[dict[str, Any]], list[str]]:
    bad = Refusal(BAD_RUN(limit=MAX_RECIPIENTS), 400)
    if not isinstance(document, dict):
        raise bad
    key, account, template = document.get("client_key"), document.get("account"), document.get("template")
    recipients, send_anyway = document.get("recipients"), document.get("send_anyway", [])
    if not (
        isinstance(key, str)
        and isinstance(account, str)
        and 0 < len(account.strip()) <= schema.ACCOUNT_LENGTH
        and isinstance(template, dict)
        and isinstance(recipients, list)
        and 0 < len(recipients) <= MAX_RECIPIENTS
        and all(isinstance(r, dict) and isinstance(r.get("customer"), str) for r in recipients)
        and isinstance(send_anyway, list)
        and all(isinstance(kind, str) for kind in send_anyway)
    ):
        raise bad
    try:
        key = str(uuid.UUID(key))
    except ValueError:
        raise bad from None
    return key, account.strip(), template, recipients, send_anyway


@dataclass(frozen=True, slots=True)
class _Known:
    """The run's account, read once for all its recipients' checks."""

    account: Account | None

    def by_name(self, name: str) -> Account | None:
        return self.account


def _checked_items(
    accounts: ServerAccounts,
    catalogues: CatalogueStore,
    account: str,
    template: dict[str, Any],
    recipients: list[dict[str, Any]],
    send_anyway: list[str],
) -> list[Item]:
    """Each recipient's send checked as `POST /team/messages` checks one (blocking: off the loop)."""
    media = {name: template[name] for name in MEDIA_FIELDS if template.get(name) is not None}
    shared = {"type": "template", "name": template.get("name"), "language": template.get("language"), **media}
    known = _Known(accounts.by_name(account))
    items: list[Item] = []
    catalogue_entry = None
    for position, recipient in enumerate(recipients, 1):
        params = {"params": recipient.get("params", []), "named_params": recipient.get("named_params", {})}
        content = read_content({**shared, **params})
        assert isinstance(content, TemplateContent)
        if position == 1:
            catalogue_entry = catalogues.find(account, content.name, content.language)
        try:
            send = checked_send(known, account, recipient["customer"], content, SendOptions(), send_anyway, catalogue_entry)
        except (InvalidInput, NeedsSendAnyway) as refused:
            raise Refusal(RECIPIENT_REFUSED(position=position, reason=refused.notice), 422) from None
        items.append(Item(send.customer, send.kind, send.content, params))
    return items


async def _create(request: web.Request) -> web.Response:
    state, runs = request.app[STATE], request.app[RUNS]
    key, account, template, recipients, send_anyway = _run_fields(await _document(request))
    existing = await state.run(runs.by_client_key, key)
    if existing is not None:
        if (existing.agent, existing.account) != (request[AGENT], account):
            raise Refusal(RUN_KEY_REUSED(key=key), 409)
        return web.json_response({"run": existing.as_json()}, status=200)
    items = await state.run(_checked_items, state.accounts, state.catalogues, account, template, recipients, send_anyway)
    media = {name: template[name] for name in MEDIA_FIELDS if template.get(name) is not None}
    fields = {"name": template.get("name"), "language": template.get("language"), **media, "send_anyway": sorted(send_anyway)}
    run, changes = await state.run(runs.create, request[AGENT], key, account, fields, items)
    if changes:
        state.feed.ring(changes[-1].id)
    return web.json_response({"run": run.as_json()}, status=201 if changes else 200)


async def _cancel(request: web.Request) -> web.Response:
    state, runs = request.app[STATE], request.app[RUNS]
    document = await _document(request)
    run_id = document.get("run") if isinstance(document, dict) else None
    if not isinstance(run_id, int) or isinstance(run_id, bool) or not 0 < run_id < 2**63:
        raise Refusal(BAD_CANCEL(), 400)
    run, changes = await state.run(runs.cancel, request[AGENT], run_id)
    if changes:
        state.feed.ring(changes[-1].id)
    return web.json_response({"run": run.as_json()})


async def _catalogues(request: web.Request) -> web.Response:
    state = request.app[STATE]
    catalogues = await state.run(state.catalogues.all)
    listed = {account: [template_fields(t) for t in templates] for account, templates in catalogues.items()}
    return web.json_response({"catalogues": listed})


def add_run_routes(app: web.Application, runs: RunStore) -> None:
    """On the `/team/` application `app.build_team_app` made."""
    app[RUNS] = runs
    app.router.add_get("/catalogues", _catalogues)
    app.router.add_post("/runs", _create)
    app.router.add_post("/runs/cancel", _cancel)
