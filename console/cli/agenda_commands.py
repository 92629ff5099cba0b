"""`centralita contact register|delete` and `centralita agenda sync|list`."""

from __future__ import annotations

import argparse
import sys

from console.cli.running import (
    EXIT_NEEDS_SEND_ANYWAY,
    WARNING,
    CommandError,
    cell,
    needs_send_anyway,
)
from console.cli.views import print_json
from console.cli.wording import complain, echo, say
from console.domain.notices import Wording
from console.domain.send_warnings import NeedsSendAnyway, SendWarning
from console.services.agenda import SyncProgress
from console.services.workspace import Workspace

MAX_LISTED = 100_000
REGISTERING_ANYWAY = Wording("cli.registering_anyway", "warning, registering anyway: {warning}")
REGISTERED = Wording("cli.contact_registered", "{account}: registered {phone}")
DELETED = Wording("cli.contact_deleted", "{account}: deleted {phone}")


async def contact_register(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    anyway: tuple[SendWarning, ...] = ()
    if options.send_anyway:
        anyway = workspace.contacts.registration_warnings(account, options.phone, options.country)
        for warning in anyway:
            complain(REGISTERING_ANYWAY(warning=warning.notice))
    try:
        phone = await workspace.contacts.register(account, options.phone, options.country, anyway)
    except NeedsSendAnyway as error:
        raise CommandError(needs_send_anyway(NOT_REGISTERED, error.warnings), EXIT_NEEDS_SEND_ANYWAY) from None
    echo(REGISTERED(account=account.name, phone=phone.international))
    return 0


async def contact_delete(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    phone = await workspace.contacts.delete(account, options.phone, options.country)
    echo(DELETED(account=account.name, phone=phone.international))
    return 0


async def agenda_sync(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    interactive = sys.stderr.isatty()

    def show(progress: SyncProgress) -> None:
        if interactive and progress.phase == "storing":
            print(f"\r{say(STORING(done=progress.done, total=progress.total))}", end="", file=sys.stderr, flush=True)

    result = await workspace.agenda.sync(account, show)
    if interactive:
        print(file=sys.stderr)
    echo(SYNCED(account=account.name, count=result.listed, gone=result.left_agenda))
    if result.unreadable_sentence:
        complain(WARNING(warning=result.unreadable_sentence))
    return 0


STORING = Wording("cli.agenda_storing", "storing {done}/{total}")
SYNCED = Wording(
    "cli.agenda_synced",
    "{account}: {count} contact in the agenda, {gone} no longer listed.",
    "{account}: {count} contacts in the agenda, {gone} no longer listed.",
    "count",
)
LIMIT_RANGE = Wording("cli.limit_range", "--limit must be between 1 and {most}")
MORE_CONTACTS = Wording("cli.more_contacts", "... {count} more (use --limit or --search)")


async def agenda_list(options: argparse.Namespace, workspace: Workspace) -> int:
    if not 1 <= options.limit <= MAX_LISTED:
        raise CommandError(LIMIT_RANGE(most=MAX_LISTED))
    account = await workspace.accounts.by_name(options.account)
    total = await workspace.agenda.count(account.id, options.search)
    contacts = await workspace.agenda.page(account.id, options.search, 0, options.limit)
    if options.json:
        print_json(
            {
                "total": total,
                "contacts": [
                    {
                        "id": c.id,
                        "external_id": c.external_id,
                        "phone": c.phone,
                        "name": c.display_name,
                        "in_agenda": c.in_agenda,
                    }
                    for c in contacts
                ],
            }
        )
        return 0
    for contact in contacts:
        print(f"{cell(contact.phone)}\t{cell(contact.display_name)}")
    if total > len(contacts):
        print(say(MORE_CONTACTS(count=total - len(contacts))), file=sys.stderr)
    return 0


NOT_REGISTERED = Wording(
    "cli.not_registered_warnings",
    "not registered: {warnings} (--send-anyway registers it despite this warning)",
    "not registered: {warnings} (--send-anyway registers it despite these warnings)",
    "count",
)
