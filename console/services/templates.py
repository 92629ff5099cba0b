"""Each account's template catalogue: import from CSV or JSON, add one, list, look up.

File format (CSV with a header row, or a JSON list of objects with the same keys):
`name` (required; Cliengo: the templateId), `language` (e.g. es_mx), `type`
(TEXT, IMAGE, VIDEO or DOCUMENT; default TEXT), `params` (number of positional
parameters), `variables` (named variables separated by spaces, commas or semicolons,
or a JSON list), `body` (the text with {{1}} or {{name}} placeholders; when given,
missing params/variables are derived from it).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from console.domain.accounts import Account
from console.domain.errors import InvalidInput
from console.domain.templates import Template, TemplateKind
from console.domain.validation import clean_text, clean_whole_number, shown
from console.providers.base import TemplateCatalogue
from console.services.client_pool import ClientPool
from console.store import templates as template_queries
from console.store.database import Database

_SEPARATORS = re.compile(r"[\s,;]+")
_VARIABLE = re.compile(r"[A-Za-z0-9_]+")
MAX_TEMPLATE_NAME = 200
MAX_TEMPLATE_PARAMS = 100
MAX_CATALOGUE_BYTES = 10 * 1024 * 1024


def template_from_fields(fields: dict[str, Any], where: str) -> Template:
    """One catalogue entry from its fields; `where` names it in error messages."""
    name = str(fields.get("name") or "").strip()
    if not name:
        raise InvalidInput("template", f"{where}: the name is missing")
    clean_text(name, f"{where}: the name", MAX_TEMPLATE_NAME)
    raw_kind = str(fields.get("type") or "TEXT").strip().upper()
    try:
        kind = TemplateKind(raw_kind)
    except ValueError:
        raise InvalidInput("template", f"{where}: type '{raw_kind}' is not TEXT, IMAGE, VIDEO or DOCUMENT") from None
    language = str(fields.get("language") or "").strip()
    body = str(fields.get("body") or "")
    derived = Template.from_body(name, body, language, kind)
    raw_params = fields.get("params")
    if raw_params in (None, ""):
        param_count = derived.param_count
    else:
        try:
            param_count = clean_whole_number(str(raw_params), "params", 0, MAX_TEMPLATE_PARAMS)
        except InvalidInput:
            raise InvalidInput(
                "template",
                f"{where}: params must be a whole number from 0 to {MAX_TEMPLATE_PARAMS}, not '{shown(str(raw_params))}'",
            ) from None
    raw_variables = fields.get("variables")
    if isinstance(raw_variables, list):
        variables = tuple(_variable(str(v), where) for v in raw_variables)
    elif raw_variables:
        variables = tuple(_variable(v, where) for v in _SEPARATORS.split(str(raw_variables)) if v)
    else:
        variables = derived.variables
    if derived.param_count > param_count:
        raise InvalidInput(
            "template", f"{where}: the body uses {{{{{derived.param_count}}}}} but the template has {param_count} parameter(s)"
        )
    unknown = [v for v in derived.variables if v not in variables]
    if unknown:
        raise InvalidInput("template", f"{where}: the body uses {{{{{unknown[0]}}}}}, which is not one of its variables")
    return Template(name, language, kind, param_count, variables, body)


def _variable(text: str, where: str) -> str:
    """A named variable as placeholders write it: letters, digits and _, nothing else."""
    name = text.strip()
    if not _VARIABLE.fullmatch(name):
        raise InvalidInput("template", f"{where}: variable names are letters, digits or _ (not '{shown(name)}')")
    return name


def parse_catalogue(text: str, filename: str) -> list[Template]:
    """Templates from the text of a .csv or .json file; errors name the row."""
    if filename.lower().endswith(".json"):
        try:
            entries = json.loads(text)
        except ValueError as error:
            raise InvalidInput("file", f"{filename} is not valid JSON ({error})") from None
        except RecursionError:
            raise InvalidInput("file", f"{filename} nests its JSON too deeply to be a template catalogue") from None
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise InvalidInput("file", f"{filename} must hold a JSON list of template objects")
        return [template_from_fields(entry, f"entry {i}") for i, entry in enumerate(entries, 1)]
    if filename.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
            raise InvalidInput("file", f"{filename} needs a header row with at least a 'name' column")
        return [
            template_from_fields({(k or "").strip().lower(): v for k, v in row.items()}, f"row {i}")
            for i, row in enumerate(reader, 2)
        ]
    raise InvalidInput("file", f"{filename}: use a .csv or .json file")


class TemplateService:
    def __init__(self, db: Database, clients: ClientPool) -> None:
        self._db = db
        self._clients = clients

    async def sync(self, account: Account) -> list[Template]:
        """Replace the account's catalogue with the templates its provider lists (WhatsApp Cloud
        API: every template of the business account, with its review status)."""
        client = await self._clients.get(account, TemplateCatalogue)
        templates = await client.template_catalogue()
        await self._db.run(template_queries.replace_templates, account.id, templates)
        return templates

    async def import_file(self, account: Account, path: Path) -> list[Template]:
        text = await asyncio.to_thread(_read_catalogue, path)
        templates = parse_catalogue(text, path.name)
        await self._db.run(template_queries.save_templates, account.id, templates)
        return templates

    async def add(self, account: Account, template: Template) -> None:
        await self._db.run(template_queries.save_templates, account.id, [template])

    async def list(self, account: Account) -> list[Template]:
        return await self._db.run(template_queries.list_templates, account.id)

    async def find(self, account: Account, name: str, language: str | None) -> Template | None:
        return await self._db.run(template_queries.find_template, account.id, name, language)


def _read_catalogue(path: Path) -> str:
    """The file's text; only a regular file of a bounded size is read (a FIFO or /dev/zero would never end)."""
    try:
        with open(path, "rb", opener=_open_without_blocking) as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise InvalidInput("file", f"{shown(path.name)} is not a regular file")
            data = file.read(MAX_CATALOGUE_BYTES + 1)
    except OSError as error:
        raise InvalidInput("file", f"{shown(str(path), 200)} cannot be read ({error.strerror})") from None
    if len(data) > MAX_CATALOGUE_BYTES:
        size_mb = MAX_CATALOGUE_BYTES // 1024 // 1024
        raise InvalidInput("file", f"{shown(path.name)} is over {size_mb} MB; a catalogue is far smaller")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("file", f"{shown(path.name)} is not UTF-8 text") from None


def _open_without_blocking(path: str, flags: int) -> int:
    """Opening a FIFO for reading waits for a writer; non-blocking opens it at once so it can be refused."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
