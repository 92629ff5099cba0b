"""Graph API error answers → typed provider errors with a notice an agent can act on.

The body is Graph's documented error object (`GraphAPIError` in Meta's OpenAPI description):
`{"error": {"message", "type", "code", "error_subcode", "error_data": {"details"}, "fbtrace_id"}}`.
The codes come from the Cloud API's error code reference; a code not listed here is the
provider's refusal, shown with Meta's own message and details.

The same wordings serve a `failed` status webhook, whose `errors[]` carry the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from console.domain.notices import Notice, Wording
from console.providers.errors import (
    AuthenticationFailed,
    NotFound,
    OutcomeUnknown,
    PermissionDenied,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
    Rejected,
)

PROVIDER = "WhatsApp Cloud API"


class WindowClosed(Rejected):
    """131047: more than 24 hours since the customer last wrote; only a template goes."""


class CannotReceive(Rejected):
    """131026: the number cannot receive this message (no WhatsApp, old version, blocked)."""


class MetaLimiting(Rejected):
    """131049 / 131056: Meta held this one message back for this customer; try it later."""


class TemplateNotFound(NotFound):
    """132001: no approved template of that name in that language."""


class TemplateParams(Rejected):
    """132000: the parameters do not match the template's placeholders."""


class UnsupportedMessage(Rejected):
    """131051: a message type WhatsApp does not take."""


class InvalidParameter(Rejected):
    """100: a field of the request is wrong."""


# code → (error class, what to tell the agent). Each wording fills in Meta's `{code}` and
# its own words (`{meta}`: the error's message and details, in Meta's language).
SENTENCES: dict[int, tuple[type[ProviderError], Wording]] = {
    131047: (
        WindowClosed,
        Wording(
            "cloudapi.window_closed",
            "More than 24 hours have passed since the customer last wrote, so WhatsApp only delivers a template: "
            "send an approved template instead (code {code}: {meta}).",
        ),
    ),
    131026: (
        CannotReceive,
        Wording(
            "cloudapi.cannot_receive",
            "This number cannot receive the message (it may have no WhatsApp, an old WhatsApp version, or it blocked "
            "this business); check the number or reach the customer another way (code {code}: {meta}).",
        ),
    ),
    131049: (
        MetaLimiting,
        Wording(
            "cloudapi.marketing_limit",
            "Meta held this message back to limit how many business messages this customer gets; try again later, "
            "not right away (code {code}: {meta}).",
        ),
    ),
    131056: (
        MetaLimiting,
        Wording(
            "cloudapi.pair_limit",
            "Too many messages went to this customer in a short time; pause and send again in a while (code {code}: {meta}).",
        ),
    ),
    132001: (
        TemplateNotFound,
        Wording(
            "cloudapi.template_not_found",
            "The template does not exist in that language or is not approved yet; check its name, language and review "
            "status (template sync) (code {code}: {meta}).",
        ),
    ),
    132000: (
        TemplateParams,
        Wording(
            "cloudapi.template_params",
            "The number of parameters does not match the template's placeholders; fill in every parameter the template "
            "has (code {code}: {meta}).",
        ),
    ),
    131051: (
        UnsupportedMessage,
        Wording(
            "cloudapi.unsupported_type",
            "WhatsApp does not take this type of message; send it as text or a supported file (code {code}: {meta}).",
        ),
    ),
    190: (
        AuthenticationFailed,
        Wording(
            "cloudapi.token_refused",
            "Meta refused the access token (expired or invalid): put a new access token in the account (code {code}: {meta}).",
        ),
    ),
    100: (
        InvalidParameter,
        Wording("cloudapi.invalid_parameter", "Meta refused a field of the request as invalid (code {code}: {meta})."),
    ),
}

# The whole account is being limited: Meta did not take the request, the account pauses.
_ACCOUNT_LIMITS: dict[int, Wording] = {
    130429: Wording(
        "cloudapi.throughput_limit",
        "Meta is limiting how fast this number sends (throughput); the console pauses and sends again later "
        "(code {code}: {meta}).",
    ),
    131048: Wording(
        "cloudapi.spam_limit",
        "Meta is limiting this number because of spam reports; pause sending and try again later (code {code}: {meta}).",
    ),
    4: Wording(
        "cloudapi.app_limit",
        "Meta is limiting this app's calls; the console pauses and tries again later (code {code}: {meta}).",
    ),
    80007: Wording(
        "cloudapi.account_limit",
        "Meta is limiting calls to this WhatsApp Business Account; the console pauses and tries again later "
        "(code {code}: {meta}).",
    ),
}
LIMITED = Wording("cloudapi.limited", "Meta is limiting requests (HTTP 429); it did not take this one (code {code}: {meta}).")
OUTCOME_UNKNOWN = Wording(
    "cloudapi.outcome_unknown",
    "Meta answered that something went wrong (HTTP {status}, code {code}: {meta}); the message may or may not have "
    "left, so it is not sent again: check with the customer before resending.",
)
UNAVAILABLE = Wording("cloudapi.unavailable", "Meta had an error (HTTP {status}, code {code}: {meta}); try again later.")
TOKEN_REFUSED = Wording("cloudapi.token_refused_http", "Meta refused the account's access token (code {code}: {meta}).")
NO_PERMISSION = Wording(
    "cloudapi.no_permission",
    "The access token has no permission for this phone number or business account (code {code}: {meta}).",
)
UNKNOWN_IDS = Wording(
    "cloudapi.unknown_ids", "Meta does not know this phone number id or business account id (code {code}: {meta})."
)
REFUSED = Wording("cloudapi.refused", "Meta refused the request (HTTP {status}, code {code}: {meta}).")
NOT_DELIVERED = Wording("cloudapi.not_delivered", "WhatsApp could not deliver the message (code {code}: {meta}).")

UNKNOWN_ERROR = 131000  # "Something went wrong": whether the message left is not known
NO_SUCH_OBJECT = 33  # code 100's subcode: "Object with ID '…' does not exist" (a wrong phone number or WABA id)
NO_CODE = "-"


@dataclass(frozen=True, slots=True)
class GraphError:
    """What a Graph error body says; every field may be missing from a malformed one."""

    code: int | None
    subcode: int | None
    message: str
    details: str | None
    trace: str | None

    @classmethod
    def of(cls, body: Any) -> GraphError | None:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return None
        code, subcode = error.get("code"), error.get("error_subcode")
        data = error.get("error_data")
        details = data.get("details") if isinstance(data, dict) else None
        message = error.get("message")
        return cls(
            code if isinstance(code, int) and not isinstance(code, bool) else None,
            subcode if isinstance(subcode, int) and not isinstance(subcode, bool) else None,
            message.strip() if isinstance(message, str) else "",
            details.strip() if isinstance(details, str) and details.strip() else None,
            error.get("fbtrace_id") if isinstance(error.get("fbtrace_id"), str) else None,
        )

    def meta(self) -> str:
        """Meta's own words: its message and details."""
        return "; ".join(part for part in (self.message, self.details) if part) or NO_CODE


def error_for(status: int, graph: GraphError | None, *, sending: bool) -> ProviderError:
    """The error an answer other than 2xx means. `sending`: the request was a message send,
    so a server error leaves its outcome unknown (never sent again automatically)."""
    code = graph.code if graph is not None else None
    # The code as text: a number would be written 131.047 in Spanish.
    said = {"code": NO_CODE if code is None else str(code), "meta": graph.meta() if graph is not None else NO_CODE}
    if code == 100 and graph is not None and graph.subcode == NO_SUCH_OBJECT:
        return NotFound(UNKNOWN_IDS(**said), status_code=status)
    if code in SENTENCES:
        kind, wording = SENTENCES[code]
        return kind(wording(**said), status_code=status)
    if code in _ACCOUNT_LIMITS or status == 429:
        return RateLimited(_ACCOUNT_LIMITS.get(code or 0, LIMITED)(**said))
    if code == UNKNOWN_ERROR or status >= 500:
        if sending:
            return OutcomeUnknown(OUTCOME_UNKNOWN(status=status, **said), status_code=status)
        return ProviderUnavailable(UNAVAILABLE(status=status, **said), status_code=status)
    if status == 401:
        return AuthenticationFailed(TOKEN_REFUSED(**said), status_code=status)
    if status == 403 or code in (10, 200):
        return PermissionDenied(NO_PERMISSION(**said), status_code=status)
    if status == 404:
        return NotFound(UNKNOWN_IDS(**said), status_code=status)
    return Rejected(REFUSED(status=status, **said), status_code=status)


def status_failure_reason(errors: Any) -> Notice:
    """What a `failed` status webhook's `errors[]` means: kept with the message as the other
    providers' reasons are."""
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    code = first.get("code") if isinstance(first.get("code"), int) else None
    title = first.get("title") or first.get("message")
    data = first.get("error_data")
    details = data.get("details") if isinstance(data, dict) else None
    meta = "; ".join(str(part) for part in (title, details) if isinstance(part, str) and part) or NO_CODE
    said = {"code": NO_CODE if code is None else str(code), "meta": meta}
    wording = SENTENCES[code][1] if code in SENTENCES else _ACCOUNT_LIMITS.get(code or 0, NOT_DELIVERED)
    return wording(**said)
