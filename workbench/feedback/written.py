"""Importing written feedback: CSV or XLSX exported from form tools, one comment per row.

By default the columns are ``ref, comment, type, language, country`` (``ref`` 1.2.5 = theme.
goal.action, 1.2 a goal, 1 a theme; ``type`` support | concern | suggestion | question, also
in Swahili, Spanish, French, Portuguese; ``language`` a tag such as ``sw`` or a name such as
"Swahili"; ``country`` a code such as ``TZ`` or an English name). Optional columns:
``submission`` (one id per submitted form: its rows count as one written submission; without
it each row is one), ``quote`` (yes/no: may the comment be quoted — written comments are not
quoted unless the form asked), ``date`` (when it was written). A :class:`ColumnMapping` —
from a small YAML file or command-line options — names other columns and gives defaults::

    columns: {ref: "Plan item", comment: "Your feedback", type: "Kind", language: "Lang"}
    defaults: {language: sw}
    sheet: Responses

Rows are numbered as a spreadsheet shows them (the header is row 1). Every bad row is reported
with its number and reason (:class:`RowProblem`, worded like
:class:`~workbench.plan.files.PlanFileError`). Each row's content hash (:func:`row_hash`) is stored
with its comment, so re-importing a file adds nothing twice. Spreadsheet cells typed as numbers
lose trailing zeros (1.10 becomes 1.1): format the ``ref`` column as text.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from workbench.core.errors import ValidationError, WorkbenchError
from workbench.feedback.rules import (MAX_COMMENT_CHARS, check_ref, parse_type, parse_yes_no, row_hash)
from workbench.core.i18n import check_language
from workbench.plan.files import PlanFileError
from workbench.core.cleaning import clean_text

FIELDS = ("ref", "comment", "type", "language", "country", "submission", "quote", "date")
REQUIRED = ("ref", "comment", "type", "language")


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds each field (``columns``), values for absent or empty cells
    (``defaults``), and the XLSX sheet to read (default: the first)."""
    columns: Mapping[str, str] = field(default_factory=lambda: {f: f for f in FIELDS})
    defaults: Mapping[str, str] = field(default_factory=dict)
    sheet: str | None = None

    def with_options(self, columns: Sequence[str] = (), defaults: Sequence[str] = (),
                     sheet: str | None = None) -> "ColumnMapping":
        """This mapping with ``field=Header`` column and ``field=value`` default options applied."""
        return ColumnMapping({**self.columns, **_pairs(columns, "--column")},
                             {**self.defaults, **_pairs(defaults, "--default")}, sheet or self.sheet)


def _pairs(options: Sequence[str], what: str) -> dict[str, str]:
    out = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or name.strip() not in FIELDS:
            raise ValidationError(f"{what} {option!r}: expected FIELD=VALUE with FIELD one of {', '.join(FIELDS)}")
        out[name.strip()] = value.strip()
    return out


def load_mapping(path: str | Path) -> ColumnMapping:
    """Read a column-mapping YAML file (``columns``, ``defaults``, ``sheet``)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except FileNotFoundError:
        raise PlanFileError(path, "file", "path", "no such file") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise PlanFileError(path, f"line {mark.line + 1}" if mark else "file", "yaml",
                            str(getattr(error, "problem", None) or error).splitlines()[0]) from None
    if not isinstance(data, dict) or set(data) - {"columns", "defaults", "sheet"}:
        raise PlanFileError(path, "top level", "keys", "expected only columns, defaults and sheet")
    for key in ("columns", "defaults"):
        value = data.get(key) or {}
        if not isinstance(value, dict) or set(value) - set(FIELDS):
            raise PlanFileError(path, key, "fields", f"expected a mapping of fields ({', '.join(FIELDS)})")
    return ColumnMapping({**ColumnMapping().columns, **{k: str(v) for k, v in (data.get("columns") or {}).items()}},
                         {k: str(v) for k, v in (data.get("defaults") or {}).items()},
                         str(data["sheet"]) if data.get("sheet") else None)


# -- reading cells ---------------------------------------------------------------------------
def cell_text(value) -> str:
    """A cell as text: whole numbers without ``.0``, dates in ISO form, ``None`` as ``""``.

    >>> cell_text(1.0), cell_text(1.2), cell_text(None), cell_text(" sw ")
    ('1', '1.2', '', 'sw')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def read_table(path: str | Path, sheet: str | None = None) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and ``(row number, cells)`` of a CSV (UTF-8; comma, semicolon or tab) or
    XLSX file (read-only: large files stream). Raises PlanFileError."""
    path = Path(path)
    if not path.exists():
        raise PlanFileError(path, "file", "path", "no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise PlanFileError(path, f"row {line}", "encoding", "not valid UTF-8 (save the file as UTF-8 CSV)") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = [cell.strip() for cell in next(reader, [])]
    return header, ((n, row) for n, row in enumerate(reader, start=2))


def _read_xlsx(path: Path, sheet: str | None):
    from openpyxl import load_workbook
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise PlanFileError(path, "file", "xlsx", f"cannot be read as a spreadsheet ({error})") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise PlanFileError(path, "file", "sheet", f"no sheet {sheet!r}; the sheets are {', '.join(book.sheetnames)}")
    rows = (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
    header = [cell_text(cell) for cell in next(rows, ())]

    def cells():
        for n, row in enumerate(rows, start=2):
            yield n, [cell_text(cell) for cell in row]
        book.close()
    return header, cells()


# -- checking rows ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be imported: its number, the field, and why."""
    row: int
    field: str
    problem: str

    def message(self, path: str | Path) -> str:
        return str(PlanFileError(path, f"row {self.row}", self.field, self.problem))


@lru_cache(maxsize=None)
def _names() -> tuple[dict[str, str], dict[str, str]]:
    from babel import Locale
    from workbench.core.i18n import LANGUAGES
    languages = {name.casefold(): tag for tag, name in Locale("en").languages.items() if "_" not in tag}
    languages.update({name.casefold(): tag for tag, name in LANGUAGES.items()})
    countries = {name.casefold(): code for code, name in Locale("en").territories.items()
                 if len(code) == 2 and code.isalpha()}
    return languages, countries


@lru_cache(maxsize=4096)
def parse_language(value: str) -> str:
    """A language tag from a tag (``sw``, ``pt_BR``) or an English or own name ("Kiswahili").

    >>> parse_language("Swahili"), parse_language("pt_BR")
    ('sw', 'pt-BR')
    """
    text = value.strip()
    named = _names()[0].get(text.casefold())
    if named:
        return named
    base, _, rest = text.replace("_", "-").partition("-")
    tag = base.lower() + (f"-{rest}" if rest else "")
    try:
        if not 2 <= len(base) <= 3 or not base.isalpha():
            raise ValueError
        check_language(tag)
    except ValueError:
        raise ValidationError(f"unknown language {text!r}") from None
    return tag


@lru_cache(maxsize=4096)
def parse_country(value: str) -> str:
    """A two-letter country code from a code (``tz``) or an English name ("Tanzania")."""
    text = value.strip()
    codes = _names()[1]
    if len(text) == 2 and text.upper() in codes.values():
        return text.upper()
    if text.casefold() in codes:
        return codes[text.casefold()]
    raise ValidationError(f"unknown country {text!r} (use a two-letter code such as TZ)")


def _date(value: str) -> str:
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(f"{value!r} is not a date such as 2023-03-14 or 2023-03-14T10:30") from None
    if when.tzinfo:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean(text: str) -> str:
    """:func:`~workbench.core.cleaning.clean_text` for a comment, with a fast path for the usual case
    (printable and already NFC: nothing to remove or normalise), which is 10× faster on long
    texts."""
    if text.isprintable() and unicodedata.is_normalized("NFC", text):
        text = text.strip()
        if len(text) > MAX_COMMENT_CHARS:
            raise ValidationError(f"comment is {len(text)} characters long; the limit is {MAX_COMMENT_CHARS}")
        return text
    return clean_text(text, "comment", MAX_COMMENT_CHARS, required=False)


def check_header(path: str | Path, header: Sequence[str], mapping: ColumnMapping) -> dict[str, int]:
    """``{field: column index}``; raises PlanFileError naming a missing required column."""
    index = {name: k for k, name in reversed(list(enumerate(header)))}
    found = {f: index[mapping.columns[f]] for f in FIELDS if mapping.columns.get(f) in index}
    for name in REQUIRED:
        if name not in found and not mapping.defaults.get(name):
            column = mapping.columns.get(name, name)
            raise PlanFileError(path, "row 1", name, f"missing column {column!r} (the columns are "
                                f"{', '.join(header) or 'none'}; map them with a column mapping)")
    return found


def check_rows(rows, found: Mapping[str, int], mapping: ColumnMapping,
               refs: Mapping[str, str]) -> tuple[list[dict], list[RowProblem]]:
    """Check every row against the reviewed version's ``refs``: ``(records, problems)``."""
    records, problems, seen = [], [], {}
    for n, cells in rows:
        if not any(cells):
            continue

        def get(name: str) -> str:
            k = found.get(name)
            value = cells[k] if k is not None and k < len(cells) else ""
            return value.strip() or mapping.defaults.get(name, "")
        try:
            stage = "ref"
            ref, kind = check_ref(get("ref"), refs)
            stage = "comment"
            text = _clean(get("comment"))
            if not text:
                raise ValidationError("empty comment")
            stage = "type"
            type_ = parse_type(get("type"))
            stage = "language"
            language = parse_language(get("language")) if get("language") else None
            if language is None:
                raise ValidationError("empty language")
            stage = "country"
            country = parse_country(get("country")) if get("country") else None
            stage = "quote"
            quotable = bool(parse_yes_no(get("quote"), "quote"))
            stage = "date"
            at = _date(get("date")) if get("date") else None
        except WorkbenchError as error:
            problems.append(RowProblem(n, stage, str(error)))
            continue
        submission = get("submission") or None
        key = (ref, text, type_, language, country, submission, quotable)
        seen[key] = seen.get(key, -1) + 1
        records.append({"row": n, "ref": ref, "kind": kind, "type": type_, "language": language, "text": text,
                        "country": country, "submission": submission, "quotable": quotable, "at": at,
                        "row_hash": row_hash(key, seen[key])})
    return records, problems


# -- importing -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    """What an import did: rows read, comments added, rows already imported, bad rows."""
    round: str
    round_created: bool
    rows: int
    added: int
    already: int
    problems: tuple[RowProblem, ...] = ()


class ImportRefused(ValidationError):
    """A strict import that found bad rows: nothing was written."""

    def __init__(self, path, problems: Sequence[RowProblem]):
        self.problems = tuple(problems)
        lines = [p.message(path) for p in problems]
        super().__init__(f"{path}: {len(lines)} bad row(s); nothing imported (--strict)\n" + "\n".join(lines))
