"""Contact lists in CSV files: reading what spreadsheets export, writing the agenda back.

Spreadsheets write CSV in many ways: UTF-8 with or without a byte-order mark, UTF-16,
Windows-1252 (Latin-1); `,` or `;` (Excel in Spanish) or tabs between fields. Reading
finds the encoding and delimiter, the name and phone columns from the header, and
checks every row's number before anything is stored, so a preview can show the
problems first.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from console.domain.errors import InvalidInput
from console.domain.notices import Notice, Wording
from console.domain.number_warnings import number_not_in_plan
from console.domain.phones import Phone, parse_phone
from console.services import field_labels as labels

DELIMITERS = (",", ";", "\t")
# Header words (lower-case, accents and separators removed) that name each column.
PHONE_WORDS = ("phone", "telefono", "tel", "celular", "cel", "movil", "mobile", "whatsapp", "numero", "number", "msisdn")
NAME_WORDS = ("name", "fullname", "nombre", "nombrecompleto", "contact", "contacto", "cliente", "customer")
FIRST_NAME_WORDS = ("firstname", "givenname", "primernombre")
LAST_NAME_WORDS = ("lastname", "surname", "familyname", "apellido", "apellidos")
EXPORT_HEADER = ("name", "phone", "account", "last_inbound", "in_agenda", "registered")


NO_HEADER = Wording("contacts_file.no_header", "the file has no header row and no contacts")
NOT_A_TABLE = Wording("contacts_file.not_a_table", "the file cannot be read as a table of contacts (is it a CSV file?)")
NO_PHONE_COLUMN = Wording(
    "contacts_file.no_phone_column", "no column holds phone numbers (columns found: {found}); name one 'phone' or 'teléfono'"
)
NO_COLUMNS = Wording("contacts_file.no_columns", "none")


class FileProblem(StrEnum):
    EMPTY = "empty"
    NO_PHONE_COLUMN = "no phone column"
    NOT_A_TABLE = "not a table"  # the csv module gave up (a cell of over 128 KB, say)


class RowProblem(StrEnum):
    NO_PHONE = "no phone"
    INVALID_PHONE = "invalid phone"
    REPEATED = "repeated"
    # A number of a possible length in a range the numbering plan does not list (it may be
    # new): kept with its phone, imported only when the agent says so.
    NOT_IN_PLAN = "not in plan"


class ContactFileError(InvalidInput):
    """The file as a whole cannot be read as a contact list."""

    def __init__(self, problem: FileProblem, columns: Sequence[str] = ()) -> None:
        self.problem = problem
        self.columns = tuple(columns)
        if problem is FileProblem.EMPTY:
            reason = NO_HEADER()
        elif problem is FileProblem.NOT_A_TABLE:
            reason = NOT_A_TABLE()
        else:
            found = ", ".join(f"'{c}'" for c in self.columns) or NO_COLUMNS()
            reason = NO_PHONE_COLUMN(found=found)
        super().__init__(labels.FILE(), reason)


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int  # where the row starts in the file (the header is line 1)
    name: str
    phone_text: str  # as written in the file
    phone: Phone | None  # None when the row has a problem (but a number not in the plan)
    problem: RowProblem | None = None
    detail: Notice | str = ""  # why the number is invalid, or the line it repeats

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True, slots=True)
class ContactFile:
    encoding: str
    delimiter: str
    name_columns: tuple[str, ...]  # joined with a space into the contact's name; may be empty
    phone_column: str
    rows: tuple[CsvRow, ...]

    @property
    def valid(self) -> list[CsvRow]:
        return [row for row in self.rows if row.ok]

    @property
    def problems(self) -> list[CsvRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def unlisted(self) -> list[CsvRow]:
        """Rows whose number the numbering plan does not list: importable once confirmed."""
        return [row for row in self.rows if row.problem is RowProblem.NOT_IN_PLAN]

    def to_import(self, include_unlisted: bool) -> list[CsvRow]:
        """The rows an import takes, in file order: the valid ones, and the unlisted ones
        when the agent confirmed them."""
        return [row for row in self.rows if row.ok or (include_unlisted and row.problem is RowProblem.NOT_IN_PLAN)]


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): BOMs first, then strict UTF-8, then Windows-1252, then Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    for encoding, label in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return data.decode(encoding), label
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "Latin-1"


def _key(header: str) -> str:
    decomposed = unicodedata.normalize("NFKD", header.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def _delimiter(text: str) -> str:
    """The delimiter that splits the header line most (quoted commas are rare in headers)."""
    header = text.lstrip().split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _find(keys: list[str], words: Iterable[str], *, partial: bool) -> int | None:
    words = tuple(words)
    for index, key in enumerate(keys):
        if key in words:
            return index
    if partial:
        for index, key in enumerate(keys):
            if any(word in key for word in words if len(word) >= 4):
                return index
    return None


def _columns(header: list[str]) -> tuple[int, tuple[int, ...]]:
    """(phone column, name columns) from the header, or ContactFileError."""
    keys = [_key(cell) for cell in header]
    phone = _find(keys, PHONE_WORDS, partial=True)
    if phone is None:
        raise ContactFileError(FileProblem.NO_PHONE_COLUMN, [cell.strip() for cell in header if cell.strip()])
    first = _find(keys, FIRST_NAME_WORDS, partial=False)
    last = _find(keys, LAST_NAME_WORDS, partial=False)
    name = _find(keys, NAME_WORDS, partial=False)
    if first is None and name is not None and last is not None:
        first = name  # "Nombre" beside "Apellido" is the first name
    if first is not None:
        names = tuple(i for i in (first, last) if i is not None and i != phone)
    else:
        names = () if name is None or name == phone else (name,)
    return phone, names


def read_contacts(data: bytes, default_region: str | None) -> ContactFile:
    """Parse a contact list; every row is kept, with its problem when it has one."""
    text, encoding = decode(data)
    if not text.strip():
        raise ContactFileError(FileProblem.EMPTY)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            raise ContactFileError(FileProblem.EMPTY)
        phone_at, name_at = _columns(header)
        rows: list[CsvRow] = []
        seen: dict[str, int] = {}
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            rows.append(_row(cells, start, phone_at, name_at, default_region, seen))
    except csv.Error:
        raise ContactFileError(FileProblem.NOT_A_TABLE) from None
    return ContactFile(encoding, delimiter, tuple(header[i].strip() for i in name_at), header[phone_at].strip(), tuple(rows))


def _row(
    cells: list[str], line: int, phone_at: int, name_at: tuple[int, ...], region: str | None, seen: dict[str, int]
) -> CsvRow:
    def cell(index: int) -> str:
        return cells[index].strip() if index < len(cells) else ""

    name = " ".join(part for part in (cell(i) for i in name_at) if part)
    typed = cell(phone_at)
    if not typed:
        return CsvRow(line, name, typed, None, RowProblem.NO_PHONE)
    try:
        phone = parse_phone(typed, region, allow_unlisted=True)
    except InvalidInput as error:
        return CsvRow(line, name, typed, None, RowProblem.INVALID_PHONE, error.reason)
    first = seen.setdefault(phone.e164, line)
    if first != line:
        return CsvRow(line, name, typed, None, RowProblem.REPEATED, str(first))
    warning = number_not_in_plan(phone)
    if warning is not None:
        return CsvRow(line, name, typed, phone, RowProblem.NOT_IN_PLAN, warning.reason)
    return CsvRow(line, name, typed, phone)


def read_contacts_file(path: Path, default_region: str | None) -> ContactFile:
    """Read and parse `path` (blocking: call it off the event loop)."""
    return read_contacts(path.read_bytes(), default_region)


class CsvWriter:
    """Writes the agenda as UTF-8 with a BOM (spreadsheets then read accents right), comma-separated.

    Rows go to a temporary file beside `path`, which replaces `path` only on `finish`:
    a cancelled or failed export leaves no half-written file behind. Calls may come
    from different worker threads; a lock keeps a `discard` from closing the file
    under a `write` still running.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._partial = path.with_name(path.name + ".part")
        self._lock = threading.Lock()
        self._file = self._partial.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file)
        self._writer.writerow(EXPORT_HEADER)

    def write(self, rows: Iterable[Sequence[str]]) -> None:
        with self._lock:
            if not self._file.closed:
                self._writer.writerows(rows)

    def finish(self) -> None:
        with self._lock:
            self._file.close()
            self._partial.replace(self._path)

    def discard(self) -> None:
        with self._lock:
            self._file.close()
            self._partial.unlink(missing_ok=True)
