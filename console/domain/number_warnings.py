"""The warning for a number whose range the numbering plan we ship does not list."""

from __future__ import annotations

from console.domain.field_names import PHONE
from console.domain.notices import Notice, Wording
from console.domain.phones import Phone
from console.domain.send_warnings import SendWarning, WarningKind

NOT_IN_PLAN = Wording(
    "phone.warning_not_in_plan",
    "{phone} is not in the numbering plan this console knows for its country; "
    "plans lag the ranges countries open, so it may be right: check it with the customer",
)


def number_not_in_plan(phone: Phone, field: Notice | str | None = None) -> SendWarning | None:
    """A warning when `phone` is not in the plan (it may be a new range), else None."""
    if phone.in_numbering_plan:
        return None
    return SendWarning(WarningKind.NUMBER_NOT_IN_PLAN, field or PHONE(), NOT_IN_PLAN(phone=phone.international))
