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
import re
from pathlib import Path
from typing import Any

from console.domain.accounts import Account
from console.domain.errors import InvalidInput
from console.domain.templates import Template, TemplateKind
from console.store import templates as template_queries
from console.store.database import Database

_SEPARATORS = re.compile(r"[\s,;]+")


def template_from_fields(fields: dict[str, Any], where: str) -> Template:
    """One catalogue entry from its fields; `where` names it in error messages."""
    name = str(fields.get("name") or "").strip()
    if not name:
        raise InvalidInput("template", f"{where}: the name is missing")
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
            param_count = int(str(raw_params))
        except ValueError:
            raise InvalidInput("template", f"{where}: params must be a whole number, not '{raw_params}'") from None
        if param_count < 0:
            raise InvalidInput("template", f"{where}: params cannot be negative")
    raw_variables = fields.get("variables")
    if isinstance(raw_variables, list):
        variables = tuple(str(v).strip() for v in raw_variables if str(v).strip())
    elif raw_variables:
        variables = tuple(v for v in _SEPARATORS.split(str(raw_variables)) if v)
    else:
        variables = derived.variables
    return Template(name, language, kind, param_count, variables, body)


def parse_catalogue(text: str, filename: str) -> list[Template]:
    """Templates from the text of a .csv or .json file; errors name the row."""
    if filename.lower().endswith(".json"):
        try:
            entries = json.loads(text)
        except ValueError as error:
            raise InvalidInput("file", f"{filename} is not valid JSON ({error})") from None
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
    def __init__(self, db: Database) -> None:
        self._db = db

    async def import_file(self, account: Account, path: Path) -> list[Template]:
        try:
            text = await asyncio.to_thread(path.read_text, encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("file", f"{path.name} is not UTF-8 text") from None
        except OSError as error:
            raise InvalidInput("file", f"{path} cannot be read ({error.strerror})") from None
        templates = parse_catalogue(text, path.name)
        await self._db.run(template_queries.save_templates, account.id, templates)
        return templates

    async def add(self, account: Account, template: Template) -> None:
        await self._db.run(template_queries.save_templates, account.id, [template])

    async def list(self, account: Account) -> list[Template]:
        return await self._db.run(template_queries.list_templates, account.id)

    async def find(self, account: Account, name: str, language: str | None) -> Template | None:
        return await self._db.run(template_queries.find_template, account.id, name, language)
