"""Sessions (visioning, feedback, poll) and their pseudonymous participants."""
from __future__ import annotations

import json
import random

from workbench.participation.codes import new_join_code, normalize_join_code
from workbench.core.errors import NotFound
from workbench.core.i18n import N_
from workbench.store.db import Store, insert_id

KINDS = ("visioning", "feedback", "poll")


def add_session(store: Store, kind: str, title: dict[str, str], *, plan_slug: str | None = None,
                synthetic: bool = False, rng: random.Random | None = None) -> dict:
    """Create a session with a fresh unique join code; return it as a dict."""
    if kind not in KINDS:
        raise ValueError(f"unknown session kind {kind!r}; expected one of {', '.join(KINDS)}")
    with store.transaction() as conn:
        plan_id = None
        if plan_slug:
            row = conn.execute("SELECT id FROM plans WHERE slug = ?", [plan_slug]).fetchone()
            plan_id = row[0] if row else None
        while True:
            code = new_join_code(rng)
            if not conn.execute("SELECT 1 FROM sessions WHERE code = ?", [code]).fetchone():
                break
        session_id = insert_id(conn,
            "INSERT INTO sessions (plan_id, kind, title, code, synthetic) VALUES (?, ?, ?, ?, ?)",
            [plan_id, kind, json.dumps(title, ensure_ascii=False), code, int(synthetic)])
    return get_session(store, session_id)


def get_session(store: Store, session_id: int) -> dict:
    row = next(store.db.query("SELECT * FROM sessions WHERE id = ?", [session_id]), None)
    if row is None:
        raise NotFound(f"no session {session_id}")
    return {**row, "title": json.loads(row["title"])}


def find_session(store: Store, code: str) -> dict:
    """The session a join code opens. Raises ValidationError (malformed) or NotFound."""
    code = normalize_join_code(code)
    row = next(store.db.query("SELECT id FROM sessions WHERE code = ?", [code]), None)
    if row is None:
        raise NotFound(N_("no session has the join code %(code)s; check the code with your facilitator"),
                       code=code)
    return get_session(store, row["id"])


def list_sessions(store: Store) -> list[dict]:
    return [{**r, "title": json.loads(r["title"])}
            for r in store.db.query("SELECT * FROM sessions ORDER BY id")]


def add_participant(store: Store, session_id: int, pseudonym: str, language: str,
                    *, synthetic: bool = False) -> int:
    """Add a pseudonymous participant to a session; return their id."""
    with store.transaction() as conn:
        return insert_id(conn,
            "INSERT INTO participants (session_id, pseudonym, language, synthetic) VALUES (?, ?, ?, ?)",
            [session_id, pseudonym, language, int(synthetic)])


def count_participants(store: Store, session_id: int | None = None) -> int:
    if session_id is None:
        return store.db.execute("SELECT count(*) FROM participants").fetchone()[0]
    return store.db.execute("SELECT count(*) FROM participants WHERE session_id = ?",
                            [session_id]).fetchone()[0]


def session_per_kind(store: Store) -> list[dict]:
    """One session of each kind to try: a live one (not draft, not closed) if there is one,
    else the newest; in :data:`KINDS` order."""
    found = []
    for kind in KINDS:
        row = next(store.db.query(
            "SELECT id FROM sessions WHERE kind = ? ORDER BY phase IN ('draft', 'closed'), id DESC LIMIT 1",
            [kind]), None)
        if row is not None:
            found.append(get_session(store, row["id"]))
    return found


def live_sessions(store: Store) -> list[dict]:
    """The sessions participants can take part in now (not draft, not closed), with their
    participant counts, oldest first."""
    return [dict(row) for row in store.db.query(
        "SELECT s.id, s.kind, s.code, s.title, s.phase, s.synthetic, count(p.id) AS people FROM sessions s "
        "LEFT JOIN participants p ON p.session_id = s.id "
        "WHERE s.phase NOT IN ('draft', 'closed') GROUP BY s.id ORDER BY s.id")]
