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

# 6: tracker — milestones of a plan's actions (by plan id + action ref, so that later plan
# versions do not orphan them) and their progress updates (appended, never changed; a
# correction is a new row pointing at the one it corrects; natural_key makes imports idempotent)
M006_TRACKER = [
    f"""CREATE TABLE milestones (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        action_ref TEXT NOT NULL,
        title TEXT NOT NULL,
        target TEXT NOT NULL,
        target_end TEXT NOT NULL,
        owner TEXT NOT NULL,
        unit TEXT,
        baseline REAL,
        target_value REAL,
        direction TEXT CHECK (direction IN ('up', 'down')),
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (plan_id, key))""",
    "CREATE INDEX milestones_action ON milestones(plan_id, action_ref)",
    f"""CREATE TABLE progress_updates (
        id INTEGER PRIMARY KEY,
        milestone_id INTEGER NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
        date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN
            ('not started', 'on track', 'at risk', 'off track', 'done', 'dropped')),
        value REAL,
        note TEXT NOT NULL DEFAULT '',
        reporter TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]',
        corrects INTEGER REFERENCES progress_updates(id),
        natural_key TEXT NOT NULL,
        synthetic INTEGER NOT NULL DEFAULT 0,
        recorded_at TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (milestone_id, natural_key))""",
    "CREATE INDEX progress_updates_milestone ON progress_updates(milestone_id, date)",
    "CREATE UNIQUE INDEX progress_updates_corrects ON progress_updates(corrects) WHERE corrects IS NOT NULL",
    """CREATE TRIGGER progress_updates_append_only BEFORE UPDATE ON progress_updates
        BEGIN SELECT RAISE(ABORT, 'progress updates are appended, never changed'); END""",
]

MIGRATIONS: dict[int, list[str]] = {
    1: M001_PLANS,
    2: M002_SESSIONS,
    6: M006_TRACKER,
}
