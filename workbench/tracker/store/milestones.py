"""Milestones and progress updates: the store's tracker vocabulary.

A milestone belongs to a plan (by id) and one of its actions (by ref, ``'1.1.14'``, checked
against the plan's latest version when written), so that a new plan version does not orphan
it. Progress updates are appended, never changed (a trigger refuses ``UPDATE``). Each update
carries a ``natural_key`` — a hash of its content and of the update it corrects, plus an
occurrence number — so that importing the same file twice adds nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import replace

from workbench.core.errors import NotFound
from workbench.plan.model import Plan
from workbench.store.db import Store, dict_rows, insert_id
from workbench.tracker.rules import (FieldError, Indicator, Milestone, Period, Target, Tracker, Update,
                               check_milestone, check_update)


# -- plans ------------------------------------------------------------------------------------
def plan_context(conn, slug: str | None = None) -> tuple[int, set[str], Period | None]:
    """``(plan id, action refs of its latest version, period)`` of plan ``slug`` (default: the
    first plan stored). Raises :class:`NotFound`."""
    where, params = ("slug = ?", [slug]) if slug else ("TRUE", [])
    row = conn.execute(f"SELECT id, meta FROM plans WHERE {where} ORDER BY id LIMIT 1", params).fetchone()
    if row is None:
        raise NotFound(f"no plan {slug!r} in the database" if slug else
                       "no plan in the database (load one with `workbench init`)")
    refs = {r[0] for r in conn.execute(
        "SELECT ref FROM plan_nodes WHERE kind = 'action' AND version_id = (SELECT id FROM"
        " plan_versions WHERE plan_id = ? ORDER BY number DESC LIMIT 1)", [row[0]])}
    return row[0], refs, Period.from_meta(json.loads(row[1]))


# -- milestones -------------------------------------------------------------------------------
def _milestone(row) -> Milestone:
    indicator = None
    if row["baseline"] is not None and row["target_value"] is not None:
        indicator = Indicator(row["unit"] or "", row["baseline"], row["target_value"], row["direction"] or "")
    return Milestone(row["key"], row["action_ref"], json.loads(row["title"]), Target.parse(row["target"]),
                     row["owner"], indicator, row["id"], bool(row["synthetic"]))


def _milestone_values(m: Milestone) -> list:
    i = m.indicator
    return [m.key, m.action, json.dumps(dict(m.title), ensure_ascii=False), str(m.target),
            m.target.last_day.isoformat(), m.owner.strip(), i.unit if i else None,
            i.baseline if i else None, i.target if i else None, i.direction if i else None]


def add_milestone(store: Store, milestone: Milestone, plan_slug: str | None = None,
                  *, synthetic: bool = False) -> Milestone:
    """Store a new milestone of plan ``plan_slug`` (default: the first); return it with its id.

    Raises :class:`~workbench.tracker.rules.FieldError` (a :class:`ValidationError`) if its action is
    not in the plan's latest version, its target is outside the plan's period, or its id is
    taken; :class:`NotFound` if there is no such plan.
    """
    with store.transaction() as conn:
        plan_id, refs, period = plan_context(conn, plan_slug)
        check_milestone(milestone, refs, period)
        if conn.execute("SELECT 1 FROM milestones WHERE plan_id = ? AND key = ?",
                        [plan_id, milestone.key]).fetchone():
            raise FieldError("id", f"there is already a milestone {milestone.key!r}")
        new_id = insert_id(conn,
            "INSERT INTO milestones (plan_id, key, action_ref, title, target, target_end, owner, unit,"
            " baseline, target_value, direction, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [plan_id, *_milestone_values(milestone), int(synthetic)])
    return replace(milestone, id=new_id, synthetic=synthetic)


def update_milestone(store: Store, milestone: Milestone, plan_slug: str | None = None) -> Milestone:
    """Change the stored milestone with ``milestone.key`` to these values (its updates stay)."""
    with store.transaction() as conn:
        plan_id, refs, period = plan_context(conn, plan_slug)
        check_milestone(milestone, refs, period)
        values = _milestone_values(milestone)
        found = conn.execute(
            "UPDATE milestones SET action_ref = ?, title = ?, target = ?, target_end = ?, owner = ?,"
            " unit = ?, baseline = ?, target_value = ?, direction = ? WHERE plan_id = ? AND key = ?",
            [*values[1:], plan_id, milestone.key]).rowcount
        if not found:
            raise NotFound(f"no milestone {milestone.key!r}")
    return get_milestone(store, milestone.key, plan_slug)


def get_milestone(store: Store, key: str | int, plan_slug: str | None = None) -> Milestone:
    """The milestone with this id in CSV files (``key``) or database id; raises :class:`NotFound`."""
    plan_id = plan_context(store.db.conn, plan_slug)[0]
    column = "id" if isinstance(key, int) else "key"
    row = next(store.db.query(f"SELECT * FROM milestones WHERE plan_id = ? AND {column} = ?",
                              [plan_id, key]), None)
    if row is None:
        raise NotFound(f"no milestone {key!r}")
    return _milestone(row)


def list_milestones(store: Store, plan_slug: str | None = None, owner: str | None = None) -> list[Milestone]:
    """The plan's milestones (all, or one owner's), in the order they were added."""
    plan_id = plan_context(store.db.conn, plan_slug)[0]
    where, params = "plan_id = ?", [plan_id]
    if owner is not None:
        where, params = where + " AND owner = ?", params + [owner]
    return [_milestone(r) for r in store.db.query(f"SELECT * FROM milestones WHERE {where} ORDER BY id", params)]


def list_owners(store: Store, plan_slug: str | None = None) -> list[str]:
    """The owners of the plan's milestones, alphabetically."""
    plan_id = plan_context(store.db.conn, plan_slug)[0]
    return [r[0] for r in store.db.execute(
        "SELECT DISTINCT owner FROM milestones WHERE plan_id = ? ORDER BY lower(owner), owner", [plan_id])]


# -- progress updates -------------------------------------------------------------------------
def _update(row) -> Update:
    return Update(row["milestone_id"], dt.date.fromisoformat(row["date"]), row["status"], row["value"],
                  row["note"], row["reporter"], tuple(json.loads(row["evidence"])), row["corrects"], row["id"])


def content_key(update: Update, corrects_key: str | None) -> str:
    """The hash of what an update says (and of the update it corrects), without occurrence."""
    data = [update.date.isoformat(), update.status, update.value, update.note, update.reporter,
            list(update.evidence), corrects_key]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


class UpdateWriter:
    """Appends updates inside an open transaction, keeping each milestone's history in memory
    so that every update is checked against everything written before it."""

    def __init__(self, conn, synthetic: bool = False):
        self.conn, self.synthetic = conn, synthetic
        self._milestones: dict[int, tuple[Milestone, Period | None, list[Update], dict[int, str]]] = {}
        self._periods: dict[int, Period | None] = {}

    def load(self, milestone_id: int):
        """``(milestone, period, history, natural keys by update id)``; raises :class:`NotFound`."""
        if milestone_id not in self._milestones:
            row = self._query("SELECT * FROM milestones WHERE id = ?", milestone_id)
            if not row:
                raise NotFound(f"no milestone with database id {milestone_id}")
            row = row[0]
            if row["plan_id"] not in self._periods:
                meta = self._query("SELECT meta FROM plans WHERE id = ?", row["plan_id"])[0]["meta"]
                self._periods[row["plan_id"]] = Period.from_meta(json.loads(meta))
            rows = self._query("SELECT * FROM progress_updates WHERE milestone_id = ? ORDER BY id", milestone_id)
            self._milestones[milestone_id] = (_milestone(row), self._periods[row["plan_id"]],
                                              [_update(r) for r in rows],
                                              {r["id"]: r["natural_key"] for r in rows})
        return self._milestones[milestone_id]

    def _query(self, sql: str, *params) -> list[dict]:
        return dict_rows(self.conn.execute(sql, params))

    def natural_key(self, update: Update, occurrence: int | None = None) -> tuple[str, int | None]:
        """``(natural key, id of the stored update with that key or None)``. Without
        ``occurrence``, the key of a new update (one more than the identical ones stored)."""
        _, _, _, keys = self.load(update.milestone)
        base = content_key(update, keys.get(update.corrects))
        if occurrence is None:
            occurrence = sum(1 for k in keys.values() if k.rpartition("#")[0] == base)
        key = f"{base}#{occurrence}"
        return key, next((uid for uid, k in keys.items() if k == key), None)

    def append(self, update: Update, natural_key: str | None = None) -> Update:
        """Check ``update`` against its milestone's history and write it; return it with its id."""
        milestone, period, history, keys = self.load(update.milestone)
        check_update(update, milestone, history, period)
        natural_key = natural_key or self.natural_key(update)[0]
        new_id = insert_id(self.conn,
            "INSERT INTO progress_updates (milestone_id, date, status, value, note, reporter, evidence,"
            " corrects, natural_key, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [update.milestone, update.date.isoformat(), update.status, update.value, update.note.strip(),
             update.reporter.strip(), json.dumps(list(update.evidence)), update.corrects, natural_key,
             int(self.synthetic)])
        saved = replace(update, id=new_id, note=update.note.strip(), reporter=update.reporter.strip())
        history.append(saved)
        keys[new_id] = natural_key
        return saved


def add_updates(store: Store, updates: Iterable[Update], *, synthetic: bool = False) -> list[Update]:
    """Append updates in one transaction, each checked against the ones before it; return them
    with their ids. Raises :class:`~workbench.tracker.rules.FieldError` (nothing is written) or
    :class:`NotFound` for an unknown milestone."""
    with store.transaction() as conn:
        writer = UpdateWriter(conn, synthetic)
        return [writer.append(update) for update in updates]


def add_update(store: Store, update: Update) -> Update:
    """Append one progress update (see :func:`add_updates`); return it with its id."""
    return add_updates(store, [update])[0]


_UPDATE_COLUMNS = "u.milestone_id, u.date, u.status, u.value, u.note, u.reporter, u.evidence, u.corrects, u.id"


def _update_tuple(row: tuple) -> Update:
    mid, date, status, value, note, reporter, evidence, corrects, uid = row
    return Update(mid, dt.date.fromisoformat(date), status, value, note, reporter,
                  () if evidence == "[]" else tuple(json.loads(evidence)), corrects, uid)


def list_updates(store: Store, plan_slug: str | None = None, milestone: int | None = None) -> list[Update]:
    """The progress updates of one milestone (by database id) or of the whole plan, in the order
    they were recorded."""
    if milestone is not None:
        rows = store.db.execute(f"SELECT {_UPDATE_COLUMNS} FROM progress_updates u WHERE u.milestone_id = ?"
                                " ORDER BY u.id", [milestone])
    else:
        plan_id = plan_context(store.db.conn, plan_slug)[0]
        rows = store.db.execute(f"SELECT {_UPDATE_COLUMNS} FROM progress_updates u JOIN milestones m"
                                " ON m.id = u.milestone_id WHERE m.plan_id = ? ORDER BY u.id", [plan_id])
    return [_update_tuple(row) for row in rows]


def count_updates(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM progress_updates").fetchone()[0]


def load_tracker(store: Store, plan_slug: str | None = None) -> tuple[Plan, Tracker]:
    """The plan (latest version) and a :class:`~workbench.tracker.rules.Tracker` of its milestones."""
    from workbench.plan.store.plans import get_plan
    plan = get_plan(store, plan_slug)
    return plan, Tracker(list_milestones(store, plan.slug), list_updates(store, plan.slug))
