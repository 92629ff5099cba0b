"""The account form's words for each provider field: the core's label, in the window's language."""

from __future__ import annotations

from console.providers.fields import AccountField
from console.ui.wording import say


def field_label(field: AccountField) -> str:
    return say(field.label)
