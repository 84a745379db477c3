"""Reading and writing the tracker's CSV files: milestones and progress updates.

``milestones.csv``: ``id,action,title,target,owner,unit,baseline,target_value`` — ``action`` like
``1.1.14``, ``target`` like ``2026`` or ``2026-Q3``; the indicator columns may be empty. Optional
columns: ``direction`` (up/down; else from baseline and target) and ``title_<lang>`` (titles in
more languages; ``title`` is in the file's language, English unless told).

``updates.csv``: ``milestone,date,status,value,note,corrects`` — ``milestone`` is a milestone id,
``date`` is ``YYYY-MM-DD``, ``status`` one of the status words in lower case ("on track"),
``corrects`` empty or the row number (the header is row 1) of the update it corrects in the same
file. Optional columns: ``reporter``, ``evidence`` (links separated by spaces).

Readers check everything a file can tell on its own and raise
:class:`~workbench.plan.files.PlanFileError` naming file, row and field; what needs the database
(does the action exist? is a status change allowed?) is checked on import.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.core.i18n import check_language
from workbench.plan.files import PlanFileError
from workbench.tracker.rules import (FieldError, Milestone, Target, Update, make_indicator, parse_date,
                               parse_number, parse_status)

MILESTONE_COLUMNS = ["id", "action", "title", "target", "owner", "unit", "baseline", "target_value"]
UPDATE_COLUMNS = ["milestone", "date", "status", "value", "note", "corrects"]
UPDATE_EXTRA = ["reporter", "evidence"]


@dataclass(frozen=True)
class UpdateRow:
    """One row of an updates file: the update (milestone id not known yet) and its references."""
    row: int
    milestone: str
    update: Update
    corrects_row: int | None = None


def _read_rows(path: Path, required: Sequence[str]) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PlanFileError(path, "file", "path", "no such file") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise PlanFileError(path, f"line {line}", "encoding", "not valid UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    for name in required:
        if name not in header:
            raise PlanFileError(path, "row 1", name, "missing column")
    rows = []
    for n, row in enumerate(reader, start=2):
        if None in row:
            raise PlanFileError(path, f"row {n}", "row", "more cells than header columns")
        rows.append((n, {k: (v or "").strip() for k, v in row.items()}))
    return header, rows


def read_milestones_csv(path: str | Path, language: str = "en") -> list[tuple[int, Milestone]]:
    """The milestones of a file as ``(row, Milestone)`` pairs (ids not yet assigned)."""
    path = Path(path)
    header, rows = _read_rows(path, ["id", "action", "target", "owner"])
    title_columns = {name[len("title_"):]: name for name in header if name.startswith("title_")}
    if "title" not in header and not title_columns:
        raise PlanFileError(path, "row 1", "title", "missing column")
    for tag, column in title_columns.items():
        try:
            check_language(tag)
        except ValueError as error:
            raise PlanFileError(path, "row 1", column, str(error)) from None
    found, seen = [], {}
    for n, row in rows:
        try:
            title = {tag: row[col] for tag, col in title_columns.items() if row[col]}
            if row.get("title"):
                title = {language: row["title"], **{k: v for k, v in title.items() if k != language}}
            milestone = Milestone(
                key=row["id"], action=row["action"], title=title,
                target=Target.parse(row["target"]), owner=row["owner"],
                indicator=make_indicator(row.get("unit", ""), row.get("baseline", ""),
                                         row.get("target_value", ""), row.get("direction", "")))
            if not milestone.key:
                raise FieldError("id", "empty id")
            if milestone.key in seen:
                raise FieldError("id", f"duplicate id {milestone.key!r} (also on row {seen[milestone.key]})")
            if not title:
                raise FieldError("title", "empty title")
        except FieldError as error:
            raise PlanFileError(path, f"row {n}", error.field, error.problem) from None
        seen[milestone.key] = n
        found.append((n, milestone))
    return found


def parse_links(text: str) -> tuple[str, ...]:
    """Evidence links from one cell or form field (separated by spaces or new lines)."""
    return tuple(str(text or "").split())


def read_updates_csv(path: str | Path) -> list[UpdateRow]:
    """The updates of a file, in file order (milestone ids are resolved on import)."""
    path = Path(path)
    _, rows = _read_rows(path, ["milestone", "date", "status"])
    found: list[UpdateRow] = []
    by_row: dict[int, UpdateRow] = {}
    for n, row in rows:
        try:
            if not row["milestone"]:
                raise FieldError("milestone", "empty milestone id")
            corrects = None
            if row.get("corrects"):
                raw = row["corrects"]
                if not raw.isdigit() or int(raw) not in by_row:
                    raise FieldError("corrects", f"expected the row number of an earlier update in "
                                                 f"this file (the header is row 1), got {raw!r}")
                corrects = int(raw)
                if by_row[corrects].milestone != row["milestone"]:
                    raise FieldError("corrects", f"row {corrects} is an update of milestone "
                                                 f"{by_row[corrects].milestone!r}, not {row['milestone']!r}")
            update = Update(0, parse_date(row["date"]), parse_status(row["status"]),
                            parse_number(row.get("value", "")), row.get("note", ""),
                            row.get("reporter", ""), parse_links(row.get("evidence", "")))
        except FieldError as error:
            raise PlanFileError(path, f"row {n}", error.field, error.problem) from None
        found.append(UpdateRow(n, row["milestone"], update, corrects))
        by_row[n] = found[-1]
    return found


def format_number(value: float | None) -> str:
    """A number as written in the files: ``12`` rather than ``12.0``; empty for None.

    >>> format_number(12.0), format_number(2.5), format_number(None)
    ('12', '2.5', '')
    """
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_milestones_csv(milestones: Sequence[Milestone], language: str = "en") -> str:
    """Milestones as CSV text (the inverse of :func:`read_milestones_csv`)."""
    others = sorted({tag for m in milestones for tag in m.title if tag != language})
    header = MILESTONE_COLUMNS + ["direction"] + [f"title_{tag}" for tag in others]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for m in milestones:
        indicator = m.indicator
        writer.writerow(
            [m.key, m.action, m.title.get(language, ""), str(m.target), m.owner,
             indicator.unit if indicator else "",
             format_number(indicator.baseline if indicator else None),
             format_number(indicator.target if indicator else None),
             indicator.direction if indicator else ""]
            + [m.title.get(tag, "") for tag in others])
    return out.getvalue()


def write_updates_csv(milestones: Sequence[Milestone], updates: Sequence[Update]) -> str:
    """Updates as CSV text, in the order given (corrected updates must come before their
    corrections); ``corrects`` is written as a row number of this file."""
    keys = {m.id: m.key for m in milestones}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UPDATE_COLUMNS + UPDATE_EXTRA)
    rows: dict[int, int] = {}
    for n, u in enumerate(updates, start=2):
        rows[u.id] = n
        writer.writerow([keys[u.milestone], u.date.isoformat(), u.status, format_number(u.value),
                         u.note, rows.get(u.corrects, "") if u.corrects is not None else "",
                         u.reporter, " ".join(u.evidence)])
    return out.getvalue()
