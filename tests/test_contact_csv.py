"""Reading contact lists as spreadsheets write them, and writing the agenda back."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest

from console.services.contact_csv import (
    EXPORT_HEADER,
    ContactFileError,
    CsvWriter,
    FileProblem,
    RowProblem,
    read_contacts,
)
from console.wording.wordbook import Wordbook


def test_utf8_with_bom_and_commas() -> None:
    data = codecs.BOM_UTF8 + "Nombre,Teléfono\nMartín Núñez,099 123 456\nAna,+54 9 11 5555-1234\n".encode()
    contacts = read_contacts(data, "UY")
    assert contacts.encoding == "UTF-8 (BOM)"
    assert contacts.delimiter == ","
    assert (contacts.name_columns, contacts.phone_column) == (("Nombre",), "Teléfono")
    assert [(r.line, r.name, r.phone.e164 if r.phone else None) for r in contacts.rows] == [
        (2, "Martín Núñez", "+59899123456"),
        (3, "Ana", "+5491155551234"),
    ]


def test_latin1_with_semicolons_as_spanish_excel_writes() -> None:
    data = "nombre;apellido;celular\r\nJosé;Pérez;59899111222\r\nMaría;Ibáñez;099 222 333\r\n".encode("latin-1")
    contacts = read_contacts(data, "UY")
    assert contacts.encoding == "Windows-1252"
    assert contacts.delimiter == ";"
    assert contacts.name_columns == ("nombre", "apellido")
    assert [r.name for r in contacts.rows] == ["José Pérez", "María Ibáñez"]
    assert [r.phone.digits for r in contacts.valid if r.phone] == ["59899111222", "59899222333"]


def test_every_bad_row_is_kept_with_its_problem() -> None:
    data = b"name,phone,notes\nGood,59899123456,x\nNo number,,y\n\nBad,12,z\nAgain,099 123 456,\n"
    contacts = read_contacts(data, "UY")
    assert [(r.line, r.problem) for r in contacts.rows] == [
        (2, None),
        (3, RowProblem.NO_PHONE),
        (5, RowProblem.INVALID_PHONE),
        (6, RowProblem.REPEATED),
    ]
    bad = contacts.rows[2]
    assert bad.phone is None and bad.phone_text == "12" and "12" in Wordbook("en").say(bad.detail)
    assert contacts.rows[3].detail == "2"  # the line it repeats
    assert len(contacts.valid) == 1 and len(contacts.problems) == 3


def test_a_missing_phone_column_is_a_clear_error() -> None:
    with pytest.raises(ContactFileError) as raised:
        read_contacts(b"name;city\nAna;Montevideo\n", "UY")
    assert raised.value.problem is FileProblem.NO_PHONE_COLUMN
    assert raised.value.columns == ("name", "city")
    assert "'name', 'city'" in str(raised.value) and "phone" in str(raised.value)


def test_an_empty_file_is_a_clear_error() -> None:
    with pytest.raises(ContactFileError) as raised:
        read_contacts(codecs.BOM_UTF8 + b"\r\n  \r\n", "UY")
    assert raised.value.problem is FileProblem.EMPTY


def test_quoted_fields_and_multiline_names_keep_line_numbers() -> None:
    data = b'phone,name\n59899123456,"Perez, Ana"\n59899123457,"two\nlines"\n59899123458,Last\n'
    contacts = read_contacts(data, None)
    assert [(r.line, r.name) for r in contacts.rows] == [(2, "Perez, Ana"), (3, "two\nlines"), (5, "Last")]


def test_the_export_reads_back_and_replaces_the_file_only_when_finished(tmp_path: Path) -> None:
    target = tmp_path / "agenda.csv"
    target.write_text("old")
    writer = CsvWriter(target)
    writer.write([("Martín", "+59899123456", "demo", "", "yes", "")])
    assert target.read_text() == "old"
    writer.finish()
    assert target.read_bytes().startswith(codecs.BOM_UTF8)
    with target.open(encoding="utf-8-sig", newline="") as file:
        assert list(csv.reader(file)) == [list(EXPORT_HEADER), ["Martín", "+59899123456", "demo", "", "yes", ""]]
    assert [r.name for r in read_contacts(target.read_bytes(), "UY").valid] == ["Martín"]

    discarded = CsvWriter(tmp_path / "never.csv")
    discarded.write([("x", "y", "", "", "", "")])
    discarded.discard()
    assert list(tmp_path.iterdir()) == [target]


def test_a_number_newer_than_the_plan_is_kept_apart_and_imported_only_when_confirmed() -> None:
    contacts = read_contacts(b"name,phone\nConocida,099 111 222\nNueva,090 123 456\n", "UY")
    [new] = contacts.unlisted
    assert (new.line, new.problem, new.phone and new.phone.e164) == (3, RowProblem.NOT_IN_PLAN, "+59890123456")
    assert Wordbook("en").say(new.detail).startswith("+598 90 123 456 is not in the numbering plan this console knows")
    assert [r.line for r in contacts.to_import(False)] == [2]
    assert [r.line for r in contacts.to_import(True)] == [2, 3]
