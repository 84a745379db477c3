"""The schema migrations of feedback rounds (numbers kept for good: see :mod:`workbench.store.migrations`)."""
from __future__ import annotations

from workbench.store.migrations import NOW, append_only

# 4: feedback rounds — a stable identity for plan items across versions (``uid``, kept when a
# version is copied, so the diff sees moves and renumbering), where a version came from and when
# it was frozen; rounds (a frozen plan version under review; live sessions point at their round);
# comments (live or written; ``row_hash`` makes re-imports idempotent); triage events (appended,
# never changed: the latest is a comment's status)
M004_FEEDBACK = [
    "ALTER TABLE plan_nodes ADD COLUMN uid TEXT",
    "CREATE INDEX plan_nodes_uid ON plan_nodes(uid)",
    "ALTER TABLE plan_versions ADD COLUMN based_on INTEGER REFERENCES plan_versions(id)",
    "ALTER TABLE plan_versions ADD COLUMN frozen_at TEXT",
    f"""CREATE TABLE feedback_rounds (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        version_id INTEGER NOT NULL REFERENCES plan_versions(id),
        title TEXT NOT NULL DEFAULT '{{}}',
        closed_at TEXT,
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    "ALTER TABLE sessions ADD COLUMN round_id INTEGER REFERENCES feedback_rounds(id)",
    f"""CREATE TABLE feedback_comments (
        id INTEGER PRIMARY KEY,
        round_id INTEGER NOT NULL REFERENCES feedback_rounds(id) ON DELETE CASCADE,
        session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
        source TEXT NOT NULL CHECK (source IN ('live', 'written')),
        ref TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('theme', 'goal', 'action')),
        type TEXT NOT NULL CHECK (type IN ('support', 'concern', 'suggestion', 'question')),
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        quotable INTEGER NOT NULL DEFAULT 1,
        country TEXT,
        submission TEXT,
        row_hash TEXT,
        source_file TEXT,
        source_row INTEGER,
        withdrawn_at TEXT,
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW},
        updated_at TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (round_id, row_hash))""",
    "CREATE INDEX feedback_comments_round ON feedback_comments(round_id, ref)",
    "CREATE INDEX feedback_comments_participant ON feedback_comments(participant_id)",
    f"""CREATE TABLE triage_events (
        id INTEGER PRIMARY KEY,
        comment_id INTEGER NOT NULL REFERENCES feedback_comments(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN
            ('accepted', 'partly_accepted', 'declined', 'out_of_scope', 'duplicate')),
        response TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        landed_version_id INTEGER REFERENCES plan_versions(id),
        landed_ref TEXT,
        landed_uid TEXT,
        duplicate_of INTEGER REFERENCES feedback_comments(id),
        triaged_by TEXT NOT NULL DEFAULT '',
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    "CREATE INDEX triage_events_comment ON triage_events(comment_id, id)",
    append_only("triage_events", "triage events are appended, never changed"),
]

MIGRATIONS: dict[int, list[str]] = {
    4: M004_FEEDBACK,
}
