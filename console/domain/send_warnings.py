"""What pre-flight found about a send: refusals, warnings the agent may override, notes.

A refusal is an `InvalidInput`: the provider would reject the send, so it is never sent.
A `SendWarning` is something the console could not confirm and the provider may well
accept (a number range newer than our numbering plan, a media link whose server refuses
the console's HEAD, a 24 h window the console never saw open): the send waits until the
agent sends it anyway, and the go-ahead names the warnings shown, so a warning that
appears later (another link, another contact) is asked about again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from console.domain.errors import InvalidInput


class WarningKind(StrEnum):
    NUMBER_NOT_IN_PLAN = "number not in plan"
    MEDIA_NOT_CHECKED = "media not checked"
    WINDOW_NOT_SEEN = "window not seen"


@dataclass(frozen=True, slots=True)
class SendWarning:
    kind: WarningKind
    field: str
    reason: str  # one sentence: what could not be confirmed and what happens if it is wrong

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


@dataclass(frozen=True, slots=True)
class PreflightReport:
    """A send that passed every refusal: what needs a go-ahead, and what is only noted."""

    warnings: tuple[SendWarning, ...] = ()
    notes: tuple[str, ...] = ()  # kept with the message, nothing to confirm


class NeedsSendAnyway(InvalidInput):
    """The send has warnings the agent has not overridden: nothing was stored or sent."""

    def __init__(self, warnings: tuple[SendWarning, ...]) -> None:
        first = warnings[0]
        more = f" (and {len(warnings) - 1} more warning(s))" if len(warnings) > 1 else ""
        super().__init__(first.field, first.reason + more)
        self.warnings = warnings


def require_go_ahead(report: PreflightReport, send_anyway: Collection[SendWarning]) -> None:
    """Raise `NeedsSendAnyway` unless every warning of `report` is among those overridden."""
    if any(warning not in send_anyway for warning in report.warnings):
        raise NeedsSendAnyway(report.warnings)
