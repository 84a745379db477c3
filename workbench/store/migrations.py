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
    """CREATE TRIGGER triage_events_append_only BEFORE UPDATE ON triage_events
        BEGIN SELECT RAISE(ABORT, 'triage events are appended, never changed'); END""",
]

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
    """CREATE TRIGGER comparisons_append_only BEFORE UPDATE ON comparisons
        BEGIN SELECT RAISE(ABORT, 'pairwise answers are appended, never changed'); END""",
    """CREATE TABLE participant_groups (
        participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
        name TEXT NOT NULL)""",
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
# store can limit submissions per minute inside the write transaction (workbench/ratelimit.py)
M008_ACCESS = [
    """CREATE TABLE submission_times (
        id INTEGER PRIMARY KEY,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        sent_at REAL NOT NULL)""",
    "CREATE INDEX submission_times_participant ON submission_times(participant_id, sent_at)",
]

MIGRATIONS: dict[int, list[str]] = {
    1: M001_PLANS,
    2: M002_SESSIONS,
    3: M003_VISIONING,
    4: M004_FEEDBACK,
    5: M005_POLLS,
    6: M006_TRACKER,
    7: M007_PRIVACY,
    8: M008_ACCESS,
}
