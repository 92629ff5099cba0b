"""What the event loop was doing while it was blocked: a watchdog thread and the collector's passes.

    BENCH_STALLS=12 .venv/bin/python bench/chat_open.py     # any bench using figures.LagMeter

With `BENCH_STALLS=MS` set, each `LagMeter` also runs a `StallWatch`: a callback on the loop
beats every millisecond; a thread checks the beat every millisecond and, while it is older
than MS, samples the loop thread's Python stack (`sys._current_frames`). The collector's
passes are timed through `gc.callbacks`. On stop, every block of MS or more is printed to
stderr with the stacks seen during it (the innermost frames, most often first) and the
collector's passes that overlapped it. A frame of Qt's own (C++) work shows as the Python
frame that called into Qt, or the loop itself when Qt did it between callbacks.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from types import FrameType

DEPTH = 14  # innermost frames kept per sample


@dataclass
class Stall:
    started: float
    loop_cpu: float  # the loop thread's processor time when the block was noticed
    process_cpu: float
    ended: float = 0.0
    loop_used: float = 0.0  # processor time used from noticing the block to its end: the loop thread's
    others_used: float = 0.0  # and the process's other threads' (the database thread holding the interpreter lock)
    queued: float = 0.0  # and the time the loop thread waited, ready to run, for a core (the kernel's schedstat)
    queued_at_notice: float = 0.0
    samples: collections.Counter[tuple[str, ...]] = field(default_factory=collections.Counter)
    elsewhere: collections.Counter[tuple[str, ...]] = field(default_factory=collections.Counter)


def _stack(frame: FrameType) -> tuple[str, ...]:
    stack = traceback.extract_stack(frame)[-DEPTH:]
    return tuple(f"{os.path.basename(s.filename)}:{s.lineno} {s.name}" for s in reversed(stack))


class StallWatch:
    def __init__(self, threshold_ms: float) -> None:
        self.threshold = threshold_ms / 1000
        self.stalls: list[Stall] = []
        self.collections: list[tuple[int, float, float, int]] = []  # (generation, start, seconds, collected)
        self._beat = time.perf_counter()
        self._gc_started = 0.0
        self.elsewhere = 0  # passes run on another thread (the database's)
        self._stop = threading.Event()
        self._loop_thread = threading.get_ident()
        self._handle: asyncio.TimerHandle | None = None
        self._thread = threading.Thread(target=self._watch, name="stall-watch", daemon=True)
        self._loop_clock = time.pthread_getcpuclockid(self._loop_thread)
        self._schedstat = f"/proc/self/task/{threading.get_native_id()}/schedstat"

    def start(self) -> None:
        gc.callbacks.append(self._on_gc)
        self._beat = time.perf_counter()
        self._handle = asyncio.get_running_loop().call_later(0.001, self._tick)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        if self._handle is not None:
            self._handle.cancel()
        gc.callbacks.remove(self._on_gc)

    def _tick(self) -> None:
        self._beat = time.perf_counter()
        self._handle = asyncio.get_running_loop().call_later(0.001, self._tick)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        # A pass on any thread holds the interpreter lock, so the loop waits for it too.
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.collections.append(
                (info["generation"], self._gc_started, time.perf_counter() - self._gc_started, info["collected"])
            )
            if threading.get_ident() != self._loop_thread:
                self.elsewhere += 1

    def _watch(self) -> None:
        current: Stall | None = None
        mine = threading.get_ident()
        while not self._stop.wait(0.001):
            now, beat = time.perf_counter(), self._beat
            if now - beat < self.threshold:
                if current is not None:
                    current.ended = beat
                    loop = time.clock_gettime(self._loop_clock)
                    current.loop_used = loop - current.loop_cpu
                    current.others_used = time.process_time() - current.process_cpu - current.loop_used
                    current.queued = self._queued() - current.queued_at_notice
                    self.stalls.append(current)
                    current = None
                continue
            if current is None:
                current = Stall(started=beat, loop_cpu=time.clock_gettime(self._loop_clock), process_cpu=time.process_time())
                current.queued_at_notice = self._queued()
            for ident, frame in sys._current_frames().items():
                if ident == self._loop_thread:
                    current.samples[_stack(frame)] += 1
                elif ident != mine:
                    current.elsewhere[_stack(frame)[:4]] += 1

    def _queued(self) -> float:
        """Seconds the loop thread has waited for a core, ready to run (0 where the kernel does not say)."""
        try:
            with open(self._schedstat) as stat:
                return int(stat.read().split()[1]) / 1e9
        except OSError:
            return 0.0

    def report(self) -> None:
        out = sys.stderr
        passes = collections.Counter(generation for generation, *_ in self.collections)
        longest = {g: max((s for gen, _, s, _ in self.collections if gen == g), default=0) for g in (0, 1, 2)}
        print(
            f"[stalls] {len(self.stalls)} blocks ≥ {self.threshold * 1000:.0f} ms; collector passes by generation "
            f"{dict(passes)} ({self.elsewhere} on other threads), longest (ms) "
            + ", ".join(f"gen{g} {longest[g] * 1000:.1f}" for g in longest),
            file=out,
        )
        for stall in sorted(self.stalls, key=lambda s: s.started - s.ended)[:8]:
            during = [f"gen{g} {s * 1000:.1f} ms" for g, start, s, _ in self.collections if stall.started <= start <= stall.ended]
            print(
                f"[stalls] at {stall.started:.6f} block of ≥ {(stall.ended - stall.started) * 1000:.1f} ms; "
                f"collector: {during or 'none'}; "
                f"once noticed, processor time used by the loop thread {stall.loop_used * 1000:.1f} ms, "
                f"by the other threads {stall.others_used * 1000:.1f} ms; the loop thread waited for a core "
                f"{stall.queued * 1000:.1f} ms",
                file=out,
            )
            for stack, count in stall.samples.most_common(3):
                print(f"    {count} samples:", file=out)
                for line in stack:
                    print(f"      {line}", file=out)
            for stack, count in stall.elsewhere.most_common(3):
                print(f"    other threads, {count} samples: {' < '.join(stack)}", file=out)


def from_environment() -> StallWatch | None:
    threshold = os.environ.get("BENCH_STALLS")
    return StallWatch(float(threshold)) if threshold else None
