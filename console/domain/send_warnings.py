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

from console.domain.errors import INVALID_INPUT, InvalidInput
from console.domain.notices import Notice, Wording


class WarningKind(StrEnum):
    NUMBER_NOT_IN_PLAN = "number not in plan"
    MEDIA_NOT_CHECKED = "media not checked"
    WINDOW_NOT_SEEN = "window not seen"


@dataclass(frozen=True, slots=True)
class SendWarning:
    kind: WarningKind
    field: Notice | str
    reason: Notice | str  # one sentence: what could not be confirmed and what happens if it is wrong

    @property
    def notice(self) -> Notice:
        """The warning as the agent reads it: "field: reason"."""
        return INVALID_INPUT(field=self.field, reason=self.reason)

    def __str__(self) -> str:
        return self.notice.english()


@dataclass(frozen=True, slots=True)
class PreflightReport:
    """A send that passed every refusal: what needs a go-ahead, and what is only noted."""

    warnings: tuple[SendWarning, ...] = ()
    notes: tuple[Notice, ...] = ()  # kept with the message, nothing to confirm


MORE_WARNINGS = Wording(
    "send.more_warnings", "{reason} (and {count} more warning)", "{reason} (and {count} more warnings)", "count"
)


class NeedsSendAnyway(InvalidInput):
    """The send has warnings the agent has not overridden: nothing was stored or sent."""

    def __init__(self, warnings: tuple[SendWarning, ...]) -> None:
        first = warnings[0]
        more = len(warnings) - 1
        super().__init__(first.field, MORE_WARNINGS(reason=first.reason, count=more) if more else first.reason)
        self.warnings = warnings


def require_go_ahead(report: PreflightReport, send_anyway: Collection[SendWarning]) -> None:
    """Raise `NeedsSendAnyway` unless every warning of `report` is among those overridden."""
    if any(warning not in send_anyway for warning in report.warnings):
        raise NeedsSendAnyway(report.warnings)
