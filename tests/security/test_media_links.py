"""Media links: the pre-flight never reaches link-local addresses (a cloud's metadata service),
directly or after a redirect; outside the sandbox nor this computer or a private network;
links with a password are refused; what is shown and printed keeps no signed query."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from console.domain.accounts import Account, ProviderKind
from console.domain.content import MediaContent, MediaKind
from console.domain.errors import InvalidInput
from console.domain.send_warnings import PreflightReport
from console.providers.media_check import inspect_media_link
from console.sandbox.media_host import MediaFile, MediaHost, png_bytes
from console.sandbox.server import SandboxServer
from console.services.preflight import may_fetch_private_links
from tests.conftest import open_workspace, run_core
from tests.faults.conftest import Figures
from tests.faults.support import add_sending_account

FILES = {
    "good.png": MediaFile(png_bytes(), "image/png"),
    "to-metadata.png": MediaFile(redirect_to="http://169.254.169.254/latest/meta-data/"),
    "to-link-local-v6.png": MediaFile(redirect_to="http://[fe80::1]/x.png"),
}


def _inspect(url: str, *, allow_private: bool) -> str:
    async def scenario() -> None:
        async with httpx.AsyncClient() as http:
            await inspect_media_link(http, url, allow_private=allow_private)

    with pytest.raises(InvalidInput) as refused:
        run_core(scenario())
    return str(refused.value.reason)  # the English the sentence is written in


def test_link_local_is_refused_even_in_the_sandbox_and_after_a_redirect() -> None:
    with MediaHost(FILES) as media:
        reasons = [
            _inspect("http://169.254.169.254/latest/meta-data/", allow_private=True),
            _inspect("http://[fe80::1]/x.png", allow_private=True),
            _inspect(media.url("to-metadata.png"), allow_private=True),
            _inspect(media.url("to-link-local-v6.png"), allow_private=True),
        ]
        redirects_followed = media.count("HEAD")
    assert all("link-local" in reason for reason in reasons), reasons
    assert redirects_followed == 2  # each redirect was read, its link-local target never asked


def test_outside_the_sandbox_this_computer_and_private_networks_are_refused() -> None:
    with MediaHost(FILES) as media:
        reasons = [
            _inspect(media.url("good.png"), allow_private=False),
            _inspect("http://10.1.2.3/a.png", allow_private=False),
            _inspect("http://localhost:9/a.png", allow_private=False),
        ]
        assert media.count() == 0  # refused before any request
    assert all("public address" in reason for reason in reasons), reasons
    public = Account(1, "cl", ProviderKind.CLIENGO, {"base_url": "https://technical-solutions-api.cliengo.com"})
    on_premises = Account(2, "bb", ProviderKind.BROADCASTERBOT, {"base_url": "http://10.0.0.5:8080/api"})
    sandbox = Account(3, "tl", ProviderKind.TIMELINESAI, {}, sandbox=True)
    timelinesai = Account(4, "tl2", ProviderKind.TIMELINESAI, {})
    assert [may_fetch_private_links(a) for a in (public, on_premises, sandbox, timelinesai)] == [False, True, True, False]
    assert may_fetch_private_links(timelinesai, ["http://127.0.0.1:8080/integrations/webhook"])


TIMELINESAI_PUBLIC_WEBHOOK = "https://app.timelines.ai/integrations/api/webhooks/0123456789abcdef"


def test_timelinesai_media_on_this_computer_only_when_its_webhook_is(tmp_path: Path, figures: Figures) -> None:
    """A TimelinesAI account (not marked sandbox) whose secret webhook URL is public is refused a
    media link on loopback before any request; one whose webhook URL is on this computer (a
    simulator) may use it. The webhook URL is read from the secret store when the link is checked."""
    with SandboxServer() as server, MediaHost(FILES) as media:

        async def scenario() -> tuple[str, PreflightReport, int]:
            async with open_workspace(tmp_path) as workspace:
                public = await workspace.accounts.add_account(
                    "tl-public", ProviderKind.TIMELINESAI, {"webhook_url": TIMELINESAI_PUBLIC_WEBHOOK}
                )
                local_webhook = server.root_url + server.call(server.sandbox.timelinesai.webhook_url, "demo")
                local = await workspace.accounts.add_account(
                    "tl-local", ProviderKind.TIMELINESAI, {"webhook_url": local_webhook}
                )
                assert not public.sandbox and not local.sandbox
                link = MediaContent(MediaKind.IMAGE, media.url("good.png"))
                try:
                    await workspace.outbox.check(public, "+59899123456", link)
                except InvalidInput as error:
                    refusal = str(error.reason)
                heads_when_refused = media.count()
                report = await workspace.outbox.check(local, "+59899123456", link)
                return refusal, report, heads_when_refused

        refusal, report, heads_when_refused = run_core(scenario())
        heads = media.count("HEAD")
    figures.record(public_webhook_refused_with=refusal, requests_for_refused_link=heads_when_refused)
    assert "public address" in refusal and heads_when_refused == 0
    assert report == PreflightReport() and heads == 1


def test_credentials_in_a_link_are_refused_and_signed_queries_never_shown(tmp_path: Path, figures: Figures) -> None:
    """A media link with user:pass@ is refused, nothing stored or sent; a signed link is sent
    whole, but the message's text (the chat, `centralita status`) shows it without its query."""
    signed_query = "X-Amz-Signature=abcdef0123456789&X-Amz-Credential=AKIAEXAMPLE"
    with SandboxServer() as server, MediaHost(FILES) as media:

        async def scenario() -> tuple[str, str, int]:
            async with open_workspace(tmp_path) as workspace:
                account = await add_sending_account(workspace, server, ProviderKind.TIMELINESAI, 1)
                with_password = media.url("good.png").replace("http://", "http://ana:secreto@")
                try:
                    await workspace.outbox.send(account, "+59899123456", MediaContent(MediaKind.IMAGE, with_password))
                except InvalidInput as error:
                    refusal = str(error.reason)
                sent_before = server.sandbox.log.count("timelinesai", "send")
                message = await workspace.outbox.send(
                    account, "+59899123456", MediaContent(MediaKind.IMAGE, media.url("good.png") + "?" + signed_query)
                )
                return refusal, message.body, server.sandbox.log.count("timelinesai", "send") - sent_before

        refusal, body, sent = run_core(scenario())
        requests = server.sandbox.log.records("timelinesai", "send")
    figures.record(refused_with=refusal, shown_as=body)
    assert "user name or password" in refusal
    assert len(requests) == 1 and sent == 1  # only the signed link went out, and whole
    assert signed_query.encode() in requests[0].body or b"X-Amz-Signature" in requests[0].body
    assert "X-Amz" not in body and "secreto" not in body and body.endswith("?…")
