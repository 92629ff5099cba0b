"""Each account's send turn, shared by every process on the data folder.

Providers space sends per account (TimelinesAI: 2 s), not per process, so whose turn it
is and when the last request ended live in the store. A turn is claimed in one write
transaction; a turn held by a process that died is taken over as if its request had
just ended, since it may have reached the provider at any moment until now.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, col

from console.store.tables import SendTurnRow


def claim(session: Session, account_id: int, holder: str, is_alive: Callable[[str], bool]) -> float | None:
    """Take the account's turn for `holder`: when the previous request ended (wall clock),
    or None while another live process holds the turn."""
    # A write first, so the transaction holds the write lock before it reads the turn.
    session.execute(insert(SendTurnRow).values(account_id=account_id, holder=None, last_done=0.0).on_conflict_do_nothing())
    turn = session.get(SendTurnRow, account_id)
    assert turn is not None
    last_done = turn.last_done
    if turn.holder is not None and turn.holder != holder:
        if is_alive(turn.holder):
            return None
        last_done = time.time()
    turn.holder = holder
    return last_done


def release(session: Session, account_id: int, holder: str, done_at: float) -> None:
    """`holder`'s request ended at `done_at`: the next one waits from then."""
    session.execute(
        update(SendTurnRow)
        .where(col(SendTurnRow.account_id) == account_id, col(SendTurnRow.holder) == holder)
        .values(holder=None, last_done=done_at)
    )
