"""Files, places and bots through the team server: two `centralita server` processes on a real
PostgreSQL, the sandbox, a file host on loopback, and two consoles' workspaces.

A file one console sends by a signed link is checked by that console (one HEAD), posted once,
reaches the sandbox once with the whole link, and shows in the other console's chat with its
states, its link without the signature; posted again under its key after a lost answer it is
still one message and one request; a file larger than the provider takes is refused before
anything is stored or posted; a place reaches the other console with its coordinates; and a
Chattigo bot's answer and closing notice, posted to the server's route, reach both consoles.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlmodel import col, select

from console.domain.attachments import Attachment
from console.domain.capabilities import MediaKind
from console.domain.content import Content, LocationContent, MediaContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.messages import Direction, MessageKind, MessageSummary
from console.sandbox.media_host import MediaFile, MediaHost, png_bytes
from console.services.workspace import Workspace
from console.store.chat import chat_page
from console.store.secrets import MemorySecrets
from console.store.tables import ContactRow, ConversationRow, MessageRow
from console.wording.wordbook import Wordbook
from tests.conftest import open_workspace, run_core
from tests.team_switch import Switch
from tests.test_relay import Cluster, postgres_cluster  # noqa: F401 - the PostgreSQL fixture
from tests.test_team_console_send import (
    FOLLOW_WAIT,
    SENDS,
    SendingTeam,
    _add,
    _by_key,
    _in_state,
    _key_of,
    _messages,
    joined,
    sandbox_count,
    sending_team,  # noqa: F401 - the team's fixture
    stored_bytes,
    until,
)
from tests.test_team_send import rows

BOT = "Bot Chattigo"
SIGNATURE = "Sig" + secrets.token_hex(12)  # a signed link's secret: sent whole, told to nobody


@pytest.fixture(scope="module")
def files() -> Iterator[MediaHost]:
    big = MediaFile(png_bytes(), "image/png", claimed_length=6_000_000)  # WhatsApp takes images up to 5 MB
    with MediaHost({"foto.png": MediaFile(png_bytes(), "image/png"), "grande.png": big}) as host:
        yield host


@pytest.fixture(scope="module")
def bot_route(sending_team: SendingTeam, tmp_path_factory: pytest.TempPathFactory) -> str:  # noqa: F811
    """A Chattigo account on the server (added before any console joins), and its callback path."""
    added = _add(
        sending_team.admin_env,
        tmp_path_factory.mktemp("bot-admin"),
        sending_team.database_url,
        "chattigo",
        BOT,
        *("--username", "bot", "--wa-id", "59899000000", "--password", "-"),
        stdin="unused-here",
    )
    return added.split("(keep it private): ")[1].split()[0]


async def send(workspace: Workspace, account: str, to: str, content: Content) -> MessageSummary:
    found = await workspace.accounts.by_name(account)
    anyway = (await workspace.outbox.check(found, to, content)).warnings  # the 24 h window this console did not see
    return await workspace.outbox.send(found, to, content, send_anyway=anyway)


async def attachment(workspace: Workspace, key: str) -> Attachment | None:
    found = await workspace.db.run(_by_key, key)
    if found is None:
        return None
    chat = await workspace.db.run(chat_page, found.conversation_id)
    return next((item.attachment for item in chat if item.message.id == found.id), None)


def test_a_file_by_signed_link_and_a_place_reach_the_sandbox_once_and_the_other_console(
    sending_team: SendingTeam,  # noqa: F811
    files: MediaHost,
    tmp_path: Path,
) -> None:
    team, tag = sending_team, "foto-" + secrets.token_hex(3)
    link = files.url("foto.png") + f"?sig={SIGNATURE}&tag={tag}"
    national, country = team.registered[5]
    switch = Switch(team.servers[0])
    switch.on()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()

    async def scenario() -> dict[str, Any]:
        async with open_workspace(tmp_path / "a", MemorySecrets()) as a, open_workspace(tmp_path / "b", MemorySecrets()) as b:
            await joined(a, switch.url, team.tokens["ana"])
            await joined(b, team.servers[1], team.tokens["bruno"])
            # The customer writes first: their 24 h window is open, so the provider takes a file.
            team.sandbox.call(team.sandbox.sandbox.broadcasterbot.customer_replies, national, country, f"Hola {tag}")
            assert await until(lambda: _has_written(a, f"Hola {tag}"))
            heads = files.count("HEAD", "foto.png")
            switch.cut_answers = True  # the post reaches the server, its answer is lost
            sent = await send(a, SENDS, team.customers[5], MediaContent(MediaKind.IMAGE, link, caption=tag))
            key = await a.db.run(_key_of, sent.id)
            checked = files.count("HEAD", "foto.png") - heads
            kept = rows(team.database_url, "SELECT id FROM team_message WHERE client_key = :k", k=key)
            switch.cut_answers = False
            await a.team_sender.flush()  # posted again under its key, its link whole
            accepted = await until(lambda: _in_state(b, key, DeliveryState.ACCEPTED))
            mine = await until(lambda: _in_state(a, key, DeliveryState.ACCEPTED))
            place = await send(a, SENDS, team.customers[5], LocationContent(-34.9058, -56.1913, f"Sucursal {tag}"))
            place_key = await a.db.run(_key_of, place.id)
            place_seen = await until(lambda: _in_state(b, place_key, DeliveryState.ACCEPTED))
            await asyncio.sleep(0.5)
            return {
                "sent": sent,
                "kept": kept,
                "checked": checked,
                "accepted": accepted,
                "mine": mine,
                "shown": await attachment(b, key),
                "place": await attachment(b, place_key) if place_seen else None,
                "rows": (await a.db.run(_outgoing), await b.db.run(_outgoing)),
            }

    try:
        got = run_core(scenario())
    finally:
        switch.off()
    assert got["sent"].queued_for_team and len(got["kept"]) == 1  # stored by the server, the answer lost
    assert got["checked"] == 2  # this console's checks of the link (the go-ahead's `check`, then `send`'s), before posting
    assert got["accepted"] and got["mine"]
    shown = got["shown"]
    assert isinstance(shown, MediaContent) and shown.caption == tag and shown.kind is MediaKind.IMAGE
    assert SIGNATURE not in shown.url and shown.url.startswith(files.url("foto.png"))
    place = got["place"]
    assert isinstance(place, LocationContent) and (place.latitude, place.longitude) == (-34.9058, -56.1913)
    assert got["rows"] == (2, 2)  # one file and one place in each console, the repeated post included
    assert sandbox_count(team, tag) == 2  # the file once (with its whole link) and the place once
    assert sandbox_count(team, SIGNATURE) == 1
    assert len(rows(team.database_url, "SELECT id FROM team_message WHERE content LIKE :t", t=f"%{tag}%")) == 2
    assert rows(team.database_url, "SELECT id FROM team_change WHERE details LIKE :s", s=f"%{SIGNATURE}%") == []
    assert SIGNATURE.encode() not in stored_bytes(tmp_path / "b")


async def _has_written(workspace: Workspace, body: str) -> bool:
    account = await workspace.accounts.by_name(SENDS)
    return await workspace.db.run(_incoming_body, account.id, body)


def _incoming_body(session: Any, account_id: int, body: str) -> bool:
    found = session.exec(select(MessageRow.id).where(MessageRow.account_id == account_id, MessageRow.body == body)).first()
    return found is not None


def _outgoing(session: Any) -> int:
    return len(session.exec(select(MessageRow.id).where(MessageRow.direction == Direction.OUTGOING.value)).all())


def test_a_file_larger_than_the_provider_takes_is_refused_before_anything_is_stored_or_posted(
    sending_team: SendingTeam,  # noqa: F811
    files: MediaHost,
    tmp_path: Path,
) -> None:
    team, tag = sending_team, "grande-" + secrets.token_hex(3)

    async def scenario() -> tuple[InvalidInput, int]:
        async with open_workspace(tmp_path, MemorySecrets()) as a:
            await joined(a, team.servers[0], team.tokens["ana"])
            await asyncio.sleep(0.5)  # the change log read up to now (the earlier tests' messages)
            before = await a.db.run(_messages)
            with pytest.raises(InvalidInput) as refused:
                await send(a, SENDS, team.customers[6], MediaContent(MediaKind.IMAGE, files.url("grande.png"), caption=tag))
            return refused.value, await a.db.run(_messages) - before

    refused, stored = run_core(scenario())
    assert "5 MB" in Wordbook("en").say(refused.notice) and stored == 0
    assert files.count("GET", "grande.png") == 0
    time.sleep(0.5)
    assert sandbox_count(team, tag) == 0
    assert rows(team.database_url, "SELECT id FROM team_message WHERE content LIKE :t", t=f"%{tag}%") == []


def test_a_bots_answer_and_its_closing_reach_both_consoles(
    sending_team: SendingTeam,  # noqa: F811
    bot_route: str,
    tmp_path: Path,
) -> None:
    team, tag = sending_team, "bot-" + secrets.token_hex(3)
    customer = "59899" + str(secrets.randbelow(900_000) + 100_000)
    answer = {"messaging_product": "whatsapp", "to": customer, "type": "text", "text": {"body": f"Hola, soy el bot {tag}"}}
    closing = {"chatBeenClosed": {"closed": True, "message": f"Gracias {tag}"}}
    for name in ("a", "b"):
        (tmp_path / name).mkdir()

    async def bot_said(workspace: Workspace) -> list[MessageSummary]:
        account = await workspace.accounts.by_name(BOT)
        conversation = await workspace.db.run(_conversation_of, account.id, customer)
        if conversation is None:
            return []
        chat = await workspace.db.run(chat_page, conversation)
        said = [item.message for item in chat if item.message.direction is Direction.BOT]
        return said if len(said) == 2 else []

    async def scenario() -> tuple[list[MessageSummary], list[MessageSummary], float]:
        async with open_workspace(tmp_path / "a", MemorySecrets()) as a, open_workspace(tmp_path / "b", MemorySecrets()) as b:
            await joined(a, team.servers[0], team.tokens["ana"])
            await joined(b, team.servers[1], team.tokens["bruno"])
            began = time.monotonic()
            async with aiohttp.ClientSession() as http:
                for body in (answer, closing, closing):  # the closing posted twice: the relay keeps it once
                    async with http.post(team.servers[0] + bot_route, data=json.dumps(body)) as posted:
                        assert posted.status == 200, await posted.text()
            in_a, in_b = await until(lambda: bot_said(a)), await until(lambda: bot_said(b))
            return in_a, in_b, time.monotonic() - began

    in_a, in_b, took = run_core(scenario())
    for said in (in_a, in_b):
        assert [(m.kind, m.body) for m in said] == [
            (MessageKind.TEXT, f"Hola, soy el bot {tag}"),
            (MessageKind.NOTICE, f"The bot closed the chat: Gracias {tag}"),
        ]
    assert took < FOLLOW_WAIT * 2, took


def _conversation_of(session: Any, account_id: int, digits: str) -> int | None:
    return session.exec(
        select(ConversationRow.id)
        .join(ContactRow, col(ContactRow.id) == ConversationRow.contact_id)
        .where(ConversationRow.account_id == account_id, ContactRow.phone == digits)
    ).first()
