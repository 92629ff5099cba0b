"""Template catalogue queries."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, col, delete, select

from console.domain.templates import Template, TemplateKind
from console.store.tables import TemplateRow


def _to_domain(row: TemplateRow) -> Template:
    return Template(
        name=row.name,
        language=row.language,
        kind=TemplateKind(row.kind),
        param_count=row.param_count,
        variables=tuple(json.loads(row.variables_json)),
        body=row.body,
        status=row.status,
    )


def save_templates(session: Session, account_id: int, templates: Sequence[Template]) -> None:
    """Insert or replace templates by (name, language)."""
    if not templates:
        return
    statement = insert(TemplateRow.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=["account_id", "name", "language"],
        set_={
            "kind": statement.excluded.kind,
            "param_count": statement.excluded.param_count,
            "variables_json": statement.excluded.variables_json,
            "body": statement.excluded.body,
            "status": statement.excluded.status,
        },
    )
    rows = [
        {
            "account_id": account_id,
            "name": t.name,
            "language": t.language,
            "kind": t.kind.value,
            "param_count": t.param_count,
            "variables_json": json.dumps(list(t.variables)),
            "body": t.body,
            "status": t.status,
        }
        for t in templates
    ]
    session.connection().execute(statement, rows)


def replace_templates(session: Session, account_id: int, templates: Sequence[Template]) -> None:
    """The account's catalogue becomes `templates`: those its provider no longer lists go."""
    session.exec(delete(TemplateRow).where(col(TemplateRow.account_id) == account_id))  # type: ignore[call-overload]
    save_templates(session, account_id, templates)


def set_template_status(session: Session, account_id: int, name: str, language: str, status: str) -> bool:
    """The provider's new review of a template the account has; False when it has none by
    that name and language (nothing is added: the body comes with the catalogue)."""
    mine = TemplateRow.account_id == account_id
    row = session.exec(select(TemplateRow).where(mine, TemplateRow.name == name, TemplateRow.language == language)).first()
    if row is None:
        return False
    row.status = status
    session.add(row)
    return True


def list_templates(session: Session, account_id: int) -> list[Template]:
    rows = session.exec(
        select(TemplateRow).where(TemplateRow.account_id == account_id).order_by(col(TemplateRow.name), col(TemplateRow.language))
    )
    return [_to_domain(row) for row in rows]


def find_template(session: Session, account_id: int, name: str, language: str | None) -> Template | None:
    """The template by name; with no language given, the only one of that name (if unique)."""
    statement = select(TemplateRow).where(TemplateRow.account_id == account_id, TemplateRow.name == name)
    if language is not None:
        statement = statement.where(TemplateRow.language == language)
    rows = list(session.exec(statement.limit(2)))
    return _to_domain(rows[0]) if len(rows) == 1 else None


class CatalogueLookup:
    """`find_template` for many messages of one query: each (account, name, language) is read once."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._found: dict[tuple[int, str, str | None], Template | None] = {}

    def find(self, account_id: int, name: str, language: str | None) -> Template | None:
        key = (account_id, name, language)
        if key not in self._found:
            self._found[key] = find_template(self._session, account_id, name, language)
        return self._found[key]
