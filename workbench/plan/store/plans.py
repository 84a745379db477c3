"""Plans, their versions and items; other item lists. The store's plan vocabulary."""
from __future__ import annotations

import json

from workbench.core.errors import NotFound
from workbench.plan.model import Action, Goal, ItemList, ListItem, Plan, Theme
from workbench.store.db import Store, insert_id


def add_plan(store: Store, plan: Plan, label: str | None = None) -> int:
    """Store ``plan`` as a new version (the first if the plan's id is new); return the version id.

    All rows are written in one transaction: on any error nothing is written.
    """
    with store.transaction() as conn:
        row = conn.execute("SELECT id FROM plans WHERE slug = ?", [plan.slug]).fetchone()
        if row:
            plan_id = row[0]
            conn.execute("UPDATE plans SET title = ?, meta = ? WHERE id = ?",
                         [json.dumps(plan.title, ensure_ascii=False),
                          json.dumps(plan.meta, ensure_ascii=False), plan_id])
        else:
            plan_id = insert_id(conn,
                "INSERT INTO plans (slug, title, meta) VALUES (?, ?, ?)",
                [plan.slug, json.dumps(plan.title, ensure_ascii=False),
                 json.dumps(plan.meta, ensure_ascii=False)])
        number = conn.execute("SELECT coalesce(max(number), 0) + 1 FROM plan_versions WHERE plan_id = ?",
                              [plan_id]).fetchone()[0]
        version_id = insert_id(conn,
            "INSERT INTO plan_versions (plan_id, number, label) VALUES (?, ?, ?)",
            [plan_id, number, label or f"version {number}"])
        ids: dict[str, int] = {}
        for position, (ref, kind, node) in enumerate(plan.walk()):
            parent = ref.rpartition(".")[0]
            ids[ref] = insert_id(conn,
                "INSERT INTO plan_nodes (version_id, kind, ref, parent_id, number, position, title, body, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [version_id, kind, ref, ids.get(parent), node.number, position,
                 json.dumps(node.title, ensure_ascii=False), json.dumps(node.text, ensure_ascii=False),
                 node.note])
    return version_id


def list_plans(store: Store) -> list[dict]:
    """Every plan with its latest version number: ``[{"slug", "title", "versions"}]``."""
    rows = store.db.query(
        "SELECT p.slug, p.title, max(v.number) AS versions FROM plans p"
        " JOIN plan_versions v ON v.plan_id = p.id GROUP BY p.id ORDER BY p.id")
    return [{"slug": r["slug"], "title": json.loads(r["title"]), "versions": r["versions"]} for r in rows]


def get_plan(store: Store, slug: str | None = None, version: int | None = None) -> Plan:
    """Return a plan (default: the first one stored) at ``version`` (default: the latest).

    Raises :class:`NotFound` if there is no such plan or version.
    """
    where, params = ("p.slug = ?", [slug]) if slug else ("TRUE", [])
    if version is not None:
        where += " AND v.number = ?"
        params.append(version)
    row = store.db.execute(
        f"SELECT p.slug, p.title, p.meta, v.id FROM plans p JOIN plan_versions v ON v.plan_id = p.id"
        f" WHERE {where} ORDER BY p.id, v.number DESC LIMIT 1", params).fetchone()
    if row is None:
        what = f"plan {slug!r}" if slug else "plan"
        raise NotFound(f"no {what}{f' version {version}' if version else ''} in the database"
                       " (load one with `workbench init` or `workbench plan import FILE`)")
    plan_slug, title, meta, version_id = row
    nodes = store.db.execute(
        "SELECT id, kind, parent_id, number, title, body, note FROM plan_nodes"
        " WHERE version_id = ? ORDER BY position", [version_id]).fetchall()
    children: dict[int | None, list] = {}
    for node in nodes:
        children.setdefault(node[2], []).append(node)

    def build(node, kind):
        nid, _, _, number, title_json, body, note = node
        title_, text = json.loads(title_json), json.loads(body)
        if kind == "action":
            return Action(number, title_, text, note)
        below = tuple(build(child, "action" if kind == "goal" else "goal") for child in children.get(nid, []))
        cls = Goal if kind == "goal" else Theme
        return cls(number, title_, below, text, note)

    themes = tuple(build(n, "theme") for n in children.get(None, []))
    return Plan(plan_slug, json.loads(title), themes, json.loads(meta))


def add_list(store: Store, item_list: ItemList) -> int:
    """Store (or replace) an item list in one transaction; return its id."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM item_lists WHERE slug = ?", [item_list.slug])
        list_id = insert_id(conn,
            "INSERT INTO item_lists (slug, title, meta) VALUES (?, ?, ?)",
            [item_list.slug, json.dumps(item_list.title, ensure_ascii=False),
             json.dumps(item_list.meta, ensure_ascii=False)])
        position = 0

        def insert(items, parent_ref, parent_id):
            nonlocal position
            for item in items:
                ref = f"{parent_ref}.{item.number}" if parent_ref else str(item.number)
                position += 1
                item_id = insert_id(conn,
                    "INSERT INTO list_items (list_id, ref, parent_id, number, position, title, body)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [list_id, ref, parent_id, item.number, position,
                     json.dumps(item.title, ensure_ascii=False),
                     json.dumps(item.text, ensure_ascii=False)])
                insert(item.items, ref, item_id)
        insert(item_list.items, "", None)
    return list_id


def get_list(store: Store, slug: str) -> ItemList:
    """Return the stored list ``slug``; raises :class:`NotFound`."""
    row = store.db.execute("SELECT id, title, meta FROM item_lists WHERE slug = ?", [slug]).fetchone()
    if row is None:
        raise NotFound(f"no list {slug!r} in the database")
    rows = store.db.execute("SELECT id, parent_id, number, title, body FROM list_items"
                            " WHERE list_id = ? ORDER BY position", [row[0]]).fetchall()
    children: dict[int | None, list] = {}
    for r in rows:
        children.setdefault(r[1], []).append(r)

    def build(parent):
        return tuple(ListItem(r[2], json.loads(r[3]), build(r[0]), json.loads(r[4]))
                     for r in children.get(parent, []))
    return ItemList(slug, json.loads(row[1]), build(None), json.loads(row[2]))


def list_lists(store: Store) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT slug FROM item_lists ORDER BY id")]
