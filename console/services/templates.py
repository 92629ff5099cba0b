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
from console.domain.notices import Notice, Wording
from console.domain.templates import Template, TemplateKind
from console.domain.validation import clean_text, clean_whole_number, shown
from console.services import field_labels as labels
from console.services.file_wordings import CANNOT_READ, NOT_JSON, NOT_REGULAR, NOT_UTF8
from console.store import templates as template_queries
from console.store.database import Database

_SEPARATORS = re.compile(r"[\s,;]+")
_VARIABLE = re.compile(r"[A-Za-z0-9_]+")
MAX_TEMPLATE_NAME = 200
MAX_TEMPLATE_PARAMS = 100
MAX_CATALOGUE_BYTES = 10 * 1024 * 1024

ENTRY = Wording("templates.entry", "entry {number}")
ROW = Wording("templates.row", "row {number}")
NAME_MISSING = Wording("templates.name_missing", "{where}: the name is missing")
THE_NAME = Wording("templates.the_name", "{where}: the name")
UNKNOWN_TYPE = Wording("templates.unknown_type", "{where}: type '{kind}' is not TEXT, IMAGE, VIDEO or DOCUMENT")
BAD_PARAMS = Wording("templates.bad_params", "{where}: params must be a whole number from 0 to {limit}, not '{given}'")
TOO_FEW_PARAMS = Wording(
    "templates.too_few_params",
    "{where}: the body uses {placeholder} but the template has {count} parameter",
    "{where}: the body uses {placeholder} but the template has {count} parameters",
    "count",
)
UNKNOWN_VARIABLE = Wording(
    "templates.unknown_variable", "{where}: the body uses {placeholder}, which is not one of its variables"
)
BAD_VARIABLE = Wording("templates.bad_variable", "{where}: variable names are letters, digits or _ (not '{name}')")
TOO_DEEP = Wording("templates.too_deep", "{filename} nests its JSON too deeply to be a template catalogue")
NOT_A_LIST = Wording("templates.not_a_list", "{filename} must hold a JSON list of template objects")
NO_NAME_COLUMN = Wording("templates.no_name_column", "{filename} needs a header row with at least a 'name' column")
CSV_OR_JSON = Wording("templates.csv_or_json", "{filename}: use a .csv or .json file")
TOO_BIG = Wording("templates.too_big", "{filename} is over {size}; a catalogue is far smaller")


def template_from_fields(fields: dict[str, Any], where: Notice | str) -> Template:
    """One catalogue entry from its fields; `where` names it in error messages."""
    name = str(fields.get("name") or "").strip()
    if not name:
        raise InvalidInput(labels.TEMPLATE(), NAME_MISSING(where=where))
    clean_text(name, THE_NAME(where=where), MAX_TEMPLATE_NAME)  # type: ignore[arg-type]
    raw_kind = str(fields.get("type") or "TEXT").strip().upper()
    try:
        kind = TemplateKind(raw_kind)
    except ValueError:
        raise InvalidInput(labels.TEMPLATE(), UNKNOWN_TYPE(where=where, kind=raw_kind)) from None
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
            given = shown(str(raw_params))
            raise InvalidInput(labels.TEMPLATE(), BAD_PARAMS(where=where, limit=MAX_TEMPLATE_PARAMS, given=given)) from None
    raw_variables = fields.get("variables")
    if isinstance(raw_variables, list):
        variables = tuple(_variable(str(v), where) for v in raw_variables)
    elif raw_variables:
        variables = tuple(_variable(v, where) for v in _SEPARATORS.split(str(raw_variables)) if v)
    else:
        variables = derived.variables
    if derived.param_count > param_count:
        placeholder = f"{{{{{derived.param_count}}}}}"
        raise InvalidInput(labels.TEMPLATE(), TOO_FEW_PARAMS(where=where, placeholder=placeholder, count=param_count))
    unknown = [v for v in derived.variables if v not in variables]
    if unknown:
        raise InvalidInput(labels.TEMPLATE(), UNKNOWN_VARIABLE(where=where, placeholder=f"{{{{{unknown[0]}}}}}"))
    return Template(name, language, kind, param_count, variables, body)


def _variable(text: str, where: Notice | str) -> str:
    """A named variable as placeholders write it: letters, digits and _, nothing else."""
    name = text.strip()
    if not _VARIABLE.fullmatch(name):
        raise InvalidInput(labels.TEMPLATE(), BAD_VARIABLE(where=where, name=shown(name)))
    return name


def parse_catalogue(text: str, filename: str) -> list[Template]:
    """Templates from the text of a .csv or .json file; errors name the row."""
    if filename.lower().endswith(".json"):
        try:
            entries = json.loads(text)
        except ValueError as error:
            raise InvalidInput(labels.FILE(), NOT_JSON(filename=filename, error=str(error))) from None
        except RecursionError:
            raise InvalidInput(labels.FILE(), TOO_DEEP(filename=filename)) from None
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise InvalidInput(labels.FILE(), NOT_A_LIST(filename=filename))
        return [template_from_fields(entry, ENTRY(number=i)) for i, entry in enumerate(entries, 1)]
    if filename.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
            raise InvalidInput(labels.FILE(), NO_NAME_COLUMN(filename=filename))
        return [
            template_from_fields({(k or "").strip().lower(): v for k, v in row.items()}, ROW(number=i))
            for i, row in enumerate(reader, 2)
        ]
    raise InvalidInput(labels.FILE(), CSV_OR_JSON(filename=filename))


class TemplateService:
    def __init__(self, db: Database) -> None:
        self._db = db

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
                raise InvalidInput(labels.FILE(), NOT_REGULAR(filename=shown(path.name)))
            data = file.read(MAX_CATALOGUE_BYTES + 1)
    except OSError as error:
        raise InvalidInput(labels.FILE(), CANNOT_READ(path=shown(str(path), 200), error=str(error.strerror))) from None
    if len(data) > MAX_CATALOGUE_BYTES:
        size = f"{MAX_CATALOGUE_BYTES // 1024 // 1024} MB"
        raise InvalidInput(labels.FILE(), TOO_BIG(filename=shown(path.name), size=size))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(labels.FILE(), NOT_UTF8(filename=shown(path.name))) from None


def _open_without_blocking(path: str, flags: int) -> int:
    """Opening a FIFO for reading waits for a writer; non-blocking opens it at once so it can be refused."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
