"""The schema migrations of the decade tracker (numbers kept for good: see :mod:`workbench.store.migrations`)."""
from __future__ import annotations

from workbench.store.migrations import NOW, append_only

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
    append_only("progress_updates", "progress updates are appended, never changed"),
]

MIGRATIONS: dict[int, list[str]] = {
    6: M006_TRACKER,
}
