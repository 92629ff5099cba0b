import pytest

from console.domain.accounts import ProviderKind
from console.domain.capabilities import MediaKind, Operation
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
