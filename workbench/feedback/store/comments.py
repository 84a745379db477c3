"""Feedback rounds, their live sessions, and comments. The store's feedback vocabulary.

A round (``feedback_rounds``) reviews one plan version, frozen when the round is created.
Each live meeting of the round is a ``sessions`` row of kind ``feedback`` with its own join
code, pointing at its round (``round_id``); people join it through
:func:`workbench.participation.store.participants.join_session`. Written submissions are comments of the
round without a session. Triage decisions: :mod:`workbench.feedback.store.triage`.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping

from workbench.core.errors import NotFound, RuleError
from workbench.core.i18n import N_
from workbench.feedback.rules import (Comment, check_can_comment, check_comment_text, check_phase_change,
                                      check_ref, check_round_name, check_type, default_consent)
from workbench.participation.rules import check_language_tag
from workbench.participation.ratelimit import check_rate
from workbench.store.db import Store, insert_id
from workbench.plan.store.versions import freeze_version
from workbench.participation.store.participants import NO_PARTICIPANT
from workbench.participation.store.sessions import add_session, find_session

_ROUND_SQL = ("SELECT r.id, r.name, r.title, r.plan_id, p.slug, r.version_id, v.number AS version,"
              " v.label AS version_label, r.closed_at, r.synthetic, r.created_at FROM feedback_rounds r"
              " JOIN plans p ON p.id = r.plan_id JOIN plan_versions v ON v.id = r.version_id")
_COMMENT_SQL = (
    "SELECT c.*, coalesce(t.status, 'new') AS status_, t.response, t.reason, t.duplicate_of,"
    " lv.number AS landed_version, coalesce((SELECT n.ref FROM plan_nodes n WHERE n.version_id ="
    " t.landed_version_id AND n.uid = t.landed_uid), t.landed_ref) AS landed_ref_, t.created_at AS triaged_at"
    " FROM feedback_comments c {latest} LEFT JOIN plan_versions lv ON lv.id = t.landed_version_id")
#: The latest decision of each comment: correlated for one comment, grouped once for many.
_LATEST_ONE = ("LEFT JOIN triage_events t ON t.id ="
               " (SELECT max(e.id) FROM triage_events e WHERE e.comment_id = c.id)")
_LATEST_ALL = ("LEFT JOIN (SELECT comment_id, max(id) AS id FROM triage_events GROUP BY comment_id) last"
               " ON last.comment_id = c.id LEFT JOIN triage_events t ON t.id = last.id")


# -- rounds ----------------------------------------------------------------------------------
def _round(row: Mapping) -> dict:
    return {**row, "title": json.loads(row["title"]), "closed": row["closed_at"] is not None}


def add_round(store: Store, name: str, *, slug: str | None = None, version: int | None = None,
              title: Mapping[str, str] | None = None, synthetic: bool = False) -> dict:
    """Create round ``name`` reviewing plan version ``version`` (default: the latest), and
    freeze that version. Returns the round. Raises ValidationError, RuleError (name taken)."""
    name = check_round_name(name)
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM feedback_rounds WHERE name = ?", [name]).fetchone():
            raise RuleError(f"a feedback round named {name!r} already exists")
        reviewed = freeze_version(store, slug, version)
        conn.execute("INSERT INTO feedback_rounds (name, plan_id, version_id, title, synthetic)"
                     " VALUES (?, ?, ?, ?, ?)",
                     [name, reviewed["plan_id"], reviewed["id"],
                      json.dumps(dict(title or {"en": name}), ensure_ascii=False), int(synthetic)])
    return get_round(store, name)


def get_round(store: Store, name: str) -> dict:
    """Round ``name``: id, name, title, plan_id, slug, version_id, version (number),
    version_label, closed_at, closed, synthetic, created_at. Raises NotFound."""
    row = next(store.db.query(f"{_ROUND_SQL} WHERE r.name = ?", [name]), None)
    if row is None:
        raise NotFound(f"no feedback round {name!r} (see `workbench feedback rounds`)")
    return _round(row)


def get_round_by_id(store: Store, round_id: int) -> dict:
    row = next(store.db.query(f"{_ROUND_SQL} WHERE r.id = ?", [round_id]), None)
    if row is None:
        raise NotFound(f"no feedback round with id {round_id}")
    return _round(row)


def ensure_round(store: Store, name: str, *, slug: str | None = None) -> tuple[dict, bool]:
    """``(round, created)``: round ``name``, created against the current plan version if new."""
    try:
        return get_round(store, name), False
    except NotFound:
        return add_round(store, name, slug=slug), True


def list_rounds(store: Store) -> list[dict]:
    """Every round, oldest first."""
    return [_round(row) for row in store.db.query(f"{_ROUND_SQL} ORDER BY r.id")]


def update_round(store: Store, name: str, *, closed: bool) -> dict:
    """Close a round (comments can no longer change) or reopen it; return it."""
    with store.transaction() as conn:
        found = get_round(store, name)
        conn.execute("UPDATE feedback_rounds SET closed_at = CASE WHEN ? = 1 THEN coalesce(closed_at,"
                     " strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) END WHERE id = ?", [int(closed), found["id"]])
    return get_round(store, name)


def round_refs(store: Store, round_: Mapping) -> dict[str, str]:
    """``{ref: kind}`` of every item of the round's plan version."""
    return dict(store.db.execute("SELECT ref, kind FROM plan_nodes WHERE version_id = ?",
                                 [round_["version_id"]]).fetchall())


# -- live sessions ---------------------------------------------------------------------------
def add_feedback_session(store: Store, round_name: str, title: Mapping[str, str] | None = None, *,
                         consent: Mapping[str, str] | None = None, synthetic: bool = False,
                         rng: random.Random | None = None) -> dict:
    """Add a live session (phase ``draft``, a fresh join code) to a round; return it."""
    with store.transaction() as conn:
        found = get_round(store, round_name)
        count = conn.execute("SELECT count(*) FROM sessions WHERE round_id = ?", [found["id"]]).fetchone()[0]
        title = dict(title or {"en": f"{found['name']}: live session {count + 1}",
                               "sw": f"{found['name']}: kikao cha moja kwa moja {count + 1}"})
        session = add_session(store, "feedback", title, plan_slug=found["slug"], synthetic=synthetic, rng=rng)
        conn.execute("UPDATE sessions SET round_id = ?, consent = ? WHERE id = ?",
                     [found["id"], json.dumps(dict(consent or default_consent()), ensure_ascii=False),
                      session["id"]])
        conn.execute("INSERT INTO phase_changes (session_id, phase) VALUES (?, 'draft')", [session["id"]])
    return get_feedback_session(store, session["id"])


def get_feedback_session(store: Store, session_id: int) -> dict:
    """A feedback session with ``title``/``consent`` decoded and its ``round``. Raises NotFound."""
    row = next(store.db.query("SELECT * FROM sessions WHERE id = ?", [session_id]), None)
    if row is None or row["kind"] != "feedback" or row["round_id"] is None:
        raise NotFound(f"no feedback session {session_id}")
    return {**row, "title": json.loads(row["title"]), "consent": json.loads(row["consent"]),
            "prompts": json.loads(row["prompts"]), "round": get_round_by_id(store, row["round_id"])}


def find_feedback_session(store: Store, code: str) -> dict:
    """The feedback session a join code opens. Raises ValidationError or NotFound."""
    session = find_session(store, code)
    if session["kind"] != "feedback":
        raise NotFound(f"the code {session['code']} opens a {session['kind']} session, not a "
                       "feedback session; check the link with your facilitator")
    return get_feedback_session(store, session["id"])


def list_feedback_sessions(store: Store, round_name: str | None = None) -> list[dict]:
    where, params = ("s.round_id = (SELECT id FROM feedback_rounds WHERE name = ?)", [round_name]) \
        if round_name else ("s.round_id IS NOT NULL", [])
    return [get_feedback_session(store, r["id"]) for r in store.db.query(
        f"SELECT s.id FROM sessions s WHERE s.kind = 'feedback' AND {where} ORDER BY s.id", params)]


def update_session_phase(store: Store, session_id: int, phase: str) -> dict:
    """Open, close or reopen a feedback session (recorded in ``phase_changes``); return it."""
    with store.transaction() as conn:
        session = get_feedback_session(store, session_id)
        check_phase_change(session["phase"], phase)
        conn.execute("UPDATE sessions SET phase = ? WHERE id = ?", [phase, session_id])
        conn.execute("INSERT INTO phase_changes (session_id, phase) VALUES (?, ?)", [session_id, phase])
    return get_feedback_session(store, session_id)


# -- comments --------------------------------------------------------------------------------
def _comment(row: Mapping) -> Comment:
    return Comment(
        row["id"], row["round_id"], row["ref"], row["kind"], row["type"], row["language"], row["text"],
        bool(row["quotable"]), row["source"], row["status_"], row["response"] or "", row["reason"] or "",
        row["landed_version"], row["landed_ref_"], row["duplicate_of"], row["country"], row["submission"],
        row["participant_id"], row["session_id"], row["created_at"], row["triaged_at"],
        row["withdrawn_at"] is not None)


def get_comment(store: Store, comment_id: int) -> Comment:
    """One comment with its current status. Raises NotFound."""
    row = next(store.db.query(_COMMENT_SQL.format(latest=_LATEST_ONE) + " WHERE c.id = ?", [comment_id]), None)
    if row is None:
        raise NotFound(f"no comment {comment_id}")
    return _comment(row)


def list_comments(store: Store, round_name: str | None = None, *, participant_id: int | None = None,
                  types: Iterable[str] | None = None, language: str | None = None,
                  status: str | None = None, ref: str | None = None, source: str | None = None,
                  include_withdrawn: bool = False) -> list[Comment]:
    """Comments in plan order (by ref, then time), filtered: by round, author, types, language,
    current status, item (``ref`` and everything under it), source (live | written)."""
    where, params = [], []
    if round_name:
        where.append("c.round_id = ?")
        params.append(get_round(store, round_name)["id"])
    for column, value in (("c.participant_id", participant_id), ("c.language", language),
                          ("coalesce(t.status, 'new')", status), ("c.source", source)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if types is not None:
        types = list(types)
        where.append(f"c.type IN ({', '.join('?' * len(types))})" if types else "FALSE")
        params += types
    if ref:
        where.append("(c.ref = ? OR c.ref LIKE ?)")
        params += [ref, f"{ref}.%"]
    if not include_withdrawn:
        where.append("c.withdrawn_at IS NULL")
    rows = store.db.query(_COMMENT_SQL.format(latest=_LATEST_ALL) + f" WHERE {' AND '.join(where) or '1'}"
                          " ORDER BY c.id", params)
    comments = [_comment(row) for row in rows]
    return sorted(comments, key=lambda c: (tuple(int(p) for p in c.ref.split(".")), c.id))


def _writable(store: Store, participant_id: int) -> tuple[dict, dict]:
    row = next(store.db.query("SELECT id, session_id, language FROM participants WHERE id = ?",
                              [participant_id]), None)
    if row is None:
        raise NotFound(NO_PARTICIPANT, id=participant_id)
    session = get_feedback_session(store, row["session_id"])
    check_can_comment(session["phase"], session["round"]["closed"])
    return row, session


def add_comment(store: Store, participant_id: int, ref: str, type_: str, text: str, *,
                quotable: bool = True, language: str | None = None, at: str | None = None,
                synthetic: bool = False) -> Comment:
    """A participant's comment on item ``ref`` of their round's plan version; return it.

    Raises NotFound, RuleError (session not open, round closed) or ValidationError.
    """
    with store.transaction() as conn:
        person, session = _writable(store, participant_id)
        ref, kind = check_ref(ref, round_refs(store, session["round"]))
        if not synthetic and at is None:
            check_rate(conn, participant_id, "comment")
        comment_id = insert_id(conn,
            "INSERT INTO feedback_comments (round_id, session_id, participant_id, source, ref, kind, type,"
            " language, text, quotable, synthetic, created_at, updated_at)"
            " VALUES (?, ?, ?, 'live', ?, ?, ?, ?, ?, ?, ?, coalesce(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
            " coalesce(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
            [session["round"]["id"], session["id"], participant_id, ref, kind, check_type(type_),
             check_language_tag(language or person["language"]), check_comment_text(text), int(bool(quotable)),
             int(synthetic), at, at])
    return get_comment(store, comment_id)


def _own(store: Store, comment_id: int, participant_id: int) -> Comment:
    comment = get_comment(store, comment_id)
    if comment.participant_id != participant_id or comment.withdrawn:
        raise NotFound(N_("you have no comment %(id)s"), id=comment_id)
    _writable(store, participant_id)
    return comment


def update_comment(store: Store, comment_id: int, participant_id: int, *, text: str | None = None,
                   type_: str | None = None, quotable: bool | None = None) -> Comment:
    """Edit one's own comment while the round is open; return it."""
    with store.transaction() as conn:
        comment = _own(store, comment_id, participant_id)
        conn.execute("UPDATE feedback_comments SET text = ?, type = ?, quotable = ?,"
                     " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
                     [comment.text if text is None else check_comment_text(text),
                      comment.type if type_ is None else check_type(type_),
                      int(comment.quotable if quotable is None else bool(quotable)), comment_id])
    return get_comment(store, comment_id)


def remove_comment(store: Store, comment_id: int, participant_id: int) -> None:
    """Withdraw one's own comment while the round is open: its text is erased, and it is no
    longer counted, triaged or reported."""
    with store.transaction() as conn:
        _own(store, comment_id, participant_id)
        conn.execute("UPDATE feedback_comments SET text = '', withdrawn_at = strftime('%Y-%m-%dT%H:%M:%SZ',"
                     " 'now'), updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", [comment_id])


def add_written_comments(store: Store, round_id: int, records: Iterable[Mapping], *,
                         source_file: str = "", synthetic: bool = False) -> int:
    """Store checked written comments (see :mod:`workbench.feedback.written`); a record whose
    ``row_hash`` the round already has is skipped. Returns how many were added."""
    with store.transaction() as conn:
        before = conn.execute("SELECT count(*) FROM feedback_comments WHERE round_id = ?", [round_id]).fetchone()[0]
        conn.executemany(
            "INSERT INTO feedback_comments (round_id, source, ref, kind, type, language, text,"
            " quotable, country, submission, row_hash, source_file, source_row, synthetic, created_at, updated_at)"
            " VALUES (?, 'written', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " coalesce(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), coalesce(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
            " ON CONFLICT DO NOTHING",
            [(round_id, r["ref"], r["kind"], r["type"], r["language"], r["text"], int(bool(r["quotable"])),
              r.get("country"), r.get("submission"), r["row_hash"], source_file, r.get("row"), int(synthetic),
              r.get("at"), r.get("at")) for r in records])
        return conn.execute("SELECT count(*) FROM feedback_comments WHERE round_id = ?",
                            [round_id]).fetchone()[0] - before


def round_numbers(store: Store, round_name: str) -> dict[str, int]:
    """The overall numbers of a round as the source document reports them: ``sessions`` (live),
    ``participants`` (who joined them) and their ``countries``, ``written_submissions`` (one per
    submission id, else per row) and their ``written_countries``, ``comments`` (not withdrawn)."""
    from workbench.participation.store.participants import count_countries
    found = get_round(store, round_name)
    sessions = [r[0] for r in store.db.execute("SELECT id FROM sessions WHERE round_id = ?", [found["id"]])]

    def one(sql: str, params: list) -> int:
        return store.db.execute(sql, params).fetchone()[0]
    marks = ", ".join("?" * len(sessions)) or "NULL"
    written = "FROM feedback_comments WHERE round_id = ? AND source = 'written' AND withdrawn_at IS NULL"
    return {
        "sessions": len(sessions),
        "participants": one(f"SELECT count(*) FROM participants WHERE session_id IN ({marks})"
                            " AND role = 'participant'", sessions),
        "countries": count_countries(store, sessions),
        "written_submissions": one(f"SELECT count(DISTINCT coalesce(submission, '#' || id)) {written}",
                                   [found["id"]]),
        "written_countries": one(f"SELECT count(DISTINCT country) {written}", [found["id"]]),
        "comments": one("SELECT count(*) FROM feedback_comments WHERE round_id = ? AND withdrawn_at IS NULL",
                        [found["id"]]),
    }
