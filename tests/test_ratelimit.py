"""At most 10 contributions, comments and ballots per participant per minute, counted in the
database inside the write transaction; a clear message in the participant's language."""
from __future__ import annotations

import pytest

from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import JoinAnswers
from workbench.participation.ratelimit import PER_MINUTE, TooFast, check_rate
from workbench.visioning.store.contributions import add_contribution
from workbench.participation.store.participants import join_session
from workbench.visioning.store.sessions import add_visioning_session, update_phase


@pytest.fixture
def person(fresh_store):
    session = add_visioning_session(fresh_store, {"en": "W"}, [{"en": "In ten years …"}], {"en": "consent"})
    update_phase(fresh_store, session["id"], "gathering")
    return join_session(fresh_store, session["id"], JoinAnswers("Calm Heron", "en", 1, SYNTHETIC_CONSENT))


def test_the_eleventh_submission_in_a_minute_is_refused_and_later_accepted(fresh_store, person):
    with fresh_store.transaction() as conn:
        for second in range(PER_MINUTE):
            check_rate(conn, person["id"], "comment", now=1000.0 + second)
    with pytest.raises(TooFast, match="wait a minute"):
        with fresh_store.transaction() as conn:
            check_rate(conn, person["id"], "ballot", now=1030.0)
    with fresh_store.transaction() as conn:   # the first one is now more than 60 s old
        check_rate(conn, person["id"], "ballot", now=1060.5)
    assert fresh_store.db.execute("SELECT count(*) FROM submission_times").fetchone()[0] == PER_MINUTE + 1


def test_contributions_are_limited_and_nothing_is_written_when_refused(fresh_store, person):
    written = 0
    with pytest.raises(TooFast):
        for n in range(PER_MINUTE + 1):
            add_contribution(fresh_store, person["id"], f"Idea number {n}")
            written += 1
    assert written == PER_MINUTE
    assert fresh_store.db.execute("SELECT count(*) FROM contributions").fetchone()[0] == PER_MINUTE


def test_synthetic_data_is_not_limited(fresh_store, person):
    for n in range(PER_MINUTE + 3):
        add_contribution(fresh_store, person["id"], f"Demo idea {n}", synthetic=True)
    count = fresh_store.db.execute("SELECT count(*) FROM contributions WHERE synthetic = 1").fetchone()[0]
    assert count == PER_MINUTE + 3
    # Not counted either: the same person's own submissions still have the whole minute's allowance.
    assert fresh_store.db.execute("SELECT count(*) FROM submission_times").fetchone()[0] == 0
    with fresh_store.transaction() as conn:
        for _ in range(PER_MINUTE):
            check_rate(conn, person["id"], "comment")
    with pytest.raises(TooFast), fresh_store.transaction() as conn:
        check_rate(conn, person["id"], "comment")
