"""Template catalogue: files in, checks and previews out."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.domain.content import TemplateContent
from console.domain.errors import InvalidInput
from console.domain.templates import Template, TemplateKind
from console.services.templates import parse_catalogue
from tests.conftest import open_workspace, run_core

CSV = """name,language,type,params,variables,body
pedido_listo,es_mx,TEXT,,,"Hola {{1}}, tu pedido {{2}} está listo."
7,,TEXT,,name,Hola {{name}}
12,,IMAGE,,"name;pedido",
"""


def test_positional_parameters_are_counted_and_previewed() -> None:
    template = Template.from_body("pedido_listo", "Hola {{1}}, tu pedido {{2}} está listo.", "es_mx")
    assert template.param_count == 2
    content = TemplateContent("pedido_listo", ("Lucía", "#4821"))
    template.check(content)
    assert template.preview(content) == "Hola Lucía, tu pedido #4821 está listo."
    with pytest.raises(InvalidInput, match="takes 2 parameter"):
        template.check(TemplateContent("pedido_listo", ("Lucía",)))
    with pytest.raises(InvalidInput, match="parameter 2 is empty"):
        template.check(TemplateContent("pedido_listo", ("Lucía", " ")))


def test_named_variables_must_match_exactly() -> None:
    template = Template("12", kind=TemplateKind.IMAGE, variables=("name", "pedido"))
    template.check(TemplateContent("12", named_params={"name": "Ana", "pedido": "1"}, media_url="https://x/y.png"))
    with pytest.raises(InvalidInput, match="needs a value for pedido"):
        template.check(TemplateContent("12", named_params={"name": "Ana"}))
    with pytest.raises(InvalidInput, match="has no variable apellido"):
        template.check(TemplateContent("12", named_params={"name": "Ana", "pedido": "1", "apellido": "P"}))


def test_text_templates_take_no_media() -> None:
    with pytest.raises(InvalidInput) as error:
        Template("7", variables=("name",)).check(TemplateContent("7", named_params={"name": "A"}, media_url="https://x"))
    assert error.value.field.code == "field.media_link"


def test_csv_and_json_files_parse_to_the_same_catalogue() -> None:
    from_csv = parse_catalogue(CSV, "plantillas.csv")
    json_text = (
        '[{"name": "pedido_listo", "language": "es_mx", "body": "Hola {{1}}, tu pedido {{2}} está listo."},'
        ' {"name": "7", "variables": ["name"], "body": "Hola {{name}}"},'
        ' {"name": "12", "type": "image", "variables": "name pedido"}]'
    )
    assert parse_catalogue(json_text, "plantillas.JSON") == from_csv
    assert [(t.name, t.kind, t.param_count, t.variables) for t in from_csv] == [
        ("pedido_listo", TemplateKind.TEXT, 2, ()),
        ("7", TemplateKind.TEXT, 0, ("name",)),
        ("12", TemplateKind.IMAGE, 0, ("name", "pedido")),
    ]


@pytest.mark.parametrize(
    ("text", "filename", "message"),
    [
        ("nombre\nx\n", "a.csv", "header row"),
        ("name,type\nx,AUDIO\n", "a.csv", "row 2: type 'AUDIO'"),
        ("name,params\nx,dos\n", "a.csv", "row 2: params must be a whole number"),
        ('{"name": "x"}', "a.json", "JSON list"),
        ("[{", "a.json", "not valid JSON"),
        ("name\nx\n", "a.txt", "use a .csv or .json"),
        ('[{"language": "es"}]', "a.json", "entry 1: the name is missing"),
    ],
)
def test_bad_catalogue_files_name_the_problem(text: str, filename: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_catalogue(text, filename)


def test_import_stores_and_replaces_by_name_and_language(tmp_path: Path) -> None:
    from console.domain.accounts import ProviderKind
    from console.store import accounts

    first = tmp_path / "a.csv"
    first.write_text(CSV, encoding="utf-8")
    second = tmp_path / "b.json"
    second.write_text('[{"name": "7", "variables": ["nombre"]}]', encoding="utf-8")

    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await workspace.db.run(accounts.add_account, "c", ProviderKind.CLIENGO, {})
            await workspace.templates.import_file(account, first)
            await workspace.templates.import_file(account, second)
            return await workspace.templates.list(account), await workspace.templates.find(account, "7", None)

    stored, seven = run_core(scenario())
    assert [t.name for t in stored] == ["12", "7", "pedido_listo"]
    assert seven is not None and seven.variables == ("nombre",)
