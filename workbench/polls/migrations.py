"""The schema migrations of polls and ballots (numbers kept for good: see :mod:`workbench.store.migrations`)."""
from __future__ import annotations

from workbench.store.migrations import NOW, append_only

# 5: polls — a poll is a session of kind 'poll' (its own join code and phase) plus one polls
# row (method, params, hidden-until-close, opening and closing times, where the items came from);
# its items (from the plan, a list, typed in, or proposed by participants and pending until the
# facilitator approves them); ballots (one per participant and poll, replaced until close);
# pairwise answers (appended, never changed; one per pair and person); and the working group a
# participant joined through (the ``?group=`` of their join link)
M005_POLLS = [
    f"""CREATE TABLE polls (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL UNIQUE REFERENCES sessions(id) ON DELETE CASCADE,
        method TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{{}}',
        hidden_until_close INTEGER NOT NULL DEFAULT 1,
        opens_at TEXT,
        closes_at TEXT,
        source TEXT NOT NULL DEFAULT '{{}}',
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    f"""CREATE TABLE poll_items (
        id INTEGER PRIMARY KEY,
        poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '{{}}',
        status TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('approved', 'pending', 'rejected')),
        proposed_by INTEGER REFERENCES participants(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL DEFAULT {NOW},
        decided_at TEXT,
        UNIQUE (poll_id, key))""",
    f"""CREATE TABLE ballots (
        id INTEGER PRIMARY KEY,
        poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        ballot TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW},
        updated_at TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (poll_id, participant_id))""",
    f"""CREATE TABLE comparisons (
        id INTEGER PRIMARY KEY,
        poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        first TEXT NOT NULL,
        second TEXT NOT NULL,
        winner TEXT,
        reason TEXT CHECK (reason IN ('both_good', 'both_bad', 'dont_understand')),
        pair TEXT NOT NULL,
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (poll_id, participant_id, pair))""",
    append_only("comparisons", "pairwise answers are appended, never changed"),
    """CREATE TABLE participant_groups (
        participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
        name TEXT NOT NULL)""",
]

# 9: whether participants may see a closed poll's results (the facilitator publishes them)
M009_PUBLISHED = [
    "ALTER TABLE polls ADD COLUMN results_published INTEGER NOT NULL DEFAULT 0",
]

MIGRATIONS: dict[int, list[str]] = {
    5: M005_POLLS,
    9: M009_PUBLISHED,
}
