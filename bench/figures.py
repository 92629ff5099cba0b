"""What every benchmark shares: medians, the event-loop lag meter and the result line.

Each benchmark prints its figures for people, then one `RESULT {json}` line per figure
that `bench/run_all.py` gathers into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from dataclasses import asdict, dataclass

RESULT = "RESULT "


@dataclass(frozen=True, slots=True)
class Figure:
    name: str  # what was measured, as the table says it
    value: float
    unit: str
    target: str  # the target as written, e.g. "≤ 3 s"
    met: bool
    floor: float | None = None  # the same work done the plainest way, measured in the same run
    ratio: float | None = None  # value / floor, or floor / value for rates (always "higher is worse" is not implied)
    note: str = ""


def report(figure: Figure) -> None:
    ratio = "" if figure.ratio is None else f"  ratio {figure.ratio:.2f}"
    floor = "" if figure.floor is None else f"  floor {figure.floor:,.3g} {figure.unit}"
    verdict = "meets" if figure.met else "MISSES"
    print(f"{figure.name}: {figure.value:,.3g} {figure.unit}{floor}{ratio}  target {figure.target} -> {verdict}")
    if figure.note:
        print(f"  ({figure.note})")
    print(RESULT + json.dumps(asdict(figure)), flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def p99(values: list[float]) -> float:
    if len(values) < 2:
        return max(values, default=0.0)
    return statistics.quantiles(values, n=100)[98]


class LagMeter:
    """A timer that asks to fire every `period` seconds and records how late each firing is.

    Runs on the current asyncio loop (a qasync loop when the work under test uses one),
    so any callback that holds the loop shows up as lateness, in milliseconds. `busy_ms`:
    the processor time the loop's thread used between two firings, which other programs
    on a busy machine cannot inflate (lateness also counts the time it waited for a core).
    """

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.lags_ms: list[float] = []
        self.busy_ms: list[float] = []
        self._handle: asyncio.TimerHandle | None = None
        self._due = 0.0
        self._used = 0.0

    def start(self) -> None:
        self._due = time.perf_counter() + self.period
        self._used = time.thread_time()
        self._handle = asyncio.get_running_loop().call_later(self.period, self._fire)

    def _fire(self) -> None:
        now, used = time.perf_counter(), time.thread_time()
        self.lags_ms.append(max(0.0, (now - self._due) * 1000))
        self.busy_ms.append((used - self._used) * 1000)
        self._due, self._used = now + self.period, used
        self._handle = asyncio.get_running_loop().call_later(self.period, self._fire)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
