"""Opening the data, and when it cannot be used, asking the agent for a way out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from console.domain.storage import StorageProblem, WayOut
from console.services.backups import take_way_out

S = TypeVar("S")


async def open_with_ways_out(
    open_data: Callable[[], Awaitable[S]], choose: Callable[[StorageProblem], Awaitable[WayOut | None]], base: Path
) -> S | None:
    """`open_data()`; on a storage problem the agent reads it and may restore the last backup
    or start a new profile, then it is opened again. None when the agent quits."""
    problem: StorageProblem | None = None
    while True:
        if problem is None:
            try:
                return await open_data()
            except StorageProblem as found:
                problem = found
        way = await choose(problem)
        if way is None:
            return None
        try:
            await asyncio.to_thread(take_way_out, problem.data_dir or base, way)
        except StorageProblem as failed:  # e.g. no backup yet: the other ways stay offered
            others = tuple(offered for offered in problem.ways_out if offered is not way)
            problem = StorageProblem(str(failed), others, problem.data_dir)
        else:
            problem = None
