"""The schema migrations of visioning (numbers kept for good: see :mod:`workbench.store.migrations`)."""
from __future__ import annotations

from workbench.store.migrations import NOW

# 3: visioning — what joining records (consent, demographics, roles), and the workshops' data:
# contributions (hidden/merged by moderation, tags, translations), reactions (appended: the
# latest per participant and contribution counts), anonymous break requests, vision drafts
M003_VISIONING = [
    "ALTER TABLE sessions ADD COLUMN prompts TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE sessions ADD COLUMN consent TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE sessions ADD COLUMN consent_version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE participants ADD COLUMN role TEXT NOT NULL DEFAULT 'participant'",
    f"""CREATE TABLE phase_changes (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        phase TEXT NOT NULL,
        changed_at TEXT NOT NULL DEFAULT {NOW})""",
    f"""CREATE TABLE consent_records (
        id INTEGER PRIMARY KEY,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        answers TEXT NOT NULL,
        recorded_at TEXT NOT NULL DEFAULT {NOW})""",
    f"""CREATE TABLE demographics (
        participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
        country TEXT,
        languages TEXT,
        age_band TEXT,
        gender TEXT,
        recorded_at TEXT NOT NULL DEFAULT {NOW})""",
    f"""CREATE TABLE contributions (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        prompt INTEGER NOT NULL DEFAULT 0,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        hidden_reason TEXT,
        merged_into INTEGER REFERENCES contributions(id),
        withdrawn_at TEXT,
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW},
        updated_at TEXT NOT NULL DEFAULT {NOW})""",
    "CREATE INDEX contributions_session ON contributions(session_id)",
    f"""CREATE TABLE moderation_events (
        id INTEGER PRIMARY KEY,
        contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
        action TEXT NOT NULL CHECK (action IN ('hide', 'show', 'merge', 'unmerge')),
        reason TEXT NOT NULL DEFAULT '',
        target_id INTEGER REFERENCES contributions(id),
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    f"""CREATE TABLE reactions (
        id INTEGER PRIMARY KEY,
        contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 0, 1)),
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    "CREATE INDEX reactions_latest ON reactions(contribution_id, participant_id, id)",
    "CREATE INDEX reactions_participant ON reactions(participant_id)",
    f"""CREATE TABLE break_requests (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    f"""CREATE TABLE contribution_tags (
        contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT {NOW},
        PRIMARY KEY (contribution_id, tag))""",
    f"""CREATE TABLE contribution_translations (
        id INTEGER PRIMARY KEY,
        contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        translator_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL DEFAULT {NOW})""",
    "CREATE INDEX contribution_translations_of ON contribution_translations(contribution_id, language, id)",
    f"""CREATE TABLE vision_drafts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (name, version))""",
    """CREATE TABLE vision_draft_sources (
        draft_id INTEGER NOT NULL REFERENCES vision_drafts(id) ON DELETE CASCADE,
        contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (draft_id, contribution_id))""",
]

# 11: translation requests — a reader shown a contribution with no translation into her
# language asks for one (once per contribution, reader and language; gone with either of them);
# the interpreters' list of what is waiting counts them, most requested first
M011_TRANSLATION_REQUESTS = [
    f"""CREATE TABLE translation_requests (
        id INTEGER PRIMARY KEY,
        contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
        reader_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        language TEXT NOT NULL,
        requested_at TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (contribution_id, reader_id, language))""",
    "CREATE INDEX translation_requests_reader ON translation_requests(reader_id)",
]

MIGRATIONS: dict[int, list[str]] = {
    3: M003_VISIONING,
    11: M011_TRANSLATION_REQUESTS,
}
