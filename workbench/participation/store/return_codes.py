"""Return codes (coming back after a reload, or on another phone) and assisted participants.

A return code is shown once, right after it is made; only its hash is stored with the
participant. Resuming with a wrong code is recorded per session and, past the limit in
:mod:`workbench.participation.privacy`, refused for a while. An assisted participant is one a facilitator or
interpreter entered for a person without a device (or on a phone call), after recording that
the person agreed; what the helper enters is in that participant's name, and the person sees
it all after coming back with their return code.
"""
from __future__ import annotations

import json
import time

from workbench.core.errors import NotFound, RuleError, ValidationError
from workbench.core.i18n import N_
from workbench.participation.rules import JoinAnswers
from workbench.participation.privacy import (
    check_attempts,
    hash_return_code,
    new_return_code,
)
from workbench.store.db import Store
from workbench.participation.store.participants import get_participant, join_session, latest_consent


def issue_return_code(store: Store, participant_id: int) -> str:
    """Make a new return code for a participant (replacing any earlier one); return it, once."""
    participant = get_participant(store, participant_id)
    for _attempt in range(5):
        code = new_return_code()
        digest = hash_return_code(code, participant["session_id"])
        with store.transaction() as conn:
            if conn.execute("SELECT 1 FROM participants WHERE session_id = ? AND return_code_hash = ?",
                            [participant["session_id"], digest]).fetchone():
                continue   # astronomically rare: draw again
            conn.execute("UPDATE participants SET return_code_hash = ? WHERE id = ?", [digest, participant_id])
        return code
    raise RuleError(N_("could not make a return code; please try again"))


def resume_participant(store: Store, session_id: int, code: str, *, now: float | None = None) -> dict:
    """The participant of ``session_id`` whose return code is ``code``.

    Raises ValidationError for a malformed code, NotFound for a wrong one (recorded), RuleError
    when too many wrong codes were tried in this session lately.
    """
    now = time.time() if now is None else now
    times = [row[0] for row in store.db.execute(
        "SELECT attempted_at FROM return_code_attempts WHERE session_id = ?", [session_id])]
    check_attempts(times, now)
    try:
        digest = hash_return_code(code, session_id)
    except ValidationError:
        _wrong(store, session_id, now)
        raise
    row = next(store.db.query("SELECT id FROM participants WHERE session_id = ? AND return_code_hash = ?",
                              [session_id, digest]), None)
    if row is None:
        _wrong(store, session_id, now)
        raise NotFound(N_("no participant of this session has this return code; please check it"))
    return get_participant(store, row["id"])


def _wrong(store: Store, session_id: int, now: float) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO return_code_attempts (session_id, attempted_at) VALUES (?, ?)", [session_id, now])
        conn.execute("DELETE FROM return_code_attempts WHERE attempted_at < ?", [now - 86400])


def add_assisted_participant(store: Store, session_id: int, answers: JoinAnswers, *, helper: str,
                             how: str = "") -> tuple[dict, str]:
    """Join a person on their behalf: ``helper`` is ``'facilitator'`` or the helping interpreter's
    participant id (as text); ``answers`` are the consent answers as the person said them aloud;
    ``how`` notes how they agreed (e.g. "by phone, read aloud in Swahili"). Returns the
    participant and their return code (to give to the person)."""
    helper = str(helper).strip()
    if helper != "facilitator":
        if not helper.isdigit():
            raise ValidationError(f"helper {helper!r}: 'facilitator' or an interpreter's participant id")
        interpreter = get_participant(store, int(helper))
        if interpreter["role"] != "interpreter" or interpreter["session_id"] != session_id:
            raise RuleError(f"participant {helper} is not an interpreter of this session")
    with store.transaction() as conn:
        participant = join_session(store, session_id, answers)
        conn.execute("UPDATE participants SET assisted_by = ? WHERE id = ?", [helper, participant["id"]])
        conn.execute("INSERT INTO assisted_agreements (participant_id, helper, how) VALUES (?, ?, ?)",
                     [participant["id"], helper, str(how)[:500]])
        code = issue_return_code(store, participant["id"])
    return get_participant(store, participant["id"]), code


def refusers(store: Store, use: str) -> set[int]:
    """Participants whose latest consent says no to ``use`` (quote, translate, share_numbers)."""
    from workbench.participation.privacy import agreed
    rows = store.db.execute("SELECT participant_id, answers FROM consent_records WHERE id IN "
                            "(SELECT max(id) FROM consent_records GROUP BY participant_id)")
    return {pid for pid, answers in rows if not agreed(json.loads(answers), use)}


def check_author_agreed(store: Store, participant_id: int | None, use: str, what: str) -> None:
    """Raise RuleError if participant ``participant_id`` refused ``use`` (None: no author, fine)."""
    if participant_id is None:
        return
    from workbench.participation.privacy import check_use
    consent = latest_consent(store, participant_id)
    if consent is None:
        raise NotFound(f"no consent record of participant {participant_id}")
    check_use(consent["answers"], use, what)
