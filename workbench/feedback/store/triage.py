"""Triage decisions on comments: appended, never changed (a trigger refuses updates).

A comment's status is its latest decision; :func:`list_decisions` gives the whole history.
"""
from __future__ import annotations

from collections.abc import Iterable

from workbench.core.errors import ValidationError
from workbench.feedback.rules import STATUSES, Comment, Decision, check_decision
from workbench.store.db import Store
from workbench.feedback.store.comments import get_comment, get_round_by_id
from workbench.plan.store.versions import get_version


def add_decision(store: Store, comment_id: int, decision: Decision, *, triaged_by: str = "",
                 at: str | None = None, synthetic: bool = False) -> Comment:
    """Record a triage decision on a comment (the rules of
    :func:`workbench.feedback.rules.check_decision`, checked inside the transaction); return the
    comment with its new status. An accepted change must land in a version later than the
    reviewed one. Raises NotFound, RuleError or ValidationError."""
    with store.transaction() as conn:
        comment = get_comment(store, comment_id)
        round_ = get_round_by_id(store, comment.round_id)
        landed, refs = None, {}
        if decision.landed_version is not None:
            landed = get_version(store, round_["slug"], decision.landed_version)
            if landed["number"] <= round_["version"]:
                raise ValidationError(f"comment {comment_id}: a change lands in a version after the reviewed "
                                      f"one (version {round_['version']}), not in version {landed['number']}")
            conn.execute("UPDATE plan_nodes SET uid = 'n' || id WHERE version_id = ? AND uid IS NULL",
                         [landed["id"]])
            refs = dict(conn.execute("SELECT ref, uid FROM plan_nodes WHERE version_id = ?", [landed["id"]]))
        duplicate = get_comment(store, decision.duplicate_of) if decision.duplicate_of is not None else None
        checked = check_decision(decision, comment, landed_refs=refs, duplicate=duplicate)
        conn.execute(
            "INSERT INTO triage_events (comment_id, status, response, reason, landed_version_id, landed_ref,"
            " landed_uid, duplicate_of, triaged_by, synthetic, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
            [comment_id, checked.status, checked.response, checked.reason, landed and landed["id"],
             checked.landed_ref, refs.get(checked.landed_ref), checked.duplicate_of, triaged_by[:80],
             int(synthetic), at])
    return get_comment(store, comment_id)


def list_decisions(store: Store, comment_id: int) -> list[dict]:
    """Every decision on a comment, oldest first: status, response, reason, landed_version
    (number), landed_ref, duplicate_of, triaged_by, created_at."""
    return list(store.db.query(
        "SELECT t.id, t.status, t.response, t.reason, v.number AS landed_version, t.landed_ref,"
        " t.duplicate_of, t.triaged_by, t.created_at FROM triage_events t"
        " LEFT JOIN plan_versions v ON v.id = t.landed_version_id WHERE t.comment_id = ? ORDER BY t.id",
        [comment_id]))


def triage_counts(store: Store, round_names: Iterable[str] | None = None) -> dict[str, dict]:
    """Live counts per round: ``{round: {"comments", "by_status", "by_theme": {theme:
    {status: n}}}}`` over the comments not withdrawn (one query, for the facilitator's view)."""
    rows = store.db.execute(
        "SELECT r.name, substr(c.ref, 1, instr(c.ref || '.', '.') - 1), coalesce(t.status, 'new'), count(*)"
        " FROM feedback_comments c JOIN feedback_rounds r ON r.id = c.round_id"
        " LEFT JOIN (SELECT comment_id, max(id) AS id FROM triage_events GROUP BY comment_id) last"
        " ON last.comment_id = c.id LEFT JOIN triage_events t ON t.id = last.id"
        " WHERE c.withdrawn_at IS NULL GROUP BY r.id, 1, 2, 3 ORDER BY r.id").fetchall()
    wanted = None if round_names is None else set(round_names)
    out: dict[str, dict] = {}
    for name in (r[0] for r in store.db.execute("SELECT name FROM feedback_rounds ORDER BY id")):
        if wanted is None or name in wanted:
            out[name] = {"comments": 0, "by_status": dict.fromkeys(STATUSES, 0), "by_theme": {}}
    for name, theme, status, n in rows:
        if name not in out:
            continue
        entry = out[name]
        entry["comments"] += n
        entry["by_status"][status] += n
        entry["by_theme"].setdefault(theme, dict.fromkeys(STATUSES, 0))[status] += n
    for entry in out.values():
        entry["by_theme"] = dict(sorted(entry["by_theme"].items(), key=lambda kv: int(kv[0])))
    return out


def list_round_decisions(store: Store, round_name: str | None = None) -> list[dict]:
    """Every decision of a round (default: of every round), oldest first, with its comment's
    round, ref, type, language, source and time: the triage history as rows."""
    where, params = ("r.name = ?", [round_name]) if round_name else ("TRUE", [])
    return list(store.db.query(
        "SELECT t.id, r.name AS round, t.comment_id, c.ref, c.type, c.language, c.source,"
        " c.created_at AS commented_at, t.status, v.number AS landed_version, t.landed_ref, t.triaged_by,"
        " t.created_at FROM triage_events t JOIN feedback_comments c ON c.id = t.comment_id"
        " JOIN feedback_rounds r ON r.id = c.round_id LEFT JOIN plan_versions v ON v.id = t.landed_version_id"
        f" WHERE {where} AND c.withdrawn_at IS NULL ORDER BY t.id", params))
