"""What the team server sends besides phones and single sends: TimelinesAI chats, Cloud API
customers known by a user id, and bulk runs of a template with a header file. Two server
processes (in this process, on one event loop) on a real PostgreSQL, the sandbox over loopback,
and two consoles' workspaces (two data folders) following them.

A console sends to a TimelinesAI chat through the server, which sends it with the provider's
client: it reaches the chat once, both consoles show it in the chat's conversation, what is
written again from that conversation goes to the same chat, and the conversation is the same
one to the server (taking it shows on the other console). A Cloud API customer known by a user
id is written to the same way. A recipient the server could not keep is refused by the console
before anything is stored, and by the server when posted anyway.

A bulk run of a template with a header file is checked by the console as a single send of it
(a file too large for the provider refuses the run, nothing kept), then reaches every recipient
once with the whole signed link, which is kept on the server only; a run queued with a signed
link by a console that then stopped fails unposted, one with a plain link is posted and sent.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel import col, select

from console.domain.accounts import Account, ProviderKind
from console.domain.bulk import Outcome, RunStatus, RunView
from console.domain.content import TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.messages import MessageSummary
from console.domain.team_runs import RUN_ID, queued_for_team
from console.sandbox import cloudapi
from console.sandbox.media_host import MediaFile, MediaHost, pdf_bytes
from console.sandbox.server import SandboxServer
from console.services.bulk import BulkControl
from console.services.workspace import Workspace
from console.store import team as team_store
from console.store.bulk_runs import NewRecipient
from console.store.messages import message_summary
from console.store.secrets import MemorySecrets
from console.store.tables import ContactRow, ConversationRow, MessageRow
from console.team_server.accounts import ServerAccounts
from console.team_server.schema import team_change, team_message, team_run
from console.team_server.secrets import ServerSecrets
from console.team_server.server import TeamServer
from console.team_server.store import TeamStore
from tests.conftest import open_workspace, run_core
from tests.team_switch import Switch
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_bulk import Setting, catalogue, consoles, count, servers, until

META, CHATS = "Meta", "Soporte TL"
SIGNATURE = "Sig" + secrets.token_hex(12)  # a signed link's secret: sent whole, kept on the server only
USER_ID = "UY.4815162342"  # a Cloud API customer who hides their number


@pytest.fixture(scope="module")
def setting(postgres_cluster: Cluster) -> Iterator[Setting]:  # noqa: F811
    database_url = postgres_cluster.new_database()
    store = TeamStore.open(database_url)
    tokens = {name: store.add_agent(name) for name in ("ana", "bruno")}
    store_secrets = MemorySecrets()
    with SandboxServer() as sandbox:
        accounts = ServerAccounts(store.engine, ServerSecrets(store_secrets, {}))
        accounts.add(
            META,
            ProviderKind.CLOUDAPI,
            {
                "phone_number_id": cloudapi.DEMO_PHONE_NUMBER_ID,
                "waba_id": cloudapi.DEMO_WABA_ID,
                "access_token": cloudapi.DEMO_ACCESS_TOKEN,
                "app_secret": cloudapi.DEMO_APP_SECRET,
                "verify_token": cloudapi.DEMO_VERIFY_TOKEN,
                "graph_url": sandbox.base_urls[cloudapi.PROVIDER],
            },
        )
        webhook = sandbox.root_url + sandbox.call(sandbox.sandbox.timelinesai.webhook_url, "demo")
        accounts.add(CHATS, ProviderKind.TIMELINESAI, {"webhook_url": webhook, "account_phone": "+59899000101"})
        store.close()
        yield Setting(database_url, tokens, sandbox, store_secrets)


@pytest.fixture(scope="module")
def files() -> Iterator[MediaHost]:
    big = MediaFile(pdf_bytes(), "application/pdf", claimed_length=200_000_000)  # the Cloud API takes documents up to 100 MB
    with MediaHost({"factura.pdf": MediaFile(pdf_bytes(), "application/pdf"), "enorme.pdf": big}) as host:
        yield host


async def account(workspace: Workspace, name: str) -> Account:
    found = await workspace.accounts.by_name(name)
    assert found is not None and found.team
    return found


def _by_key(session: Any, client_key: str) -> MessageSummary | None:
    row = session.exec(select(MessageRow).where(col(MessageRow.client_key) == client_key)).first()
    return None if row is None else message_summary(row)


def _key_of(session: Any, message_id: int) -> str:
    row = session.get(MessageRow, message_id)
    assert row is not None and row.client_key is not None
    return row.client_key


def _contact_of(session: Any, conversation_id: int) -> ContactRow:
    conversation = session.get(ConversationRow, conversation_id)
    assert conversation is not None
    contact = session.get(ContactRow, conversation.contact_id)
    assert contact is not None
    session.expunge(contact)
    return contact


def _messages(session: Any) -> int:
    return len(session.exec(select(MessageRow.id)).all())


async def accepted(workspace: Workspace, key: str) -> MessageSummary | None:
    found = await workspace.db.run(_by_key, key)
    return found if found is not None and found.state is DeliveryState.ACCEPTED else None


def chat_sends(setting: Setting, tag: str) -> list[tuple[str, str]]:
    """(recipient kind, recipient) of each send carrying `tag` that reached the sandbox's TimelinesAI."""
    return [(m.recipient_key, m.recipient) for m in setting.sandbox.sandbox.timelinesai.sent_messages() if tag in m.text]


def cloud_sends(setting: Setting) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in setting.sandbox.sandbox.log.records(cloudapi.PROVIDER) if r.route == "send"]


async def post(server: TeamServer, token: str, customer: str, account_name: str, content: dict[str, Any]) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.post(
            f"{server.root_url}/team/messages",
            headers={"Authorization": f"Bearer {token}"},
            json={"client_key": str(uuid.uuid4()), "account": account_name, "customer": customer, "content": content},
        )


def test_a_timelinesai_chat_is_written_to_through_the_server_and_is_one_conversation_for_the_team(
    setting: Setting, tmp_path: Path
) -> None:
    tag = "chat-" + secrets.token_hex(3)

    async def scenario() -> None:
        async with servers(setting) as started, consoles(setting, tmp_path, [s.root_url for s in started]) as (ana, bruno):
            chats = await account(ana, CHATS)
            first = await ana.outbox.send(chats, "chat:77234", TextContent(f"Hola {tag}"))
            key = await ana.db.run(_key_of, first.id)
            assert await until(lambda: accepted(ana, key))
            seen = await until(lambda: accepted(bruno, key))
            assert seen is not None
            contact = await ana.db.run(_contact_of, first.conversation_id)
            assert (contact.phone, contact.display_name) == ("chat_id:77234", "77234")
            assert (await bruno.db.run(_contact_of, seen.conversation_id)).phone == "chat_id:77234"
            # Written again from the conversation (the composer sends to its contact's phone): the same chat.
            again = await ana.outbox.send(chats, contact.phone, TextContent(f"Otra vez {tag}"))
            assert again.conversation_id == first.conversation_id
            key_again = await ana.db.run(_key_of, again.id)
            later = await until(lambda: accepted(bruno, key_again), timeout=8)  # TimelinesAI's 2 s between sends
            assert later is not None and later.conversation_id == seen.conversation_id
            assert chat_sends(setting, tag) == [("chat_id", "77234"), ("chat_id", "77234")]
            # The server names the conversation as both consoles do: Ana takes it, Bruno sees her on it.
            await ana.team.take(CHATS, contact.phone)

            async def held() -> bool:
                found = await bruno.db.run(team_store.conversation, CHATS, "chat_id:77234", 0)
                return found.holder == "ana"

            assert await until(held)
            listed = await bruno.db.run(team_store.conversations_of, {(CHATS, "chat_id:77234")})
            assert [conversation_id for conversation_id, _ in listed] == [seen.conversation_id]

            # What the server could not keep is refused before anything is stored, and by the server.
            before = await ana.db.run(_messages)
            too_long = ("name:Ventas Montevideo, sucursal " + "x" * 64)[:64]  # posted in 64 characters, kept in 69
            with pytest.raises(InvalidInput) as refused:
                await ana.outbox.send(chats, too_long, TextContent(tag))
            assert refused.value.reason.code == "team.customer_too_long"
            assert refused.value.reason.values == {"limit": 64, "length": 69}
            assert await ana.db.run(_messages) == before
            token = setting.tokens["ana"]
            answer = await post(started[1], token, too_long, CHATS, {"type": "text", "body": tag})
            assert answer.status_code == 422 and answer.json()["values"]["reason"]["code"] == "team.customer_too_long"
            answer = await post(started[1], token, "chat:77234", META, {"type": "text", "body": tag})
            assert answer.status_code == 422 and answer.json()["values"]["reason"]["code"] == "preflight.chat_recipients_only"
            assert count(started[0], team_message, team_message.c.account == CHATS) == 2
            assert len(chat_sends(setting, tag)) == 2

    run_core(scenario())


def test_a_cloud_api_customer_known_by_a_user_id_is_written_to_through_the_server(setting: Setting, tmp_path: Path) -> None:
    tag = "uid-" + secrets.token_hex(3)

    async def scenario() -> None:
        async with servers(setting) as started, consoles(setting, tmp_path, [s.root_url for s in started]) as (ana, bruno):
            await until(lambda: catalogue(ana))
            meta = await account(ana, META)
            sent = await ana.outbox.send(meta, USER_ID, TemplateContent("bienvenida", (tag,), language="es"))
            key = await ana.db.run(_key_of, sent.id)
            assert await until(lambda: accepted(ana, key))
            seen = await until(lambda: accepted(bruno, key))
            assert seen is not None
            contact = await bruno.db.run(_contact_of, seen.conversation_id)
            assert (contact.phone, contact.user_id) == (USER_ID, USER_ID)
            bodies = [body for body in cloud_sends(setting) if tag in json.dumps(body)]
            assert [(body.get("recipient"), body.get("to")) for body in bodies] == [(USER_ID, None)]
            assert count(started[0], team_message, team_message.c.customer == USER_ID) >= 1

    run_core(scenario())


def header_links(setting: Setting, template: str) -> Counter[tuple[str, str]]:
    """(recipient, header document link) of each send of `template` that reached the sandbox."""
    found: Counter[tuple[str, str]] = Counter()
    for body in cloud_sends(setting):
        if body.get("type") == "template" and body["template"]["name"] == template:
            header = next(c for c in body["template"]["components"] if c["type"] == "header")
            found[(body["to"], header["parameters"][0]["document"]["link"])] += 1
    return found


def stored_bytes(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in folder.rglob("*") if path.is_file())


def test_a_bulk_run_of_a_template_with_a_file_is_checked_then_sent_once_each_with_the_whole_link(
    setting: Setting, files: MediaHost, tmp_path: Path
) -> None:
    recipients = [f"+5989871{n:04d}" for n in range(6)]
    link = files.url("factura.pdf") + f"?sig={SIGNATURE}"

    async def scenario() -> None:
        async with servers(setting) as started, consoles(setting, tmp_path, [s.root_url for s in started]) as (ana, bruno):
            await until(lambda: catalogue(ana))
            meta = await account(ana, META)
            rows = [NewRecipient(number, {"params": [f"F-{n}"], "named_params": {}}) for n, number in enumerate(recipients)]
            runs_before = count(started[0], team_run)
            too_big = TemplateContent("factura", ("x",), language="es", media_url=files.url("enorme.pdf"), filename="e.pdf")
            with pytest.raises(InvalidInput) as refused:
                await ana.bulk.create(meta, too_big, rows)
            assert refused.value.reason.code == "media.too_big", refused.value.reason
            assert await ana.bulk.unfinished() == [] and count(started[0], team_run) == runs_before

            seen_by_bruno: list[int] = []
            bruno.topics.bulk_run_changed.subscribe(seen_by_bruno.append)
            content = TemplateContent("factura", ("x",), language="es", media_url=link, filename="factura.pdf")
            run_id = await ana.bulk.create(meta, content, rows)
            final = await asyncio.wait_for(ana.bulk.run(run_id, BulkControl(), lambda view: None), 20)
            assert final.status is RunStatus.FINISHED and final.counts == {Outcome.SENT: len(recipients)}
            sent = header_links(setting, "factura")
            assert [sent[(number[1:], link)] for number in recipients] == [1] * len(recipients)

            async def bruno_finished() -> RunView | None:
                runs = [await bruno.bulk.get(run_id) for run_id in set(seen_by_bruno)]
                return next((run for run in runs if run is not None and run.status is RunStatus.FINISHED), None)

            shown = await until(bruno_finished)
            assert shown is not None and shown.counts == {Outcome.SENT: len(recipients)}
            assert shown.template["media_url"] == files.url("factura.pdf") + "?…"
            assert shown.template["filename"] == "factura.pdf"
            assert (await ana.bulk.get(run_id)).template["media_url"] == files.url("factura.pdf") + "?…"  # type: ignore[union-attr]
            # The whole link is the server's alone: in its run and items, never in what consoles read.
            with started[0].store.engine.connect() as connection:
                kept = connection.execute(
                    core_select(team_run.c.template).where(team_run.c.id == shown.template[RUN_ID])
                ).scalar_one()
                told = connection.execute(
                    core_select(func.count()).select_from(team_change).where(team_change.c.details.contains(SIGNATURE))
                ).scalar_one()
            assert json.loads(kept)["media_url"] == link and told == 0
            assert count(started[0], team_message, team_message.c.content.contains(SIGNATURE)) == len(recipients)

    run_core(scenario())
    for name in ("ana", "bruno"):
        assert SIGNATURE.encode() not in stored_bytes(tmp_path / name)


def test_a_queued_run_whose_signed_link_was_lost_with_its_console_fails_and_a_plain_one_is_sent(
    setting: Setting, files: MediaHost, tmp_path: Path
) -> None:
    signed = [f"+5989872{n:04d}" for n in range(2)]
    plain = [f"+5989873{n:04d}" for n in range(2)]
    kept = MemorySecrets()
    signature = "Sig" + secrets.token_hex(12)

    async def scenario() -> None:
        async with servers(setting) as started:
            switch = Switch(started[0].root_url)
            switch.on()
            try:
                async with open_workspace(tmp_path, kept) as ana:
                    await ana.team.join(switch.url, setting.tokens["ana"])
                    await ana.team.start()
                    await ana.team.sync_accounts()
                    await until(lambda: catalogue(ana))
                    meta = await account(ana, META)
                    switch.off()
                    assert await until(lambda: _offline(ana))
                    queued, plain_link = [], files.url("factura.pdf")
                    for numbers, media_url in ((signed, f"{plain_link}?sig={signature}"), (plain, plain_link)):
                        rows = [NewRecipient(number, {"params": ["F"], "named_params": {}}) for number in numbers]
                        content = TemplateContent("factura", ("x",), language="es", media_url=media_url, filename="factura.pdf")
                        queued.append(await ana.bulk.create(meta, content, rows))
                    views = [await ana.bulk.get(run_id) for run_id in queued]
                    assert all(view is not None and queued_for_team(view.template) for view in views)
                switch.on()
                async with open_workspace(tmp_path, kept) as ana:  # the console again: the signed link is gone with the process
                    await ana.team.start()  # the follower reaches the server and posts what waits queued
                    final = await asyncio.wait_for(ana.bulk.run(queued[1], BulkControl(), lambda view: None), 20)
                    assert final.status is RunStatus.FINISHED and final.counts == {Outcome.SENT: 2}
                    assert RUN_ID in final.template
                    lost = await ana.bulk.get(queued[0])
                    assert lost is not None and lost.status is RunStatus.FINISHED and lost.counts == {Outcome.FAILED: 2}
                    assert RUN_ID not in lost.template
                    details = [row.detail for row in await ana.bulk.recipients(lost.id)]
                    assert [detail.code for detail in details if detail is not None] == ["team.bulk.link_lost"] * 2
            finally:
                switch.off()
            sent = header_links(setting, "factura")
            assert sum(sent[(number[1:], files.url("factura.pdf"))] for number in plain) == 2
            assert not any(to in {number[1:] for number in signed} for to, _ in sent)
            assert count(started[0], team_run, team_run.c.template.contains(signature)) == 0

    run_core(scenario())


async def _offline(workspace: Workspace) -> bool:
    return workspace.team_guard.offline
