"""Everything stored about a participant (``my_data``, the facilitators' technical dump, and
``my_record``, the same for her to read) and erasing it (``erase_participant``).

Both walk the schema's foreign keys (:func:`workbench.participation.privacy.erasure_plan`), so a table another
feature adds with ``REFERENCES participants(id) ON DELETE CASCADE`` (or hanging from such a
table) is shown and erased without changing this module.

Erasure deletes the participants row itself (no tombstone: nothing is left that names them),
with ``secure_delete`` on so that freed pages are zeroed, then truncates the WAL and VACUUMs, so
the words are in no file of the database (on PostgreSQL: ``VACUUM (FULL)`` of every table that
lost rows; see ``docs/privacy.md`` for what its WAL keeps). Rows of other people that only pointed at the erased
rows lose the pointer (a merge into an erased contribution is undone); append-only rows that
pointed at them (a triage decision "duplicate of" an erased comment) are deleted. Proposals
for a poll not yet approved are erased; an approved item is the poll's and stays. A vision
draft's own text (the facilitators' composition) is not rewritten: ``my_data`` lists the
drafts that drew on the person's words, and the draft exports leave erased sources out.

``my_record`` is what her own "My data" page shows: her things as plain values, found in each
feature's tables (contributions, reactions, comments, ballots…), without database ids, without
anyone else's pseudonym or id, and without others' reactions to her words. A table a feature adds
is in ``my_data`` (and erased) at once; it appears on her page once ``my_record`` reads it.
An anonymous row in ``erasures`` (session, number of rows, time) lets reports say that counts
already published are not recomputed.
"""
from __future__ import annotations

import json
import time

from workbench.core.errors import NotFound
from workbench.participation.privacy import erasure_plan
from workbench.store import schema
from workbench.store.db import Store

#: Never shown in "my data" (a hash is no use to the person and should not travel).
_HIDDEN_COLUMNS = {"return_code_hash"}


def _owned_rowids(store: Store, participant_id: int) -> tuple[dict[str, set], list]:
    """{table: row keys of the participant's rows and of rows hanging from them}, and the plan."""
    plan = erasure_plan(schema.foreign_keys())
    rowid = store.row_key
    rowids: dict[str, set] = {"participants": set(_keys(store, "participants", [participant_id]))}
    for table, column, parent in plan:
        ids = rowids.get(parent, set())
        if not ids:
            continue
        marks = ", ".join("?" * len(ids))
        found = store.db.execute(
            f'SELECT {rowid} FROM "{table}" WHERE "{column}" IN (SELECT id FROM "{parent}" WHERE {rowid} IN ({marks}))',
            list(ids)).fetchall()
        rowids.setdefault(table, set()).update(row[0] for row in found)
    return rowids, plan


def _keys(store: Store, table: str, ids: list[int]) -> list:
    """The row keys of the rows of ``table`` with these ids."""
    marks = ", ".join("?" * len(ids))
    return [row[0] for row in store.db.execute(
        f'SELECT {store.row_key} FROM "{table}" WHERE id IN ({marks})', ids).fetchall()]


def _rows(store: Store, table: str, rowids: set) -> list[dict]:
    if not rowids:
        return []
    marks = ", ".join("?" * len(rowids))
    order = "id" if "id" in schema.table(table).columns else store.row_key
    cursor = store.db.execute(f'SELECT * FROM "{table}" WHERE {store.row_key} IN ({marks}) ORDER BY {order}',
                              sorted(rowids))
    names = [d[0] for d in cursor.description]
    return [{k: v for k, v in zip(names, row) if k not in _HIDDEN_COLUMNS} for row in cursor.fetchall()]


def my_data(store: Store, participant_id: int) -> dict:
    """Everything stored about a participant: ``participant`` (their row, without the return
    code's hash), ``tables`` ({table: rows} for every table holding their rows or rows hanging
    from them: consent, demographics, contributions with their reactions, tags, translations
    and moderation, reactions they gave, comments with their triage, ballots, …), ``assisted``
    (who entered things for them, if anyone) and ``drafts`` (vision drafts that drew on their
    words). Raises NotFound."""
    rowids, _plan = _owned_rowids(store, participant_id)
    participant = _rows(store, "participants", rowids["participants"])
    if not participant:
        raise NotFound(f"no participant {participant_id}")
    tables = {table: _rows(store, table, ids) for table, ids in rowids.items()
              if table != "participants" and ids}
    drafts = [row[0] for row in store.db.execute(
        "SELECT DISTINCT d.name || ' v' || d.version FROM vision_drafts d JOIN vision_draft_sources s "
        "ON s.draft_id = d.id JOIN contributions c ON c.id = s.contribution_id WHERE c.participant_id = ?",
        [participant_id])]
    return {"participant": participant[0], "tables": tables,
            "assisted": participant[0].get("assisted_by"), "drafts": drafts}


def _text_map(raw) -> dict[str, str]:
    """A stored multilingual text (``{"en": …}`` as JSON) as a dict; plain text as English."""
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        value = raw
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {"en": str(value)} if value not in (None, "") else {}


def my_record(store: Store, participant_id: int) -> dict:
    """What is stored about a participant, as plain values for her to read (her "My data" page,
    rendered by :mod:`workbench.participation.mydata`): no database id, nothing that names or
    counts anyone else. Raises NotFound.

    ``pseudonym``, ``language``, ``joined_at``, ``role``, ``session`` (``title`` per language,
    ``kind``), ``return_code`` (whether one is stored: only its hash is), ``group`` (a vote link's
    working group), ``submissions`` (times kept to limit sending), ``assisted`` (``by``:
    ``"facilitator"`` or ``"interpreter"``, never who; ``how``, ``recorded_at``), ``demographics``
    (``country``, ``languages``, ``age_band``, ``gender``, ``recorded_at``; None without a row),
    ``consent`` (every record: ``version``, ``answers``, ``recorded_at``), ``contributions``
    (``text``, ``prompt`` per language, ``created_at``, ``updated_at``, ``withdrawn_at``,
    ``hidden_reason``, ``merged``, ``tags``, ``translations`` {language: text}), ``reactions``
    (one per idea she reacted to: ``idea`` (its words; None if withdrawn or hidden since, never
    who wrote it), ``vote`` and ``at`` of her latest answer, ``earlier`` [(vote, at)]),
    ``translated`` (translations she made as an interpreter: ``language``, ``text``,
    ``created_at``), ``comments`` (``ref``, ``kind``, ``type``, ``text``, ``created_at``,
    ``withdrawn_at``, ``status`` (``"new"`` until triaged), ``response``), ``ballots`` (per poll:
    ``poll`` title per language, ``method``, ``params``, ``items`` {key: title per language},
    ``ballot`` (as stored, or None), ``updated_at``, ``comparisons`` [``first``, ``second``,
    ``winner``, ``reason``, ``created_at``]), ``proposals`` (``text`` per language, ``status``,
    ``created_at``) and ``drafts`` (vision drafts that drew on her words: ``name``, ``version``,
    ``created_at``). The facilitators' technical dump is :func:`my_data`.
    """
    db = store.db
    row = next(db.query(
        "SELECT p.pseudonym, p.language, p.joined_at, p.role, p.assisted_by, p.return_code_hash, "
        "s.title, s.kind, s.prompts FROM participants p JOIN sessions s ON s.id = p.session_id "
        "WHERE p.id = ?", [participant_id]), None)
    if row is None:
        raise NotFound(f"no participant {participant_id}")
    pid = [participant_id]
    prompts = json.loads(row["prompts"] or "[]")

    assisted = None
    if row["assisted_by"]:
        agreement = next(db.query("SELECT how, recorded_at FROM assisted_agreements WHERE participant_id = ? "
                                  "ORDER BY id DESC LIMIT 1", pid), None) or {"how": "", "recorded_at": None}
        assisted = {"by": "facilitator" if row["assisted_by"] == "facilitator" else "interpreter",
                    "how": agreement["how"], "recorded_at": agreement["recorded_at"]}

    demographics = next(db.query("SELECT country, languages, other_languages, age_band, gender, recorded_at "
                                 "FROM demographics WHERE participant_id = ?", pid), None)
    if demographics is not None:
        spoken = demographics["languages"]
        if spoken not in (None, "") and spoken.startswith("["):
            spoken = json.loads(spoken)
        typed = json.loads(demographics["other_languages"]) if demographics["other_languages"] else []
        demographics = {**demographics, "languages": spoken or None, "other_languages": typed}

    consent = [{"version": r["version"], "answers": json.loads(r["answers"]), "recorded_at": r["recorded_at"]}
               for r in db.query("SELECT version, answers, recorded_at FROM consent_records "
                                 "WHERE participant_id = ? ORDER BY id", pid)]

    contributions = []
    for c in db.query("SELECT id, prompt, text, hidden_reason, merged_into, withdrawn_at, created_at, updated_at "
                      "FROM contributions WHERE participant_id = ? ORDER BY id", pid):
        tags = [r[0] for r in db.execute("SELECT tag FROM contribution_tags WHERE contribution_id = ? ORDER BY tag",
                                         [c["id"]])]
        translations = {r[0]: r[1] for r in db.execute(
            "SELECT language, text FROM contribution_translations WHERE contribution_id = ? ORDER BY id", [c["id"]])}
        prompt = prompts[c["prompt"]] if 0 <= c["prompt"] < len(prompts) else None
        contributions.append({"text": c["text"], "prompt": _text_map(prompt) if prompt else None,
                              "created_at": c["created_at"], "updated_at": c["updated_at"],
                              "withdrawn_at": c["withdrawn_at"], "hidden_reason": c["hidden_reason"],
                              "merged": c["merged_into"] is not None, "tags": tags,
                              "translations": translations})

    reactions: dict[int, dict] = {}   # by the idea (its id stays here: only for grouping)
    for r in db.query("SELECT r.contribution_id, r.vote, r.created_at, c.text, c.withdrawn_at, c.hidden_reason "
                      "FROM reactions r JOIN contributions c ON c.id = r.contribution_id "
                      "WHERE r.participant_id = ? ORDER BY r.id", pid):
        shown = r["withdrawn_at"] is None and r["hidden_reason"] is None and r["text"]
        entry = reactions.setdefault(r["contribution_id"], {"idea": r["text"] if shown else None,
                                                            "vote": None, "at": None, "earlier": []})
        if entry["vote"] is not None:
            entry["earlier"].append((entry["vote"], entry["at"]))
        entry["vote"], entry["at"] = r["vote"], r["created_at"]

    translated = list(db.query("SELECT language, text, created_at FROM contribution_translations "
                               "WHERE translator_id = ? ORDER BY id", pid))

    comments = []
    for c in db.query("SELECT id, ref, kind, type, text, created_at, withdrawn_at FROM feedback_comments "
                      "WHERE participant_id = ? ORDER BY id", pid):
        decision = next(db.query("SELECT status, response FROM triage_events WHERE comment_id = ? "
                                 "ORDER BY id DESC LIMIT 1", [c["id"]]), None)
        comments.append({"ref": c["ref"], "kind": c["kind"], "type": c["type"], "text": c["text"],
                         "created_at": c["created_at"], "withdrawn_at": c["withdrawn_at"],
                         "status": decision["status"] if decision else "new",
                         "response": decision["response"] if decision else ""})

    polls: dict[int, dict] = {}   # by poll (its id stays here)

    def poll_entry(poll_id: int) -> dict:
        if poll_id not in polls:
            poll = next(db.query("SELECT p.method, p.params, s.title FROM polls p JOIN sessions s "
                                 "ON s.id = p.session_id WHERE p.id = ?", [poll_id]))
            items = {r["key"]: _text_map(r["title"])
                     for r in db.query("SELECT key, title FROM poll_items WHERE poll_id = ?", [poll_id])}
            polls[poll_id] = {"poll": _text_map(poll["title"]), "method": poll["method"],
                              "params": json.loads(poll["params"] or "{}"), "items": items,
                              "ballot": None, "updated_at": None, "comparisons": []}
        return polls[poll_id]

    for b in db.query("SELECT poll_id, ballot, updated_at FROM ballots WHERE participant_id = ? ORDER BY id", pid):
        entry = poll_entry(b["poll_id"])
        entry["ballot"], entry["updated_at"] = json.loads(b["ballot"]), b["updated_at"]
    for c in db.query("SELECT poll_id, first, second, winner, reason, created_at FROM comparisons "
                      "WHERE participant_id = ? ORDER BY id", pid):
        poll_entry(c["poll_id"])["comparisons"].append(
            {k: c[k] for k in ("first", "second", "winner", "reason", "created_at")})

    proposals = [{"text": _text_map(r["title"]), "status": r["status"], "created_at": r["created_at"]}
                 for r in db.query("SELECT title, status, created_at FROM poll_items WHERE proposed_by = ? "
                                   "ORDER BY id", pid)]
    drafts = [dict(r) for r in db.query(
        "SELECT DISTINCT d.name, d.version, d.created_at FROM vision_drafts d "
        "JOIN vision_draft_sources s ON s.draft_id = d.id JOIN contributions c ON c.id = s.contribution_id "
        "WHERE c.participant_id = ? ORDER BY d.name, d.version", pid)]
    group = db.execute("SELECT name FROM participant_groups WHERE participant_id = ?", pid).fetchone()
    submissions = db.execute("SELECT count(*) FROM submission_times WHERE participant_id = ?", pid).fetchone()[0]

    return {"pseudonym": row["pseudonym"], "language": row["language"], "joined_at": row["joined_at"],
            "role": row["role"], "session": {"title": _text_map(row["title"]), "kind": row["kind"]},
            "return_code": bool(row["return_code_hash"]), "group": group[0] if group else None,
            "submissions": submissions, "assisted": assisted, "demographics": demographics,
            "consent": consent, "contributions": contributions, "reactions": list(reactions.values()),
            "translated": translated, "comments": comments, "ballots": list(polls.values()),
            "proposals": proposals, "drafts": drafts}


def my_data_text(data: dict) -> str:
    """``my_data`` as plain text, one table after another (the app escapes it for HTML)."""
    lines = []
    for key, value in data["participant"].items():
        lines.append(f"{key}: {value}")
    for table, rows in data["tables"].items():
        lines += ["", f"{table} ({len(rows)})"]
        lines += [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows]
    if data["drafts"]:
        lines += ["", "vision drafts that drew on your words: " + ", ".join(data["drafts"])]
    return "\n".join(lines)


def count_rows(store: Store) -> dict[str, int]:
    """Rows per table (for erasure reports and tests)."""
    return {t: store.db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in store.db.table_names()}


def erase_participant(store: Store, participant_id: int, *, vacuum: bool = True) -> dict:
    """Erase a participant and everything theirs (see the module doc), in one transaction; then
    truncate the WAL and VACUUM. Returns ``{"rows": n, "tables": {table: n}, "seconds": s,
    "checkpoint": (busy, log, checkpointed)}``. Raises NotFound."""
    started = time.perf_counter()
    conn = store.db.conn
    sqlite = store.dialect == "sqlite"
    if sqlite:
        secure = conn.execute("PRAGMA secure_delete").fetchone()[0]
        conn.execute("PRAGMA secure_delete = ON")
    rowid = store.row_key
    try:
        with store.transaction() as conn:
            row = conn.execute("SELECT session_id FROM participants WHERE id = ?", [participant_id]).fetchone()
            if row is None:
                raise NotFound(f"no participant {participant_id}")
            rowids, _plan = _owned_rowids(store, participant_id)
            keys = schema.foreign_keys()
            # Others' rows that point at rows about to go, without a cascade: unlink or drop them.
            for table, links in keys.items():
                for column, target, on_delete in links:
                    gone = rowids.get(target)
                    if not gone or on_delete.upper() in ("CASCADE", "SET NULL"):
                        continue
                    marks = ", ".join("?" * len(gone))
                    where = (f'"{column}" IN (SELECT id FROM "{target}" WHERE {rowid} IN ({marks}))'
                             + (f" AND {rowid} NOT IN ({', '.join('?' * len(rowids.get(table, ())))})"
                                if rowids.get(table) else ""))
                    params = [*sorted(gone), *sorted(rowids.get(table, ()))]
                    if schema.table(table).append_only:
                        conn.execute(f'DELETE FROM "{table}" WHERE {where}', params)
                    else:
                        conn.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE {where}', params)
            conn.execute("DELETE FROM poll_items WHERE proposed_by = ? AND status != 'approved'", [participant_id])
            counts = {table: len(ids) for table, ids in rowids.items() if ids}
            # Children first (the cascades would do it too; explicit deletes also cover a table
            # added without ON DELETE CASCADE on its second link).
            for table in reversed(list(rowids)):
                ids = sorted(rowids[table])
                for start in range(0, len(ids), 500):
                    chunk = ids[start:start + 500]
                    conn.execute(f'DELETE FROM "{table}" WHERE {rowid} IN ({", ".join("?" * len(chunk))})', chunk)
            conn.execute("INSERT INTO erasures (session_id, rows) VALUES (?, ?)", [row[0], sum(counts.values())])
        if not sqlite:
            # The deleted rows' versions leave the tables' files: VACUUM FULL writes each table
            # anew (what PostgreSQL's WAL and base backups keep: docs/privacy.md).
            for table in counts if vacuum else ():
                conn.execute(f'VACUUM (FULL) "{table}"')
            checkpoint = (0, -1, -1)
        else:
            checkpoint = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if vacuum:
                conn.execute("VACUUM")
                checkpoint = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        if sqlite:
            conn.execute(f"PRAGMA secure_delete = {int(secure)}")
    return {"rows": sum(counts.values()), "tables": counts, "seconds": time.perf_counter() - started,
            "checkpoint": tuple(checkpoint)}


def find_participant(store: Store, session_code: str, pseudonym: str) -> dict:
    """The participant of the session with join code ``session_code`` called ``pseudonym``."""
    from workbench.participation.codes import normalize_join_code
    code = normalize_join_code(session_code)
    row = next(store.db.query(
        "SELECT p.* FROM participants p JOIN sessions s ON s.id = p.session_id "
        "WHERE s.code = ? AND p.pseudonym = ?", [code, " ".join(str(pseudonym).split())]), None)
    if row is None:
        raise NotFound(f"no participant {pseudonym!r} in session {code}")
    return row


def count_erasures(store: Store, session_ids=None) -> int:
    """How many people withdrew and were erased (in the given sessions)."""
    if session_ids is None:
        return store.db.execute("SELECT count(*) FROM erasures").fetchone()[0]
    ids = list(session_ids)
    if not ids:
        return 0
    return store.db.execute(f"SELECT count(*) FROM erasures WHERE session_id IN ({', '.join('?' * len(ids))})",
                            ids).fetchone()[0]
