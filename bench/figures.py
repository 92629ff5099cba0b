"""What every benchmark shares: medians, the event-loop lag meter and the result line.

Each benchmark prints its figures for people, then one `RESULT {json}` line per figure
that `bench/run_all.py` gathers into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import threading
import time
from dataclasses import asdict, dataclass

from stall_watch import from_environment

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
    `queued_ms`: the time the loop's thread waited for a core, ready to run, between two
    firings (Linux's schedstat; 0 where the kernel does not say): on a shared machine the
    longest lags were mostly that.
    """

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.lags_ms: list[float] = []
        self.busy_ms: list[float] = []
        self.queued_ms: list[float] = []
        self._handle: asyncio.TimerHandle | None = None
        self._due = 0.0
        self._used = 0.0
        self._queued = 0.0
        self._schedstat = f"/proc/self/task/{threading.get_native_id()}/schedstat"
        self._stalls = from_environment()  # BENCH_STALLS=MS: the stacks of blocks of MS or more (bench/stall_watch.py)

    def start(self) -> None:
        if self._stalls is not None:
            self._stalls.start()
        self._due = time.perf_counter() + self.period
        self._used, self._queued = time.thread_time(), self._waited()
        self._handle = asyncio.get_running_loop().call_later(self.period, self._fire)

    def _waited(self) -> float:
        try:
            with open(self._schedstat) as stat:
                return int(stat.read().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            return 0.0

    def _fire(self) -> None:
        now, used, queued = time.perf_counter(), time.thread_time(), self._waited()
        self.lags_ms.append(max(0.0, (now - self._due) * 1000))
        self.busy_ms.append((used - self._used) * 1000)
        self.queued_ms.append((queued - self._queued) * 1000)
        self._due, self._used, self._queued = now + self.period, used, queued
        self._handle = asyncio.get_running_loop().call_later(self.period, self._fire)

    def worst(self) -> str:
        """The latest firing, said with what the loop's thread did meanwhile."""
        at = max(range(len(self.lags_ms)), key=self.lags_ms.__getitem__, default=None)
        if at is None:
            return "no firing"
        return (
            f"the latest firing: {self.lags_ms[at]:.1f} ms late, the loop's thread ran {self.busy_ms[at]:.1f} ms "
            f"and waited {self.queued_ms[at]:.1f} ms for a core since the one before"
        )

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._stalls is not None:
            self._stalls.stop()
            self._stalls.report()
