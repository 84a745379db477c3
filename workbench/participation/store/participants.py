"""Participants joining sessions: pseudonym, language, consent records, optional demographics.

Shared by every participant app (visioning, feedback, vote). Consent records are appended,
never updated: the latest record per participant is their current answer, and "what had they
agreed to on date D" stays answerable.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from workbench.core.errors import NotFound
from workbench.core.i18n import N_
from workbench.participation.privacy import USES, agreed
from workbench.participation.rules import (
    PREFER_NOT,
    Demographics,
    JoinAnswers,
    PseudonymRefused,
    check_consent,
    check_consent_answers,
    check_demographics,
    check_join,
    check_language_tag,
    check_role,
)
from workbench.store.db import Store, insert_id
from workbench.participation.store.filters import in_clause

#: A participant's page may outlive her record (erased meanwhile): the refusal it then meets.
NO_PARTICIPANT = N_("no participant %(id)s")


def join_session(store: Store, session_id: int, answers: JoinAnswers, *,
                 synthetic: bool = False) -> dict:
    """Add a participant to a session with their consent record and demographics; return them.

    Everything is checked inside the one write transaction: the session is open, the consent
    answers agree to the current consent text and say yes or no to every use of the person's
    words (a missing one is refused, never taken as yes), the pseudonym is free in this session.
    Raises NotFound, RuleError or ValidationError.
    """
    with store.transaction() as conn:
        session = _session(store, session_id)
        answers = check_join(answers, session)
        if conn.execute("SELECT 1 FROM participants WHERE session_id = ? AND pseudonym = ?",
                        [session_id, answers.pseudonym]).fetchone():
            raise PseudonymRefused(f"someone in this session already uses the pseudonym "
                            f"{answers.pseudonym!r}; choose another")
        participant_id = insert_id(conn,
            "INSERT INTO participants (session_id, pseudonym, language, synthetic) VALUES (?, ?, ?, ?)",
            [session_id, answers.pseudonym, answers.language, int(synthetic)])
        conn.execute("INSERT INTO consent_records (participant_id, version, answers) VALUES (?, ?, ?)",
                     [participant_id, answers.consent_version, json.dumps(answers.consent, sort_keys=True)])
        _write_demographics(conn, participant_id, answers.demographics)
    return get_participant(store, participant_id)


def _session(store: Store, session_id: int) -> dict:
    row = next(store.db.query("SELECT id, kind, phase, consent_version FROM sessions WHERE id = ?",
                              [session_id]), None)
    if row is None:
        raise NotFound(f"no session {session_id}")
    return row


def _write_demographics(conn, participant_id: int, answers: Demographics) -> None:
    """Write checked answers (:func:`check_demographics`): languages as a JSON list of tags, and
    languages typed that are in no list as a JSON list of texts (``other_languages``)."""
    languages, others = answers.languages, answers.other_languages
    if isinstance(languages, tuple):
        languages = json.dumps(list(languages))
    others = json.dumps(list(others), ensure_ascii=False) if others else None
    conn.execute("INSERT INTO demographics (participant_id, country, languages, age_band, gender, "
                 "other_languages) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (participant_id) DO UPDATE SET"
                 " country = excluded.country, languages = excluded.languages, age_band = excluded.age_band,"
                 " gender = excluded.gender, other_languages = excluded.other_languages,"
                 " recorded_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                 [participant_id, answers.country, languages, answers.age_band, answers.gender, others])


def get_participant(store: Store, participant_id: int) -> dict:
    """One participant: id, session_id, pseudonym, language, role, synthetic, joined_at."""
    row = next(store.db.query("SELECT * FROM participants WHERE id = ?", [participant_id]), None)
    if row is None:
        raise NotFound(NO_PARTICIPANT, id=participant_id)
    return row


def list_participants(store: Store, session_id: int) -> list[dict]:
    """A session's participants, in joining order."""
    return list(store.db.query("SELECT * FROM participants WHERE session_id = ? ORDER BY id", [session_id]))


def update_role(store: Store, participant_id: int, role: str) -> dict:
    """Grant or take back a role (``interpreter`` or ``participant``); return the participant."""
    role = check_role(role)
    with store.transaction() as conn:
        get_participant(store, participant_id)
        conn.execute("UPDATE participants SET role = ? WHERE id = ?", [role, participant_id])
    return get_participant(store, participant_id)


def update_language(store: Store, participant_id: int, language: str) -> dict:
    """Remember a participant's new language for the session; return them."""
    language = check_language_tag(language)
    with store.transaction() as conn:
        get_participant(store, participant_id)
        conn.execute("UPDATE participants SET language = ? WHERE id = ?", [language, participant_id])
    return get_participant(store, participant_id)


def add_consent(store: Store, participant_id: int, version: int, answers: dict) -> None:
    """Append a consent record: a later change of answers (yes or no to every use, as when
    joining), or a withdrawal (``take_part`` false), which needs no agreement to the current text.

    A change to the current consent text needs its version; so does a new yes. A change that
    only says no (to the text the person last agreed to, ``version`` of her latest record)
    needs no reading of a newer text: a refusal is always honoured."""
    with store.transaction() as conn:
        participant = get_participant(store, participant_id)
        current = _session(store, participant["session_id"])["consent_version"]
        if answers.get("take_part"):
            check_consent_answers(answers)
            latest = latest_consent(store, participant_id)
            only_refusals = latest is not None and version == latest["version"] and all(
                value is False or agreed(latest["answers"], use) for use, value in answers.items() if use in USES)
            answers = check_consent(answers, version, version if only_refusals else current)
        else:
            answers = check_consent_answers(answers)
        conn.execute("INSERT INTO consent_records (participant_id, version, answers) VALUES (?, ?, ?)",
                     [participant_id, version, json.dumps(answers, sort_keys=True)])


def latest_consent(store: Store, participant_id: int) -> dict | None:
    """The participant's current consent answers with version and time, or None."""
    row = next(store.db.query("SELECT * FROM consent_records WHERE participant_id = ? "
                              "ORDER BY id DESC LIMIT 1", [participant_id]), None)
    return None if row is None else {**row, "answers": json.loads(row["answers"])}


def update_demographics(store: Store, participant_id: int, answers: Demographics) -> None:
    """Replace a participant's optional answers (checked first)."""
    answers = check_demographics(answers)
    with store.transaction() as conn:
        get_participant(store, participant_id)
        _write_demographics(conn, participant_id, answers)


def get_demographics(store: Store, participant_id: int) -> Demographics:
    row = next(store.db.query("SELECT * FROM demographics WHERE participant_id = ?", [participant_id]), None)
    if row is None:
        return Demographics()
    languages, others = row["languages"], row["other_languages"]
    if languages not in (None, PREFER_NOT):
        languages = tuple(json.loads(languages))
    return Demographics(row["country"], languages, row["age_band"], row["gender"],
                        tuple(json.loads(others)) if others else None)


def count_countries(store: Store, session_ids: Iterable[int] | None = None) -> int:
    """How many distinct countries the sessions' participants gave (prefer-not excluded)."""
    where, params = in_clause("p.session_id", session_ids)
    return store.db.execute(
        f"SELECT count(DISTINCT d.country) FROM demographics d JOIN participants p ON p.id = d.participant_id "
        f"WHERE {where} AND d.country IS NOT NULL AND d.country != ?", [*params, PREFER_NOT]).fetchone()[0]


def country_counts(store: Store, session_ids: Iterable[int] | None = None, *, min_count: int = 1) -> dict[str, int]:
    """Participants per country (``prefer_not_to_say`` and unanswered under their own keys).

    ``min_count`` hides countries with fewer people (exports use 5: no small cells).
    """
    where, params = in_clause("p.session_id", session_ids)
    rows = store.db.execute(
        f"SELECT coalesce(d.country, 'unanswered'), count(*) FROM participants p "
        f"LEFT JOIN demographics d ON d.participant_id = p.id WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1",
        params).fetchall()
    return {country: n for country, n in rows if n >= min_count}
