"""Importing and exporting the tracker's CSV files (formats in :mod:`workbench.tracker.files`).

An import is all-or-nothing (one transaction; any error names file, row and field) and
idempotent: a milestone is matched by its id, an update by its natural key (its content, the
update it corrects and how many identical rows came before it in the file), so importing the
same files again adds nothing. A milestone whose row changed is updated in place.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from workbench.plan.files import PlanFileError
from workbench.store.db import Store, dict_rows
from workbench.tracker.store.milestones import (UpdateWriter, _milestone, _milestone_values, list_milestones,
                                     list_updates, plan_context)
from workbench.tracker.rules import FieldError, check_milestone
from workbench.tracker.files import (read_milestones_csv, read_updates_csv, write_milestones_csv,
                                   write_updates_csv)


def import_tracker_csv(store: Store, milestones: str | Path | None = None,
                       updates: str | Path | None = None, plan_slug: str | None = None,
                       language: str = "en") -> dict[str, int]:
    """Import a milestones file and/or an updates file into plan ``plan_slug`` (default: the
    first). Returns counts ``{"milestones_added", "milestones_changed", "milestones_present",
    "updates_added", "updates_present"}``. Raises :class:`~workbench.plan.files.PlanFileError`; nothing is
    written on failure."""
    milestone_rows = read_milestones_csv(milestones, language) if milestones else []
    update_rows = read_updates_csv(updates) if updates else []
    counts = dict.fromkeys(("milestones_added", "milestones_changed", "milestones_present",
                            "updates_added", "updates_present"), 0)
    with store.transaction() as conn:
        plan_id, refs, period = plan_context(conn, plan_slug)
        for n, milestone in milestone_rows:
            try:
                check_milestone(milestone, refs, period)
            except FieldError as error:
                raise PlanFileError(milestones, f"row {n}", error.field, error.problem) from None
            counts[_write_milestone(conn, plan_id, milestone)] += 1
        ids = {r[1]: r[0] for r in conn.execute("SELECT id, key FROM milestones WHERE plan_id = ?", [plan_id])}
        writer = UpdateWriter(conn)
        by_row: dict[int, int] = {}
        seen: dict[tuple[int, str], int] = {}
        for row in update_rows:
            if row.milestone not in ids:
                where = f"the database or {Path(milestones).name}" if milestones else "the database"
                raise PlanFileError(updates, f"row {row.row}", "milestone",
                                    f"no milestone {row.milestone!r} in {where}")
            update = replace(row.update, milestone=ids[row.milestone],
                             corrects=by_row[row.corrects_row] if row.corrects_row else None)
            base = writer.natural_key(update, 0)[0].rpartition("#")[0]
            occurrence = seen.get((update.milestone, base), 0)
            seen[update.milestone, base] = occurrence + 1
            key, existing = writer.natural_key(update, occurrence)
            if existing is not None:
                by_row[row.row] = existing
                counts["updates_present"] += 1
                continue
            try:
                by_row[row.row] = writer.append(update, key).id
            except FieldError as error:
                raise PlanFileError(updates, f"row {row.row}", error.field, error.problem) from None
            counts["updates_added"] += 1
    return counts


def _write_milestone(conn, plan_id: int, milestone) -> str:
    """Insert or update one milestone; return which count it adds to."""
    found = next(iter(dict_rows(conn.execute("SELECT * FROM milestones WHERE plan_id = ? AND key = ?",
                                             [plan_id, milestone.key]))), None)
    values = _milestone_values(milestone)
    if found is None:
        conn.execute("INSERT INTO milestones (plan_id, key, action_ref, title, target, target_end, owner,"
                     " unit, baseline, target_value, direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [plan_id, *values])
        return "milestones_added"
    stored = _milestone(found)
    if replace(stored, id=None, synthetic=False) == replace(milestone, owner=milestone.owner.strip()):
        return "milestones_present"
    conn.execute("UPDATE milestones SET action_ref = ?, title = ?, target = ?, target_end = ?, owner = ?,"
                 " unit = ?, baseline = ?, target_value = ?, direction = ? WHERE id = ?",
                 [*values[1:], found["id"]])
    return "milestones_changed"


def export_tracker_csv(store: Store, folder: str | Path, plan_slug: str | None = None,
                       language: str = "en") -> list[Path]:
    """Write ``milestones.csv`` and ``updates.csv`` into ``folder``; return their paths.
    Importing them into a database with the same plan gives the same milestones and updates."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    milestones = list_milestones(store, plan_slug)
    updates = list_updates(store, plan_slug)
    paths = [folder / "milestones.csv", folder / "updates.csv"]
    paths[0].write_text(write_milestones_csv(milestones, language), encoding="utf-8")
    paths[1].write_text(write_updates_csv(milestones, updates), encoding="utf-8")
    return paths
