"""The schema migrations of sessions, participants, consent, return codes, erasure and rate
limits (numbers kept for good: see :mod:`workbench.store.migrations`)."""
from __future__ import annotations

from workbench.store.migrations import NOW

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

# 7: privacy — return codes (stored only hashed), assisted participation (who helped, and the
# participant's agreement to it), wrong-return-code attempts (rate limit), and an anonymous log
# of erasures (when, how many rows; never who) so reports can say that people withdrew
M007_PRIVACY = [
    "ALTER TABLE participants ADD COLUMN return_code_hash TEXT",
    "ALTER TABLE participants ADD COLUMN assisted_by TEXT",
    "CREATE UNIQUE INDEX participants_return_code ON participants(session_id, return_code_hash) "
    "WHERE return_code_hash IS NOT NULL",
    f"""CREATE TABLE assisted_agreements (
        id INTEGER PRIMARY KEY,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        helper TEXT NOT NULL,
        how TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL DEFAULT {NOW})""",
    f"""CREATE TABLE return_code_attempts (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        attempted_at REAL NOT NULL)""",
    "CREATE INDEX return_code_attempts_session ON return_code_attempts(session_id, attempted_at)",
    f"""CREATE TABLE erasures (
        id INTEGER PRIMARY KEY,
        session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        rows INTEGER NOT NULL,
        erased_at TEXT NOT NULL DEFAULT {NOW})""",
]

# 8: access — when each participant sent something (contribution, comment, ballot), so the
# store can limit submissions per minute inside the write transaction (workbench/participation/ratelimit.py)
M008_ACCESS = [
    """CREATE TABLE submission_times (
        id INTEGER PRIMARY KEY,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        sent_at REAL NOT NULL)""",
    "CREATE INDEX submission_times_participant ON submission_times(participant_id, sent_at)",
]

# 10: named facilitators: a personal key each (stored as its SHA-256), kept across restarts and
# withdrawn one person at a time
M010_FACILITATORS = [
    f"""CREATE TABLE facilitators (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        key_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL DEFAULT {NOW},
        revoked_at TEXT)""",
]

# 12: languages typed in the optional questions that are in no list ("Kikurya"), kept as the
# person typed them (a JSON list of texts); her own data, counted only as "another language"
M012_OTHER_LANGUAGES = [
    "ALTER TABLE demographics ADD COLUMN other_languages TEXT",
]

MIGRATIONS: dict[int, list[str]] = {
    2: M002_SESSIONS,
    7: M007_PRIVACY,
    8: M008_ACCESS,
    10: M010_FACILITATORS,
    12: M012_OTHER_LANGUAGES,
}
