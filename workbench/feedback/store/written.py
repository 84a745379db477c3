"""Importing written submissions into a feedback round: the file is read and checked by
:mod:`workbench.feedback.written`, then written in one transaction (all or, with ``strict``,
nothing)."""
from __future__ import annotations

from pathlib import Path

from workbench.core.errors import NotFound, RuleError
from workbench.feedback.rules import check_round_name
from workbench.feedback.store.comments import add_written_comments, ensure_round, get_round
from workbench.feedback.written import ColumnMapping, ImportRefused, ImportResult, check_header, check_rows, read_table
from workbench.plan.store.versions import get_version


def import_feedback(store, path: str | Path, round_name: str, mapping: ColumnMapping | None = None, *,
                    strict: bool = False, slug: str | None = None) -> ImportResult:
    """Import a file of written comments into round ``round_name`` (created against the
    current plan version if new). Lenient: good rows are imported, bad ones returned in
    ``problems``; ``strict``: any bad row raises :class:`ImportRefused` and nothing is written."""
    mapping = mapping or ColumnMapping()
    header, rows = read_table(path, mapping.sheet)
    found = check_header(path, header, mapping)
    try:
        existing = get_round(store, check_round_name(round_name))
    except NotFound:
        version_id = get_version(store, slug)["id"]
    else:
        if existing["closed"]:
            raise RuleError(f"feedback round {round_name!r} is closed: reopen it to import more comments")
        version_id = existing["version_id"]
    refs = dict(store.db.execute("SELECT ref, kind FROM plan_nodes WHERE version_id = ?", [version_id]).fetchall())
    records, problems = check_rows(rows, found, mapping, refs)
    if strict and problems:
        raise ImportRefused(path, problems)
    with store.transaction():
        round_, created = ensure_round(store, round_name, slug=slug)
        added = add_written_comments(store, round_["id"], records, source_file=Path(path).name)
    return ImportResult(round_["name"], created, len(records) + len(problems), added,
                        len(records) - added, tuple(problems))
