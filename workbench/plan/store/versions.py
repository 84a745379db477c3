"""Plan versions: copy the last as a new draft, edit it, freeze it. The store's version vocabulary.

A new version starts as a copy of another (by default the latest); every item keeps the
stable identity (``uid``) of the item it was copied from, so :mod:`workbench.plan.diff` can
tell a moved or renumbered action from a removed and an added one. Working groups edit a draft:
titles and texts of themes, goals and actions; add, remove, move and renumber actions. A
version used by a feedback round is frozen: every edit of it raises :class:`RuleError`.

Removing or moving an action leaves a gap in its goal's numbering (so people who commented on
"1.2.6" still find it) unless ``renumber=True``; :func:`renumber_actions` closes gaps later.
Inserting at a position renumbers the goal.
"""
from __future__ import annotations

import json
from collections.abc import Mapping

from workbench.core.errors import NotFound, RuleError, ValidationError
from workbench.plan.model import Text
from workbench.store.db import Store, insert_id
from workbench.core.cleaning import clean_text

MAX_TITLE_CHARS = 300
MAX_TEXT_CHARS = 5000
_VERSION_SQL = ("SELECT v.id, v.plan_id, p.slug, v.number, v.label, v.frozen, v.based_on, v.frozen_at,"
                " v.created_at FROM plan_versions v JOIN plans p ON p.id = v.plan_id")


def get_version(store: Store, slug: str | None = None, number: int | None = None) -> dict:
    """A version as a dict (id, plan_id, slug, number, label, frozen, based_on, frozen_at,
    created_at): of plan ``slug`` (default: the first plan), ``number`` (default: the latest).
    Raises NotFound."""
    where, params = ("p.slug = ?", [slug]) if slug else ("TRUE", [])
    if number is not None:
        where += " AND v.number = ?"
        params.append(number)
    row = next(store.db.query(f"{_VERSION_SQL} WHERE {where} ORDER BY p.id, v.number DESC LIMIT 1",
                              params), None)
    if row is None:
        raise NotFound(f"no plan {slug or ''} version {number if number is not None else ''}".replace("  ", " ")
                       + " in the database (see `workbench plan versions`)")
    return {**row, "frozen": bool(row["frozen"])}


def get_version_by_id(store: Store, version_id: int) -> dict:
    row = next(store.db.query(f"{_VERSION_SQL} WHERE v.id = ?", [version_id]), None)
    if row is None:
        raise NotFound(f"no plan version with id {version_id}")
    return {**row, "frozen": bool(row["frozen"])}


def list_versions(store: Store, slug: str | None = None) -> list[dict]:
    """Every version of plan ``slug`` (default: the first plan), oldest first."""
    plan_id = get_version(store, slug)["plan_id"]
    return [{**r, "frozen": bool(r["frozen"])}
            for r in store.db.query(f"{_VERSION_SQL} WHERE v.plan_id = ? ORDER BY v.number", [plan_id])]


def _ensure_uids(conn, version_id: int) -> None:
    conn.execute("UPDATE plan_nodes SET uid = 'n' || id WHERE version_id = ? AND uid IS NULL", [version_id])


def item_uids(store: Store, slug: str | None = None, number: int | None = None) -> dict[str, str]:
    """``{ref: uid}`` for every item of a version (identities are given on first use)."""
    version = get_version(store, slug, number)
    with store.transaction() as conn:
        _ensure_uids(conn, version["id"])
    return dict(store.db.execute("SELECT ref, uid FROM plan_nodes WHERE version_id = ?",
                                 [version["id"]]).fetchall())


def add_version(store: Store, slug: str | None = None, *, base: int | None = None,
                label: str | None = None) -> dict:
    """Copy version ``base`` (default: the latest) of a plan as a new, unfrozen draft; return it."""
    with store.transaction() as conn:
        source = get_version(store, slug, base)
        _ensure_uids(conn, source["id"])
        number = conn.execute("SELECT max(number) + 1 FROM plan_versions WHERE plan_id = ?",
                              [source["plan_id"]]).fetchone()[0]
        label = clean_text(label, "version label", 120) if label else f"draft {number}"
        new_id = insert_id(conn, "INSERT INTO plan_versions (plan_id, number, label, based_on) VALUES (?, ?, ?, ?)",
                              [source["plan_id"], number, label, source["id"]])
        ids: dict[int, int] = {}
        for row in conn.execute("SELECT id, kind, ref, parent_id, number, position, title, body, note, uid"
                                " FROM plan_nodes WHERE version_id = ? ORDER BY position", [source["id"]]).fetchall():
            ids[row[0]] = insert_id(conn,
                "INSERT INTO plan_nodes (version_id, kind, ref, parent_id, number, position, title, body, note, uid)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [new_id, row[1], row[2], ids.get(row[3]), *row[4:]])
    return get_version_by_id(store, new_id)


def freeze_version(store: Store, slug: str | None = None, number: int | None = None) -> dict:
    """Freeze a version (idempotent): it can no longer be edited. Returns it."""
    with store.transaction() as conn:
        version = get_version(store, slug, number)
        _ensure_uids(conn, version["id"])
        conn.execute("UPDATE plan_versions SET frozen = 1, frozen_at = coalesce(frozen_at,"
                     " strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) WHERE id = ?", [version["id"]])
    return get_version_by_id(store, version["id"])


def _draft(store: Store, slug: str | None, number: int | None) -> dict:
    version = get_version(store, slug, number)
    if version["frozen"]:
        raise RuleError(f"plan {version['slug']} version {version['number']} ({version['label']}) is frozen:"
                        " a feedback round used it; copy it as a new draft (`workbench plan draft`)")
    return version


def _node(conn, version: dict, ref: str, kind: str | None = None) -> tuple:
    row = conn.execute("SELECT id, kind, parent_id, number, title, body FROM plan_nodes"
                       " WHERE version_id = ? AND ref = ?", [version["id"], str(ref).strip()]).fetchone()
    if row is None or (kind and row[1] != kind):
        raise NotFound(f"plan {version['slug']} version {version['number']} has no {kind or 'item'} {ref}")
    return row


def _merge(current: Text, change: Mapping[str, str] | None, what: str, limit: int, required: bool) -> dict:
    out = dict(current)
    for tag, text in (change or {}).items():
        text = clean_text(text, f"{what} ({tag})", limit, required=False)
        if text:
            out[tag] = text
        else:
            out.pop(tag, None)
    if required and not out:
        raise ValidationError(f"{what}: a title needs text in at least one language")
    return out


def update_item(store: Store, ref: str, *, title: Mapping[str, str] | None = None,
                text: Mapping[str, str] | None = None, slug: str | None = None,
                number: int | None = None) -> None:
    """Edit the title and/or text of theme, goal or action ``ref`` in a draft version.

    ``title``/``text`` map languages to new text (an empty text removes that language).
    Raises NotFound, RuleError (frozen) or ValidationError.
    """
    with store.transaction() as conn:
        version = _draft(store, slug, number)
        node = _node(conn, version, ref)
        conn.execute("UPDATE plan_nodes SET title = ?, body = ? WHERE id = ?",
                     [json.dumps(_merge(json.loads(node[4]), title, f"{ref} title", MAX_TITLE_CHARS, True),
                                 ensure_ascii=False),
                      json.dumps(_merge(json.loads(node[5]), text, f"{ref} text", MAX_TEXT_CHARS, False),
                                 ensure_ascii=False), node[0]])


def _actions(conn, goal_id: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM plan_nodes WHERE parent_id = ? ORDER BY position",
                                       [goal_id])]


def _relayout(conn, version_id: int, orders: Mapping[int, list[int]], renumber: set[int]) -> None:
    """Rewrite positions (tree order, with ``orders`` giving goals' new action order), the
    numbers of the actions of the goals in ``renumber`` (1, 2, …), and every ref."""
    rows = conn.execute("SELECT id, parent_id, number FROM plan_nodes WHERE version_id = ? ORDER BY position",
                        [version_id]).fetchall()
    number = {r[0]: r[2] for r in rows}
    children: dict[int | None, list[int]] = {}
    for node_id, parent, _ in rows:
        children.setdefault(parent, []).append(node_id)
    children.update(orders)
    layout: list[tuple[int, int, str, int | None, int]] = []

    def walk(parent, prefix):
        for k, node_id in enumerate(children.get(parent, []), start=1):
            if parent in renumber:
                number[node_id] = k
            ref = f"{prefix}.{number[node_id]}" if prefix else str(number[node_id])
            layout.append((len(layout), number[node_id], ref, parent, node_id))
            walk(node_id, ref)
    walk(None, "")
    conn.executemany("UPDATE plan_nodes SET ref = '#' || id WHERE id = ?", [(row[-1],) for row in layout])
    conn.executemany("UPDATE plan_nodes SET position = ?, number = ?, ref = ?, parent_id = ? WHERE id = ?", layout)


def _insert_at(order: list[int], node_id: int, position: int | None, where: str) -> bool:
    if position is None:
        order.append(node_id)
        return False
    if not 1 <= position <= len(order) + 1:
        raise ValidationError(f"{where}: position {position} is outside 1–{len(order) + 1}")
    order.insert(position - 1, node_id)
    return True


def add_action(store: Store, goal_ref: str, title: Mapping[str, str], text: Mapping[str, str] | None = None,
               *, position: int | None = None, note: str = "", slug: str | None = None,
               number: int | None = None) -> str:
    """Add an action to goal ``goal_ref`` of a draft (at the end, or at ``position`` 1…n+1,
    renumbering the goal), with an editor's ``note``; return its ref."""
    with store.transaction() as conn:
        version = _draft(store, slug, number)
        goal = _node(conn, version, goal_ref, "goal")
        order = _actions(conn, goal[0])
        last = conn.execute("SELECT coalesce(max(number), 0) FROM plan_nodes WHERE parent_id = ?",
                            [goal[0]]).fetchone()[0]
        node_id = insert_id(conn,
            "INSERT INTO plan_nodes (version_id, kind, ref, parent_id, number, position, title, body, note)"
            " VALUES (?, 'action', '#new', ?, ?, -1, ?, ?, ?)",
            [version["id"], goal[0], last + 1,
             json.dumps(_merge({}, title, "new action title", MAX_TITLE_CHARS, True), ensure_ascii=False),
             json.dumps(_merge({}, text, "new action text", MAX_TEXT_CHARS, False), ensure_ascii=False),
             clean_text(note, "note", MAX_TEXT_CHARS, required=False)])
        conn.execute("UPDATE plan_nodes SET uid = 'n' || id WHERE id = ?", [node_id])
        shifted = _insert_at(order, node_id, position, f"goal {goal_ref}")
        _relayout(conn, version["id"], {goal[0]: order}, {goal[0]} if shifted else set())
        return conn.execute("SELECT ref FROM plan_nodes WHERE id = ?", [node_id]).fetchone()[0]


def remove_action(store: Store, ref: str, *, renumber: bool = False, slug: str | None = None,
                  number: int | None = None) -> None:
    """Remove action ``ref`` from a draft (its goal keeps a gap unless ``renumber``)."""
    with store.transaction() as conn:
        version = _draft(store, slug, number)
        node = _node(conn, version, ref, "action")
        conn.execute("DELETE FROM plan_nodes WHERE id = ?", [node[0]])
        _relayout(conn, version["id"], {}, {node[2]} if renumber else set())


def move_action(store: Store, ref: str, goal_ref: str, *, position: int | None = None,
                renumber: bool = False, slug: str | None = None, number: int | None = None) -> str:
    """Move action ``ref`` to goal ``goal_ref`` (the same goal to reorder it), at the end or at
    ``position``; the goal it left keeps a gap unless ``renumber``. Returns its new ref."""
    with store.transaction() as conn:
        version = _draft(store, slug, number)
        node = _node(conn, version, ref, "action")
        goal = _node(conn, version, goal_ref, "goal")
        source = [n for n in _actions(conn, node[2]) if n != node[0]]
        target = source if goal[0] == node[2] else _actions(conn, goal[0])
        if position is None and goal[0] != node[2]:
            last = conn.execute("SELECT coalesce(max(number), 0) FROM plan_nodes WHERE parent_id = ?",
                                [goal[0]]).fetchone()[0]
            conn.execute("UPDATE plan_nodes SET number = ? WHERE id = ?", [last + 1, node[0]])
        shifted = _insert_at(target, node[0], position, f"goal {goal_ref}")
        same = goal[0] == node[2]
        renumbered = ({goal[0]} if shifted or (same and position is None) else set()) \
            | ({node[2]} if renumber else set())
        _relayout(conn, version["id"], {node[2]: source, goal[0]: target} if not same else {goal[0]: target},
                  renumbered)
        return conn.execute("SELECT ref FROM plan_nodes WHERE id = ?", [node[0]]).fetchone()[0]


def renumber_actions(store: Store, goal_ref: str | None = None, *, slug: str | None = None,
                     number: int | None = None) -> None:
    """Number the actions of goal ``goal_ref`` (default: of every goal) 1, 2, … in their order."""
    with store.transaction() as conn:
        version = _draft(store, slug, number)
        if goal_ref:
            goals = {_node(conn, version, goal_ref, "goal")[0]}
        else:
            goals = {r[0] for r in conn.execute("SELECT id FROM plan_nodes WHERE version_id = ? AND kind = 'goal'",
                                                [version["id"]])}
        _relayout(conn, version["id"], {}, goals)
