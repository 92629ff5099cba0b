"""Sends per provider (600 in `make test`, 1,000 in `make reliability`, which sets
CENTRALITA_FAULT_SENDS) while the sandbox injects random faults into their answers."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from pathlib import Path

import httpx
import pytest

from console.domain.accounts import ProviderKind
from console.domain.lifecycle import DeliveryState
from console.sandbox.faults import WIRE_KINDS, FaultKind, RandomFaults
from console.sandbox.server import SandboxConfigs, SandboxServer
from console.sandbox.timelinesai import TimelinesAISandboxConfig
from console.services.conversations import Verification
from tests.conftest import FAST_STATUS, open_workspace, run_core
from tests.faults.conftest import Figures
from tests.faults.support import SEND_ROUTES, add_sending_account, outgoing, store_states, without_timelinesai_pacing

# 600 draw ~60 faults a provider, the check below wants 30: more than four standard deviations away.
SENDS = int(os.environ.get("CENTRALITA_FAULT_SENDS", "600"))
RATE = 0.1  # a fault on one send in ten
FAULT_SECONDS = 0.4  # delays and slow bodies last this long; 429s ask to wait this long
READ_TIMEOUT = 0.25  # the console's patience for an answer: shorter than an injected delay
PROVIDERS = (ProviderKind.HEYNOW, ProviderKind.BROADCASTERBOT, ProviderKind.CLIENGO, ProviderKind.TIMELINESAI)
# Where an answer arrived, the console knows; where it may not have, it must say it does not know.
FINAL = {DeliveryState.ACCEPTED, DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ}


def _kinds(provider: ProviderKind) -> tuple[FaultKind, ...]:
    tokens = provider is ProviderKind.HEYNOW
    return tuple(kind for kind in WIRE_KINDS if tokens or kind is not FaultKind.EXPIRED_TOKEN)


@pytest.mark.slow
@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.value)
def test_random_faults_lose_and_duplicate_nothing(
    provider: ProviderKind, tmp_path: Path, figures: Figures, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,000 sends with a random fault on one in ten answers (resets before and after processing,
    5xx, 429 with Retry-After, malformed JSON, slow bodies, delays past the timeout, and for
    Hey Now expired tokens): no message reaches the provider twice, every message ends
    accepted, failed or unknown with a reason, and every unknown can be verified."""
    without_timelinesai_pacing(monkeypatch)
    configs = SandboxConfigs(heynow=FAST_STATUS, timelinesai=TimelinesAISandboxConfig(quotas=(("demo", 10 * SENDS),)))
    sandbox_provider, route = SEND_ROUTES[provider]
    timeout = httpx.Timeout(5.0, read=READ_TIMEOUT)

    with SandboxServer(configs=configs) as server:

        async def scenario():
            async with open_workspace(tmp_path, timeout=timeout) as workspace:
                account = await add_sending_account(workspace, server, provider, SENDS)
                server.sandbox.faults.set_random(
                    RandomFaults(7, RATE, _kinds(provider), FAULT_SECONDS, sandbox_provider, (route,))
                )
                gate = asyncio.Semaphore(16)

                async def one(index: int):
                    item = outgoing(provider, index)
                    async with gate:
                        return await workspace.outbox.send(account, item.to, item.content, item.options)

                started = asyncio.get_running_loop().time()
                sent = await asyncio.gather(*(one(i) for i in range(SENDS)))
                elapsed = asyncio.get_running_loop().time() - started
                drawn = server.sandbox.faults.drawn().get(sandbox_provider, {})
                server.sandbox.faults.set_random(None)
                unknown = [m for m in sent if m.state is DeliveryState.UNKNOWN]
                verdicts = [await workspace.conversations.verify(m.id) for m in unknown]
                return sent, verdicts, elapsed, drawn

        sent, verdicts, elapsed, drawn = run_core(scenario(), timeout=600)
        summary = server.sandbox.log.send_summary()[sandbox_provider]
        requests = server.sandbox.log.count(sandbox_provider, route)

    states = Counter(m.state.value for m in sent)
    accepted = sum(n for state, n in states.items() if state in {s.value for s in FINAL})
    without_reason = [m.id for m in sent if m.state not in FINAL and not m.failure_reason]
    stored = store_states(tmp_path)
    figures.record(
        provider=provider.value,
        sends=SENDS,
        fault_rate=RATE,
        faults_injected=sum(drawn.values()),
        faults_by_kind=drawn,
        outcomes=dict(states),
        requests_at_sandbox=requests,
        processed_at_sandbox=summary["processed"],
        unknown_that_had_reached_the_provider=summary["processed"] - accepted,
        duplicates_at_sandbox=summary["duplicates"],
        lost=SENDS - sum(stored.values()) + stored.get(DeliveryState.PENDING.value, 0),
        unknown_verified=len(verdicts),
        sends_per_second=round(SENDS / elapsed, 1),
    )
    assert sum(drawn.values()) >= SENDS * RATE / 2  # the faults really happened
    assert summary["duplicates"] == 0
    assert len(sent) == SENDS and sum(stored.values()) == SENDS
    assert set(states) <= {s.value for s in FINAL} | {"failed", "unknown"}, states
    assert not without_reason
    # Every accepted message reached the provider; only unknown ones may have reached it unseen.
    assert accepted <= summary["processed"] <= accepted + states.get("unknown", 0)
    assert states.get("unknown", 0) > 0  # resets after processing and lost answers leave unknowns
    polls = provider is ProviderKind.HEYNOW
    assert len(verdicts) == states.get("unknown", 0)
    for verdict in verdicts:
        expected = {Verification.ASKED, Verification.NO_ID, Verification.UNREACHABLE} if polls else {Verification.NOT_POLLABLE}
        assert verdict.outcome in expected and verdict.provider
