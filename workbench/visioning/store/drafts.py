"""Vision drafts: versions of the shared vision text, each with the contributions it drew on."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from workbench.core.errors import NotFound, RuleError
from workbench.plan.model import pick
from workbench.participation.rules import check_language_tag
from workbench.store.db import Store, insert_id
from workbench.participation.store.filters import in_clause
from workbench.participation.store.participants import count_countries
from workbench.visioning.draft import VisionNumbers, check_draft, check_sources


def add_vision_draft(store: Store, name: str, language: str, text: str,
                     sources: Sequence[int] = (), *, note: str = "", synthetic: bool = False) -> dict:
    """Save a new version of the draft called ``name`` (version 1, 2, …); return it.

    ``sources`` are the ids of the contributions it draws on, in order. Raises
    ValidationError (empty text) or RuleError (a source withdrawn or unknown).
    """
    name, text = check_draft(name, text)
    language = check_language_tag(language)
    sources = check_sources(list(sources))
    with store.transaction() as conn:
        for cid in sources:
            row = conn.execute("SELECT withdrawn_at FROM contributions WHERE id = ?", [cid]).fetchone()
            if row is None:
                raise RuleError(f"vision draft: there is no contribution {cid}")
            if row[0]:
                raise RuleError(f"vision draft: contribution {cid} was withdrawn by its author")
        version = conn.execute("SELECT coalesce(max(version), 0) + 1 FROM vision_drafts WHERE name = ?",
                               [name]).fetchone()[0]
        draft_id = insert_id(conn,
            "INSERT INTO vision_drafts (name, version, language, text, note, synthetic) VALUES (?, ?, ?, ?, ?, ?)",
            [name, version, language, text, note.strip(), int(synthetic)])
        conn.executemany("INSERT INTO vision_draft_sources (draft_id, contribution_id, position) VALUES (?, ?, ?)",
                         [(draft_id, cid, i) for i, cid in enumerate(sources)])
    return get_vision_draft(store, draft_id)


def get_vision_draft(store: Store, draft_id: int) -> dict:
    """One version with ``sources`` (contribution ids in order). Raises NotFound."""
    row = next(store.db.query("SELECT * FROM vision_drafts WHERE id = ?", [draft_id]), None)
    if row is None:
        raise NotFound(f"no vision draft {draft_id}")
    sources = [r[0] for r in store.db.execute(
        "SELECT contribution_id FROM vision_draft_sources WHERE draft_id = ? ORDER BY position", [draft_id])]
    return {**row, "sources": sources}


def list_vision_drafts(store: Store, name: str | None = None) -> list[dict]:
    """Every saved version (of ``name``, or of all drafts), newest first, without sources."""
    if name is None:
        return list(store.db.query("SELECT * FROM vision_drafts ORDER BY id DESC"))
    return list(store.db.query("SELECT * FROM vision_drafts WHERE name = ? ORDER BY version DESC", [name]))


def draft_sources(store: Store, draft_id: int, language: str = "en") -> list[dict]:
    """The contributions a draft drew on, for exports and lineage: ``id``, ``text``, ``language``,
    ``session`` (title in ``language``), ``session_id`` — no author, no pseudonym.

    A contribution withdrawn since the draft was saved keeps its place with empty text."""
    from workbench.participation.store.return_codes import refusers   # who refused quoting is never quoted
    no_quote = refusers(store, "quote")
    rows = store.db.query(
        "SELECT c.id, c.text, c.language, c.session_id, c.participant_id, s.title FROM vision_draft_sources d "
        "JOIN contributions c ON c.id = d.contribution_id JOIN sessions s ON s.id = c.session_id "
        "WHERE d.draft_id = ? ORDER BY d.position", [draft_id])
    return [{"id": r["id"], "text": r["text"], "language": r["language"], "session_id": r["session_id"],
             "session": pick(json.loads(r["title"]), language)} for r in rows
            if r["participant_id"] not in no_quote]


def vision_numbers(store: Store, session_ids: Iterable[int] | None = None) -> VisionNumbers:
    """Sessions, participants, shown contributions and countries behind a vision."""
    session_ids = None if session_ids is None else list(session_ids)
    sessions, params = in_clause("id", session_ids)
    of_session, _ = in_clause("session_id", session_ids)

    def one(sql: str) -> int:
        return store.db.execute(sql, params).fetchone()[0]

    from workbench.participation.store.return_codes import refusers   # who refused shared numbers is not counted
    no_numbers = refusers(store, "share_numbers")
    return VisionNumbers(
        sessions=one(f"SELECT count(*) FROM sessions WHERE kind = 'visioning' AND {sessions}"),
        participants=sum(1 for (pid,) in store.db.execute(
            f"SELECT id FROM participants WHERE {of_session} AND session_id IN "
            "(SELECT id FROM sessions WHERE kind = 'visioning')", params) if pid not in no_numbers),
        contributions=one(f"SELECT count(*) FROM contributions WHERE {of_session} AND withdrawn_at IS NULL "
                          "AND hidden_reason IS NULL AND merged_into IS NULL"),
        countries=count_countries(store, session_ids if session_ids is not None else
                                  [r[0] for r in store.db.execute(
                                      "SELECT id FROM sessions WHERE kind = 'visioning'")]),
    )
