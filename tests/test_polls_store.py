"""Polls in the store: phases by hand and by time, ballots replaced and never lost, hidden results,
pairs, proposals, working groups, and 60 people submitting at once."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import time

import pytest

from workbench.core.errors import NotFound, RuleError, ValidationError
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import Demographics, JoinAnswers
from workbench.store import Store
from workbench.polls.store.ballots import (
    add_comparison,
    answered_pairs,
    attributes,
    cast_ballot,
    count_voters,
    get_ballot,
    pair_for,
    results,
    set_group,
    withdraw_ballot,
)
from workbench.participation.store.participants import join_session
from workbench.polls.store.polls import (
    add_poll,
    add_proposal,
    decide_proposal,
    find_poll,
    get_poll,
    list_items,
    list_polls,
    list_proposals,
    resolve_source,
    source_choices,
    sync_phase,
    update_phase,
    update_poll,
)
from workbench.visioning.store.sessions import list_phase_changes

T = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def make_poll(store, source="goal:1.1", method="schulze", params=None, **kwargs) -> dict:
    items, found = resolve_source(store, source, kwargs.pop("lines", ()))
    return add_poll(store, {"en": "Which first?"}, items, method, params, source=found, **kwargs)


def join(store, poll, name="Calm Heron 11", country=None, group=None) -> int:
    pid = join_session(store, poll["session_id"], JoinAnswers(name, "en", 1, SYNTHETIC_CONSENT,
                                                              Demographics(country)))["id"]
    if group:
        set_group(store, pid, group)
    return pid


def test_create_find_and_list(plan_store):
    poll = make_poll(plan_store)
    assert poll["phase"] == "draft" and poll["hidden_until_close"] and poll["method"] == "schulze"
    assert poll["source"] == {"kind": "goal", "ref": "1.1", "plan": poll["source"]["plan"]}
    assert [i.key for i in list_items(plan_store, poll["id"])][:3] == ["1.1.1", "1.1.2", "1.1.3"]
    assert find_poll(plan_store, poll["code"].lower())["id"] == poll["id"]
    assert [p["id"] for p in list_polls(plan_store)] == [poll["id"]]
    assert "en" in poll["consent"]
    with pytest.raises(NotFound):
        get_poll(plan_store, 99)
    with pytest.raises(ValidationError, match="unknown source"):
        make_poll(plan_store, source="goals:1")
    typed = make_poll(plan_store, source="typed", method="approval", lines=["Nairobi", "Lima"])
    assert [i.title["en"] for i in list_items(plan_store, typed["id"])] == ["Nairobi", "Lima"]
    sources = dict((value, label) for label, value in source_choices(plan_store))
    assert {"plan", "theme:1", "goal:1.1", "list:barriers", "list:barriers/4"} <= set(sources)


def test_phases_by_hand_and_at_their_times(plan_store):
    poll = make_poll(plan_store, opens_at=T, closes_at=T + dt.timedelta(hours=2))
    assert sync_phase(plan_store, poll["id"], T - dt.timedelta(minutes=1))["phase"] == "draft"
    assert sync_phase(plan_store, poll["id"], T + dt.timedelta(minutes=1))["phase"] == "open"
    pid = join(plan_store, poll)
    cast_ballot(plan_store, poll["id"], pid, ["1.1.2"], T + dt.timedelta(hours=1))
    # nobody pressed "close": the closing time alone refuses a late ballot
    with pytest.raises(RuleError, match="this poll is closed: ballots are no longer accepted"):
        cast_ballot(plan_store, poll["id"], pid, ["1.1.3"], T + dt.timedelta(hours=3))
    assert get_ballot(plan_store, poll["id"], pid) == ["1.1.2"]
    changes = list_phase_changes(plan_store, poll["session_id"])
    assert [c["phase"] for c in changes] == ["draft", "open", "closed"]
    assert changes[1]["changed_at"] == "2025-03-01T12:00:00Z"
    with pytest.raises(RuleError, match="stays closed"):
        update_phase(plan_store, poll["id"], "open", T + dt.timedelta(hours=4))
    other = make_poll(plan_store)
    assert update_phase(plan_store, other["id"], "open")["phase"] == "open"
    assert update_phase(plan_store, other["id"], "closed")["phase"] == "closed"


def test_one_ballot_per_person_replaced_until_close(plan_store):
    poll = make_poll(plan_store, method="dots", params={"budget": 5, "max_per_item": 2})
    update_phase(plan_store, poll["id"], "open")
    pid = join(plan_store, poll)
    assert cast_ballot(plan_store, poll["id"], pid, {"1.1.1": 2, "1.1.2": 1}) == {
        "ballot": {"1.1.1": 2, "1.1.2": 1}, "revision": 1}
    assert cast_ballot(plan_store, poll["id"], pid, {"1.1.3": 2})["revision"] == 2
    assert get_ballot(plan_store, poll["id"], pid) == {"1.1.3": 2}
    assert plan_store.db.execute("SELECT count(*) FROM ballots").fetchone()[0] == 1
    with pytest.raises(ValidationError, match="more than the budget of 5"):
        cast_ballot(plan_store, poll["id"], pid, {"1.1.1": 2, "1.1.2": 2, "1.1.3": 2})
    assert get_ballot(plan_store, poll["id"], pid) == {"1.1.3": 2}       # the refused one wrote nothing
    stranger = join(plan_store, _open(plan_store, make_poll(plan_store, method="approval")), "Kind Owl 12")
    with pytest.raises(RuleError, match="did not join poll"):
        cast_ballot(plan_store, poll["id"], stranger, {"1.1.1": 1})
    assert withdraw_ballot(plan_store, poll["id"], pid) and get_ballot(plan_store, poll["id"], pid) is None
    update_phase(plan_store, poll["id"], "closed")
    with pytest.raises(RuleError, match="closed"):
        cast_ballot(plan_store, poll["id"], pid, {"1.1.1": 1})


def _open(store, poll):
    return update_phase(store, poll["id"], "open")


def test_results_hidden_until_close_for_everyone(plan_store):
    poll = _open(plan_store, make_poll(plan_store, method="approval"))
    pid = join(plan_store, poll)
    cast_ballot(plan_store, poll["id"], pid, ["1.1.4"])
    assert count_voters(plan_store, poll["id"]) == 1
    with pytest.raises(RuleError, match="hidden until it closes"):
        results(plan_store, poll["id"])
    with pytest.raises(RuleError, match="cannot be lifted"):
        update_poll(plan_store, poll["id"], hidden_until_close=False)
    update_phase(plan_store, poll["id"], "closed")
    data, result = results(plan_store, poll["id"])
    assert result.winners == ["1.1.4"] and data.voters() == [pid]

    visible = _open(plan_store, make_poll(plan_store, method="approval", hidden_until_close=False))
    assert results(plan_store, visible["id"])[1].method == "approval"
    assert update_poll(plan_store, visible["id"], hidden_until_close=True)["hidden_until_close"]
    with pytest.raises(RuleError, match="hidden"):
        results(plan_store, visible["id"])
    with pytest.raises(RuleError, match="not opened yet"):
        results(plan_store, make_poll(plan_store, hidden_until_close=False)["id"])


def test_pairs_are_appended_once_per_person_and_pair(plan_store):
    poll = _open(plan_store, make_poll(plan_store, source="list:capacity-building", method="bradley-terry"))
    pid = join(plan_store, poll)
    add_comparison(plan_store, poll["id"], pid, "1", "2", "2")
    add_comparison(plan_store, poll["id"], pid, "3", "1", None, "dont_understand")
    with pytest.raises(RuleError, match="already answered"):
        add_comparison(plan_store, poll["id"], pid, "2", "1", "1")
    assert answered_pairs(plan_store, poll["id"], pid) == {frozenset("12"), frozenset("13")}
    with pytest.raises(plan_store.IntegrityError, match="appended, never changed"):
        with plan_store.transaction() as conn:
            conn.execute("UPDATE comparisons SET winner = '1'")
    seen = set()
    while (pair := pair_for(plan_store, poll["id"], pid)) is not None:
        assert frozenset(pair) not in answered_pairs(plan_store, poll["id"], pid)
        add_comparison(plan_store, poll["id"], pid, *pair, pair[0])
        seen.add(frozenset(pair))
    assert len(seen) == 15 - 2
    ranked = _open(plan_store, make_poll(plan_store))
    with pytest.raises(RuleError):
        add_comparison(plan_store, ranked["id"], join(plan_store, ranked, "Kind Owl 12"), "1.1.1", "1.1.2", "1.1.1")


def test_proposals_wait_for_approval(plan_store):
    poll = _open(plan_store, make_poll(plan_store, source="list:capacity-building", method="bradley-terry"))
    pid = join(plan_store, poll)
    key = add_proposal(plan_store, poll["id"], pid, "Peer mentoring <script>", "en")
    assert key == "P1" and key not in [i.key for i in list_items(plan_store, poll["id"])]
    assert [p["key"] for p in list_proposals(plan_store, poll["id"])] == ["P1"]
    with pytest.raises(ValidationError, match="is not an item of this poll"):
        add_comparison(plan_store, poll["id"], pid, "P1", "1", "P1")
    decide_proposal(plan_store, poll["id"], key, True)
    assert list_items(plan_store, poll["id"])[-1].title == {"en": "Peer mentoring <script>"}
    add_comparison(plan_store, poll["id"], pid, "P1", "1", "P1")
    with pytest.raises(RuleError, match="already approved"):
        decide_proposal(plan_store, poll["id"], key, False)
    for n in range(5):
        add_proposal(plan_store, poll["id"], pid, f"idea {n}", "en")
    with pytest.raises(RuleError, match="waiting for the facilitator"):
        add_proposal(plan_store, poll["id"], pid, "one more", "en")
    decide_proposal(plan_store, poll["id"], "P2", False)
    assert len(list_proposals(plan_store, poll["id"])) == 4
    dots = _open(plan_store, make_poll(plan_store, method="dots"))
    with pytest.raises(RuleError, match="pairwise polls only"):
        add_proposal(plan_store, dots["id"], join(plan_store, dots, "Kind Owl 12"), "x", "en")


def test_working_groups_and_demographics_feed_the_breakdown(plan_store):
    poll = _open(plan_store, make_poll(plan_store, method="approval"))
    ids = [join(plan_store, poll, f"Calm Heron {10 + n}", country="KE", group="wg1" if n < 5 else "wg2")
           for n in range(10)]
    for pid in ids:
        cast_ballot(plan_store, poll["id"], pid, ["1.1.1"] if pid in ids[:5] else ["1.1.2"])
    found = attributes(plan_store, poll["session_id"])
    assert found[ids[0]] == {"group": "wg1", "language": "en", "country": "KE", "age_band": None, "gender": None}
    update_phase(plan_store, poll["id"], "closed")
    from workbench.polls.results import breakdown
    data, _ = results(plan_store, poll["id"])
    assert {g: v["result"].winners for g, v in breakdown(data, "group").items()} == {
        "wg1": ["1.1.1"], "wg2": ["1.1.2"]}
    with pytest.raises(ValidationError):
        set_group(plan_store, ids[0], "wg 1")


def _vote(path: str, poll_id: int, participant_id: int, ballot, start: float) -> float:
    """One participant's kernel: open the database, wait for the common start, submit."""
    with Store.open(path) as store:
        while time.time() < start:
            time.sleep(0.001)
        cast_ballot(store, poll_id, participant_id, ballot)
        return time.time() - start


def test_sixty_people_submitting_at_once_lose_no_ballot(plan_store):
    poll = _open(plan_store, make_poll(plan_store, method="dots", params={"budget": 3, "max_per_item": 3}))
    ids = [join(plan_store, poll, f"Leader {n:02d}") for n in range(60)]
    keys = [i.key for i in list_items(plan_store, poll["id"])]
    jobs = [(plan_store.target, poll["id"], pid, {keys[n % len(keys)]: 3}) for n, pid in enumerate(ids)]
    jobs += [(plan_store.target, poll["id"], ids[0], {keys[1]: 1})]   # someone changes theirs at once
    start = time.time() + 1.0
    with multiprocessing.get_context("fork").Pool(61) as pool:
        took = pool.starmap(_vote, [(*job, start) for job in jobs])
    assert count_voters(plan_store, poll["id"]) == 60
    stored = {pid: get_ballot(plan_store, poll["id"], pid) for pid in ids}
    assert all(stored[pid] == {keys[n % len(keys)]: 3} for n, pid in enumerate(ids[1:], start=1))
    assert stored[ids[0]] in ({keys[0]: 3}, {keys[1]: 1})
    revision = plan_store.db.execute("SELECT revision FROM ballots WHERE participant_id = ?", [ids[0]]).fetchone()[0]
    assert revision == 2
    assert max(took) < 10, f"the slowest of 61 simultaneous ballots took {max(took):.2f} s"
