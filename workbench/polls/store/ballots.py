"""Ballots and pairwise answers in the store, working groups, and the data results are counted from.

Every write is one ``BEGIN IMMEDIATE`` transaction that first brings the poll's phase up to
date and then asks :mod:`workbench.polls.rules` whether the write is allowed, so the rules hold
whatever a page sent and however many people submit at once. A ballot is an upsert on
``UNIQUE (poll_id, participant_id)``: a second ballot replaces the first (``revision`` counts
the changes), and two submissions at the same moment leave exactly one.
"""
from __future__ import annotations

import datetime as dt
import json
import random

from workbench.core.errors import RuleError
from workbench.core.i18n import N_
from workbench.polls.rules import check_ballot, check_comparison, check_group_name, next_pair, pair_key
from workbench.participation.ratelimit import check_rate
from workbench.store.db import Store
from workbench.polls.store.polls import _check_member, get_poll, item_keys, list_items, now_utc, sync_phase


def cast_ballot(store: Store, poll_id: int, participant_id: int, ballot,
                now: dt.datetime | None = None, *, synthetic: bool = False) -> dict:
    """Write (or replace) the participant's ballot; return ``{"ballot", "revision"}``.

    Raises RuleError (poll not open, not a member of the poll) or ValidationError (the ballot
    breaks the method's rules: budget, range, unknown or repeated items). Nothing is written
    when it raises.
    """
    import workbench.voting  # noqa: F401  (the ballot parser loads numpy: not while holding the write lock)
    sync_phase(store, poll_id, now)  # a phase due by time is recorded even if the write is refused
    with store.transaction() as conn:
        poll = sync_phase(store, poll_id, now)
        _check_member(conn, poll, participant_id)
        keys = item_keys(store, poll_id)
        ballot = check_ballot(poll["method"], poll["params"], keys, ballot, poll["phase"])
        if not synthetic:
            check_rate(conn, participant_id, "ballot")
        conn.execute(
            "INSERT INTO ballots (poll_id, participant_id, ballot, synthetic) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (poll_id, participant_id) DO UPDATE SET ballot = excluded.ballot, "
            "revision = ballots.revision + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            [poll_id, participant_id, json.dumps(ballot, ensure_ascii=False), int(synthetic)])
        revision = conn.execute("SELECT revision FROM ballots WHERE poll_id = ? AND participant_id = ?",
                                [poll_id, participant_id]).fetchone()[0]
    return {"ballot": ballot, "revision": revision}


def withdraw_ballot(store: Store, poll_id: int, participant_id: int,
                    now: dt.datetime | None = None) -> bool:
    """Remove the participant's ballot while the poll is open; True if there was one."""
    with store.transaction() as conn:
        poll = sync_phase(store, poll_id, now)
        _check_member(conn, poll, participant_id)
        if poll["phase"] != "open":
            raise RuleError(N_("the poll is not open: ballots can no longer change"))
        return conn.execute("DELETE FROM ballots WHERE poll_id = ? AND participant_id = ?",
                            [poll_id, participant_id]).rowcount > 0


def get_ballot(store: Store, poll_id: int, participant_id: int):
    """The participant's current ballot, or None."""
    row = store.db.execute("SELECT ballot FROM ballots WHERE poll_id = ? AND participant_id = ?",
                           [poll_id, participant_id]).fetchone()
    return None if row is None else json.loads(row[0])


def count_voters(store: Store, poll_id: int) -> int:
    """How many people have voted: ballots, or people who answered at least one pair."""
    return store.db.execute(
        "SELECT (SELECT count(*) FROM ballots WHERE poll_id = ?) + "
        "(SELECT count(DISTINCT participant_id) FROM comparisons WHERE poll_id = ?)",
        [poll_id, poll_id]).fetchone()[0]


def count_comparisons(store: Store, poll_id: int, participant_id: int | None = None) -> int:
    where, params = ("AND participant_id = ?", [participant_id]) if participant_id else ("", [])
    return store.db.execute(f"SELECT count(*) FROM comparisons WHERE poll_id = ? {where}",
                            [poll_id, *params]).fetchone()[0]


# -- pairs ------------------------------------------------------------------------------------
def add_comparison(store: Store, poll_id: int, participant_id: int, first: str, second: str,
                   winner: str | None, reason: str | None = None, now: dt.datetime | None = None,
                   *, synthetic: bool = False) -> None:
    """Append one answer to the pair (``first``, ``second``) as shown: ``winner`` is one of them,
    or None for "can't decide" (with an optional reason). Each pair is answered once per person."""
    sync_phase(store, poll_id, now)  # a phase due by time is recorded even if the write is refused
    with store.transaction() as conn:
        poll = sync_phase(store, poll_id, now)
        _check_member(conn, poll, participant_id)
        keys = item_keys(store, poll_id)
        check_comparison(keys, (first, second), winner, reason,
                         answered_pairs(store, poll_id, participant_id), poll["phase"])
        if poll["method"] != "bradley-terry":
            raise RuleError(N_("this poll does not compare pairs"))
        conn.execute("INSERT INTO comparisons (poll_id, participant_id, first, second, winner, reason, pair, "
                     "synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [poll_id, participant_id, first, second, winner, reason, pair_key(first, second),
                      int(synthetic)])


def answered_pairs(store: Store, poll_id: int, participant_id: int) -> set[frozenset]:
    return {frozenset(row[0].split("\t")) for row in store.db.execute(
        "SELECT pair FROM comparisons WHERE poll_id = ? AND participant_id = ?", [poll_id, participant_id])}


def seen_counts(store: Store, poll_id: int) -> dict[str, int]:
    """How many answers each item took part in (everyone's)."""
    counts: dict[str, int] = {}
    for first, second, n in store.db.execute(
            "SELECT first, second, count(*) FROM comparisons WHERE poll_id = ? GROUP BY 1, 2", [poll_id]):
        counts[first] = counts.get(first, 0) + n
        counts[second] = counts.get(second, 0) + n
    return counts


def pair_for(store: Store, poll_id: int, participant_id: int,
             rng: random.Random | None = None) -> tuple[str, str] | None:
    """The next pair to show this participant, or None when they have answered every pair."""
    keys = item_keys(store, poll_id)
    return next_pair(keys, answered_pairs(store, poll_id, participant_id), seen_counts(store, poll_id),
                     rng or random.Random())


# -- groups and the data of results -----------------------------------------------------------
def set_group(store: Store, participant_id: int, name: str) -> None:
    """Record the working group a participant joined through (``?group=`` of the join link)."""
    name = check_group_name(name)
    with store.transaction() as conn:
        conn.execute("INSERT INTO participant_groups (participant_id, name) VALUES (?, ?)"
                     " ON CONFLICT (participant_id) DO UPDATE SET name = excluded.name",
                     [participant_id, name])


def attributes(store: Store, session_id: int) -> dict[int, dict]:
    """Each participant's group, language and demographics (country, age band, gender)."""
    out = {}
    for row in store.db.query(
            "SELECT p.id, p.language, g.name AS grp, d.country, d.age_band, d.gender FROM participants p "
            "LEFT JOIN participant_groups g ON g.participant_id = p.id "
            "LEFT JOIN demographics d ON d.participant_id = p.id WHERE p.session_id = ?", [session_id]):
        out[row["id"]] = {"group": row["grp"], "language": row["language"], "country": row["country"],
                          "age_band": row["age_band"], "gender": row["gender"]}
    return out


def poll_data(store: Store, poll_id: int):
    """Everything the results are counted from, as a :class:`workbench.polls.results.PollData`."""
    from workbench.polls.results import PollData
    poll = get_poll(store, poll_id)
    ballots = {pid: json.loads(text) for pid, text in store.db.execute(
        "SELECT participant_id, ballot FROM ballots WHERE poll_id = ? ORDER BY participant_id", [poll_id])}
    comparisons = list(store.db.query(
        "SELECT participant_id, first, second, winner, reason FROM comparisons WHERE poll_id = ? ORDER BY id",
        [poll_id]))
    return PollData(poll["method"], poll["params"], list_items(store, poll_id), ballots, comparisons,
                    attributes(store, poll["session_id"]))


def published_results(store: Store, poll_id: int, now: dt.datetime | None = None):
    """``(PollData, Result)`` of a closed poll whose results the facilitator published, for its
    participants. Raises RuleError when not published, or with fewer than SMALL_GROUP voters."""
    from workbench.participation.privacy import SMALL_GROUP
    from workbench.polls.results import tally
    from workbench.polls.rules import check_published
    poll = sync_phase(store, poll_id, now or now_utc())
    data = poll_data(store, poll_id)
    check_published(poll["results_published"], poll["phase"], len(data.voters()), SMALL_GROUP)
    return data, tally(data)


def results(store: Store, poll_id: int, now: dt.datetime | None = None):
    """``(PollData, Result)`` of a poll whose results may be seen now.

    Raises RuleError while results are hidden (until close, or before the poll opened).
    """
    from workbench.polls.results import tally
    from workbench.polls.rules import check_results_visible
    poll = sync_phase(store, poll_id, now or now_utc())
    check_results_visible(poll["hidden_until_close"], poll["phase"])
    data = poll_data(store, poll_id)
    return data, tally(data)

