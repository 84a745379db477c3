"""Contributions to visioning sessions, interpreters' translations of them, and readers'
requests for a translation.

Every write checks the rules of :mod:`workbench.visioning.rules` inside its transaction (phase,
author, limits), so what a screen disabled cannot be done by a forged widget message either.
Translations are appended; the latest per contribution and language is shown. A reader shown a
contribution with no translation into her language asks for one (:func:`request_translation`:
once per contribution, reader and language), unless its author said no to translation; the
interpreters see what is waiting, most requested first (:func:`waiting_for_translation`).
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from workbench.core.errors import NotFound, RuleError
from workbench.core.i18n import N_
from workbench.participation.rules import check_language_tag
from workbench.participation.ratelimit import check_rate
from workbench.store.db import Store, insert_id
from workbench.participation.store.filters import in_clause
from workbench.participation.privacy import agreed
from workbench.participation.store.participants import get_participant, latest_consent
from workbench.visioning.store.sessions import get_phase
from workbench.core.cleaning import clean_text
from workbench.visioning.rules import (
    MAX_TRANSLATION_CHARS,
    check_author,
    check_can_write,
    check_contribution,
    check_edit,
    is_visible,
)

NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


def add_contribution(store: Store, participant_id: int, text: str, *, prompt: int = 0,
                     language: str | None = None, synthetic: bool = False) -> dict:
    """Add a participant's contribution to their session; return it.

    ``language`` defaults to the participant's. Raises RuleError (phase, too many) or
    ValidationError (empty, too long, no such prompt).
    """
    with store.transaction() as conn:
        participant = get_participant(store, participant_id)
        session_id = participant["session_id"]
        check_can_write(get_phase(store, session_id))
        prompts = _prompt_count(store, session_id)
        written = conn.execute("SELECT count(*) FROM contributions WHERE participant_id = ? "
                               "AND withdrawn_at IS NULL", [participant_id]).fetchone()[0]
        text = check_contribution(text, prompt=prompt, prompts=prompts, written=written)
        if not synthetic:
            check_rate(conn, participant_id, "contribution")
        language = check_language_tag(language or participant["language"])
        cid = insert_id(conn,
            "INSERT INTO contributions (session_id, participant_id, prompt, language, text, synthetic) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [session_id, participant_id, prompt, language, text, int(synthetic)])
    return get_contribution(store, cid)


def get_contribution(store: Store, contribution_id: int) -> dict:
    """One contribution as stored (``hidden_reason``, ``merged_into``, ``withdrawn_at`` may be set)."""
    row = next(store.db.query("SELECT * FROM contributions WHERE id = ?", [contribution_id]), None)
    if row is None:
        raise NotFound(f"no contribution {contribution_id}")
    return row


def update_contribution(store: Store, contribution_id: int, participant_id: int, text: str) -> dict:
    """Replace the text of one's own contribution while the phase is open and nobody else has
    reacted to it yet. Raises RuleError or ValidationError."""
    with store.transaction() as conn:
        contribution = get_contribution(store, contribution_id)
        check_can_write(get_phase(store, contribution["session_id"]))
        others = conn.execute("SELECT count(DISTINCT participant_id) FROM reactions WHERE contribution_id = ? "
                              "AND participant_id != ?", [contribution_id, participant_id]).fetchone()[0]
        check_edit(contribution, participant_id, others)
        prompts = _prompt_count(store, contribution["session_id"])
        text = check_contribution(text, prompt=contribution["prompt"], prompts=prompts, written=0)
        conn.execute(f"UPDATE contributions SET text = ?, updated_at = {NOW} WHERE id = ?", [text, contribution_id])
    return get_contribution(store, contribution_id)


def withdraw_contribution(store: Store, contribution_id: int, participant_id: int) -> None:
    """The author takes a contribution back while the phase is open: its words and their
    translations are deleted; the row stays (empty) so that reaction counts remain explainable."""
    with store.transaction() as conn:
        contribution = get_contribution(store, contribution_id)
        check_can_write(get_phase(store, contribution["session_id"]))
        check_author(contribution, participant_id)
        conn.execute(f"UPDATE contributions SET text = '', withdrawn_at = {NOW}, updated_at = {NOW} "
                     "WHERE id = ?", [contribution_id])
        conn.execute("DELETE FROM contribution_translations WHERE contribution_id = ?", [contribution_id])
        conn.execute("DELETE FROM translation_requests WHERE contribution_id = ?", [contribution_id])


def list_contributions(store: Store, session_ids: Iterable[int] | None = None, *,
                       participant_id: int | None = None, visible_only: bool = True,
                       language: str | None = None, tag: str | None = None) -> list[dict]:
    """Contributions, oldest first, each with ``tags`` (sorted) and ``translations``
    ({language: text}, the latest of each). Filters: sessions, author, language, tag;
    ``visible_only`` leaves out withdrawn, hidden and merged ones."""
    where, params = in_clause("c.session_id", session_ids)
    clauses = [where]
    if participant_id is not None:
        clauses.append("c.participant_id = ?")
        params.append(participant_id)
    if visible_only:
        clauses.append("c.withdrawn_at IS NULL AND c.hidden_reason IS NULL AND c.merged_into IS NULL")
    if language:
        clauses.append("c.language = ?")
        params.append(language)
    if tag:
        clauses.append("EXISTS (SELECT 1 FROM contribution_tags t WHERE t.contribution_id = c.id AND t.tag = ?)")
        params.append(tag)
    rows = list(store.db.query(f"SELECT c.* FROM contributions c WHERE {' AND '.join(clauses)} ORDER BY c.id",
                               params))
    ids = [row["id"] for row in rows]
    tags, translations = _tags_of(store, ids), translations_of(store, ids)
    return [{**row, "tags": tags.get(row["id"], []), "translations": translations.get(row["id"], {})}
            for row in rows]


def _tags_of(store: Store, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        where, params = in_clause("contribution_id", chunk)
        for cid, tag in store.db.execute(f"SELECT contribution_id, tag FROM contribution_tags WHERE {where} "
                                         "ORDER BY tag", params):
            out.setdefault(cid, []).append(tag)
    return out


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def add_translation(store: Store, contribution_id: int, language: str, text: str, *,
                    translator_id: int | None = None) -> None:
    """Add (or replace, by appending) a translation of a contribution.

    ``translator_id`` is the interpreter's participant id; it must have the interpreter role
    (``None`` = the facilitator, whose screen checked the key). Raises RuleError or ValidationError.
    """
    language = check_language_tag(language)
    text = clean_text(text, "translation", MAX_TRANSLATION_CHARS, empty=N_("translation is empty"),
                      too_long=N_("translation is %(n)d characters long; the limit is %(limit)d"))
    with store.transaction() as conn:
        contribution = get_contribution(store, contribution_id)
        if contribution["withdrawn_at"]:
            raise RuleError(N_("contribution %(id)s was withdrawn by its author"), id=contribution_id)
        if language == contribution["language"]:
            raise RuleError(N_("contribution %(id)s is already in %(language)s"), id=contribution_id,
                            language=language)
        if translator_id is not None and get_participant(store, translator_id)["role"] != "interpreter":
            raise RuleError(N_("only interpreters may add translations; ask the facilitator for the role"))
        from workbench.participation.store.return_codes import check_author_agreed   # the author may have refused translation
        check_author_agreed(store, contribution["participant_id"], "translate", f"contribution {contribution_id}")
        conn.execute("INSERT INTO contribution_translations (contribution_id, language, text, translator_id) "
                     "VALUES (?, ?, ?, ?)", [contribution_id, language, text, translator_id])


def translations_of(store: Store, contribution_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """{contribution id: {language: latest translation}}."""
    out: dict[int, dict[str, str]] = {}
    for chunk in _chunks(list(contribution_ids)):
        where, params = in_clause("contribution_id", chunk)
        for cid, language, text in store.db.execute(
                f"SELECT contribution_id, language, text FROM contribution_translations WHERE {where} "
                "ORDER BY id", params):
            out.setdefault(cid, {})[language] = text
    return out


#: What :func:`request_translation` found: a request is recorded (now or before); a translation
#: into the reader's language exists; nothing to translate (her own, or in her language); the
#: author said no to translation (nothing recorded).
REQUESTED, TRANSLATED, NOT_NEEDED, REFUSED = "requested", "translated", "not_needed", "refused"


def request_translation(store: Store, contribution_id: int, reader_id: int) -> str:
    """A reader is shown a contribution: ask for its translation into her language (the one
    stored with her), if it has none. Recorded once per contribution, reader and language:
    asking again changes nothing. Only the author's consent matters: if she said no to
    translation, nothing is recorded and :data:`REFUSED` is returned.

    Returns :data:`REQUESTED`, :data:`TRANSLATED`, :data:`NOT_NEEDED` or :data:`REFUSED`.
    Raises NotFound, or RuleError when the contribution is not shown (withdrawn, hidden,
    merged) or is of another session than the reader's.
    """
    with store.transaction() as conn:
        contribution = get_contribution(store, contribution_id)
        reader = get_participant(store, reader_id)
        if reader["session_id"] != contribution["session_id"]:
            raise RuleError(f"contribution {contribution_id} is not of this participant's session")
        if not is_visible(contribution):
            raise RuleError(f"contribution {contribution_id} is not shown to participants")
        language = reader["language"]
        if contribution["participant_id"] == reader_id or contribution["language"] == language:
            return NOT_NEEDED
        consent = latest_consent(store, contribution["participant_id"])
        if not agreed(consent and consent["answers"], "translate"):
            return REFUSED
        if conn.execute("SELECT 1 FROM contribution_translations WHERE contribution_id = ? AND language = ?",
                        [contribution_id, language]).fetchone():
            return TRANSLATED
        conn.execute("INSERT INTO translation_requests (contribution_id, reader_id, language) "
                     "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [contribution_id, reader_id, language])
    return REQUESTED


def waiting_for_translation(store: Store, session_ids: Iterable[int] | None = None) -> list[dict]:
    """What readers asked to have translated and is not yet, most requested first (ties: the
    oldest first): shown contributions whose author did not say no to translation, each with
    ``id``, ``session_id``, ``language``, ``text``, ``requests`` ({language: readers who asked},
    most asked first; only languages with no translation yet) and ``waiting`` (their sum).
    Never who asked."""
    from workbench.participation.store.return_codes import refusers
    where, params = in_clause("c.session_id", session_ids)
    rows = store.db.execute(
        "SELECT r.contribution_id, r.language, count(*) FROM translation_requests r "
        f"JOIN contributions c ON c.id = r.contribution_id WHERE {where} AND c.withdrawn_at IS NULL "
        "AND c.hidden_reason IS NULL AND c.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM "
        "contribution_translations t WHERE t.contribution_id = r.contribution_id AND t.language = r.language) "
        "GROUP BY 1, 2", params).fetchall()
    requests: dict[int, dict[str, int]] = {}
    for cid, language, n in rows:
        requests.setdefault(cid, {})[language] = n
    refused = refusers(store, "translate") if requests else set()
    waiting = []
    for chunk in _chunks(sorted(requests)):
        marks = ", ".join("?" * len(chunk))
        for row in store.db.query(f"SELECT id, session_id, participant_id, language, text FROM contributions "
                                  f"WHERE id IN ({marks})", chunk):
            if row["participant_id"] in refused:
                continue
            asked = dict(sorted(requests[row["id"]].items(), key=lambda pair: (-pair[1], pair[0])))
            waiting.append({"id": row["id"], "session_id": row["session_id"], "language": row["language"],
                            "text": row["text"], "requests": asked, "waiting": sum(asked.values())})
    return sorted(waiting, key=lambda item: (-item["waiting"], item["id"]))


def count_by(store: Store, column: str, session_ids: Iterable[int] | None = None) -> dict:
    """Shown contributions per ``session_id`` or ``language``."""
    if column not in ("session_id", "language"):
        raise ValueError(f"cannot count contributions by {column!r}")
    where, params = in_clause("session_id", session_ids)
    return dict(store.db.execute(
        f"SELECT {column}, count(*) FROM contributions WHERE {where} AND withdrawn_at IS NULL "
        f"AND hidden_reason IS NULL AND merged_into IS NULL GROUP BY 1 ORDER BY 1", params).fetchall())


def _prompt_count(store: Store, session_id: int) -> int:
    """How many prompts the session asks."""
    return len(json.loads(store.db.execute("SELECT prompts FROM sessions WHERE id = ?", [session_id]).fetchone()[0]))
