"""An embedded team server on this computer, over the sandbox's simulators: team mode to try.

`EmbeddedTeam.start` keeps a PostgreSQL cluster in the trial's folder (`postgres`), makes a
fresh database in it for this run, adds the agents (their tokens come back once), registers
the sandbox's demo accounts as a team's admin would (`ServerAccounts`, what `centralita server
accounts add` runs), and starts one `centralita server` process on loopback. The accounts'
secrets go to that process's environment (`CENTRALITA_SERVER_SECRET__…`, the variables a real
server host is given), never to the database nor to a file; the database URL, which carries
the cluster's password, goes there too, never to a command line. The Broadcasterbot simulator
then posts its callbacks to the server, and the Cloud API simulator its signed webhooks (after
Meta's verification handshake with the server's route); the Chattigo simulator is told the
server's route for its channel paired with the Cloud API number (through Chattigo's API, as
`accounts add … --public-url` does), so its bot answers the Cloud API's customers through the
server. All three go back where they went on `stop`, which stops the server, then the cluster.

The accounts the server runs are registered: Hey Now and Cliengo (it polls them),
Broadcasterbot and the Cloud API (callbacks), TimelinesAI, and a Chattigo bot paired with the
Cloud API account. They are named apart from the sandbox console's own demo accounts, which a
console keeps over a server account of the same name.
Blocking calls: run them off an event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import phonenumbers
from phonenumbers import PhoneNumberFormat

from console.domain.accounts import Account, ProviderKind
from console.domain.notices import NoticeError, Wording
from console.logging_setup import LOG_DIR_ENV
from console.private_files import private_dir
from console.relay.signed_routes import Sealer
from console.relay.tokens import RELAY_TOKEN_ENV, new_token
from console.sandbox import broadcasterbot, chattigo, cliengo_catalogue, cloudapi, heynow, timelinesai
from console.sandbox.server import SandboxServer
from console.store.secrets import MemorySecrets
from console.team_server.accounts import ServerAccounts
from console.team_server.process import ServerProcess
from console.team_server.secrets import secret_variable
from console.team_server.server import DATABASE_ENV
from console.team_server.store import TeamStore
from console.team_server.webhooks import set_webhook
from console.team_trial.postgres import NO_POSTGRES, LocalCluster, PostgresMissing, postgres_binaries

__all__ = ["AGENTS", "DATABASE", "EmbeddedTeam", "StartedTeam", "template_customers", "trial_accounts"]

AGENTS = ("ana", "beto")
DATABASE = "centralita_team_trial"
HEYNOW, BROADCASTERBOT, CLIENGO, TIMELINESAI = "Team Hey Now", "Team Broadcasterbot", "Team Cliengo", "Team TimelinesAI"
CLOUDAPI, CHATTIGO = "Team Cloud API", "Team Chattigo bot"
# The server never reads the user's keyring: without the environment's secrets it has nothing to send with.
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}

E164 = PhoneNumberFormat.E164
SERVER_FAILED = Wording("team_trial.server_failed", "The team server did not start; its log says why ({folder}).")
NOT_SUBSCRIBED = Wording(
    "team_trial.not_subscribed", "The Cloud API simulator did not take the team server's webhook ({status}): {said}"
)


@dataclass(frozen=True, slots=True)
class StartedTeam:
    server_url: str
    tokens: Mapping[str, str]  # agent → token, shown once
    accounts: tuple[str, ...]
    folder: Path  # the trial's: a second console's data folder may go in it


def trial_accounts(sandbox: SandboxServer) -> list[tuple[str, ProviderKind, dict[str, object]]]:
    """The server's accounts on this sandbox's simulators: (name, provider, the fields' values)."""
    urls = sandbox.base_urls
    webhook = sandbox.root_url + sandbox.call(sandbox.sandbox.timelinesai.webhook_url, timelinesai.DEMO_WORKSPACE)
    return [
        (
            HEYNOW,
            ProviderKind.HEYNOW,
            {
                "base_url": urls[heynow.PROVIDER],
                "username": heynow.DEMO_USER,
                "password": heynow.DEMO_PASSWORD,
                "platform_id": heynow.DEMO_PLATFORM,
            },
        ),
        (
            BROADCASTERBOT,
            ProviderKind.BROADCASTERBOT,
            {"base_url": urls[broadcasterbot.PROVIDER], "api_key": broadcasterbot.DEMO_API_KEY},
        ),
        (
            CLIENGO,
            ProviderKind.CLIENGO,
            {
                "base_url": urls["cliengo"],
                "api_key": cliengo_catalogue.DEMO_API_KEY,
                "website_id": cliengo_catalogue.DEMO_WEBSITE,
            },
        ),
        (TIMELINESAI, ProviderKind.TIMELINESAI, {"webhook_url": webhook}),
        (
            CLOUDAPI,
            ProviderKind.CLOUDAPI,
            {
                "phone_number_id": cloudapi.DEMO_PHONE_NUMBER_ID,
                "waba_id": cloudapi.DEMO_WABA_ID,
                "access_token": cloudapi.DEMO_ACCESS_TOKEN,
                "app_secret": cloudapi.DEMO_APP_SECRET,
                "verify_token": cloudapi.DEMO_VERIFY_TOKEN,
                "graph_url": urls[cloudapi.PROVIDER],
            },
        ),
        (
            CHATTIGO,
            ProviderKind.CHATTIGO,
            {
                "base_url": urls[chattigo.PROVIDER],
                "username": chattigo.DEMO_USER,
                "password": chattigo.DEMO_PASSWORD,
                "wa_id": chattigo.PAIRED_WA_ID,
                "cloud_api": CLOUDAPI,
            },
        ),
    ]


def template_customers(sandbox: SandboxServer) -> list[str]:
    """The numbers (E.164) the Broadcasterbot simulator's demo business may send templates to."""
    registered = sandbox.call(sandbox.sandbox.broadcasterbot.registered_contacts)
    return [phonenumbers.format_number(phonenumbers.parse(national, country), E164) for national, country in registered]


class EmbeddedTeam:
    """The cluster and one server process, in `folder` (owner-only), for `sandbox`'s simulators."""

    def __init__(self, folder: Path, sandbox: SandboxServer, *, listen: str = "127.0.0.1:0", agents: tuple[str, ...] = AGENTS):
        self._folder = folder
        self._sandbox = sandbox
        self._listen = listen
        self._agents = agents
        self._cluster = LocalCluster.kept_in(self._folder / "postgres")
        self._server: ServerProcess | None = None
        self._callbacks_were: str | None = None  # the demo business's callback URL before the team's
        self._webhook_was: str | None = None  # the Cloud API simulator's before the team's ("": none)
        self._bot_webhook_was: str | None = None  # the Chattigo simulator's for the paired channel ("": none)
        self._bot: Account | None = None  # the Chattigo account, to tell its simulator where to post
        self._busy = threading.Lock()  # a stop waits for a start under way (on another thread)

    @property
    def cluster_folder(self) -> Path | None:
        return self._cluster.folder

    @property
    def log_folder(self) -> Path:
        """The server process's log."""
        return self._folder / "logs"

    def start(self) -> StartedTeam:
        """Everything started, or nothing left running (`NoticeError`: why, in one sentence)."""
        with self._busy:
            try:
                return self._start()
            except BaseException:
                self._stop()
                raise

    def _start(self) -> StartedTeam:
        if postgres_binaries() is None:  # before anything is made
            raise PostgresMissing(NO_POSTGRES())
        private_dir(self._folder, tighten=True)
        address = self._cluster.start()
        url = address.create_database(DATABASE, fresh=True)
        store = TeamStore.open(url)
        events_token = new_token()  # the server's: it checks the Cloud API route's webhooks with what it sealed
        try:
            tokens = {agent: store.add_agent(agent) for agent in self._agents}
            secrets, accounts = MemorySecrets(), []
            registry = ServerAccounts(store.engine, secrets, Sealer(events_token))
            for name, provider, values in trial_accounts(self._sandbox):
                registry.add(name, provider, values)
                accounts.append(name)
            callback_path, webhook_path = registry.callback_path(BROADCASTERBOT), registry.callback_path(CLOUDAPI)
            bot_path, self._bot = registry.callback_path(CHATTIGO), registry.by_name(CHATTIGO)
        finally:
            store.close()
        environment = {
            **NO_KEYRING,
            LOG_DIR_ENV: str(self.log_folder),
            DATABASE_ENV: url,
            RELAY_TOKEN_ENV: events_token,
            **{secret_variable(account, key): value for (account, key), value in secrets.values.items()},
        }
        server = ServerProcess(private_dir(self._folder / "server", tighten=True), listen=self._listen, env=environment)
        self._server = server
        try:
            server.start()
        except RuntimeError:
            raise NoticeError(SERVER_FAILED(folder=str(self.log_folder))) from None
        assert callback_path is not None and webhook_path is not None and bot_path is not None
        simulator = self._sandbox.sandbox.broadcasterbot
        self._callbacks_were = self._sandbox.call(simulator.subscriptions)[broadcasterbot.DEMO_API_KEY]["url"]
        self._sandbox.call(simulator.set_callback_url, broadcasterbot.DEMO_API_KEY, server.root_url + callback_path)
        self._webhook_was = self._sandbox.call(self._sandbox.sandbox.cloudapi.subscription)["url"] or ""
        self._subscribe(server.root_url + webhook_path)
        self._bot_webhook_was = self._sandbox.call(self._sandbox.sandbox.chattigo.webhooks).get(chattigo.PAIRED_WA_ID, "")
        self._tell_the_bot(server.root_url + bot_path)
        return StartedTeam(server.root_url, tokens, tuple(accounts), self._folder)

    def _subscribe(self, url: str) -> None:
        """Meta's "Verify and save" on the Cloud API simulator: it checks `url` answers the handshake."""
        answer = httpx.post(f"{self._sandbox.root_url}/_sandbox/{cloudapi.PROVIDER}/webhook", json={"url": url}, timeout=15)
        if answer.status_code != 200:
            raise NoticeError(NOT_SUBSCRIBED(status=answer.status_code, said=answer.text[:200]))

    def _tell_the_bot(self, url: str) -> None:
        """Chattigo's bot posts its answers for the paired channel to `url` (its API's `PATCH /webhooks/outbound`)."""
        assert self._bot is not None
        asyncio.run(set_webhook(self._bot, {"password": chattigo.DEMO_PASSWORD}, url))

    def stop(self) -> None:
        """The demo business's callbacks back where they went, the server (its sends under way
        answered or recorded unknown), then the cluster."""
        with self._busy:
            self._stop()

    def _stop(self) -> None:
        try:
            if self._callbacks_were is not None:
                with contextlib.suppress(RuntimeError):  # the sandbox stopped first
                    simulator = self._sandbox.sandbox.broadcasterbot
                    self._sandbox.call(simulator.set_callback_url, broadcasterbot.DEMO_API_KEY, self._callbacks_were)
                self._callbacks_were = None
            if self._webhook_was:  # the sandbox console's own route, verified again while the server still runs
                with contextlib.suppress(httpx.HTTPError, NoticeError):  # the sandbox stopped first, or the route went
                    self._subscribe(self._webhook_was)
            self._webhook_was = None
            if self._bot_webhook_was:  # the sandbox console's own bot route
                with contextlib.suppress(NoticeError):  # the sandbox stopped first
                    self._tell_the_bot(self._bot_webhook_was)
            self._bot_webhook_was = None
            if self._server is not None:
                self._server.stop()
                self._server = None
        finally:
            self._cluster.stop()
