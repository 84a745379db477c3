"""The numbered schema migrations. Add new ones; never edit a migration that has shipped.

``MIGRATIONS[n]`` is the list of statements of migration ``n``. They are applied in number
order, each in its own transaction, and each applied number is recorded in the
``schema_migrations`` table (``PRAGMA user_version`` holds the highest), so a database made by
any older version is upgraded in place and keeps its data. Numbers are reserved per feature
(3 visioning, 4 feedback, 5 polls, 6 tracker, 7 privacy); a gap is harmless.
Multilingual fields are JSON objects ``{"sw": …, "en": …}`` stored as text.
"""
from __future__ import annotations

NOW = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"

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

# 2: sessions (visioning, feedback, poll) and their pseudonymous participants
M002_SESSIONS = [
    f"""CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER REFERENCES plans(id) ON DELETE SET NULL,
        kind TEXT NOT NULL CHECK (kind IN ('visioning', 'feedback', 'poll')),
        title TEXT NOT NULL,
        code TEXT NOT NULL UNIQUE,
        phase TEXT NOT NULL DEFAULT 'draft',
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    f"""CREATE TABLE participants (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        pseudonym TEXT NOT NULL,
        language TEXT NOT NULL,
        synthetic INTEGER NOT NULL DEFAULT 0,
        joined_at TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (session_id, pseudonym))""",
]

MIGRATIONS: dict[int, list[str]] = {
    1: M001_PLANS,
    2: M002_SESSIONS,
}
