"""Bulk runs: one template sent to many recipients, one after another, through the outbox.

Every recipient is stored before anything is sent and marked `sending` before its
request, so a run survives closing the console: resuming sends only what is still
`queued`. A recipient whose send may have left (the provider's answer never came, or the
console stopped mid-request) is reported as `verify` and never sent again by itself.
Pacing is the outbox's (per account, from the provider's minimum interval).

The run's media link is kept in the database without its secrets (a signed link's query,
a `user:pass@`), as every stored message keeps it; the whole link, which every send of the
run needs, waits in the secret store until the run is finished or discarded.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from console.domain.accounts import Account
from console.domain.bulk import Outcome, RecipientView, RunStatus, RunView
from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.links import displayed_link
from console.domain.messages import MessageSummary
from console.domain.notices import Notice, Wording
from console.domain.number_warnings import number_not_in_plan
from console.domain.send_warnings import NeedsSendAnyway, WarningKind
from console.domain.templates import Template
from console.providers.errors import ProviderError
from console.services import field_labels as labels
from console.services.accounts import AccountService
from console.services.outbox import Outbox
from console.services.preflight import resolve_recipient
from console.services.team_bulk import TeamBulk
from console.services.team_guard import TeamGuard
from console.store import bulk_runs as bulk_queries
from console.store import team_runs
from console.store.bulk_runs import NewRecipient
from console.store.database import Database
from console.store.missing import NO_BULK_RUN, Missing
from console.store.secrets import SecretStore

_FIELD_SEPARATORS = re.compile(r"[,;\t]")
MEDIA_LINK_KEY = "bulk_media_link"  # the secret store's key for a run's whole media link
LINE = Wording("bulk.line", "line {line}: {problem}")
NUMBER_MISSING = Wording("bulk.number_missing", "the number is missing")
ALREADY_ON_LINE = Wording("bulk.already_on_line", "{number} is already on line {line}")
NOT_A_TABLE = Wording("bulk.not_a_table", "the file cannot be read as a table of recipients (is it a CSV file?)")
EMPTY_FILE = Wording("bulk.empty_file", "the file is empty; it needs a header row and a phone column")
NOBODY = Wording("bulk.nobody", "there is nobody to send to")
PHONE_HEADERS = ("phone", "number", "to", "recipient", "telefono", "teléfono", "numero", "número", "celular", "whatsapp")


@dataclass(frozen=True, slots=True)
class ParsedRecipients:
    """Recipients ready to store, and what could not be read (line by line)."""

    rows: list[NewRecipient] = field(default_factory=list)
    errors: list[Notice] = field(default_factory=list)
    # Recipients kept that the agent must confirm once for the run (numbers newer than
    # the numbering plan), one sentence each: "line 3: +52 10 … is not in the …".
    warnings: list[Notice] = field(default_factory=list)

    @property
    def warning_kinds(self) -> frozenset[WarningKind]:
        """What starting the run confirms (`BulkService.create`'s `send_anyway`)."""
        return frozenset({WarningKind.NUMBER_NOT_IN_PLAN}) if self.warnings else frozenset()


def _values_for(template: Template | None, defaults: TemplateContent, values: Sequence[str]) -> dict[str, object]:
    """The recipient's parameters: its own values where given, the form's otherwise."""
    if template is not None and template.variables:
        named = dict(defaults.named_params)
        for variable, value in zip(template.variables, values, strict=False):
            if value.strip():
                named[variable] = value.strip()
        return {"params": [], "named_params": named}
    params = list(defaults.params)
    for index, value in enumerate(values):
        if not value.strip():
            continue
        if index < len(params):
            params[index] = value.strip()
        else:
            params.extend([""] * (index - len(params)) + [value.strip()])
    return {"params": params, "named_params": dict(defaults.named_params)}


class _Collector:
    def __init__(self, account: Account) -> None:
        self._account = account
        self._seen: dict[str, int] = {}
        self.parsed = ParsedRecipients()

    def add(self, line: int, raw_to: str, params: dict[str, object]) -> None:
        to = raw_to.strip()
        if not to:
            self.parsed.errors.append(LINE(line=line, problem=NUMBER_MISSING()))
            return
        try:
            recipient = resolve_recipient(self._account, to, allow_unlisted=True)
        except InvalidInput as error:
            self.parsed.errors.append(LINE(line=line, problem=error.reason))
            return
        label = recipient.label
        if label in self._seen:
            self.parsed.errors.append(LINE(line=line, problem=ALREADY_ON_LINE(number=to, line=self._seen[label])))
            return
        self._seen[label] = line
        warning = None if recipient.phone is None else number_not_in_plan(recipient.phone)
        if warning is not None:
            self.parsed.warnings.append(LINE(line=line, problem=warning.reason))
        self.parsed.rows.append(NewRecipient(to, params))


def parse_pasted(account: Account, text: str, template: Template | None, defaults: TemplateContent) -> ParsedRecipients:
    """One recipient per line: the number, then optionally its parameters separated by , ; or tab."""
    collector = _Collector(account)
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        number, *values = _FIELD_SEPARATORS.split(raw)
        collector.add(line, number, _values_for(template, defaults, values))
    return collector.parsed


def parse_csv(account: Account, text: str, template: Template | None, defaults: TemplateContent) -> ParsedRecipients:
    """A header row, a phone column and a column per parameter (by variable name for named templates)."""
    try:
        return _parse_csv(account, text, template, defaults)
    except csv.Error:
        raise InvalidInput(labels.FILE(), NOT_A_TABLE()) from None


def _parse_csv(account: Account, text: str, template: Template | None, defaults: TemplateContent) -> ParsedRecipients:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip() for cell in next(reader, [])]
    if not header:
        raise InvalidInput(labels.FILE(), EMPTY_FILE())
    lowered = [cell.lower() for cell in header]
    phone_column = next((i for i, cell in enumerate(lowered) if cell in PHONE_HEADERS), 0)
    others = [i for i in range(len(header)) if i != phone_column]
    if template is not None and template.variables:
        by_name = {cell: i for i, cell in enumerate(lowered)}
        others = [by_name.get(variable.lower(), -1) for variable in template.variables]
    collector = _Collector(account)
    for line, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [row[i] if 0 <= i < len(row) else "" for i in others]
        number = row[phone_column] if phone_column < len(row) else ""
        collector.add(line, number, _values_for(template, defaults, cells))
    return collector.parsed


class BulkControl:
    """Pause, resume and cancel a running bulk run; checked between two sends."""

    def __init__(self) -> None:
        self._running = asyncio.Event()
        self._running.set()
        self.cancelled = False

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def cancel(self) -> None:
        """Stop after the send in flight; what is left stays queued for a later resume."""
        self.cancelled = True
        self._running.set()

    async def wait_while_paused(self) -> None:
        await self._running.wait()


_OUTCOME_OF_STATE = {
    DeliveryState.FAILED: Outcome.FAILED,
    DeliveryState.UNKNOWN: Outcome.VERIFY,
    DeliveryState.PENDING: Outcome.VERIFY,
}


class BulkService:
    def __init__(self, db: Database, accounts: AccountService, outbox: Outbox, secrets: SecretStore, guard: TeamGuard) -> None:
        self._db = db
        self._guard = guard
        self._accounts = accounts
        self._outbox = outbox
        self._secrets = secrets
        self.team: TeamBulk | None = None  # the runs on the team server's accounts, which the server sends

    async def create(
        self,
        account: Account,
        template: TemplateContent,
        recipients: Sequence[NewRecipient],
        send_anyway: Collection[WarningKind] = (),
    ) -> int:
        """Store the run and every recipient as queued; nothing is sent yet. `send_anyway`:
        the kinds of warning the agent confirmed for the whole run (`ParsedRecipients.warning_kinds`).
        On a team account the run is the server's to send: stored queued for it (`TeamBulk`), even
        while the server cannot be reached, as a single send is."""
        if not recipients:
            raise InvalidInput(labels.RECIPIENTS(), NOBODY())
        if account.team and self.team is not None:
            return await self.team.create(account, template, recipients, send_anyway)
        self._guard.check_account(account)
        link = template.media_url
        fields = {
            "name": template.name,
            "language": template.language,
            "media_url": None if link is None else displayed_link(link),
            "filename": template.filename,
            "send_anyway": sorted(kind.value for kind in send_anyway),
        }
        run_id = await self._db.run(bulk_queries.create_run, account.id, fields, list(recipients))
        if link is not None and link != fields["media_url"]:
            try:
                await asyncio.to_thread(self._secrets.set, _secret_owner(run_id), MEDIA_LINK_KEY, link)
            except BaseException:
                await self._db.run(bulk_queries.discard, run_id)  # a run that could not send its link
                raise
        return run_id

    async def unfinished(self, account_id: int | None = None) -> list[RunView]:
        return await self._db.run(bulk_queries.unfinished_runs, account_id)

    async def get(self, run_id: int) -> RunView | None:
        return await self._db.run(bulk_queries.run_by_id, run_id)

    async def recipients(self, run_id: int) -> list[RecipientView]:
        return await self._db.run(bulk_queries.recipients, run_id)

    async def discard(self, run_id: int) -> None:
        key, _ = await self._db.run(team_runs.team_run, run_id)
        if key is not None and self.team is not None:
            await self.team.cancel(run_id)  # the server skips what it has not taken; queued here: never posted
            return
        await self._db.run(bulk_queries.discard, run_id)
        await self._forget_link(run_id)

    async def run(self, run_id: int, control: BulkControl, on_progress: Callable[[RunView], None]) -> RunView:
        """Send what is still queued, in order, until done or cancelled; the run as it ends. A run
        the team server owns is followed instead: the server sends it."""
        key, _ = await self._db.run(team_runs.team_run, run_id)
        if key is not None and self.team is not None:
            return await self.team.follow(run_id, lambda: control.cancelled, on_progress)
        await self._db.run(bulk_queries.start, run_id)
        run = await self._db.run(bulk_queries.run_by_id, run_id)
        if run is None:
            raise Missing(NO_BULK_RUN(id=str(run_id)))
        account = await self._accounts.by_id(run.account_id)
        template = await self._with_whole_link(run_id, run.template)
        on_progress(run)
        while True:
            await control.wait_while_paused()
            if control.cancelled:
                break
            recipient = await self._db.run(bulk_queries.claim_next, run_id)
            if recipient is None:
                break
            await self._send_one(account, template, recipient)
            current = await self._db.run(bulk_queries.run_by_id, run_id)
            assert current is not None
            on_progress(current)
        if control.cancelled:
            await self._db.run(bulk_queries.set_status, run_id, RunStatus.STOPPED)
        final = await self._db.run(bulk_queries.finish_if_done, run_id)
        assert final is not None
        if final.status is RunStatus.FINISHED:
            await self._forget_link(run_id)
        return final

    async def _with_whole_link(self, run_id: int, template: dict[str, object]) -> dict[str, object]:
        """The run's template with its media link as given, from the secret store."""
        link = await asyncio.to_thread(self._secrets.get, _secret_owner(run_id), MEDIA_LINK_KEY)
        return template if link is None else {**template, "media_url": link}

    async def _forget_link(self, run_id: int) -> None:
        await asyncio.to_thread(self._secrets.delete, _secret_owner(run_id), MEDIA_LINK_KEY)

    async def _send_one(self, account: Account, template: dict[str, object], recipient: RecipientView) -> None:
        content = TemplateContent(
            name=str(template["name"]),
            params=tuple(str(p) for p in recipient.params.get("params", [])),
            named_params={str(k): str(v) for k, v in dict(recipient.params.get("named_params", {})).items()},
            language=template.get("language") or None,  # type: ignore[arg-type]
            media_url=template.get("media_url") or None,  # type: ignore[arg-type]
            filename=template.get("filename") or None,  # type: ignore[arg-type]
        )
        stored = template.get("send_anyway")  # absent from runs created before it existed
        confirmed = {kind for kind in WarningKind if isinstance(stored, list) and kind.value in stored}
        # Cancelled mid-send (the console closing), the recipient stays `sending`: the next
        # start reports it as `verify`, without writing anything while the store closes.
        try:
            message = await self._send_confirmed(account, recipient.recipient, content, confirmed)
        except InvalidInput as error:
            await self._record(recipient, Outcome.FAILED, None, error.notice)
            return
        except ProviderError as error:  # the client could not be set up: nothing left
            await self._record(recipient, Outcome.FAILED, None, error.notice)
            return
        outcome = _OUTCOME_OF_STATE.get(message.state, Outcome.SENT)
        await self._record(recipient, outcome, message.id, message.failure_reason)

    async def _send_confirmed(
        self, account: Account, to: str, content: TemplateContent, confirmed: Collection[WarningKind]
    ) -> MessageSummary:
        """Send; warnings of the kinds the agent confirmed for the run go ahead, any other
        stops this recipient (`NeedsSendAnyway`: nothing was stored or sent)."""
        try:
            return await self._outbox.send(account, to, content)
        except NeedsSendAnyway as held:
            if not all(warning.kind in confirmed for warning in held.warnings):
                raise
            return await self._outbox.send(account, to, content, send_anyway=held.warnings)

    async def _record(self, recipient: RecipientView, outcome: Outcome, message_id: int | None, detail: Notice | None) -> None:
        await self._db.run(bulk_queries.record_outcome, recipient.id, outcome, message_id, detail)

    async def export_csv(self, run_id: int, path: Path) -> int:
        """Write the run's summary to `path` (off the event loop); the number of rows."""
        rows = await self.recipients(run_id)
        await asyncio.to_thread(_write_summary, path, rows)
        return len(rows)


def _secret_owner(run_id: int) -> str:
    return f"bulk run {run_id}"


def _write_summary(path: Path, rows: Sequence[RecipientView]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["position", "recipient", "parameters", "outcome", "message_id", "detail"])
        for row in rows:
            writer.writerow(
                [
                    row.position,
                    row.recipient,
                    parameters_text(row.params),
                    row.outcome.value,
                    row.message_id or "",
                    row.detail.english() if row.detail else "",  # the file is read by tools: English
                ]
            )


def parameters_text(params: dict[str, object]) -> str:
    """A recipient's parameters on one line, as the summary shows them."""
    positional = [str(p) for p in params.get("params", [])]  # type: ignore[union-attr]
    named = [f"{k}={v}" for k, v in dict(params.get("named_params", {})).items()]  # type: ignore[call-overload]
    return " · ".join(positional + named)
