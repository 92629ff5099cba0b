"""WhatsApp's business-scoped user ids (BSUIDs): how a customer who hides their number
behind a username is named. Meta's format: an ISO country code, a dot, and up to 128
letters and digits (`BR.1502576394655843`); a parent id has `ENT.` after the country."""

from __future__ import annotations

import re

_USER_ID = re.compile(r"[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}")


def is_user_id(text: str) -> bool:
    return _USER_ID.fullmatch(text.strip()) is not None
