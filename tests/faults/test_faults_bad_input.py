"""The bad-input corpus: every case ends in a clear message, nothing crashes, rejected input sends nothing."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from console.domain.accounts import Account, ProviderKind
from console.domain.content import TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.templates import Template, TemplateKind
from console.providers.errors import ProviderError
from console.relay import bodies
from console.sandbox.broadcasterbot import DEMO_API_KEY as BB_KEY
from console.sandbox.faults import Fault, FaultKind
from console.sandbox.media_host import MediaFile, MediaHost, pdf_bytes, png_bytes
from console.sandbox.server import SandboxServer
from console.services.bulk import parse_csv
from console.services.callbacks import CallbackEvent
from console.services.contact_csv import read_contacts
from console.store.database import DATABASE_FILE
from tests.conftest import FAST_STATUS, OPEN_PLATFORM, add_demo_account, open_workspace, run_core
from tests.faults import corpus
from tests.faults.conftest import Figures
from tests.faults.corpus import Expect, SendCase
from tests.faults.support import SEND_ROUTES, add_sending_account, without_timelinesai_pacing

ROUTE_OF = {"cliengo": "notifications", "timelinesai": "send", "broadcasterbot": "send"}
MEDIA_FILES = {
    "good.png": MediaFile(png_bytes(), "image/png"),
    "document.pdf": MediaFile(pdf_bytes(), "application/pdf"),
    "too-big.png": MediaFile(png_bytes(), "image/png", claimed_length=3_000_000),
    "no-head.png": MediaFile(png_bytes(), "image/png", head_allowed=False),
    "loop-a.png": MediaFile(redirect_to="loop-b.png"),
    "loop-b.png": MediaFile(redirect_to="loop-a.png"),
    "self.png": MediaFile(redirect_to="self.png"),
    "no-type.png": MediaFile(png_bytes(), None),
    "no-length.png": MediaFile(png_bytes(), "image/png", send_length=False),
    "html.png": MediaFile(b"<html></html>", "text/html"),
}


def is_clear(said: object) -> bool:
    """A sentence for people: not empty, not a traceback or an object's repr, not a wall of text."""
    message = str(said)  # a notice reads as its English text
    return bool(message.strip()) and len(message) <= 600 and "Traceback" not in message and " object at 0x" not in message


@dataclasses.dataclass
class Tally:
    outcomes: Counter[str] = dataclasses.field(default_factory=Counter)
    crashes: list[str] = dataclasses.field(default_factory=list)
    unclear: list[str] = dataclasses.field(default_factory=list)
    wrong: list[str] = dataclasses.field(default_factory=list)  # expectation not met
    requests_for_rejected: int = 0

    def crash(self, name: str, error: BaseException) -> None:
        self.crashes.append(f"{name}: {type(error).__name__}: {error}"[:300])


async def _accounts(workspace, server: SandboxServer) -> dict[str, Account]:
    accounts = {
        "cliengo": await add_sending_account(workspace, server, ProviderKind.CLIENGO, 0),
        "timelinesai": await add_sending_account(workspace, server, ProviderKind.TIMELINESAI, 0),
        "broadcasterbot": await workspace.accounts.add_account(
            "bb", ProviderKind.BROADCASTERBOT, {"base_url": server.base_urls["broadcasterbot"], "api_key": BB_KEY}
        ),
    }
    await workspace.templates.add(accounts["broadcasterbot"], Template("pedido_listo", "es_mx", param_count=2))
    await workspace.templates.add(accounts["cliengo"], Template("7", variables=("name",)))
    await workspace.templates.add(accounts["cliengo"], Template("12", kind=TemplateKind.IMAGE, variables=("name", "pedido")))
    accounts["heynow"] = await add_demo_account(workspace, server, name="hn", platform_id=OPEN_PLATFORM)
    return accounts


async def _send_cases(
    workspace, server: SandboxServer, accounts: dict[str, Account], cases: list[SendCase], tally: Tally
) -> None:
    log = server.sandbox.log
    for case in cases:
        route = ROUTE_OF[case.account]
        before = log.count(case.account, route)
        try:
            message = await workspace.outbox.send(accounts[case.account], case.to, case.content)
        except InvalidInput as error:
            outcome, text = "rejected", f"{error.field}: {error.reason}"
        except ProviderError as error:
            outcome, text = "provider error", error.message
        except Exception as error:  # a crash: what this corpus is here to find
            tally.crash(case.name, error)
            continue
        else:
            outcome = message.state.value
            text = message.failure_reason or "sent"
        sent = log.count(case.account, route) - before
        tally.outcomes[f"{case.category}: {outcome}"] += 1
        if not is_clear(text):
            tally.unclear.append(f"{case.name}: {text[:200]!r}")
        if outcome == "rejected":
            tally.requests_for_rejected += sent
        rejected = outcome in ("rejected", "provider error") or (outcome == "failed" and sent == 0)
        if (case.expect is Expect.REJECT and not rejected) or (case.expect is Expect.ACCEPT and rejected):
            tally.wrong.append(f"{case.name}: expected {case.expect.value}, got {outcome} ({text[:120]})")


async def _malformed_answers(workspace, server: SandboxServer, accounts: dict[str, Account], tally: Tally) -> int:
    """Each provider's send, and Hey Now's status and agenda, answered with broken bodies."""
    cases = 0
    answers = (
        Fault(FaultKind.MALFORMED_JSON, times=1),
        Fault(FaultKind.SERVER_ERROR, times=1, status=502),
        Fault(FaultKind.TOO_MANY_REQUESTS, 3600, times=1),  # asks for an hour: the send gives up and says why
    )
    for provider in (ProviderKind.HEYNOW, ProviderKind.CLIENGO, ProviderKind.TIMELINESAI):
        account = accounts[provider.value]
        sandbox_provider, route = SEND_ROUTES[provider]
        for number, fault in enumerate(answers):
            server.sandbox.faults.add(sandbox_provider, route, fault)
            content = (
                TemplateContent("7", named_params={"name": "Ana"})
                if provider is ProviderKind.CLIENGO
                else TextContent(f"Hola {fault.kind}")
            )
            name = f"{provider.value} send answered {fault.kind}"
            cases += 1
            try:
                message = await workspace.outbox.send(account, f"+5989900{number}{cases:03d}", content)
            except Exception as error:
                tally.crash(name, error)
                continue
            tally.outcomes[f"answers: {message.state.value}"] += 1
            if message.state not in (DeliveryState.UNKNOWN, DeliveryState.FAILED) or not is_clear(message.failure_reason or ""):
                tally.wrong.append(f"{name}: {message.state.value} {message.failure_reason!r}")
    return cases


async def _malformed_heynow_reads(workspace, server: SandboxServer, account: Account, tally: Tally) -> int:
    message = await workspace.outbox.send_text(account, "+59899123456", "Hola", contact_validation=False)
    cases = 0
    for route, fault in (("status", FaultKind.MALFORMED_JSON), ("status", FaultKind.RESET_AFTER)):
        server.sandbox.faults.add("heynow", route, Fault(fault, times=1))
        cases += 1
        try:
            result = await workspace.conversations.verify(message.id)
        except Exception as error:
            tally.crash(f"verify answered {fault}", error)
            continue
        tally.outcomes[f"answers: verify {result.outcome.value}"] += 1
        if not is_clear(result.detail or result.message.state.value):
            tally.unclear.append(f"verify answered {fault}: {result.detail!r}")
    for fault in (FaultKind.MALFORMED_JSON, FaultKind.SLOW_BODY, FaultKind.SERVER_ERROR):
        server.sandbox.faults.add("heynow", "agenda", Fault(fault, 0.2, times=1))
        cases += 1
        try:
            await workspace.agenda.sync(account)
        except ProviderError as error:
            tally.outcomes["answers: agenda refused"] += 1
            if not is_clear(error.message):
                tally.unclear.append(f"agenda answered {fault}: {error.message!r}")
        except Exception as error:
            tally.crash(f"agenda answered {fault}", error)
        else:
            tally.outcomes["answers: agenda read"] += 1
            if fault is not FaultKind.SLOW_BODY:
                tally.wrong.append(f"agenda answered {fault}: read as if fine")
    return cases


async def _callbacks(workspace, server: SandboxServer, tally: Tally) -> int:
    cases = 0
    for provider in ("broadcasterbot", "chattigo"):
        for body in corpus.BAD_CALLBACK_BODIES:
            cases += 1
            try:
                reason = bodies.check(provider, body)
            except Exception as error:
                tally.crash(f"relay check {provider} {body[:20]!r}", error)
                continue
            tally.outcomes[f"callbacks: {'quarantined' if reason else 'kept'}"] += 1
            if reason is None or not is_clear(reason):
                tally.wrong.append(f"relay kept {provider} {body[:30]!r} as well formed ({reason!r})")
    problems: list[str] = []
    workspace.topics.callback_problem.subscribe(lambda problem: problems.append(str(problem)))
    bb = await workspace.accounts.add_account(
        "bb-callbacks", ProviderKind.BROADCASTERBOT, {"base_url": server.base_urls["broadcasterbot"], "api_key": BB_KEY}
    )
    ch = await workspace.accounts.add_account(
        "ch-callbacks",
        ProviderKind.CHATTIGO,
        {"base_url": server.base_urls["chattigo"], "username": "demo", "password": "demo", "wa_id": "5491100000000"},
    )
    batches = ((bb, "broadcasterbot", corpus.BROKEN_BROADCASTERBOT_CALLBACKS), (ch, "chattigo", corpus.BROKEN_CHATTIGO_CALLBACKS))
    for account, provider, texts in batches:
        for text in texts:
            cases += 1
            event = CallbackEvent(cases, provider, "route", datetime.now(UTC), False, None, text)
            try:
                await workspace.callbacks.apply(account, event, "corpus")
            except Exception as error:
                tally.crash(f"apply {provider} {text[:40]}", error)
                continue
            tally.outcomes["callbacks: applied or set aside"] += 1
    tally.outcomes["callbacks: set aside with a reason"] += len(problems)
    return cases


def _files(tally: Tally) -> int:
    cases = 0
    for name, data in corpus.CONTACT_FILES:
        cases += 1
        try:
            parsed = read_contacts(data, "UY")
        except InvalidInput as error:
            tally.outcomes["files: refused"] += 1
            if not is_clear(error.reason):
                tally.unclear.append(f"contact file {name}: {error.reason!r}")
            continue
        except Exception as error:
            tally.crash(f"contact file {name}", error)
            continue
        tally.outcomes["files: read"] += 1
        for row in parsed.problems:
            if row.problem is None or not is_clear(str(row.problem.value)):
                tally.unclear.append(f"contact file {name} line {row.line}: {row.problem!r}")
    account = Account(1, "bb", ProviderKind.BROADCASTERBOT, {"default_region": "UY"})
    for name, text in corpus.BULK_FILES:
        cases += 1
        try:
            parsed_run = parse_csv(account, text, None, TemplateContent("pedido_listo", ("a", "b")))
        except InvalidInput as error:
            tally.outcomes["files: refused"] += 1
            if not is_clear(error.reason):
                tally.unclear.append(f"bulk file {name}: {error.reason!r}")
            continue
        except Exception as error:
            tally.crash(f"bulk file {name}", error)
            continue
        tally.outcomes["files: read"] += 1
        if not all(is_clear(problem) for problem in parsed_run.errors):
            tally.unclear.append(f"bulk file {name}: {parsed_run.errors[:3]}")
    return cases


@pytest.mark.slow
def test_bad_input_corpus_ends_in_clear_messages(tmp_path: Path, figures: Figures, monkeypatch: pytest.MonkeyPatch) -> None:
    """Phones of every country's shape (and cut short) and garbage; template parameters
    missing, extra, huge, RTL, emoji, surrogates; texts and chat references; media links of
    the wrong type or size, without HEAD, in redirect loops, with other schemes; provider
    answers that are malformed, 5xx or 429 for an hour; callbacks the relay and the console
    cannot read; contact and bulk CSV files with wrong encodings and columns. Each case
    ends in a clear message or is sent; nothing crashes; rejected input sends nothing."""
    without_timelinesai_pacing(monkeypatch)
    tally = Tally()
    with SandboxServer(FAST_STATUS) as server, MediaHost(MEDIA_FILES) as media:
        files = {
            "image is a PDF": media.url("document.pdf"),
            "image too big": media.url("too-big.png"),
            "HEAD refused": media.url("no-head.png"),
            "redirect loop": media.url("loop-a.png"),
            "redirects to itself": media.url("self.png"),
            "no content type": media.url("no-type.png"),
            "no content length": media.url("no-length.png"),
            "HTML page": media.url("html.png"),
            "missing file": media.url("missing.png"),
        }
        sends = corpus.phone_cases() + corpus.param_cases() + corpus.text_cases()
        sends += corpus.media_cases(media.url("good.png"), files)

        async def scenario() -> int:
            timeout = httpx.Timeout(5.0, read=2.0)
            async with open_workspace(tmp_path, timeout=timeout) as workspace:
                accounts = await _accounts(workspace, server)
                await _send_cases(workspace, server, accounts, sends, tally)
                others = await _malformed_answers(workspace, server, accounts, tally)
                others += await _malformed_heynow_reads(workspace, server, accounts["heynow"], tally)
                others += await _callbacks(workspace, server, tally)
                return others

        others = run_core(scenario(), timeout=600) + _files(tally)
        stored_sends = server.sandbox.log.count()

    connection = sqlite3.connect(f"file:{tmp_path / DATABASE_FILE}?mode=ro", uri=True)
    try:
        stored = connection.execute("SELECT COUNT(*) FROM message WHERE direction = 'out'").fetchone()[0]
    finally:
        connection.close()
    rejected = sum(n for key, n in tally.outcomes.items() if key.endswith(": rejected"))
    figures.record(
        cases=len(sends) + others,
        by_category=dict(Counter(case.category for case in sends)),
        outcomes=dict(sorted(tally.outcomes.items())),
        crashes=len(tally.crashes),
        unclear_messages=len(tally.unclear),
        expectations_missed=len(tally.wrong),
        requests_for_rejected_input=tally.requests_for_rejected,
        requests_to_the_sandbox=stored_sends,
        outgoing_messages_stored=stored,
    )
    assert len(sends) + others >= 200
    assert tally.crashes == [], "\n".join(tally.crashes)
    assert tally.unclear == [], "\n".join(tally.unclear)
    assert tally.wrong == [], "\n".join(tally.wrong)
    assert tally.requests_for_rejected == 0
    assert stored == len(sends) + 3 * 3 + 1 - rejected  # every send not rejected, and only those, is stored
