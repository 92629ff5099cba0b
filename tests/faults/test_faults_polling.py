"""Status polling while Hey Now answers 429 (with Retry-After) or 5xx: it backs off, no storm."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from console.domain.lifecycle import DeliveryState
from console.sandbox.faults import Fault, FaultKind
from console.sandbox.server import SandboxServer
from console.services.poller import PollPolicy
from tests.conftest import FAST_STATUS, OPEN_PLATFORM, add_demo_account, open_workspace, run_core
from tests.faults.conftest import Figures
from tests.faults.support import recipient

MESSAGES = 40
FAULT_PERIOD = 4.0  # seconds the provider keeps answering with the fault
RETRY_AFTER = 1.0
RECOVERY = 20.0  # seconds after the lift within which every message must have moved on
# Unhindered, each message would be asked about every 0.1 s: 400 requests a second.
POLICY = PollPolicy(first_delay=0.1, min_interval=0.1, max_interval=2.0, growth=0.0, jitter=0.0, idle_wait=0.2)


def _bursts(times: list[float], gap: float = 0.3) -> list[list[float]]:
    """Requests grouped into bursts: a new burst starts after `gap` seconds without one."""
    bursts: list[list[float]] = []
    for moment in sorted(times):
        if bursts and moment - bursts[-1][-1] < gap:
            bursts[-1].append(moment)
        else:
            bursts.append([moment])
    return bursts


def _run(tmp_path: Path, fault: Fault) -> tuple[list[float], float, float, list[DeliveryState]]:
    """Send, poll while every status answer has `fault`, lift it, poll on: (request times, start, lift, states)."""
    with SandboxServer(FAST_STATUS) as server:

        async def scenario():
            async with open_workspace(tmp_path, poll_policy=POLICY) as workspace:
                account = await add_demo_account(workspace, server, platform_id=OPEN_PLATFORM)
                server.sandbox.faults.add("heynow", "status", fault)
                start = time.time()
                sent = [
                    await workspace.outbox.send_text(account, recipient(i), f"Hola {i}", contact_validation=False)
                    for i in range(MESSAGES)
                ]
                await workspace.start_background()
                await asyncio.sleep(FAULT_PERIOD - (time.time() - start))
                server.sandbox.faults.clear()
                lifted = time.time()
                # Recovery is asked for, not its speed: on a machine busy with other tests the first
                # answers after the lift may take seconds, so the states are read until all moved on.
                while True:
                    states = [(await workspace.conversations.message(m.id)).state for m in sent]  # type: ignore[union-attr]
                    if all(s is not DeliveryState.ACCEPTED for s in states) or time.time() - lifted > RECOVERY:
                        return start, lifted, states
                    await asyncio.sleep(0.25)

        start, lifted, states = run_core(scenario(), timeout=60)
        times = [r.received_at for r in server.sandbox.log.records("heynow", "status")]
    return times, start, lifted, states


@pytest.mark.slow
def test_429_retry_after_is_honoured_without_a_request_storm(tmp_path: Path, figures: Figures) -> None:
    """Hey Now answers every status poll 429 with Retry-After: 1 for 4 s, for 40 messages
    the poller would otherwise ask about every 0.1 s: each burst of polls (at most the
    poller's concurrency) waits the full Retry-After after the previous one, and once the
    limit lifts every message's state arrives."""
    times, start, lifted, states = _run(tmp_path, Fault(FaultKind.TOO_MANY_REQUESTS, RETRY_AFTER))
    during = [t for t in times if start <= t < lifted]
    bursts = _bursts(during)
    spacing = [b[0] - a[0] for a, b in zip(bursts, bursts[1:], strict=False)]
    rate = len(during) / (lifted - start)
    figures.record(
        messages=MESSAGES,
        fault_seconds=round(lifted - start, 1),
        retry_after_s=RETRY_AFTER,
        requests_while_limited=len(during),
        requests_per_second_while_limited=round(rate, 1),
        polls_per_second_the_schedule_asks_for=MESSAGES / POLICY.min_interval,
        largest_burst=max(len(b) for b in bursts),
        shortest_gap_between_bursts_s=round(min(spacing), 2) if spacing else None,
        messages_with_a_state_after=sum(s is not DeliveryState.ACCEPTED for s in states),
    )
    assert during, "the poller never asked"
    assert max(len(b) for b in bursts) <= POLICY.concurrency
    assert spacing and min(spacing) >= RETRY_AFTER - 0.05, spacing
    assert rate <= POLICY.concurrency / RETRY_AFTER + 1
    assert all(s is not DeliveryState.ACCEPTED for s in states), states  # recovered: every message moved on


@pytest.mark.slow
def test_5xx_backs_off_without_a_request_storm(tmp_path: Path, figures: Figures) -> None:
    """Hey Now answers every status poll 503 for 4 s: the poller waits 1 s, then 2 s (its
    longest interval), per account, instead of asking about each of 40 messages every
    0.1 s; once the provider recovers every message's state arrives."""
    times, start, lifted, states = _run(tmp_path, Fault(FaultKind.SERVER_ERROR, status=503))
    during = [t for t in times if start <= t < lifted]
    bursts = _bursts(during)
    spacing = [b[0] - a[0] for a, b in zip(bursts, bursts[1:], strict=False)]
    rate = len(during) / (lifted - start)
    figures.record(
        messages=MESSAGES,
        fault_seconds=round(lifted - start, 1),
        requests_while_failing=len(during),
        requests_per_second_while_failing=round(rate, 1),
        polls_per_second_the_schedule_asks_for=MESSAGES / POLICY.min_interval,
        largest_burst=max(len(b) for b in bursts),
        gaps_between_bursts_s=[round(s, 2) for s in spacing],
        messages_with_a_state_after=sum(s is not DeliveryState.ACCEPTED for s in states),
    )
    assert max(len(b) for b in bursts) <= POLICY.concurrency
    assert spacing and min(spacing) >= 0.8 * 1.0 - 0.05, spacing  # the first wait: 1 s, jittered by 20 %
    assert rate <= POLICY.concurrency / 0.8 + 1
    assert all(s is not DeliveryState.ACCEPTED for s in states), states
