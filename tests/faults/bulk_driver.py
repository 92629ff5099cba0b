"""A console process for the kill -9 test: sends (or resumes) one Cliengo bulk run, then exits.

    python tests/faults/bulk_driver.py DATA_DIR CLIENGO_BASE_URL COUNT

The first start adds the account and stores the run; a later start recovers what the
killed one left (`pending` messages become unknown, `sending` recipients `verify`) and
sends only what is still queued. Prints one line per finished recipient.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.content import TemplateContent
from console.sandbox.cliengo_catalogue import DEMO_API_KEY, DEMO_WEBSITE
from console.services.bulk import BulkControl
from console.services.workspace import Workspace
from console.store.bulk_runs import NewRecipient
from console.store.secrets import MemorySecrets

ACCOUNT = "avisos"


def recipient(index: int) -> str:
    return f"+5989{1000000 + index}"


async def main(data_dir: Path, base_url: str, count: int) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    secrets = MemorySecrets()
    workspace = await Workspace.open(data_dir, secrets)
    try:
        accounts = {a.name: a for a in await workspace.accounts.list()}
        if ACCOUNT in accounts:
            account = accounts[ACCOUNT]
            secrets.set(ACCOUNT, "api_key", DEMO_API_KEY)  # the memory store forgot it with the process
        else:
            settings = {"base_url": base_url, "api_key": DEMO_API_KEY, "website_id": DEMO_WEBSITE}
            account = await workspace.accounts.add_account(ACCOUNT, ProviderKind.CLIENGO, settings)
        recovered = await workspace.outbox.recover_interrupted()
        runs = await workspace.bulk.unfinished(account.id)
        if runs:
            run_id = runs[0].id
        else:
            recipients = [NewRecipient(recipient(i), {"named_params": {"name": f"Cliente {i}"}}) for i in range(count)]
            run_id = await workspace.bulk.create(account, TemplateContent("7"), recipients)
        print(f"run {run_id} recovered {recovered}", flush=True)
        final = await workspace.bulk.run(run_id, BulkControl(), lambda run: print(f"progress {run.done}", flush=True))
        print(f"finished {final.status.value}", flush=True)
        return 0
    finally:
        await workspace.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))))
