"""Reasons kept with a message are stored as code and values, and read in the agent's language
whenever they are shown; rows written before, in plain English, still read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from console.domain.accounts import ProviderKind
from console.domain.lifecycle import DeliveryState
from console.domain.notice_codec import restored, stored
from console.domain.notice_texts import with_texts
from console.domain.notices import UNTRANSLATED, ByteSize, Wording
from console.sandbox.server import SandboxServer
from console.wording.wordbook import Wordbook
from tests.conftest import open_workspace, run_core

SPANISH = Wordbook("es")
SIZED = Wording("test.stored_sized", "{name} is {size}, sent {at}, {wait} ago: {why}")
WHY = Wording("test.stored_why", "because {count} link failed", "because {count} links failed", "count")


def test_a_reason_kept_with_a_message_reads_in_the_language_of_the_reader(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            url = sandbox.root_url + sandbox.call(sandbox.sandbox.timelinesai.webhook_url, "demo")
            account = await workspace.accounts.add_account("tl", ProviderKind.TIMELINESAI, {"webhook_url": url})
            message = await workspace.outbox.send_text(account, "+59899123456", "Hola")
            stored_details = await workspace.db.run(
                lambda session: [row[0] for row in session.execute(text("SELECT detail FROM state_event ORDER BY id"))]
            )
        async with open_workspace(tmp_path) as reopened:  # read back by a new process, from the database
            return message, stored_details, await reopened.conversations.timeline(message.id)

    message, stored_details, events = run_core(scenario())
    assert message.state is DeliveryState.ACCEPTED
    assert stored_details[0].startswith('{"code":"timeline.stored_not_sent"')
    assert "TimelinesAI" in stored_details[-1] and "outbox.no_delivery_states" in stored_details[-1]
    assert SPANISH.say(events[0].detail) == "Guardado; aún no enviado."  # type: ignore[arg-type]
    assert SPANISH.say(events[-1].detail) == (  # type: ignore[arg-type]
        "TimelinesAI no informa estados de entrega: 'accepted' es el último estado que conocerá esta consola."
    )
    assert events[-1].detail is not None and events[-1].detail.english().startswith("TimelinesAI reports no delivery states")


def test_a_row_written_before_notices_were_stored_reads_as_it_was(tmp_path: Path, sandbox: SandboxServer) -> None:
    old = "The console stopped while sending; verify with the provider."

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            url = sandbox.root_url + sandbox.call(sandbox.sandbox.timelinesai.webhook_url, "demo")
            account = await workspace.accounts.add_account("tl", ProviderKind.TIMELINESAI, {"webhook_url": url})
            message = await workspace.outbox.send_text(account, "+59899123456", "Hola")

            def write_old(session):  # as a version before this one wrote it
                values = {"old": old, "id": message.id}
                session.execute(text("UPDATE state_event SET detail = :old WHERE message_id = :id"), values)
                session.execute(text("UPDATE message SET failure_reason = :old WHERE id = :id"), values)

            await workspace.db.run(write_old)
            return await workspace.conversations.timeline(message.id), await workspace.conversations.message(message.id)

    events, message = run_core(scenario())
    assert {event.detail.code for event in events if event.detail} == {UNTRANSLATED.code}
    assert {SPANISH.say(event.detail) for event in events if event.detail} == {old}
    assert message is not None and message.failure_reason is not None and message.failure_reason.english() == old


def test_every_kind_of_value_survives_the_database() -> None:
    at = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    notice = SIZED(name="foto.jpg", size=ByteSize(2_500_000), at=at, wait=timedelta(minutes=5), why=WHY(count=2))
    again = restored(stored(notice))
    assert again == notice
    assert SPANISH.value(again.values["size"]) == "2,5 MB"  # type: ignore[union-attr]
    assert restored(stored("the provider's own words")) == UNTRANSLATED(text="the provider's own words")
    assert restored(None) is None and stored(None) is None


def test_a_code_no_module_declares_any_more_reads_as_its_english() -> None:
    kept = '{"code":"gone.away","english":"It was said once.","values":{}}'
    assert restored(kept) == UNTRANSLATED(text="It was said once.")
    assert restored('{"code": not json') == UNTRANSLATED(text='{"code": not json')


def test_a_link_secret_inside_a_reason_is_hidden_and_the_wording_kept() -> None:
    reason = WHY(count=1)
    outer = SIZED(name="https://files.example/a.jpg?sig=SECRET", size=ByteSize(1), at="now", wait="-", why=reason)
    hidden = with_texts(outer, lambda value: value.replace("SECRET", "…"))
    assert hidden.code == outer.code and "SECRET" not in hidden.english()
    assert hidden.values["why"] == reason
