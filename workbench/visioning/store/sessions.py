"""Visioning sessions in the store: set-up (prompts, consent), phases, breaks, live numbers.

Contributions, moderation, reactions and vision drafts have their own modules
(:mod:`~workbench.visioning.store.contributions`, :mod:`~workbench.visioning.store.moderation`,
:mod:`~workbench.visioning.store.reactions`, :mod:`~workbench.visioning.store.drafts`).
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable, Mapping, Sequence

from workbench.core.errors import NotFound, RuleError
from workbench.store.db import Store
from workbench.participation.store.filters import in_clause
from workbench.participation.store.sessions import add_session, find_session
from workbench.visioning.rules import check_phase_change, check_session_setup


def _decode(row: Mapping) -> dict:
    return {**row, "title": json.loads(row["title"]) if isinstance(row["title"], str) else row["title"],
            "prompts": json.loads(row["prompts"]), "consent": json.loads(row["consent"])}


def add_visioning_session(store: Store, title: Mapping[str, str], prompts: Sequence[Mapping[str, str]],
                          consent: Mapping[str, str], *, plan_slug: str | None = None,
                          synthetic: bool = False, rng: random.Random | None = None) -> dict:
    """Create a visioning session (phase ``draft``) with its prompts and consent text.

    Each text is ``{language: text}``. Returns the session (see :func:`get_visioning_session`).
    Raises ValidationError naming the empty or over-long field.
    """
    title, prompts, consent = check_session_setup(title, prompts, consent)
    with store.transaction() as conn:
        session = add_session(store, "visioning", title, plan_slug=plan_slug, synthetic=synthetic, rng=rng)
        conn.execute("UPDATE sessions SET prompts = ?, consent = ? WHERE id = ?",
                     [json.dumps(prompts, ensure_ascii=False), json.dumps(consent, ensure_ascii=False),
                      session["id"]])
        conn.execute("INSERT INTO phase_changes (session_id, phase) VALUES (?, 'draft')", [session["id"]])
    return get_visioning_session(store, session["id"])


def update_setup(store: Store, session_id: int, prompts: Sequence[Mapping[str, str]],
                 consent: Mapping[str, str]) -> dict:
    """Replace a session's prompts and consent text; a changed consent text gets a new version
    (people who join later agree to the new one; earlier records keep their version)."""
    with store.transaction() as conn:
        session = get_visioning_session(store, session_id)
        _, prompts, consent = check_session_setup(session["title"], prompts, consent)
        version = session["consent_version"] + (1 if session["consent"] and consent != session["consent"] else 0)
        conn.execute("UPDATE sessions SET prompts = ?, consent = ?, consent_version = ? WHERE id = ?",
                     [json.dumps(prompts, ensure_ascii=False), json.dumps(consent, ensure_ascii=False),
                      version, session_id])
    return get_visioning_session(store, session_id)


def get_visioning_session(store: Store, session_id: int) -> dict:
    """A session with ``title``, ``prompts`` and ``consent`` decoded; raises NotFound."""
    row = next(store.db.query("SELECT * FROM sessions WHERE id = ?", [session_id]), None)
    if row is None or row["kind"] != "visioning":
        raise NotFound(f"no visioning session {session_id}")
    return _decode(row)


def find_visioning_session(store: Store, code: str) -> dict:
    """The visioning session a join code opens.

    Raises ValidationError (not a code), NotFound (no such session, or another kind of session).
    """
    session = find_session(store, code)
    if session["kind"] != "visioning":
        raise NotFound(f"the code {session['code']} opens a {session['kind']} session, "
                       "not a visioning session; check the link with your facilitator")
    return get_visioning_session(store, session["id"])


def list_visioning_sessions(store: Store) -> list[dict]:
    """Every visioning session, oldest first."""
    return [_decode(row) for row in store.db.query(
        "SELECT * FROM sessions WHERE kind = 'visioning' ORDER BY id")]


def get_phase(store: Store, session_id: int) -> str:
    """The session's phase (a cheap read for screens that follow it live)."""
    row = store.db.execute("SELECT phase FROM sessions WHERE id = ?", [session_id]).fetchone()
    if row is None:
        raise NotFound(f"no session {session_id}")
    return row[0]


def update_phase(store: Store, session_id: int, phase: str) -> dict:
    """Move a session to ``phase`` (recorded in ``phase_changes``); return the session.

    Raises RuleError if the current phase may not move there.
    """
    with store.transaction() as conn:
        check_phase_change(get_phase(store, session_id), phase)
        conn.execute("UPDATE sessions SET phase = ? WHERE id = ?", [phase, session_id])
        conn.execute("INSERT INTO phase_changes (session_id, phase) VALUES (?, ?)", [session_id, phase])
    return get_visioning_session(store, session_id)


def list_phase_changes(store: Store, session_id: int) -> list[dict]:
    return list(store.db.query("SELECT phase, changed_at FROM phase_changes WHERE session_id = ? ORDER BY id",
                               [session_id]))


def add_break(store: Store, session_id: int) -> None:
    """Record that someone in the session asked for a pause. Nobody is named."""
    with store.transaction() as conn:
        if get_phase(store, session_id) == "closed":
            raise RuleError("the session is closed; there is nothing to pause")
        conn.execute("INSERT INTO break_requests (session_id) VALUES (?)", [session_id])


def live_numbers(store: Store, session_ids: Iterable[int] | None = None, *,
                 recent_seconds: int = 600) -> dict[str, int]:
    """Counts for the facilitator's live view: participants, contributions (shown), reactions
    (current ones, one per person and contribution), break requests (all, and recent)."""
    session_ids = None if session_ids is None else list(session_ids)
    sessions, params = in_clause("session_id", session_ids)
    joined, _ = in_clause("c.session_id", session_ids)

    def one(sql: str, extra: Sequence = ()) -> int:
        return store.db.execute(sql, [*params, *extra]).fetchone()[0]

    return {
        "participants": one(f"SELECT count(*) FROM participants WHERE {sessions}"),
        "contributions": one(f"SELECT count(*) FROM contributions WHERE {sessions} AND withdrawn_at IS NULL "
                             "AND hidden_reason IS NULL AND merged_into IS NULL"),
        "reactions": one("SELECT count(*) FROM (SELECT DISTINCT r.contribution_id, r.participant_id "
                         "FROM reactions r JOIN contributions c ON c.id = r.contribution_id "
                         f"WHERE {joined}) AS pairs"),
        "breaks": one(f"SELECT count(*) FROM break_requests WHERE {sessions}"),
        "recent_breaks": one(f"SELECT count(*) FROM break_requests WHERE {sessions} AND "
                             "created_at >= ?", [_ago(recent_seconds)]),
    }


def _ago(seconds: float) -> str:
    """The UTC time ``seconds`` ago, as the store writes times (``2026-11-30T13:05:00Z``)."""
    moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=int(seconds))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
