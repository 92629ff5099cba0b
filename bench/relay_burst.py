"""Burst of callbacks against a standalone relay on loopback: callbacks/s and answer latency.

    .venv/bin/python bench/relay_burst.py [--count 10000] [--concurrency 32] [--database-url URL] [--signed]

Starts its own relay process on a throwaway data dir (SQLite unless --database-url),
registers one route, POSTs distinct Broadcasterbot status callbacks, stops the relay.
With --signed: a WhatsApp Cloud API route, each body a status webhook signed with its app
secret (`X-Hub-Signature-256`), which the relay checks before storing.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
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
APP_SECRET = "bench-app-secret"


def status_body(number: int) -> bytes:
    return json.dumps(
        {
            "statuses": [
                {"status": "success", "state": "delivered", "messageId": f"bench-{number}", "recipient": {"phone": "59899000001"}}
            ]
        }
    ).encode()


def signed_status_body(number: int) -> bytes:
    status = {"id": f"wamid.bench-{number}", "status": "delivered", "timestamp": "1700000000", "recipient_id": "59899000001"}
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1"}, "statuses": [status]}
    return json.dumps(
        {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]}
    ).encode()


def signed(body: bytes) -> dict[str, str]:
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()}


async def burst(root_url: str, token: str, count: int, concurrency: int, sign: bool) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    failures = 0
    numbers = iter(range(count))
    route = (
        {"provider": "cloudapi", "app_secret": APP_SECRET, "verify_token": "bench"} if sign else {"provider": "broadcasterbot"}
    )
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
        created = await http.post(
            f"{root_url}/routes", json={**route, "label": "bench"}, headers={"Authorization": f"Bearer {token}"}
        )
        path = (await created.json())["callback_path"]

        async def worker() -> None:
            nonlocal failures
            for number in numbers:
                body = signed_status_body(number) if sign else status_body(number)
                started = time.perf_counter()
                async with http.post(root_url + path, data=body, headers=signed(body) if sign else None) as response:
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
    parser.add_argument("--signed", action="store_true", help="WhatsApp Cloud API webhooks, signed and checked")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        token = secrets.token_urlsafe(32)
        EncryptedFileSecrets(Path(folder)).set("relay", "events_token", token)
        with RelayProcess(Path(folder), options.database_url, env=NO_KEYRING) as relay:
            latencies, failures, elapsed = asyncio.run(
                asyncio.wait_for(burst(relay.root_url, token, options.count, options.concurrency, options.signed), 300)
            )
    if not latencies:
        print("no callback was answered 2xx", file=sys.stderr)
        return 1
    cuts = statistics.quantiles(latencies, n=100)
    store = ("PostgreSQL" if options.database_url else "SQLite") + (", signed Cloud API webhooks" if options.signed else "")
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
