import pytest

from console.domain.accounts import ProviderKind
from console.domain.capabilities import Operation
from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.providers.registry import capabilities


def test_an_unsupported_operation_is_refused_with_what_the_provider_does() -> None:
    with pytest.raises(InvalidInput) as error:
        capabilities(ProviderKind.CLIENGO).require(Operation.SEND_TEXT)
    assert str(error.value) == "operation: Cliengo cannot send text; Cliengo can only send templates."
    capabilities(ProviderKind.CLIENGO).require(Operation.SEND_TEMPLATE)


def test_limits_from_the_documents() -> None:
    cliengo = capabilities(ProviderKind.CLIENGO).media
    assert cliengo[MediaKind.IMAGE].max_bytes == 2_000_000
    assert cliengo[MediaKind.VIDEO].mime_types == {"audio/mpeg", "video/mp4"}
    assert capabilities(ProviderKind.TIMELINESAI).min_send_interval >= 2.0
    assert capabilities(ProviderKind.HEYNOW).supports(Operation.POLL_STATUS)
    assert not capabilities(ProviderKind.CLIENGO).delivery_reports


def test_each_limit_as_its_document_words_it() -> None:
    """Cliengo: "menor al máximo" (below); TimelinesAI: "tamaño máximo … 2 MB" (at most);
    Broadcasterbot sets none, so WhatsApp's per-kind "Max Size" applies (at most)."""
    cliengo = capabilities(ProviderKind.CLIENGO).media[MediaKind.IMAGE]
    assert not cliengo.allows(2_000_000) and cliengo.allows(1_999_999)
    timelines = capabilities(ProviderKind.TIMELINESAI).media[MediaKind.DOCUMENT]
    assert timelines.allows(2_000_000) and not timelines.allows(2_000_001)
    whatsapp = capabilities(ProviderKind.BROADCASTERBOT).media
    assert {kind: rule.max_bytes for kind, rule in whatsapp.items()} == {
        MediaKind.IMAGE: 5_000_000,
        MediaKind.VIDEO: 16_000_000,
        MediaKind.AUDIO: 16_000_000,
        MediaKind.DOCUMENT: 100_000_000,
    }
    assert all(rule.authority == "WhatsApp" and rule.allows(rule.max_bytes) for rule in whatsapp.values())


def test_only_cliengo_documents_a_head_check_of_media_links() -> None:
    assert [kind for kind in ProviderKind if capabilities(kind).media_head_check] == [ProviderKind.CLIENGO]
