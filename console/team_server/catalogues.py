"""Each server account's template catalogue, fetched from its provider with the provider's own
client (as the console's `services.templates.TemplateService.sync` does), kept in
`team_catalogue` and published as a `catalogue` change when what the provider lists changed:

    {"kind": "catalogue", "agent": "", "account": "Ventas MX", "customer": "",
     "templates": [{"name", "language", "kind", "param_count", "variables", "body", "status"}, …]}

Consoles in team mode keep it as that account's catalogue. The server checks a template send
against it (`find`) as a console's pre-flight does. Every process refreshes on start and then
every `every` seconds; two processes fetching the same list write one change (the row only
changes when the list does).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os

import httpx
from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from console.domain.capabilities import Operation
from console.domain.errors import InvalidInput
from console.domain.template_codec import template_fields, template_from_fields
from console.domain.templates import Template
from console.providers.aiohttp_transport import provider_http_client
from console.providers.base import TemplateCatalogue
from console.providers.errors import ProviderError
from console.providers.registry import capabilities
from console.relay.store import utc_now
from console.store.secrets import SecretStore
from console.team_server.accounts import ServerAccounts
from console.team_server.clients import ServerClients
from console.team_server.feed import ChangeFeed
from console.team_server.schema import team_catalogue
from console.team_server.store import Change, append_change

__all__ = ["EVERY_ENV", "CatalogueRefresher", "CatalogueStore", "catalogue_every"]

log = logging.getLogger("console.team_server")
REFRESH_EVERY = 300.0  # seconds between two fetches of every catalogue by one process
EVERY_ENV = "CENTRALITA_SERVER_CATALOGUE_EVERY"


def catalogue_every() -> float:
    """`REFRESH_EVERY`, or the environment's number of seconds (at least 5)."""
    try:
        return max(5.0, float(os.environ.get(EVERY_ENV, REFRESH_EVERY)))
    except ValueError:
        return REFRESH_EVERY


class CatalogueStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, account: str, templates: list[Template]) -> Change | None:
        """Keep `templates` as the account's catalogue; its `catalogue` change, or None when the
        stored list is the same (a concurrent identical save waits for the first, then writes nothing)."""
        fields = [template_fields(t) for t in sorted(templates, key=lambda t: (t.name, t.language))]
        text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
        with self.engine.begin() as connection:
            insert = (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(team_catalogue)
            statement = insert.values(account=account, templates=text, fetched_at=utc_now())
            changed = connection.execute(
                statement.on_conflict_do_update(
                    index_elements=["account"],
                    set_={"templates": statement.excluded.templates, "fetched_at": statement.excluded.fetched_at},
                    where=team_catalogue.c.templates != statement.excluded.templates,
                ).returning(team_catalogue.c.account)
            ).first()
            if changed is None:
                return None
            return append_change(connection, "", "catalogue", account, "", templates=fields)

    def templates(self, account: str) -> list[Template]:
        with self.engine.connect() as connection:
            text = connection.execute(select(team_catalogue.c.templates).where(team_catalogue.c.account == account)).scalar()
        return [] if text is None else [template_from_fields(fields) for fields in json.loads(text)]

    def all(self) -> dict[str, list[Template]]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(team_catalogue.c.account, team_catalogue.c.templates)).all()
        return {row.account: [template_from_fields(fields) for fields in json.loads(row.templates)] for row in rows}

    def find(self, account: str, name: str, language: str | None) -> Template | None:
        """The catalogue's entry, as the console's `store.templates.find_template` finds one: by name
        and language, or with no language the only one of that name."""
        found = [t for t in self.templates(account) if t.name == name and (language is None or t.language == language)]
        return found[0] if len(found) == 1 else None


class CatalogueRefresher:
    """Fetches the catalogue of every account whose provider lists templates, now and every `every` seconds."""

    def __init__(
        self,
        store: CatalogueStore,
        accounts: ServerAccounts,
        secrets: SecretStore,
        feed: ChangeFeed,
        timeout: httpx.Timeout,
        every: float = REFRESH_EVERY,
    ) -> None:
        self._store = store
        self._accounts = accounts
        self._secrets = secrets
        self._feed = feed
        self._timeout = timeout
        self._every = every
        self._failing: set[str] = set()  # accounts whose last fetch failed: logged once until one works

    async def run(self) -> None:
        async with provider_http_client(self._timeout) as http:
            clients = ServerClients(self._accounts, self._secrets, http)
            while True:
                await self.refresh(clients)
                clients.forget()
                await asyncio.sleep(self._every)

    async def refresh(self, clients: ServerClients) -> None:
        try:
            accounts = await asyncio.to_thread(self._accounts.list)
        except Exception as error:  # the database is away: the next round tries again
            log.warning("Catalogue refresh could not read the accounts (%s)", type(error).__name__)
            return
        for account in accounts:
            if capabilities(account.provider).supports(Operation.SYNC_TEMPLATES):
                await self._refresh_one(clients, account.name)

    async def _refresh_one(self, clients: ServerClients, name: str) -> None:
        try:
            found = await clients.get(name, TemplateCatalogue)
            if found is None:
                return
            templates = await found[1].template_catalogue()
            change = await asyncio.to_thread(self._store.save, name, templates)
        except (InvalidInput, ProviderError) as error:
            if name not in self._failing:
                log.warning("Could not fetch the templates of account %s: %s", name, error)
            self._failing.add(name)
            return
        except Exception as error:
            log.warning("Could not keep the templates of account %s (%s)", name, type(error).__name__)
            return
        self._failing.discard(name)
        if change is not None:
            self._feed.ring(change.id)
