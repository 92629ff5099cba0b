"""A signed media link's query (its signature) is a secret: sent whole to the provider, but
kept nowhere in the database (messages' content, timelines' answers, bulk runs) nor printed;
a bulk run stopped and resumed by a new process still sends the whole link."""

from __future__ import annotations

import json
import secrets as token_source
from pathlib import Path

from console.domain.accounts import ProviderKind
from console.domain.content import TemplateContent
from console.domain.lifecycle import DeliveryState, EventSource, StateEvent
from console.domain.links import displayed_link, hide_link_secrets, hide_queries_of
from console.sandbox.media_host import MediaFile, MediaHost, png_bytes
from console.sandbox.server import SandboxServer
from console.services.bulk import MEDIA_LINK_KEY, BulkControl
from console.store import messages as message_queries
from console.store.bulk_runs import NewRecipient
from console.store.secrets import EncryptedFileSecrets
from console.store.types import utcnow
from tests.conftest import open_workspace, run_core
from tests.faults.cli import centralita
from tests.faults.conftest import Figures
from tests.faults.support import add_sending_account, recipient

RECIPIENTS = 4
STOP_AFTER = 2  # the first process sends this many of the run's recipients, then stops


def _template(link: str) -> TemplateContent:
    return TemplateContent("12", named_params={"name": "Ana", "pedido": "A-1"}, media_url=link)


def _hits(folder: Path, canary: bytes) -> dict[str, int]:
    """Where the canary appears among the data folder's files but the encrypted secrets."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("secrets."):
            found[path.name] = path.read_bytes().count(canary)
    return {name: count for name, count in found.items() if count}


def test_a_signed_link_is_sent_whole_and_kept_nowhere(tmp_path: Path, figures: Figures) -> None:
    """A Cliengo template with a signed image link (canary signature): sent once alone,
    verified and answered by a status quoting the link, then as a bulk run of 4 stopped after 2
    and resumed by a new workspace. Every
    request carries the whole link; the database files (with the write-ahead log), the
    command line's output and the stored run hold 0 copies of the signature."""
    canary = "CANARY" + token_source.token_hex(8)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = EncryptedFileSecrets(data_dir)  # the command line reads the same secrets
    with SandboxServer() as server, MediaHost({"receipt.png": MediaFile(png_bytes(), "image/png")}) as media:
        link = media.url("receipt.png") + f"?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature={canary}&sig={canary}"

        async def first_process() -> tuple[int, int]:
            async with open_workspace(data_dir, store) as workspace:
                account = await add_sending_account(workspace, server, ProviderKind.CLIENGO, RECIPIENTS)
                message = await workspace.outbox.send(account, recipient(0), _template(link))
                await workspace.conversations.verify(message.id)
                echo = json.dumps({"status": "read", "media": {"link": link}})  # a later answer quoting the link
                event = StateEvent(DeliveryState.READ, "read", utcnow(), EventSource.CALLBACK, f"read; {link}", echo)
                await workspace.db.run(message_queries.record_event, message.id, event)
                params = [{"named_params": {"name": "Ana", "pedido": f"A-{i}"}} for i in range(RECIPIENTS)]
                rows = [NewRecipient(recipient(i), values) for i, values in enumerate(params)]
                run_id = await workspace.bulk.create(account, _template(link), rows)
                control = BulkControl()
                await workspace.bulk.run(run_id, control, lambda run: control.cancel() if run.done >= STOP_AFTER else None)
                return message.id, run_id

        async def second_process(run_id: int) -> tuple[str, str | None]:
            async with open_workspace(data_dir, store) as workspace:
                final = await workspace.bulk.run(run_id, BulkControl(), lambda _run: None)
                stored = await workspace.bulk.get(run_id)
                assert stored is not None
                return final.status.value, stored.template.get("media_url")  # type: ignore[return-value]

        message_id, run_id = run_core(first_process())
        secret_while_stopped = store.get(f"bulk run {run_id}", MEDIA_LINK_KEY)
        status, stored_link = run_core(second_process(run_id))
        sends = server.sandbox.log.records("cliengo", "notifications")
    printed = centralita(data_dir, "status", str(message_id))
    printed_json = centralita(data_dir, "status", str(message_id), "--json")
    output = printed.stdout + printed.stderr + printed_json.stdout + printed_json.stderr
    hits = _hits(data_dir, canary.encode())
    whole = [json.loads(request.body)["media"]["link"] for request in sends]
    figures.record(
        requests_with_whole_link=sum(sent == link for sent in whole),
        requests=len(whole),
        canary_hits_in_data_folder=sum(hits.values()),
        canary_hits_in_output=output.count(canary),
        bulk_run_resumed=status,
        stored_link=stored_link and stored_link.replace(media.url(""), "<media>/"),
    )
    assert len(whole) == 1 + RECIPIENTS and all(sent == link for sent in whole)
    assert status == "finished" and stored_link == displayed_link(link)
    assert secret_while_stopped == link and store.get(f"bulk run {run_id}", MEDIA_LINK_KEY) is None
    assert printed.returncode == 0 and printed_json.returncode == 0, output
    assert hits == {} and canary not in output, (hits, output)


def test_an_answer_quoting_a_signed_link_keeps_neither_its_query_nor_its_signature() -> None:
    link = "https://files.example/r/receipt.png?X-Amz-Signature=CANARY0123456789&X-Amz-Expires=300#page"
    answer = f'{{"media": {{"link": "{link}"}}, "note": "sig CANARY0123456789 expires 300"}}'
    kept = hide_link_secrets(answer, [link])
    assert "CANARY" not in kept and "X-Amz" not in kept
    assert "https://files.example/r/receipt.png?…" in kept and "expires 300" in kept  # short values are left alone
    assert hide_queries_of(f"status of {link}", [displayed_link(link)]) == "status of https://files.example/r/receipt.png?…"
