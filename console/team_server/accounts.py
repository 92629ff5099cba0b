"""The provider accounts the team server sends through (`centralita server accounts`).

The fields are the providers' own (`providers.fields`, as `centralita account add` takes
them): settings go to `team_account`, secrets to the server's secret store (`secrets`),
never to the database. An account whose provider posts callbacks gets a relay route of its
own when it is added (`callback_path`), whose events the server applies (`callbacks`). A
provider that signs its webhooks (the Cloud API) gets a signed route, as a console's relay route
is registered (`relay.signed_routes`): its app secret sealed with the server's events token and
its verify token as a keyed digest, never in clear in the database; a provider told the URL
through its API (Chattigo) is told before anything is kept (`announce`). `change` takes new values
for some fields and seals the route again; `remove` takes the route and its sealed secrets with it.
Blocking calls: run them off the event loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from console.domain.accounts import Account, ProviderKind
from console.domain.errors import DuplicateAccount, InvalidInput
from console.domain.notices import Wording
from console.domain.validation import clean_name
from console.providers.fields import FieldKind
from console.providers.registry import definition
from console.providers.whatsapp_cloud import APP_SECRET, VERIFY_TOKEN
from console.relay.app import callback_path
from console.relay.signed_routes import SIGNED_PROVIDERS, Sealer
from console.relay.store import relay_route, relay_route_check, utc_now
from console.relay.tokens import new_token
from console.services.accounts import TOKEN, check_link
from console.services.preflight import PRIVATE_LINKS, may_fetch_private_links
from console.store.missing import NO_ACCOUNT_NAMED
from console.store.secrets import SecretStore
from console.team_server.schema import team_account
from console.team_server.store import Refusal

__all__ = ["TOKEN", "Announce", "ServerAccounts", "window_settings"]

# What an agent's console needs of an account's settings to write to its customers (how a
# number without its country code is read, a template's language): nothing else reaches it.
WINDOW_SETTINGS = ("default_region", "template_language")
# Tells the provider where it posts (the account, its secrets, the route's callback path); raising
# stops the account from being added.
Announce = Callable[[Account, Mapping[str, str], str], None]
ANSWERS_FOR_ANOTHER = Wording(
    "team.connection_paired", "'{name}' already answers for the bot of '{bot}', and answers for one bot only"
)


def receives_callbacks(provider: ProviderKind, signs: bool) -> bool:
    """Whether the server gives the account a callback route when it is added: a provider that
    pushes callbacks; one that signs them only when `signs` (the route's secrets can be sealed)."""
    return definition(provider).parse_callback is not None and (signs or provider.value not in SIGNED_PROVIDERS)


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
    def __init__(self, engine: Engine, secrets: SecretStore, sealer: Sealer | None = None) -> None:
        """`sealer`: the server's (`Sealer(events token)`), which signed routes need; without it a
        signing provider's account gets no route."""
        self._engine = engine
        self.secrets = secrets
        self._sealer = sealer

    def add(self, name: str, provider: ProviderKind, values: Mapping[str, object], announce: Announce | None = None) -> Account:
        """Validated as the console's `account add`: `InvalidInput` naming the field, nothing kept;
        `announce` is called with the route's path before anything is kept (what it raises, too,
        leaves nothing)."""
        name = clean_name(name)
        spec = definition(provider)
        settings, secrets = spec.split(values)
        self._check_linked_accounts(provider, settings, name)
        if self.by_name(name) is not None:
            raise DuplicateAccount(name)
        route = new_token() if receives_callbacks(provider, self._sealer is not None) else None
        check = self._route_check(provider, secrets)
        if announce is not None and route is not None:
            announce(Account(0, name, provider, settings), secrets, callback_path(provider.value, route))
        for key, secret in secrets.items():
            self.secrets.set(name, key, secret)
        try:
            with self._engine.begin() as connection:
                if route is not None:  # the relay's tables are on the same database
                    _add_route(connection, route, provider, name, check)
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

    def change(self, name: str, values: Mapping[str, object], announce: Announce | None = None) -> Account:
        """New values for some of the account's fields, the others kept (a secret from this host's
        store or variable), validated as a whole as `add` validates them: `InvalidInput` naming the
        field, or `Refusal` for an unknown account, and nothing changed. A signed route is sealed
        again with the new secrets, in the transaction that keeps the settings; an account that
        should have a route and has none (added before routes) gets one. `announce` as for `add`."""
        with self._engine.connect() as connection:
            row = connection.execute(select(team_account).where(team_account.c.name == name)).first()
        if row is None:
            raise Refusal(NO_ACCOUNT_NAMED(name=name), 404)
        account = _account(row)
        spec = definition(account.provider)
        keys = {spec_field.key for spec_field in spec.fields}
        merged: dict[str, object] = {key: value for key, value in account.settings.items() if key in keys}
        for key in spec.secret_keys:
            kept = self.secrets.get(name, key)
            if kept is not None:
                merged[key] = kept
        merged.update(values)
        settings, secrets = spec.split(merged)
        self._check_linked_accounts(account.provider, settings, name)
        route = row.callback_route
        if route is None and receives_callbacks(account.provider, self._sealer is not None):
            route = new_token()
        check = self._route_check(account.provider, secrets)
        changed = Account(0, name, account.provider, settings)
        if announce is not None and route is not None:
            announce(changed, secrets, callback_path(account.provider.value, route))
        before = {key: self.secrets.get(name, key) for key in secrets}
        for key, secret in secrets.items():
            if key in values:
                self.secrets.set(name, key, secret)
        try:
            with self._engine.begin() as connection:
                if row.callback_route is None and route is not None:
                    _add_route(connection, route, account.provider, name, check)
                elif route is not None and check is not None:
                    connection.execute(delete(relay_route_check).where(relay_route_check.c.token == route))
                    connection.execute(
                        insert(relay_route_check).values(token=route, sealed_secret=check[0], verify_digest=check[1])
                    )
                kept = connection.execute(
                    update(team_account)
                    .where(team_account.c.name == name)
                    .values(settings=json.dumps(settings), callback_route=route)
                ).rowcount
                if not kept:  # removed by another admin at this moment
                    raise Refusal(NO_ACCOUNT_NAMED(name=name), 404)
        except BaseException:  # the secrets as they were: nothing changed
            for key, value in before.items():
                if key in values and value is None:
                    self.secrets.delete(name, key)
                elif key in values:
                    self.secrets.set(name, key, value)
            raise
        self.secrets.delete(name, TOKEN)  # a login made with the old credentials
        return changed

    def _route_check(self, provider: ProviderKind, secrets: Mapping[str, str]) -> tuple[bytes, bytes] | None:
        """A signed route's sealed app secret and verify token digest, as the relay keeps them."""
        if self._sealer is None or provider.value not in SIGNED_PROVIDERS:
            return None
        return self._sealer.seal(secrets[APP_SECRET]), self._sealer.digest(secrets[VERIFY_TOKEN])

    def seal_again(self, sealer: Sealer) -> list[str]:
        """Seal again under `sealer` the signed routes it cannot open (sealed under another events
        token: the token changed) with the secrets this host has: the accounts sealed again."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(team_account.c.name, relay_route_check)
                .join(relay_route_check, relay_route_check.c.token == team_account.c.callback_route)
                .where(team_account.c.provider.in_(sorted(SIGNED_PROVIDERS)))
            ).all()
        sealed: list[str] = []
        for row in rows:
            if sealer.open(bytes(row.sealed_secret), bytes(row.verify_digest)) is not None:
                continue
            app_secret, verify_token = self.secrets.get(row.name, APP_SECRET), self.secrets.get(row.name, VERIFY_TOKEN)
            if not app_secret or not verify_token:  # another host, which has them, seals it
                continue
            with self._engine.begin() as connection:
                connection.execute(
                    update(relay_route_check)
                    .where(relay_route_check.c.token == row.token)
                    .values(sealed_secret=sealer.seal(app_secret), verify_digest=sealer.digest(verify_token))
                )
            sealed.append(row.name)
        return sealed

    def _check_linked_accounts(self, provider: ProviderKind, settings: Mapping[str, object], name: str) -> None:
        """An account a field names (the Cloud API account a Chattigo bot answers through) must
        be another of the server's accounts, one that sends a bot's messages, and answer for no
        other bot (the server forwards its customers' messages to one bot)."""
        for spec_field in definition(provider).fields:
            linked = settings.get(spec_field.key)
            if spec_field.kind is not FieldKind.ACCOUNT or linked is None:
                continue
            check_link(spec_field.label, str(linked), self.by_name(str(linked)), name)
            other = next(
                (
                    account.name
                    for account in self.list()
                    if account.provider is provider and account.name != name and account.settings.get(spec_field.key) == linked
                ),
                None,
            )
            if other is not None:
                raise InvalidInput(spec_field.label, ANSWERS_FOR_ANOTHER(name=str(linked), bot=other))

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
        """The account, its callback route (the relay then answers 404 on it, and its sealed secrets
        go) and its secrets in this host's store (a variable in the environment stays)."""
        with self._engine.begin() as connection:
            row = connection.execute(delete(team_account).where(team_account.c.name == name).returning(team_account)).first()
            if row is not None and row.callback_route is not None:
                connection.execute(delete(relay_route_check).where(relay_route_check.c.token == row.callback_route))
                connection.execute(delete(relay_route).where(relay_route.c.token == row.callback_route))
        if row is None:
            raise Refusal(NO_ACCOUNT_NAMED(name=name), 404)
        for key in (*definition(ProviderKind(row.provider)).secret_keys, TOKEN):
            self.secrets.delete(name, key)


def _add_route(connection: Connection, route: str, provider: ProviderKind, label: str, check: tuple[bytes, bytes] | None) -> None:
    """The account's relay route (the relay's tables are on the same database), with a signed one's check."""
    connection.execute(insert(relay_route).values(token=route, provider=provider.value, label=label, created_at=utc_now()))
    if check is not None:
        connection.execute(insert(relay_route_check).values(token=route, sealed_secret=check[0], verify_digest=check[1]))
