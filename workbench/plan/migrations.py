"""The schema migrations of the plan (numbers kept for good: see :mod:`workbench.store.migrations`)."""
from __future__ import annotations

from workbench.store.migrations import NOW

# 1: plans, their versions and their items; other lists (capacity building, barriers, …)
M001_PLANS = [
    f"""CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{{}}',
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    f"""CREATE TABLE plan_versions (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        label TEXT NOT NULL,
        frozen INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (plan_id, number))""",
    """CREATE TABLE plan_nodes (
        id INTEGER PRIMARY KEY,
        version_id INTEGER NOT NULL REFERENCES plan_versions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('theme', 'goal', 'action')),
        ref TEXT NOT NULL,
        parent_id INTEGER REFERENCES plan_nodes(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '{}',
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (version_id, ref))""",
    "CREATE INDEX plan_nodes_parent ON plan_nodes(parent_id)",
    f"""CREATE TABLE item_lists (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{{}}',
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    """CREATE TABLE list_items (
        id INTEGER PRIMARY KEY,
        list_id INTEGER NOT NULL REFERENCES item_lists(id) ON DELETE CASCADE,
        ref TEXT NOT NULL,
        parent_id INTEGER REFERENCES list_items(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '{}',
        UNIQUE (list_id, ref))""",
]

MIGRATIONS: dict[int, list[str]] = {
    1: M001_PLANS,
}
