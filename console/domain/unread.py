"""What the agent has not read yet, per account: the accounts pane's badges, the window's
title and the tray."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AccountUnread:
    account_id: int
    conversations: int  # conversations with something unread
    messages: int  # customer's messages not opened yet


@dataclass(frozen=True, slots=True)
class UnreadTotals:
    """What the accounts pane's badges, the window title and the tray show."""

    accounts: tuple[AccountUnread, ...] = ()

    @property
    def conversations(self) -> int:
        return sum(account.conversations for account in self.accounts)

    @property
    def messages(self) -> int:
        return sum(account.messages for account in self.accounts)

    def of(self, account_id: int) -> AccountUnread:
        for account in self.accounts:
            if account.account_id == account_id:
                return account
        return AccountUnread(account_id, 0, 0)
