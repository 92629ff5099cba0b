"""Typed provider errors. `error.notice` is what to tell the agent; `str(error)` its English text.

Whether a failed request may have reached the provider decides what the outbox does:
`NotSent` may be retried, `OutcomeUnknown` must never be re-sent automatically, any
other `ProviderError` is the provider's definite refusal.
"""

from __future__ import annotations

from console.domain.notices import Notice, NoticeError, as_notice


class ProviderError(NoticeError):
    """The provider (or the way to it) did not do what was asked."""

    def __init__(self, notice: Notice | str, *, status_code: int | None = None) -> None:
        super().__init__(as_notice(notice))
        self.message = str(notice)
        self.status_code = status_code


class NotSent(ProviderError):
    """The request provably never left this computer (connection refused, DNS...)."""


class RateLimited(NotSent):
    """The provider answered 429: "not now". It did not take the request, so trying again
    after `retry_after` seconds (when it said) cannot duplicate anything."""

    def __init__(self, notice: Notice | str, *, retry_after: float | None = None) -> None:
        super().__init__(notice, status_code=429)
        self.retry_after = retry_after


class OutcomeUnknown(ProviderError):
    """The request may have reached the provider: timeout after sending, dropped answer."""


class AuthenticationFailed(ProviderError):
    """Credentials or token refused."""


class PermissionDenied(ProviderError):
    """Authenticated, but the resource is not ours (e.g. a foreign channel)."""


class NotFound(ProviderError):
    """What was asked for does not exist at the provider."""


class Rejected(ProviderError):
    """The provider refused the request as invalid."""


class ProviderUnavailable(ProviderError):
    """The provider answered with a server error; trying later may work."""


class MalformedAnswer(ProviderError):
    """The provider answered something we cannot read."""
