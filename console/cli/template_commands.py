"""`centralita template import|add|sync|list`."""

from __future__ import annotations

import argparse
from collections import Counter

from console.cli.running import (
    cell,
)
from console.cli.views import print_json
from console.cli.wording import echo, say
from console.domain.notices import Wording
from console.services.templates import template_from_fields
from console.services.workspace import Workspace

TEMPLATES_FETCHED = Wording(
    "cli.templates_fetched",
    "{account}: {count} template fetched ({statuses})",
    "{account}: {count} templates fetched ({statuses})",
    "count",
)
TEMPLATES_IN_STATUS = Wording("cli.templates_in_status", "{count} {status}")  # the status is the provider's word
NO_STATUS = Wording("cli.no_template_status", "no status")
NO_TEMPLATES = Wording("cli.no_templates", "none")
IMPORTED = Wording(
    "cli.templates_imported",
    "{account}: {count} template imported from {file}",
    "{account}: {count} templates imported from {file}",
    "count",
)
TEMPLATE_SAVED = Wording("cli.template_saved", "{account}: template {name} saved")
PARAMS = Wording("cli.template_params", "{count} param", "{count} params", "count")


async def template_import(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    templates = await workspace.templates.import_file(account, options.file)
    echo(IMPORTED(account=account.name, count=len(templates), file=options.file.name))
    return 0


async def template_add(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    fields = {"name": options.name, "language": options.language, "type": options.type, "body": options.body}
    if options.params is not None:
        fields["params"] = str(options.params)
    if options.var:
        fields["variables"] = options.var
    template = template_from_fields(fields, "the template")
    await workspace.templates.add(account, template)
    echo(TEMPLATE_SAVED(account=account.name, name=template.name))
    return 0


async def template_sync(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    templates = await workspace.templates.sync(account)
    statuses = Counter(t.status.lower() for t in templates)
    shown_statuses = ", ".join(
        say(TEMPLATES_IN_STATUS(count=count, status=status or NO_STATUS())) for status, count in sorted(statuses.items())
    )
    print(say(TEMPLATES_FETCHED(account=account.name, count=len(templates), statuses=shown_statuses or NO_TEMPLATES())))
    return 0


async def template_list(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    templates = await workspace.templates.list(account)
    if options.json:
        print_json(
            [
                {
                    "name": t.name,
                    "language": t.language,
                    "type": t.kind.value,
                    "params": t.param_count,
                    "variables": list(t.variables),
                    "body": t.body,
                    "status": t.status,
                }
                for t in templates
            ]
        )
        return 0
    for t in templates:
        shape = ", ".join(t.variables) if t.variables else say(PARAMS(count=t.param_count))
        status = f"\t{t.status}" if t.status else ""
        print(f"{cell(t.name)}\t{cell(t.language) or '-'}\t{t.kind.value}\t{cell(shape)}\t{cell(t.body)}{status}")
    return 0
