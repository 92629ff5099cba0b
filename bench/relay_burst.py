"""Burst of callbacks against a standalone relay on loopback: callbacks/s and answer latency.

    .venv/bin/python bench/relay_burst.py [--count 10000] [--concurrency 32] [--database-url URL]

Starts its own relay process on a throwaway data dir (SQLite unless --database-url),
registers one route, POSTs distinct Broadcasterbot status callbacks, stops the relay.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from figures import Figure, report

from console.relay.process import RelayProcess
from console.store.secrets import EncryptedFileSecrets

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def status_body(number: int) -> bytes:
    return json.dumps(
        {
            "statuses": [
                {"status": "success", "state": "delivered", "messageId": f"bench-{number}", "recipient": {"phone": "59899000001"}}
            ]
        }
    ).encode()


async def burst(root_url: str, token: str, count: int, concurrency: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    failures = 0
    numbers = iter(range(count))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
        created = await http.post(
            f"{root_url}/routes",
            json={"provider": "broadcasterbot", "label": "bench"},
            headers={"Authorization": f"Bearer {token}"},
        )
        path = (await created.json())["callback_path"]

        async def worker() -> None:
            nonlocal failures
            for number in numbers:
                started = time.perf_counter()
                async with http.post(root_url + path, data=status_body(number)) as response:
                    await response.read()
                    if response.status == 200:
                        latencies.append(time.perf_counter() - started)
                    else:
                        failures += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, failures, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--database-url", help="e.g. postgresql+psycopg://user@127.0.0.1:5432/db (default: SQLite)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        token = secrets.token_urlsafe(32)
        EncryptedFileSecrets(Path(folder)).set("relay", "events_token", token)
        with RelayProcess(Path(folder), options.database_url, env=NO_KEYRING) as relay:
            latencies, failures, elapsed = asyncio.run(
                asyncio.wait_for(burst(relay.root_url, token, options.count, options.concurrency), 300)
            )
    if not latencies:
        print("no callback was answered 2xx", file=sys.stderr)
        return 1
    cuts = statistics.quantiles(latencies, n=100)
    store = "PostgreSQL" if options.database_url else "SQLite"
    print(f"{store}: {len(latencies)} callbacks answered 2xx, {failures} failed, concurrency {options.concurrency}")
    print(f"{len(latencies) / elapsed:.0f} callbacks/s")
    print(f"latency p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")
    where = f"{store}, {options.count:,} callbacks at concurrency {options.concurrency}, {failures} failed"
    report(
        Figure("callback receiver burst: callbacks/s", len(latencies) / elapsed, "callbacks/s", "(reported)", True, note=where)
    )
    report(Figure("callback receiver burst: answer latency p99", cuts[98] * 1000, "ms", "≤ 50 ms", cuts[98] <= 0.050, note=where))
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
