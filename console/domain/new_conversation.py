"""A conversation the agent opens with a number they type (`services/new_conversation.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.sessions import SessionWindow


@dataclass(frozen=True, slots=True)
class StartedConversation:
    """A conversation opened with a number typed by the agent."""

    conversation_id: int
    account_id: int
    contact_id: int
    created: bool  # False: the number already had a conversation on this account
    window: SessionWindow | None  # None: the provider keeps no 24 h window
    template_first: bool  # only a template can reach the customer now: open the template form
