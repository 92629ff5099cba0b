"""Graph API error answers → typed provider errors with a sentence an agent can act on.

The body is Graph's documented error object (`GraphAPIError` in Meta's OpenAPI description):
`{"error": {"message", "type", "code", "error_subcode", "error_data": {"details"}, "fbtrace_id"}}`.
The codes come from the Cloud API's error code reference; a code not listed here is the
provider's refusal, shown with Meta's own message and details.

The same sentences serve a `failed` status webhook, whose `errors[]` carry the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


# code → (error class, the agent's sentence). Rate limits of the whole account are
# `RateLimited` (the request was not taken; the account pauses), see `_ACCOUNT_LIMITS`.
SENTENCES: dict[int, tuple[type[ProviderError], str]] = {
    131047: (
        WindowClosed,
        "More than 24 hours have passed since the customer last wrote, so WhatsApp only delivers a template: "
        "send an approved template instead.",
    ),
    131026: (
        CannotReceive,
        "This number cannot receive the message (it may have no WhatsApp, an old WhatsApp version, or it blocked "
        "this business); check the number or reach the customer another way.",
    ),
    131049: (
        MetaLimiting,
        "Meta held this message back to limit how many business messages this customer gets; try again later (not right away).",
    ),
    131056: (
        MetaLimiting,
        "Too many messages went to this customer in a short time; pause and send again in a while.",
    ),
    132001: (
        TemplateNotFound,
        "The template does not exist in that language or is not approved yet; check its name, language and "
        "review status (template sync).",
    ),
    132000: (
        TemplateParams,
        "The number of parameters does not match the template's placeholders; fill in every parameter the template has.",
    ),
    131051: (UnsupportedMessage, "WhatsApp does not take this type of message; send it as text or a supported file."),
    190: (
        AuthenticationFailed,
        "Meta refused the access token (expired or invalid): put a new access token in the account.",
    ),
    100: (InvalidParameter, "Meta refused a field of the request as invalid"),
}

# The whole account is being limited: Meta did not take the request, the account pauses.
_ACCOUNT_LIMITS: dict[int, str] = {
    130429: "Meta is limiting how fast this number sends (throughput); the console pauses and sends again later.",
    131048: "Meta is limiting this number because of spam reports; pause sending and try again later.",
    4: "Meta is limiting this app's calls; the console pauses and tries again later.",
    80007: "Meta is limiting calls to this WhatsApp Business Account; the console pauses and tries again later.",
}

UNKNOWN_ERROR = 131000  # "Something went wrong": whether the message left is not known


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

    def said(self) -> str:
        """` (code 131047: Meta's message; details)`, for the end of a sentence."""
        parts = [part for part in (self.message, self.details) if part]
        code = f"code {self.code}" if self.code is not None else "no code"
        return f" ({code}{': ' + '; '.join(parts) if parts else ''})"


def error_for(status: int, graph: GraphError | None, *, sending: bool) -> ProviderError:
    """The error an answer other than 2xx means. `sending`: the request was a message send,
    so a server error leaves its outcome unknown (never sent again automatically)."""
    code = graph.code if graph is not None else None
    said = graph.said() if graph is not None else ""
    if code in SENTENCES:
        kind, sentence = SENTENCES[code]
        return kind(f"{sentence.rstrip('.')}{said}.", status_code=status)
    if code in _ACCOUNT_LIMITS or status == 429:
        sentence = _ACCOUNT_LIMITS.get(code or 0, f"{PROVIDER} is limiting requests (429).")
        return RateLimited(f"{sentence.rstrip('.')}{said}.")
    if code == UNKNOWN_ERROR or status >= 500:
        if sending:
            return OutcomeUnknown(
                f"Meta answered that something went wrong ({status}){said}; the message may or may not have left, "
                "so it is not sent again: check with the customer before resending.",
                status_code=status,
            )
        return ProviderUnavailable(f"Meta had an error ({status}){said}; try again later.", status_code=status)
    if status == 401:
        return AuthenticationFailed(f"Meta refused the account's access token{said}.", status_code=status)
    if status == 403 or code in (10, 200):
        return PermissionDenied(
            f"The access token has no permission for this phone number or business account{said}.", status_code=status
        )
    if status == 404:
        return NotFound(f"Meta does not know this phone number id or business account id{said}.", status_code=status)
    return Rejected(f"Meta refused the request ({status}){said}.", status_code=status)


def status_failure_reason(errors: Any) -> str:
    """The sentence for a `failed` status webhook's `errors[]`."""
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    code = first.get("code") if isinstance(first.get("code"), int) else None
    title = first.get("title") or first.get("message")
    data = first.get("error_data")
    details = data.get("details") if isinstance(data, dict) else None
    said = "; ".join(str(part) for part in (title, details) if isinstance(part, str) and part)
    suffix = f" (code {code}{': ' + said if said else ''})" if code is not None else (f" ({said})" if said else "")
    if code in SENTENCES:
        return f"{SENTENCES[code][1].rstrip('.')}{suffix}."
    if code in _ACCOUNT_LIMITS:
        return f"{_ACCOUNT_LIMITS[code].rstrip('.')}{suffix}."
    return f"WhatsApp could not deliver the message{suffix}."
