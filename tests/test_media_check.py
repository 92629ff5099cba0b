"""Pre-flight media checks against a real loopback file host."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.domain.capabilities import MediaRule
from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.providers.media_check import MediaLinkInfo, check_media, describe_size, inspect_media_link, shown_link
from console.providers.registry import capabilities
from console.sandbox.media_host import MediaFile, MediaHost, pdf_bytes, png_bytes
from console.wording.wordbook import Wordbook
from tests.conftest import run_core

SAY = Wordbook("en").say  # the English the agent reads (sizes and numbers as en writes them)

CLIENGO = capabilities(ProviderKind.CLIENGO).media
IMAGE_RULE = CLIENGO[MediaKind.IMAGE]
PNG = png_bytes(32, 32)


@pytest.fixture
def host() -> Iterator[MediaHost]:
    with MediaHost() as media:
        yield media


def _inspect(url: str, **options) -> MediaLinkInfo:
    async def scenario() -> MediaLinkInfo:
        async with httpx.AsyncClient() as http:
            return await inspect_media_link(http, url, **{"allow_private": True, **options})  # a loopback file host

    return run_core(scenario())


def _refusal(info: MediaLinkInfo, kind: MediaKind = MediaKind.IMAGE, *, https_only: bool = False) -> str:
    with pytest.raises(InvalidInput) as refused:
        check_media(info, kind, CLIENGO.get(kind, IMAGE_RULE), https_only=https_only, provider="Cliengo")
    assert refused.value.field.code == "field.media_link"
    return SAY(refused.value.reason)


def _inspect_refusal(url: str, **options) -> str:
    with pytest.raises(InvalidInput) as refused:
        _inspect(url, **options)
    assert refused.value.field.code == "field.media_link"
    return SAY(refused.value.reason)


def test_a_good_image_is_described_and_passes(host: MediaHost) -> None:
    host.add("logo.png", MediaFile(PNG, "image/png; charset=binary"))
    info = _inspect(host.url("logo.png"))
    assert info == MediaLinkInfo(host.url("logo.png"), host.url("logo.png"), True, 200, "image/png", len(PNG))
    check_media(info, MediaKind.IMAGE, IMAGE_RULE, https_only=False, provider="Cliengo")
    assert (host.count("HEAD"), host.count("GET")) == (1, 0)


def test_a_document_and_a_video_pass_their_own_rules(host: MediaHost) -> None:
    host.add("factura.pdf", MediaFile(pdf_bytes(), "application/pdf"))
    host.add("clip.mp4", MediaFile(b"\0" * 1_570_024, "video/mp4"))
    check_media(_inspect(host.url("factura.pdf")), MediaKind.DOCUMENT, CLIENGO[MediaKind.DOCUMENT], https_only=False)
    check_media(_inspect(host.url("clip.mp4")), MediaKind.VIDEO, CLIENGO[MediaKind.VIDEO], https_only=False)


def test_a_redirect_is_followed_to_the_file(host: MediaHost) -> None:
    host.add("real.png", MediaFile(PNG, "image/png"))
    host.add("short", MediaFile(redirect_to="real.png"))
    info = _inspect(host.url("short"))
    assert info.url == host.url("short") and info.final_url == host.url("real.png")
    assert (info.content_type, info.content_length) == ("image/png", len(PNG))


def test_a_server_without_content_type_is_refused(host: MediaHost) -> None:
    host.add("x.png", MediaFile(PNG, None))
    info = _inspect(host.url("x.png"))
    assert info.content_type is None and info.content_length == len(PNG)
    assert _refusal(info) == "the link's server does not say what kind of file it is (no content-type header)"


def test_a_server_without_content_length_is_refused(host: MediaHost) -> None:
    host.add("x.png", MediaFile(PNG, "image/png", send_length=False))
    info = _inspect(host.url("x.png"))
    assert info.content_length is None
    assert _refusal(info) == "the link's server does not say how big the file is (no content-length header)"


def test_a_server_that_refuses_head_is_refused(host: MediaHost) -> None:
    host.add("x.png", MediaFile(PNG, "image/png", head_allowed=False))
    info = _inspect(host.url("x.png"))
    assert (info.head_allowed, info.status) == (False, 405)
    assert _refusal(info) == ("the link's server refuses HEAD requests, which Cliengo needs to check the file before sending it")


def test_a_missing_file_is_refused(host: MediaHost) -> None:
    info = _inspect(host.url("nothing.png"))
    assert _refusal(info) == "the link's server answers 404 (Not Found) instead of the file"


def test_a_file_of_the_wrong_type_is_refused(host: MediaHost) -> None:
    host.add("clip.mp4", MediaFile(b"\0" * 1000, "video/mp4"))
    assert _refusal(_inspect(host.url("clip.mp4"))) == (
        "the link's file is an MP4 video (video/mp4); Cliengo accepts only JPEG image or PNG image for images"
    )


def test_sizes_are_judged_by_what_the_header_claims(host: MediaHost) -> None:
    host.add("big-claim.jpg", MediaFile(PNG, "image/jpeg", claimed_length=3_100_000))
    host.add("small-claim.jpg", MediaFile(b"\0" * 2_500_000, "image/jpeg", claimed_length=150_000))
    assert _refusal(_inspect(host.url("big-claim.jpg"))) == (
        "the link's file is 3.1 MB; Cliengo allows only files below 2 MB for images"
    )
    # An understated size passes here as it does at the provider, which reads the same header.
    check_media(_inspect(host.url("small-claim.jpg")), MediaKind.IMAGE, IMAGE_RULE, https_only=False)


def test_cliengos_limit_is_below_the_maximum_and_the_exact_size_is_shown(host: MediaHost) -> None:
    """Cliengo: "el tamaño debe ser menor al máximo"; a file of exactly the maximum is refused."""
    host.add("below.png", MediaFile(b"\0" * 1_999_999, "image/png"))
    host.add("max.png", MediaFile(b"\0" * 2_000_000, "image/png"))
    check_media(_inspect(host.url("below.png")), MediaKind.IMAGE, IMAGE_RULE, https_only=False)
    assert _refusal(_inspect(host.url("max.png"))) == (
        "the link's file is 2,000,000 bytes; Cliengo allows only files below 2,000,000 bytes for images"
    )


def test_whatsapps_limit_is_a_maximum_and_names_whatsapp(host: MediaHost) -> None:
    """Broadcasterbot's files go to WhatsApp, whose 5 MB for images is "Max Size": at most."""
    rule = capabilities(ProviderKind.BROADCASTERBOT).media[MediaKind.IMAGE]
    host.add("max.png", MediaFile(b"\0" * 5_000_000, "image/png"))
    host.add("over.png", MediaFile(b"\0" * 5_000_001, "image/png"))
    check_media(_inspect(host.url("max.png")), MediaKind.IMAGE, rule, https_only=False, provider="Broadcasterbot")
    with pytest.raises(InvalidInput) as refused:
        check_media(_inspect(host.url("over.png")), MediaKind.IMAGE, rule, https_only=False, provider="Broadcasterbot")
    assert SAY(refused.value.reason) == "the link's file is 5,000,001 bytes; WhatsApp allows at most 5,000,000 bytes for images"


def test_any_type_passes_when_the_rule_lists_none(host: MediaHost) -> None:
    host.add("x.gif", MediaFile(b"GIF89a", "image/gif"))
    check_media(_inspect(host.url("x.gif")), MediaKind.IMAGE, MediaRule(16_000_000, frozenset()), https_only=False)


def test_without_a_rule_only_the_headers_must_be_present(host: MediaHost) -> None:
    host.add("huge.gif", MediaFile(b"GIF89a", "image/gif", claimed_length=90_000_000))
    host.add("untyped", MediaFile(PNG, None))
    check_media(_inspect(host.url("huge.gif")), None, None, https_only=False)
    with pytest.raises(InvalidInput) as refused:
        check_media(_inspect(host.url("untyped")), None, None, https_only=False)
    assert SAY(refused.value.reason) == "the link's server does not say what kind of file it is (no content-type header)"


def test_plain_http_is_refused_where_https_is_required(host: MediaHost) -> None:
    host.add("x.png", MediaFile(PNG, "image/png"))
    reason = _refusal(_inspect(host.url("x.png")), https_only=True)
    assert reason == "Cliengo only accepts links that start with https://"


def test_a_redirect_loop_is_refused(host: MediaHost) -> None:
    host.add("a.png", MediaFile(redirect_to="b.png"))
    host.add("b.png", MediaFile(redirect_to="a.png"))
    host.add("self.png", MediaFile(redirect_to="self.png"))
    assert _inspect_refusal(host.url("a.png")) == "the link redirects in a loop and never reaches a file"
    assert _inspect_refusal(host.url("self.png")) == "the link redirects in a loop and never reaches a file"
    assert host.count("HEAD", "a.png") == 1 and host.count("HEAD", "b.png") == 1


def test_a_long_redirect_chain_is_refused(host: MediaHost) -> None:
    for hop in range(4):
        host.add(f"hop{hop}", MediaFile(redirect_to=f"hop{hop + 1}"))
    host.add("hop4", MediaFile(PNG, "image/png"))
    assert _inspect_refusal(host.url("hop0"), max_redirects=3) == "the link redirects more than 3 times before reaching a file"
    assert _inspect(host.url("hop0"), max_redirects=4).final_url == host.url("hop4")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://files.example.com/logo.png", "it must start with http:// or https:// (it has 'ftp' scheme)"),
        ("file:///home/agent/logo.png", "it must start with http:// or https:// (it has 'file' scheme)"),
        ("logo.png", "it must start with http:// or https:// (it has no scheme)"),
        ("https://", "it has no server name"),
    ],
)
def test_links_that_are_not_web_addresses_are_refused_without_a_request(host: MediaHost, url: str, reason: str) -> None:
    assert _inspect_refusal(url) == reason
    assert host.count() == 0


def test_a_redirect_to_another_scheme_is_refused(host: MediaHost) -> None:
    host.add("away", MediaFile(redirect_to="ftp://files.example.com/logo.png"))
    assert _inspect_refusal(host.url("away")) == "it must start with http:// or https:// (it has 'ftp' scheme)"


def test_a_server_that_cannot_be_reached_or_is_slow_is_refused(host: MediaHost) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        closed_port = free.getsockname()[1]
    assert _inspect_refusal(f"http://127.0.0.1:{closed_port}/x.png") == "the link's server could not be reached"
    host.add("slow.png", MediaFile(PNG, "image/png", delay=1.0))
    assert _inspect_refusal(host.url("slow.png"), timeout=0.2) == "the link's server did not answer within 0.2 seconds"


def test_sizes_and_links_are_shown_for_people() -> None:
    assert [describe_size(n) for n in (999, 150_000, 2_000_000, 5_245_329)] == ["999 bytes", "150 KB", "2 MB", "5.2 MB"]
    assert shown_link("https://user:pw@cdn.example.com:8443/a/b.png?X-Signature=secret#top") == (
        "https://cdn.example.com:8443/a/b.png?…"
    )
