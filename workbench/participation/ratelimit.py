"""Submissions per minute per participant: at most :data:`PER_MINUTE` contributions, comments
and ballots together in any 60 seconds.

The store calls :func:`check_rate` inside its write transaction (so two kernels of the same
person cannot both slip through); it counts the participant's recent submissions in the
``submission_times`` table, refuses with :class:`TooFast` (a message id: the screen shows it in
the participant's language) or records this one. Synthetic (demo) data and imports are not limited.
"""
from __future__ import annotations

import time

from workbench.core.errors import RuleError
from workbench.core.i18n import N_

PER_MINUTE = 10
WINDOW = 60.0
KEEP = 3600.0


class TooFast(RuleError):
    """Too many submissions in the last minute: wait a moment and send again."""


def check_rate(conn, participant_id: int, kind: str, *, now: float | None = None) -> None:
    """Refuse (TooFast) or record a submission of ``kind`` by ``participant_id``. Call inside
    ``store.transaction()`` with its connection."""
    now = time.time() if now is None else now
    conn.execute("DELETE FROM submission_times WHERE participant_id = ? AND sent_at < ?",
                 [participant_id, now - KEEP])
    recent = conn.execute("SELECT count(*) FROM submission_times WHERE participant_id = ? AND sent_at > ?",
                          [participant_id, now - WINDOW]).fetchone()[0]
    if recent >= PER_MINUTE:
        raise TooFast(N_("You have sent a lot in the last minute. Please wait a minute, then "
                         "send again."))
    conn.execute("INSERT INTO submission_times (participant_id, kind, sent_at) VALUES (?, ?, ?)",
                 [participant_id, kind, now])
