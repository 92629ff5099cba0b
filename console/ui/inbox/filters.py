"""The inbox's filters as the agent picks them: what to show, on which account or label, and
in team mode whose conversations (mine, nobody's, everyone's)."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from PySide6.QtCore import QCoreApplication

from console.domain.inbox import BotHandling, ConversationStatus, InboxFilter


class View(Enum):
    """The filter buttons, in the order of their Alt+1…Alt+6 keys."""

    OPEN = 0
    UNREAD = 1
    WAITING = 2
    CLOSING = 3
    RESOLVED = 4
    BOT_FINISHED = 5

    @property
    def title(self) -> str:
        titles = {
            View.OPEN: QCoreApplication.translate("InboxView", "Open"),
            View.UNREAD: QCoreApplication.translate("InboxView", "Unread"),
            View.WAITING: QCoreApplication.translate("InboxView", "Waiting"),
            View.CLOSING: QCoreApplication.translate("InboxView", "Closing < 2 h"),
            View.RESOLVED: QCoreApplication.translate("InboxView", "Resolved"),
            View.BOT_FINISHED: QCoreApplication.translate("InboxView", "Bot finished"),
        }
        return titles[self]

    @property
    def help(self) -> str:
        texts = {
            View.OPEN: QCoreApplication.translate("InboxView", "Every open conversation, newest activity first"),
            View.UNREAD: QCoreApplication.translate("InboxView", "Conversations with messages not read yet"),
            View.WAITING: QCoreApplication.translate("InboxView", "The customer wrote last: they wait for an answer"),
            View.CLOSING: QCoreApplication.translate(
                "InboxView", "The 24 h window closes within 2 hours: answer before only a template can reach them"
            ),
            View.RESOLVED: QCoreApplication.translate("InboxView", "Conversations marked as resolved"),
            View.BOT_FINISHED: QCoreApplication.translate(
                "InboxView", "The bot finished the chat: the customer waits for an agent"
            ),
        }
        return texts[self]


class Hold(Enum):
    """Team mode's buttons, in the order of their Alt+7…Alt+9 keys (after the views')."""

    MINE = 0
    UNASSIGNED = 1
    ALL = 2

    @property
    def keys(self) -> str:
        return f"Alt+{self.value + 7}"

    @property
    def title(self) -> str:
        titles = {
            Hold.MINE: QCoreApplication.translate("InboxHold", "Mine"),
            Hold.UNASSIGNED: QCoreApplication.translate("InboxHold", "Unassigned"),
            Hold.ALL: QCoreApplication.translate("InboxHold", "All"),
        }
        return titles[self]

    @property
    def help(self) -> str:
        texts = {
            Hold.MINE: QCoreApplication.translate("InboxHold", "The conversations you have"),
            Hold.UNASSIGNED: QCoreApplication.translate("InboxHold", "The conversations no agent has"),
            Hold.ALL: QCoreApplication.translate("InboxHold", "Every agent's conversations and those nobody has"),
        }
        return texts[self]


def inbox_filter(
    view: View, account_id: int | None, label: str | None, text: str, hold: Hold = Hold.ALL, agent: str | None = None
) -> InboxFilter:
    """The filter the buttons, the scope and the search field make; `hold` counts only in team
    mode (`agent`, the name the team server knows this agent by)."""
    base = InboxFilter(account_id=account_id, label=label, text=text.strip())
    if agent is not None and hold is Hold.MINE:
        base = replace(base, held_by=agent)
    elif agent is not None and hold is Hold.UNASSIGNED:
        base = replace(base, unheld=True)
    if view is View.UNREAD:
        return replace(base, unread=True)
    if view is View.WAITING:
        return replace(base, waiting=True)
    if view is View.CLOSING:
        return replace(base, closing_soon=True)
    if view is View.RESOLVED:
        return replace(base, status=ConversationStatus.RESOLVED)
    if view is View.BOT_FINISHED:
        return replace(base, bot=BotHandling.HANDED_OVER)
    return base
