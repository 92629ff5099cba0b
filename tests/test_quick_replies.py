"""Quick replies: variables filled from the contact, found by a few letters, saved per scope,
and shared as a file that is imported whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.domain.content import MediaKind
from console.domain.errors import InvalidInput
from console.domain.quick_replies import QuickReply, fill_variables, guess_media_kind, matching
from console.sandbox.server import SandboxServer
from tests.conftest import add_demo_account, open_workspace, run_core

GREETING = QuickReply("saludo", "Hola {nombre}, gracias por escribir.")
INVOICE = QuickReply("factura", "Te envío la factura, {name}.", media_url="https://example.com/f/factura.pdf")
HOURS = QuickReply("horario", "Atendemos de 9 a 18 h. Tu número: {numero}")


def test_variables_are_filled_in_spanish_and_english_and_a_missing_name_is_left_to_the_agent() -> None:
    filled = fill_variables("Hola {nombre} ({name}); te escribimos al {numero} / {Number}.", "Ana Pérez", "+52 55 4433 2211")
    assert filled.text == "Hola Ana Pérez (Ana Pérez); te escribimos al +52 55 4433 2211 / +52 55 4433 2211."
    assert filled.unfilled == ()

    nameless = fill_variables("Hola {nombre}, {ciudad} {numero}", None, "+598 99 123 456")
    assert nameless.text == "Hola {nombre}, {ciudad} +598 99 123 456"
    assert nameless.unfilled == ("{nombre}",)


def test_a_few_letters_find_replies_by_name_or_text_without_accents_names_first() -> None:
    replies = [GREETING, INVOICE, HOURS]
    assert matching(replies, "") == [INVOICE, HOURS, GREETING]
    assert matching(replies, "fac") == [INVOICE]
    assert matching(replies, "NUMERO") == [HOURS]  # "número" in the text, "{numero}" too
    assert matching(replies, "gracias") == [GREETING]
    assert matching(replies, "h") == [HOURS, GREETING]  # a name that starts with it comes first
    assert matching(replies, "zzz") == []


def test_a_links_kind_is_guessed_from_its_name() -> None:
    assert guess_media_kind("https://x.test/a/foto.JPG?size=2") is MediaKind.IMAGE
    assert guess_media_kind("https://x.test/clip.mp4") is MediaKind.VIDEO
    assert guess_media_kind("https://x.test/nota.mp3") is MediaKind.AUDIO
    assert guess_media_kind("https://x.test/factura.pdf") is MediaKind.DOCUMENT
    assert guess_media_kind("https://x.test/download") is MediaKind.DOCUMENT


def test_replies_are_saved_per_scope_and_names_do_not_clash_within_one(tmp_path: Path, sandbox: SandboxServer) -> None:
    async def scenario():
        async with open_workspace(tmp_path) as workspace:
            account = await add_demo_account(workspace, sandbox)
            other = await add_demo_account(workspace, sandbox, name="other")
            service = workspace.quick_replies
            greeting = await service.save(GREETING)
            mine = await service.save(QuickReply(" saludo ", "Hola {nombre}, soy de Ventas.", account.id))
            invoice = await service.save(INVOICE)
            with pytest.raises(InvalidInput, match="already called 'saludo'"):
                await service.save(QuickReply("Saludo", "otro", None))
            with pytest.raises(InvalidInput, match="needs a name"):
                await service.save(QuickReply("  ", "texto"))
            with pytest.raises(InvalidInput, match="not an http"):
                await service.save(QuickReply("x", "texto", media_url="ftp://x/y.pdf"))
            edited = await service.save(QuickReply("saludo", "¡Hola {nombre}!", None, id=greeting.id))
            offered = await service.offered(account.id)
            offered_elsewhere = await service.offered(other.id)
            await service.delete(mine)
            after_delete = await service.offered(account.id)
            return mine, invoice, edited, offered, offered_elsewhere, after_delete

    mine, invoice, edited, offered, offered_elsewhere, after_delete = run_core(scenario())
    assert mine.name == "saludo" and mine.id is not None
    assert invoice.media_kind is MediaKind.DOCUMENT  # guessed when saved
    assert edited.text == "¡Hola {nombre}!"
    assert [(r.name, r.account_id) for r in offered] == [("factura", None), ("saludo", None), ("saludo", mine.account_id)]
    assert [r.name for r in offered_elsewhere] == ["factura", "saludo"]
    assert [(r.name, r.account_id) for r in after_delete] == [("factura", None), ("saludo", None)]


def test_an_exported_file_imports_back_and_a_bad_file_imports_nothing(tmp_path: Path, sandbox: SandboxServer) -> None:
    exported = tmp_path / "respuestas.json"
    bad_files = {
        "not-json.json": ("{nope", "not valid JSON"),
        "object.json": ('{"name": "x"}', "must hold a JSON list of quick replies"),
        "no-name.json": ('[{"name": "a", "text": "uno"}, {"text": "dos"}]', "entry 2: a quick reply needs a name"),
        "account.json": ('[{"name": "a", "text": "uno", "account": "Nadie"}]', "entry 1: there is no account named 'Nadie'"),
        "twice.json": ('[{"name": "a", "text": "uno"}, {"name": "A", "text": "dos"}]', "entry 2: 'A' is in the file twice"),
        "kind.json": ('[{"name": "a", "text": "", "media_url": "https://x/y", "media_kind": "gif"}]', "'gif' is not image"),
    }

    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()

    async def scenario():
        async with open_workspace(tmp_path / "first") as workspace:
            account = await add_demo_account(workspace, sandbox, name="Ventas")
            await workspace.quick_replies.save(GREETING)
            await workspace.quick_replies.save(QuickReply("saludo", "Hola {nombre}, soy de Ventas.", account.id))
            await workspace.quick_replies.save(INVOICE)
            count = await workspace.quick_replies.export_file(exported)
        async with open_workspace(tmp_path / "second") as workspace:
            account = await add_demo_account(workspace, sandbox, name="Ventas")
            await workspace.quick_replies.save(QuickReply("factura", "vieja"))
            errors = {}
            for name, (text, _) in bad_files.items():
                (tmp_path / name).write_text(text, encoding="utf-8")
                with pytest.raises(InvalidInput) as error:
                    await workspace.quick_replies.import_file(tmp_path / name)
                errors[name] = str(error.value.reason)
            untouched = await workspace.quick_replies.every()
            imported = await workspace.quick_replies.import_file(exported)
            return count, errors, untouched, imported, await workspace.quick_replies.offered(account.id), account.id

    count, errors, untouched, imported, offered, account_id = run_core(scenario())
    assert count == 3
    entries = json.loads(exported.read_text(encoding="utf-8"))
    assert {"name": "saludo", "text": "Hola {nombre}, soy de Ventas.", "account": "Ventas"} in entries
    for name, (_, expected) in bad_files.items():
        assert expected in errors[name], (name, errors[name])
        assert errors[name].startswith(name)
    assert [(r.name, r.text) for r in untouched] == [("factura", "vieja")]
    assert len(imported) == 3
    assert [(r.name, r.text, r.account_id) for r in offered] == [
        ("factura", INVOICE.text, None),  # replaced by the file's
        ("saludo", GREETING.text, None),
        ("saludo", "Hola {nombre}, soy de Ventas.", account_id),
    ]
    assert offered[0].media_url == INVOICE.media_url and offered[0].media_kind is MediaKind.DOCUMENT
