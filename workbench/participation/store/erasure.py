"""Everything stored about a participant (``my_data``) and erasing it (``erase_participant``).

Both walk the schema's foreign keys (:func:`workbench.participation.privacy.erasure_plan`), so a table another
feature adds with ``REFERENCES participants(id) ON DELETE CASCADE`` (or hanging from such a
table) is shown and erased without changing this module.

Erasure deletes the participants row itself (no tombstone: nothing is left that names them),
with ``secure_delete`` on so that freed pages are zeroed, then truncates the WAL and VACUUMs, so
the words are in no file of the database. Rows of other people that only pointed at the erased
rows lose the pointer (a merge into an erased contribution is undone); append-only rows that
pointed at them (a triage decision "duplicate of" an erased comment) are deleted. Proposals
for a poll not yet approved are erased; an approved item is the poll's and stays. A vision
draft's own text (the facilitators' composition) is not rewritten: ``my_data`` lists the
drafts that drew on the person's words, and the draft exports leave erased sources out.
An anonymous row in ``erasures`` (session, number of rows, time) lets reports say that counts
already published are not recomputed.
"""
from __future__ import annotations

import json
import time

from workbench.core.errors import NotFound
from workbench.participation.privacy import erasure_plan
from workbench.store.db import Store

#: Never shown in "my data" (a hash is no use to the person and should not travel).
_HIDDEN_COLUMNS = {"return_code_hash"}


def _foreign_keys(store: Store) -> dict[str, list[tuple[str, str, str]]]:
    keys = {}
    for table in store.db.table_names():
        rows = store.db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
        keys[table] = [(row[3], row[2], row[6]) for row in rows]   # from, table, on_delete
    return keys


def _owned_rowids(store: Store, participant_id: int) -> tuple[dict[str, set[int]], list]:
    """{table: rowids of the participant's rows and of rows hanging from them}, and the plan."""
    plan = erasure_plan(_foreign_keys(store))
    rowids: dict[str, set[int]] = {"participants": {participant_id}}
    for table, column, parent in plan:
        ids = rowids.get(parent, set())
        if not ids:
            continue
        marks = ", ".join("?" * len(ids))
        found = store.db.execute(
            f'SELECT rowid FROM "{table}" WHERE "{column}" IN (SELECT id FROM "{parent}" WHERE rowid IN ({marks}))',
            list(ids)).fetchall()
        rowids.setdefault(table, set()).update(row[0] for row in found)
    return rowids, plan


def _rows(store: Store, table: str, rowids: set[int]) -> list[dict]:
    if not rowids:
        return []
    marks = ", ".join("?" * len(rowids))
    cursor = store.db.execute(f'SELECT * FROM "{table}" WHERE rowid IN ({marks}) ORDER BY rowid', sorted(rowids))
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
    participant = _rows(store, "participants", {participant_id})
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


def _append_only(store: Store, table: str) -> bool:
    return bool(store.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                                 "AND sql LIKE '%BEFORE UPDATE%'", [table]).fetchone())


def erase_participant(store: Store, participant_id: int, *, vacuum: bool = True) -> dict:
    """Erase a participant and everything theirs (see the module doc), in one transaction; then
    truncate the WAL and VACUUM. Returns ``{"rows": n, "tables": {table: n}, "seconds": s,
    "checkpoint": (busy, log, checkpointed)}``. Raises NotFound."""
    started = time.perf_counter()
    conn = store.db.conn
    secure = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    try:
        with store.transaction() as conn:
            row = conn.execute("SELECT session_id FROM participants WHERE id = ?", [participant_id]).fetchone()
            if row is None:
                raise NotFound(f"no participant {participant_id}")
            rowids, _plan = _owned_rowids(store, participant_id)
            keys = _foreign_keys(store)
            # Others' rows that point at rows about to go, without a cascade: unlink or drop them.
            for table, links in keys.items():
                for column, target, on_delete in links:
                    gone = rowids.get(target)
                    if not gone or on_delete.upper() in ("CASCADE", "SET NULL"):
                        continue
                    marks = ", ".join("?" * len(gone))
                    where = (f'"{column}" IN (SELECT id FROM "{target}" WHERE rowid IN ({marks}))'
                             + (f" AND rowid NOT IN ({', '.join('?' * len(rowids.get(table, ())))})"
                                if rowids.get(table) else ""))
                    params = [*sorted(gone), *sorted(rowids.get(table, ()))]
                    if _append_only(store, table):
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
                    conn.execute(f'DELETE FROM "{table}" WHERE rowid IN ({", ".join("?" * len(chunk))})', chunk)
            conn.execute("INSERT INTO erasures (session_id, rows) VALUES (?, ?)", [row[0], sum(counts.values())])
        checkpoint = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if vacuum:
            conn.execute("VACUUM")
            checkpoint = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
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
