"""The poll rules (workbench.polls.rules): items, settings, phases, hidden results, ballots, pairs."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from workbench.core.errors import RuleError, ValidationError
from workbench.polls.rules import (
    BALLOT_KINDS,
    PollItem,
    check_ballot,
    check_comparison,
    check_group_name,
    check_phase_change,
    check_proposal,
    check_settings,
    check_settings_change,
    due_phase,
    items_from_lines,
    items_from_list,
    items_from_plan,
    iso,
    next_pair,
    results_visible,
)
from workbench.core.shipped import default_lists, default_plan

T = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
ITEMS = [PollItem(k, {"en": f"item {k}"}) for k in ("A", "B", "C", "D")]
KEYS = [i.key for i in ITEMS]


def test_ballot_kinds_match_the_counting_methods():
    from workbench.voting import METHODS
    assert BALLOT_KINDS == {name: method.ballot_kind for name, method in METHODS.items()}


def test_items_from_the_plan_a_theme_a_goal_a_list_or_typed_in():
    plan = default_plan()
    assert len(items_from_plan(plan)) == plan.actions_found == 143
    assert len(items_from_plan(plan, "1")) == 14 + 11 + 12 + 8 + 7
    goal = items_from_plan(plan, "1.1")
    assert [i.key for i in goal][:2] == ["1.1.1", "1.1.2"] and len(goal) == 14
    assert goal[2].text and goal[2].label("en").startswith("1.1.3 ")
    with pytest.raises(ValidationError, match="no theme or goal '9'"):
        items_from_plan(plan, "9")
    barriers = next(lst for lst in default_lists() if lst.slug == "barriers")
    top = items_from_list(barriers)
    assert len(top) == 7 and "•" in top[0].text["en"]       # sub-items become the full text
    assert [i.key for i in items_from_list(barriers, 4)][:2] == ["4.1", "4.2"]
    with pytest.raises(ValidationError, match="no item 99"):
        items_from_list(barriers, 99)
    typed = items_from_lines(["Nairobi", "  ", "Lima <b>"], "en")
    assert [(i.key, i.title["en"]) for i in typed] == [("T1", "Nairobi"), ("T2", "Lima <b>")]
    assert typed[0].label("en") == "Nairobi"
    with pytest.raises(ValidationError, match="no items"):
        items_from_lines(["", " "], "en")


@pytest.mark.parametrize("method, params, items, message", [
    ("plurality", {}, ITEMS, "unknown method 'plurality'"),
    ("dots", {"budget": 0}, ITEMS, "budget must be a whole number"),
    ("dots", {"budget": 3, "max_per_item": 5}, ITEMS, "more than the budget"),
    ("dots", {"dots": 3}, ITEMS, "has no parameter 'dots'"),
    ("score", {"max_score": -1}, ITEMS, "max_score must be a positive number"),
    ("bradley-terry", {"alpha": 0}, ITEMS, "alpha must be a positive number"),
    ("borda", {}, ITEMS[:1], "at least 2 items"),
    ("borda", {}, [ITEMS[0], ITEMS[0]], "listed twice"),
])
def test_bad_settings_are_refused(method, params, items, message):
    with pytest.raises(ValidationError, match=message):
        check_settings(method, params, items)


def test_settings_get_the_methods_defaults_and_times_must_be_in_order():
    assert check_settings("dots", {"budget": 5}, ITEMS) == {"budget": 5, "max_per_item": None}
    assert check_settings("score", None, ITEMS)["max_score"] == 5
    with pytest.raises(ValidationError, match="close before it opens"):
        check_settings("approval", {}, ITEMS, T, T - dt.timedelta(hours=1))


def test_phases_by_hand_and_by_time():
    assert due_phase("draft", None, None, T) == "draft"
    assert due_phase("draft", iso(T), None, T) == "open"
    assert due_phase("draft", iso(T + dt.timedelta(seconds=1)), None, T) == "draft"
    assert due_phase("draft", iso(T - dt.timedelta(days=2)), iso(T - dt.timedelta(days=1)), T) == "closed"
    assert due_phase("open", None, "2025-03-01T12:00:00Z", T) == "closed"
    assert due_phase("closed", None, None, T) == "closed"
    assert check_phase_change("draft", "open") == "open"
    assert check_phase_change("draft", "closed") == "closed"
    assert check_phase_change("open", "closed") == "closed"
    for current, wanted in (("closed", "open"), ("open", "draft"), ("open", "open")):
        with pytest.raises(RuleError):
            check_phase_change(current, wanted)
    with pytest.raises(ValidationError, match="unknown phase"):
        check_phase_change("draft", "gathering")


def test_hidden_until_close_cannot_be_lifted_once_open():
    poll = {"hidden_until_close": True}
    assert check_settings_change(poll, "draft", {"hidden_until_close": False}) == {"hidden_until_close": False}
    with pytest.raises(RuleError, match="cannot be lifted before it closes"):
        check_settings_change(poll, "open", {"hidden_until_close": False})
    assert check_settings_change({"hidden_until_close": False}, "open", {"hidden_until_close": True})
    assert check_settings_change(poll, "open", {"closes_at": T}) == {"closes_at": T}
    with pytest.raises(RuleError, match="already open"):
        check_settings_change(poll, "open", {"opens_at": T})
    with pytest.raises(RuleError, match="closed"):
        check_settings_change(poll, "closed", {"closes_at": T})
    with pytest.raises(ValidationError, match="cannot be changed here"):
        check_settings_change(poll, "draft", {"method": "borda"})
    assert not results_visible(True, "open") and results_visible(True, "closed")
    assert results_visible(False, "open") and not results_visible(False, "draft")


@pytest.mark.parametrize("method, params, ballot, message", [
    ("dots", {"budget": 3, "max_per_item": 2}, {"A": 2, "B": 2}, "spends 4 dots, more than the budget of 3"),
    ("dots", {"budget": 3, "max_per_item": 2}, {"A": 3}, "more than the 2 allowed per item"),
    ("dots", {"budget": 3, "max_per_item": 2}, {"A": -1}, "cannot be negative"),
    ("dots", {"budget": 3, "max_per_item": 2}, {"A": 1.5}, "whole numbers"),
    ("dots", {"budget": 3, "max_per_item": 2}, ["A"], "could not be read"),
    ("score", {"max_score": 5, "unscored_as_zero": False}, {"A": 6}, "outside 0–5"),
    ("score", {"max_score": 5, "unscored_as_zero": False}, {"A": "5"}, "not a number"),
    ("approval", {}, ["A", "X"], "'X' is not an item of this poll"),
    ("approval", {}, ["A", "A"], "names 'A' twice"),
    ("schulze", {}, ["A", "B", "A"], "names 'A' twice"),
    ("borda", {}, "AB", "could not be read"),
    ("borda", {}, [], "your ballot is empty"),
    ("dots", {"budget": 3, "max_per_item": 2}, {"Z": 1}, "'Z' is not an item of this poll"),
    ("dots", {"budget": 3, "max_per_item": 2}, {"A": True}, "whole numbers"),
    ("dots", {"budget": 3, "max_per_item": None}, {"A": 4}, "more than the 3 allowed per item"),
    ("score", {"max_score": 5, "unscored_as_zero": False}, {"A": True}, "not a number"),
    ("score", {"max_score": 5, "unscored_as_zero": False}, {"A": float("nan")}, "not a number"),
    ("schulze", {}, ["A", ["B", "A"]], "names 'A' twice"),
    ("schulze", {}, ["A", []], "could not be read"),
    ("schulze", {}, ["A", [["B"]]], "could not be read"),
    ("borda", {}, [["A"], {"B": 1}], "is not an item of this poll"),
    ("approval", {}, {"A": 1}, "could not be read"),
    ("dots", {"budget": 3, "max_per_item": 2}, {"A": 0}, "your ballot is empty"),
])
def test_forged_or_broken_ballots_are_refused_by_the_core(method, params, ballot, message):
    with pytest.raises(ValidationError, match=message) as refused:
        check_ballot(method, params, KEYS, ballot, "open")
    assert "ballot 0" not in str(refused.value)
    assert refused.value.msgid, "a participant can meet this refusal: it needs a message id"


def test_the_participant_checks_agree_with_the_counting_methods_parser():
    """Every ballot the participant-facing checks let through is one the counting method accepts,
    and every one they refuse it refuses too (so its English-only messages never reach a screen)."""
    from workbench.voting import validate
    rng = random.Random(13)
    values = ["A", "B", "C", "X", 0, 1, 2, 3, -1, 1.5, 2.0, True, None, [], ["A"], [["A", "B"]], {}]
    settings = {"dots": {"budget": 4, "max_per_item": 3}, "approval": {}, "borda": {},
                "score": {"max_score": 5, "unscored_as_zero": False}}
    for _ in range(3000):
        method = rng.choice(sorted(settings))
        if method in ("dots", "score"):
            ballot = {rng.choice(["A", "B", "C", "X"]): rng.choice(values) for _ in range(rng.randint(1, 3))}
        else:
            ballot = [rng.choice(values) for _ in range(rng.randint(1, 4))]
        try:
            accepted = check_ballot(method, settings[method], KEYS, ballot, "open")
        except ValidationError as refused:
            assert refused.msgid and refused.__cause__ is None, f"{method} {ballot!r}: only the parser refused it"
            if "is empty" not in refused.msgid:
                sent = {k: v for k, v in ballot.items() if v != 0} if method == "dots" else ballot
                with pytest.raises(ValidationError):
                    validate(KEYS, [sent], method, settings[method])
            continue
        validate(KEYS, [accepted], method, settings[method])


def test_ballots_only_while_open_and_never_for_pair_polls():
    assert check_ballot("dots", {"budget": 3, "max_per_item": 2}, KEYS, {"A": 2, "B": 0}, "open") == {"A": 2}
    assert check_ballot("schulze", {}, KEYS, ["B", ["A", "C"]], "open") == ["B", ["A", "C"]]
    with pytest.raises(RuleError, match="this poll is closed: ballots are no longer accepted"):
        check_ballot("approval", {}, KEYS, ["A"], "closed")
    with pytest.raises(RuleError, match="not opened yet"):
        check_ballot("approval", {}, KEYS, ["A"], "draft")
    with pytest.raises(RuleError, match="compares pairs"):
        check_ballot("bradley-terry", {"alpha": 1.0}, KEYS, [["A", "B"]], "open")


def test_answers_to_pairs():
    check_comparison(KEYS, ("A", "B"), "A", None, [], "open")
    check_comparison(KEYS, ("A", "B"), None, "both_good", [], "open")
    check_comparison(KEYS, ("A", "B"), None, None, [], "open")
    bad = [(("A", "X"), "A", None, "is not an item of this poll"), (("A", "A"), "A", None, "two different"),
           (("A", "B"), "C", None, "not one of the pair"), (("A", "B"), None, "meh", "unknown reason"),
           (("A", "B"), "A", "both_bad", "only given when you cannot decide")]
    for shown, winner, reason, message in bad:
        with pytest.raises(ValidationError, match=message):
            check_comparison(KEYS, shown, winner, reason, [], "open")
    with pytest.raises(RuleError, match="already answered"):
        check_comparison(KEYS, ("B", "A"), "A", None, [frozenset("AB")], "open")
    with pytest.raises(RuleError, match="closed"):
        check_comparison(KEYS, ("A", "B"), "A", None, [], "closed")


def test_next_pair_never_repeats_and_prefers_items_seen_least():
    rng = random.Random(4)
    done: set[frozenset] = set()
    for _ in range(6):
        pair = next_pair(KEYS, done, {}, rng)
        assert pair and frozenset(pair) not in done and pair[0] != pair[1]
        done.add(frozenset(pair))
    assert next_pair(KEYS, done, {}, rng) is None
    many = [f"K{i}" for i in range(145)]
    seen = {k: 100 for k in many}
    seen["K7"] = seen["K9"] = 0
    picks = [next_pair(many, set(), seen, random.Random(s)) for s in range(40)]
    assert sum("K7" in p or "K9" in p for p in picks) > 5


def test_proposals_only_in_pair_polls_and_a_few_at_a_time():
    assert check_proposal("bradley-terry", "  Peer mentoring ", 0, "open") == "Peer mentoring"
    with pytest.raises(RuleError, match="pairwise polls only"):
        check_proposal("dots", "x", 0, "open")
    with pytest.raises(RuleError, match="waiting for the facilitator"):
        check_proposal("bradley-terry", "x", 5, "open")
    with pytest.raises(ValidationError, match="limit is 200"):
        check_proposal("bradley-terry", "x" * 201, 0, "open")
    with pytest.raises(RuleError, match="closed"):
        check_proposal("bradley-terry", "x", 0, "closed")


def test_group_names_from_join_links():
    assert check_group_name("wg3") == "wg3"
    for bad in ("", "wg 3", "<script>", "x" * 25, None):
        with pytest.raises(ValidationError):
            check_group_name(bad)


def test_demo_polls_have_the_documents_working_groups(plan_store):
    from workbench.polls.demo import add_demo_polls
    from workbench.polls.store.polls import list_polls
    assert add_demo_polls(plan_store) == {"polls": 4, "ballots": 3 * 60 + 60 * 12}
    polls = list_polls(plan_store)
    assert [(p["method"], p["phase"]) for p in polls] == [
        ("schulze", "closed"), ("dots", "closed"), ("bradley-terry", "closed"), ("approval", "open")]
    people = plan_store.db.execute(
        "SELECT count(*), count(DISTINCT g.name), count(DISTINCT nullif(d.country, 'prefer_not_to_say')) "
        "FROM participants p JOIN participant_groups g ON g.participant_id = p.id "
        "JOIN demographics d ON d.participant_id = p.id WHERE p.session_id = ?", [polls[0]["session_id"]]).fetchone()
    assert people[0] == 60 and people[1] == 6 and people[2] <= 20
    assert all(p["synthetic"] and "[synthetic]" in p["title"]["en"] for p in polls)
