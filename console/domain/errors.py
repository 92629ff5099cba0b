"""Errors of bad input, raised before anything is stored or sent."""

from __future__ import annotations

from console.domain.notices import Notice, NoticeError, Wording

INVALID_INPUT = Wording("input.invalid", "{field}: {reason}")
INVALID_INPUT_WITHOUT_FIELD = Wording("input.invalid_without_field", "{reason}")


class InvalidInput(NoticeError, ValueError):
    """What the agent typed cannot be used: `field` names what (a label's notice, or ""
    when the whole input is meant) and `reason` says why."""

    def __init__(self, field: Notice | str, reason: Notice | str) -> None:
        self.field = field
        self.reason = reason
        wording = INVALID_INPUT if field else INVALID_INPUT_WITHOUT_FIELD
        super().__init__(wording(field=field, reason=reason) if field else wording(reason=reason))


DUPLICATE_ACCOUNT = Wording("accounts.duplicate_name", "An account named '{name}' already exists.")


class DuplicateAccount(NoticeError, ValueError):
    """Another account already has that name."""

    def __init__(self, name: str) -> None:
        super().__init__(DUPLICATE_ACCOUNT(name=name))
