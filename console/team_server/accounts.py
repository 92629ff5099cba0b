"""The provider accounts the team server sends through (`centralita server accounts`).

The fields are the providers' own (`providers.fields`, as `centralita account add` takes
them): settings go to `team_account`, secrets to the server's secret store (`secrets`),
never to the database. An account whose provider posts callbacks gets a relay route of its
own when it is added (`callback_path`), whose events the server applies (`callbacks`).
Blocking calls: run them off the event loop.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from console.domain.accounts import Account, ProviderKind
from console.domain.errors import DuplicateAccount
from console.domain.validation import clean_name
from console.providers.fields import FieldKind
from console.providers.registry import definition
from console.relay.app import callback_path
from console.relay.signed_routes import SIGNED_PROVIDERS
from console.relay.store import relay_route, utc_now
from console.relay.tokens import new_token
from console.services.accounts import TOKEN, check_link
from console.services.preflight import PRIVATE_LINKS, may_fetch_private_links
from console.store.missing import NO_ACCOUNT_NAMED
from console.store.secrets import SecretStore
from console.team_server.schema import team_account
from console.team_server.store import Refusal

__all__ = ["TOKEN", "ServerAccounts", "window_settings"]

# What an agent's console needs of an account's settings to write to its customers (how a
# number without its country code is read, a template's language): nothing else reaches it.
WINDOW_SETTINGS = ("default_region", "template_language")


def receives_callbacks(provider: ProviderKind) -> bool:
    """Whether the server gives the account a callback route when it is added: a provider that
    pushes callbacks, unless it signs them (the Cloud API's route needs its app secret sealed
    with the relay's token: not yet on the server)."""
    return definition(provider).parse_callback is not None and provider.value not in SIGNED_PROVIDERS


def _account(row: object) -> Account:
    return Account(0, row.name, ProviderKind(row.provider), json.loads(row.settings))  # type: ignore[attr-defined]


def window_settings(account: Account) -> dict[str, object]:
    """The settings `GET /team/accounts` shows agents: no secret (those are not settings), no address.
    `private_links` (only when true): the provider sits on a private network, so a console may hand
    it media links on one (its link check allows them), as for an account of its own there."""
    shown: dict[str, object] = {key: account.settings[key] for key in WINDOW_SETTINGS if key in account.settings}
    if may_fetch_private_links(account):
        shown[PRIVATE_LINKS] = True
    return shown


class ServerAccounts:
    def __init__(self, engine: Engine, secrets: SecretStore) -> None:
        self._engine = engine
        self.secrets = secrets

    def add(self, name: str, provider: ProviderKind, values: Mapping[str, object]) -> Account:
        """Validated as the console's `account add`: `InvalidInput` naming the field, nothing kept."""
        name = clean_name(name)
        spec = definition(provider)
        settings, secrets = spec.split(values)
        self._check_linked_accounts(provider, settings, name)
        if self.by_name(name) is not None:
            raise DuplicateAccount(name)
        for key, secret in secrets.items():
            self.secrets.set(name, key, secret)
        route = new_token() if receives_callbacks(provider) else None
        try:
            with self._engine.begin() as connection:
                if route is not None:  # the relay's tables are on the same database
                    connection.execute(
                        insert(relay_route).values(token=route, provider=provider.value, label=name, created_at=utc_now())
                    )
                connection.execute(
                    insert(team_account).values(
                        name=name,
                        provider=provider.value,
                        settings=json.dumps(settings),
                        created_at=utc_now(),
                        callback_route=route,
                    )
                )
        except IntegrityError:  # added by another admin at this moment
            raise DuplicateAccount(name) from None
        return Account(0, name, provider, settings)

    def _check_linked_accounts(self, provider: ProviderKind, settings: Mapping[str, object], name: str) -> None:
        """An account a field names (the Cloud API account a Chattigo bot answers through) must
        be another of the server's accounts, one that sends a bot's messages."""
        for spec_field in definition(provider).fields:
            linked = settings.get(spec_field.key)
            if spec_field.kind is not FieldKind.ACCOUNT or linked is None:
                continue
            check_link(spec_field.label, str(linked), self.by_name(str(linked)), name)

    def callback_path(self, name: str) -> str | None:
        """Where on the server the account's provider posts its callbacks (the route is a secret:
        it is the callback URL); None for an account that receives none."""
        with self._engine.connect() as connection:
            row = connection.execute(
                select(team_account.c.provider, team_account.c.callback_route).where(team_account.c.name == name)
            ).first()
        return None if row is None or row.callback_route is None else callback_path(row.provider, row.callback_route)

    def list(self) -> list[Account]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(team_account).order_by(team_account.c.name)).all()
        return [_account(row) for row in rows]

    def by_name(self, name: str) -> Account | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(team_account).where(team_account.c.name == name)).first()
        return None if row is None else _account(row)

    def remove(self, name: str) -> None:
        """The account and its secrets in this host's store (a variable in the environment stays)."""
        with self._engine.begin() as connection:
            row = connection.execute(delete(team_account).where(team_account.c.name == name).returning(team_account)).first()
        if row is None:
            raise Refusal(NO_ACCOUNT_NAMED(name=name), 404)
        for key in (*definition(ProviderKind(row.provider)).secret_keys, TOKEN):
            self.secrets.delete(name, key)
