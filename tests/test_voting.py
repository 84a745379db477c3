"""Tests for workbench.voting: textbook elections, properties, validation, result shape, real data."""
from __future__ import annotations

import doctest
import importlib
import json
import pkgutil
import random
from pathlib import Path

import numpy as np
import pytest

from workbench import voting
from workbench.core.errors import ValidationError
from workbench.voting import METHODS, count, count_document, validate
from workbench.voting.condorcet import _lock_in_order, _lock_pairs

DATA = Path(__file__).parent / "data" / "voting"
RANKED = ["borda", "schulze", "copeland", "ranked-pairs", "instant-runoff"]


def expand(groups: list[tuple[int, str]]) -> list[list[str]]:
    """[(5, "ACBED"), ...] -> five ballots ["A", "C", "B", "E", "D"], ..."""
    return [list(order) for times, order in groups for _ in range(times)]


# Schulze's worked example (https://en.wikipedia.org/wiki/Schulze_method#Example)
WIKIPEDIA_SCHULZE = expand([(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"),
                            (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")])
# Tennessee capital (https://en.wikipedia.org/wiki/Ranked_pairs#Example), in per cent of voters
TENNESSEE_ITEMS = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
TENNESSEE = (42 * [["Memphis", "Nashville", "Chattanooga", "Knoxville"]]
             + 26 * [["Nashville", "Chattanooga", "Knoxville", "Memphis"]]
             + 15 * [["Chattanooga", "Knoxville", "Nashville", "Memphis"]]
             + 17 * [["Knoxville", "Chattanooga", "Nashville", "Memphis"]])
CYCLE = [["A", "B", "C"], ["B", "C", "A"], ["C", "A", "B"]]


def preflib(name: str) -> dict:
    """A PrefLib ``*.ballots.json`` file as a count_document document."""
    raw = json.loads((DATA / name).read_text())
    return {"items": raw["candidates"], "ballots": raw["rankings"], "counts": raw["counts"]}


def test_doctests_in_every_voting_module():
    names = ["workbench.voting"] + [f"workbench.voting.{m.name}"
                                    for m in pkgutil.iter_modules(voting.__path__)]
    attempted = 0
    for name in names:
        outcome = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        assert outcome.failed == 0, name
        attempted += outcome.attempted
    assert attempted >= 30


def test_schulze_wikipedia_example():
    result = count(list("ABCDE"), WIKIPEDIA_SCHULZE, "schulze")
    assert result.winners == ["E"]
    assert result.ranking == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert result.details["condorcet_winner"] is None
    assert result.details["strongest_paths"][4][0] > result.details["strongest_paths"][0][4]


@pytest.mark.parametrize("method, ranking", [
    ("ranked-pairs", [["Nashville"], ["Chattanooga"], ["Knoxville"], ["Memphis"]]),
    ("schulze", [["Nashville"], ["Chattanooga"], ["Knoxville"], ["Memphis"]]),
    ("copeland", [["Nashville"], ["Chattanooga"], ["Knoxville"], ["Memphis"]]),
    ("borda", [["Nashville"], ["Chattanooga"], ["Memphis"], ["Knoxville"]]),
    ("instant-runoff", [["Knoxville"], ["Memphis"], ["Nashville"], ["Chattanooga"]]),
])
def test_tennessee_example(method, ranking):
    assert count(TENNESSEE_ITEMS, TENNESSEE, method).ranking == ranking


def test_tennessee_scores():
    assert count(TENNESSEE_ITEMS, TENNESSEE, "borda").scores == {
        "Memphis": 126, "Nashville": 194, "Chattanooga": 173, "Knoxville": 107}
    runoff = count(TENNESSEE_ITEMS, TENNESSEE, "instant-runoff")
    assert [r["eliminated"] for r in runoff.details["rounds"]] == [["Chattanooga"], ["Nashville"], []]
    assert runoff.scores == {"Memphis": 42, "Nashville": 26, "Chattanooga": 15, "Knoxville": 58}
    assert runoff.details["end"] == "majority"


@pytest.mark.parametrize("method", ["schulze", "copeland"])
def test_condorcet_cycle_is_a_three_way_tie(method):
    result = count(list("ABC"), CYCLE, method)
    assert result.winners == ["A", "B", "C"]
    assert result.ranking == [["A", "B", "C"]]


def test_ranked_pairs_reports_the_tie_break_it_needed():
    result = count(list("ABC"), CYCLE, "ranked-pairs")
    assert result.winners == ["A"]  # (A, B) then (B, C) locked, (C, A) skipped: items order
    assert result.details["tie_break_used"] is True
    assert result.details["skipped"] == [["C", "A", 1]]
    plain = count(list("ABC"), 3 * [list("ABC")] + 2 * [list("BCA")] + 2 * [list("CAB")], "ranked-pairs")
    assert plain.details["tie_break_used"] is False
    assert plain.ranking == [["A"], ["B"], ["C"]]


def test_ranked_pairs_leaves_zero_margins_tied():
    result = count(list("ABC"), [list("ABC"), list("BAC")], "ranked-pairs")
    assert result.ranking == [["A", "B"], ["C"]]


def test_instant_runoff_eliminates_all_tied_for_fewest_together():
    ballots = 4 * [["A", "B"]] + 3 * [["B"]] + [["C", "B"], ["D", "B"]]
    result = count(list("ABCD"), ballots, "instant-runoff")
    assert result.details["rounds"][0]["eliminated"] == ["C", "D"]
    assert result.winners == ["B"]
    assert result.ranking == [["B"], ["A"], ["C", "D"]]


def test_instant_runoff_all_tied_items_win():
    assert count(list("ABC"), CYCLE, "instant-runoff").winners == ["A", "B", "C"]
    # C is eliminated, its ballot is exhausted, and A and B are left tied: both win
    result = count(list("ABC"), 2 * [["A", "B"]] + 2 * [["B", "A"]] + [["C"]], "instant-runoff")
    assert result.winners == ["A", "B"]
    assert result.details["end"] == "all tied"
    assert result.details["rounds"][-1]["continuing"] == 4


def test_instant_runoff_splits_a_tied_first_preference():
    result = count(list("ABC"), [[["A", "B"], "C"], ["A"], ["C"]], "instant-runoff")
    assert result.details["rounds"][0]["tallies"] == {"A": 1.5, "B": 0.5, "C": 1}


def test_borda_total_points_on_complete_and_partial_rankings():
    rng = random.Random(7)
    for m in (2, 5, 9):
        items = [f"i{j}" for j in range(m)]
        complete = [rng.sample(items, m) for _ in range(23)]
        assert sum(count(items, complete, "borda").scores.values()) == 23 * m * (m - 1) // 2
        partial = [[items[0], items[1:3]], [], [items[-1]]] + complete[:5]
        assert sum(count(items, partial, "borda").scores.values()) == 8 * m * (m - 1) / 2


def test_borda_ties_share_the_average_points():
    result = count(list("ABCD"), [[["A", "B"], "C"]], "borda")
    assert result.scores == {"A": 2.5, "B": 2.5, "C": 1, "D": 0}


def test_dots_are_conserved():
    rng = random.Random(3)
    items = list("ABCDEFG")
    ballots = []
    for _ in range(40):
        ballot: dict[str, int] = {}
        for _ in range(rng.randint(0, 5)):
            item = rng.choice(items)
            if ballot.get(item, 0) < 2:
                ballot[item] = ballot.get(item, 0) + 1
        ballots.append(ballot)
    result = count(items, ballots, "dots", {"budget": 5, "max_per_item": 2})
    spent = sum(sum(b.values()) for b in ballots)
    assert sum(result.scores.values()) == result.details["dots_spent"] == spent


def test_approval_hand_count():
    result = count(list("ABCD"), [["A", "B"], ["B", "C"], ["B"], [], ["A"]], "approval")
    assert result.scores == {"A": 2, "B": 3, "C": 1, "D": 0}
    assert result.ranking == [["B"], ["A"], ["C"], ["D"]]
    assert result.details["share"]["B"] == pytest.approx(0.6)


def test_score_hand_count_and_unscored_items():
    ballots = [{"A": 5, "B": 2}, {"A": 3, "C": 4}, {"B": 4}]
    result = count(list("ABCD"), ballots, "score")
    assert result.scores == {"A": 4.0, "B": 3.0, "C": 4.0, "D": None}
    assert result.ranking == [["A", "C"], ["B"], ["D"]]
    assert result.details["counts"] == {"A": 2, "B": 2, "C": 1, "D": 0}
    zero = count(list("ABCD"), ballots, "score", {"unscored_as_zero": True})
    assert zero.scores == {"A": 8 / 3, "B": 2.0, "C": 4 / 3, "D": 0.0}
    assert zero.winners == ["A"]


def test_bradley_terry_keeps_undefeated_items_finite():
    comparisons = 5 * [["A", "B"]] + 5 * [["A", "C"]] + 3 * [["B", "C"]] + [["C", "B"]]
    result = count(list("ABC"), comparisons, "bradley-terry")
    assert result.ranking == [["A"], ["B"], ["C"]]
    assert all(np.isfinite(v) for v in result.scores.values())
    assert sum(result.scores.values()) == pytest.approx(0, abs=1e-12)
    assert all(0 < se < 5 for se in result.details["standard_error"].values())
    assert 0.5 < result.details["win_probability"]["A"] < 1


def test_bradley_terry_standard_errors_shrink_with_more_data():
    few = [["A", "B"], ["B", "C"], ["C", "A"], ["A", "C"]]
    small = count(list("ABC"), few, "bradley-terry").details["standard_error"]
    large = count(list("ABC"), 25 * few, "bradley-terry").details["standard_error"]
    assert all(large[i] < small[i] / 2 for i in "ABC")


def planted_profile(rng: random.Random, m: int, n: int) -> tuple[list[str], list[list[str]], str]:
    """A random profile where a random item is first on a strict majority of ballots."""
    items = [f"x{j}" for j in range(m)]
    winner = rng.choice(items)
    ballots = [rng.sample(items, m) for _ in range(n)]
    for ballot in rng.sample(ballots, n // 2 + 1):
        ballot.remove(winner)
        ballot.insert(0, winner)
    return items, ballots, winner


def test_planted_condorcet_winner_wins_condorcet_methods():
    rng = random.Random(11)
    for _ in range(25):
        items, ballots, winner = planted_profile(rng, rng.randint(3, 8), rng.randint(3, 30))
        for method in ("schulze", "copeland", "ranked-pairs"):
            result = count(items, ballots, method)
            assert result.winners == [winner], method
            assert result.details["condorcet_winner"] == winner


def test_ranked_pairs_component_shortcut_matches_plain_locking():
    rng = np.random.default_rng(5)
    for _ in range(40):
        m = int(rng.integers(3, 12))
        margins = rng.integers(-4, 5, size=(m, m))
        margins = np.triu(margins, 1) - np.triu(margins, 1).T
        fast, plain = _lock_pairs(margins), _lock_in_order(margins)
        assert (fast[0] == plain[0]).all() and fast[1:] == plain[1:]


BAD_INPUT = [
    ("borda", ["A", "B"], [["A", "B"], ["A", "X"]], {}, "ballot 1 ranks unknown item 'X'"),
    ("borda", ["A", "B"], [["A", "A"]], {}, "ballot 0 ranks 'A' twice"),
    ("schulze", ["A", "B"], [["B"], ["A", ["B", "A"]]], {}, "ballot 1 ranks 'A' twice"),
    ("copeland", ["A", "B"], ["AB"], {}, "ballot 0 is not a ranking"),
    ("ranked-pairs", ["A", "B"], [["A", []]], {}, "ballot 0 has an empty tie group at place 1"),
    ("instant-runoff", ["A", "B"], [["A"], [["A", ["B"]]]], {}, "ballot 1 nests a list"),
    ("borda", ["A", "B"], [["A", {"B": 1}]], {}, "ballot 0 ranks {'B': 1}, which is not an item"),
    ("approval", ["A", "B"], [["A", "A"]], {}, "ballot 0 approves 'A' twice"),
    ("approval", ["A", "B"], [[], ["Z"]], {}, "ballot 1 approves unknown item 'Z'"),
    ("approval", ["A", "B"], ["A"], {}, "ballot 0 is not a list of approved items"),
    ("dots", ["A", "B"], [{"A": 4}], {"budget": 5, "max_per_item": 3},
     "ballot 0 puts 4 dots on 'A', more than the 3 allowed per item"),
    ("dots", ["A", "B"], [{"A": 1}, {"A": 3, "B": 3}], {"budget": 5},
     "ballot 1 spends 6 dots, more than the budget of 5"),
    ("dots", ["A", "B"], [{"A": 1.5}], {}, "ballot 0 gives 'A' 1.5 dots: dots must be whole numbers"),
    ("dots", ["A", "B"], [{"A": True}], {}, "dots must be whole numbers"),
    ("dots", ["A", "B"], [{"B": -1}], {}, "ballot 0 gives 'B' -1 dots: dots cannot be negative"),
    ("dots", ["A", "B"], [{"C": 1}], {}, "ballot 0 puts dots on unknown item 'C'"),
    ("dots", ["A", "B"], [["A"]], {}, "ballot 0 is not an object item -> dots"),
    ("dots", ["A", "B"], [], {"budget": 0}, "budget must be a whole number of dots, at least 1"),
    ("score", ["A", "B"], [{"A": 6}], {}, "ballot 0 gives 'A' the score 6, outside 0–5"),
    ("score", ["A", "B"], [{}, {"B": -1}], {}, "ballot 1 gives 'B' the score -1, outside 0–5"),
    ("score", ["A", "B"], [{"A": "5"}], {}, "ballot 0 gives 'A' the score '5', which is not a number"),
    ("score", ["A", "B"], [{"X": 1}], {}, "ballot 0 scores unknown item 'X'"),
    ("score", ["A", "B"], [{"A": 1}], {"unscored_as_zero": "yes"}, "unscored_as_zero must be true or false"),
    ("bradley-terry", ["A", "B"], [["A", "B"], ["A", "A"]], {}, "comparison 1 compares 'A' with itself"),
    ("bradley-terry", ["A", "B"], [["A", "B", "A"]], {}, "comparison 0 is not a [winner, loser] pair"),
    ("bradley-terry", ["A", "B"], ["AB"], {}, "comparison 0 is not a [winner, loser] pair"),
    ("bradley-terry", ["A", "B"], [["B", "A"], ["A", "X"]], {}, "comparison 1 names unknown item 'X'"),
    ("bradley-terry", ["A", "B"], [], {"alpha": 0}, "alpha must be a positive number"),
    ("borda", ["A", "A"], [], {}, "items: 'A' is listed twice"),
    ("borda", [], [], {}, "items: the list is empty"),
    ("borda", ["A", ["B"]], [], {}, "items: ['B'] at position 1 is not a string or integer"),
    ("borda", ["A", "B"], {"A": 1}, {}, "ballots: expected a list"),
    ("borda", ["A", "B"], [], {"budget": 3}, "method 'borda' has no parameter 'budget'"),
    ("plurality", ["A", "B"], [], {}, "unknown method 'plurality'"),
]


@pytest.mark.parametrize("method, items, ballots, params, message", BAD_INPUT)
def test_bad_input_is_refused_with_index_and_reason(method, items, ballots, params, message):
    with pytest.raises(ValidationError) as refused:
        validate(items, ballots, method, params)
    assert message in str(refused.value)
    with pytest.raises(ValidationError) as again:  # the counting path refuses the same way
        count(items, ballots, method, params)
    assert str(again.value) == str(refused.value)


def test_validation_error_is_a_value_error_and_good_input_passes():
    assert issubclass(ValidationError, ValueError)
    assert validate(list("AB"), [["A", ["B"]], []], "borda") is None
    assert validate(list("AB"), [{"A": 2}], "dots", {"budget": 2}) is None


SMALL = {
    "ranking": [["A", "B", "C"], ["B", ["A", "C"]], ["C"], []],
    "approval": [["A", "B"], ["C"], []],
    "score": [{"A": 5, "B": 1}, {"C": 3}, {}],
    "dots": [{"A": 3}, {"B": 1, "C": 2}, {}],
    "comparison": [["A", "B"], ["B", "C"], ["A", "C"], ["C", "A"]],
}


@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_method_returns_the_one_result_shape(name):
    method = METHODS[name]
    items = ["A", "B", "C"]
    result = method(items, SMALL[method.ballot_kind])
    data = result.to_dict()
    assert set(data) == {"method", "winners", "ranking", "scores", "details"}
    assert data["method"] == name
    assert data["winners"] == data["ranking"][0]
    assert sorted(i for group in data["ranking"] for i in group) == items
    assert list(data["scores"]) == items
    assert all(v is None or isinstance(v, (int, float)) for v in data["scores"].values())
    json.dumps(data)
    doc = method.function.__doc__
    assert ">>>" in doc and "http" in doc and "Reference" in doc
    key = "comparisons" if method.ballot_kind == "comparison" else "ballots"
    assert count_document({"items": items, key: SMALL[method.ballot_kind]}, name) == result


def test_ranked_methods_accept_encoded_ballots():
    encoded = voting.encode_rankings(list("ABCDE"), WIKIPEDIA_SCHULZE)
    for method in RANKED:
        assert count(list("ABCDE"), encoded, method) == count(list("ABCDE"), WIKIPEDIA_SCHULZE, method)
    with pytest.raises(ValidationError, match="other items"):
        count(list("ABCDX"), encoded, "borda")


def test_count_document_counts_and_errors():
    doc = {"items": ["A", "B"], "ballots": [["A"], ["B"]], "counts": [3, 1]}
    assert count_document(doc, "borda").scores == {"A": 3, "B": 1}
    with pytest.raises(ValidationError, match="'counts' has 1 entries but 'ballots' has 2"):
        count_document({**doc, "counts": [1]}, "borda")
    with pytest.raises(ValidationError, match="ballot 1 ranks unknown item 'X'"):
        count_document({**doc, "ballots": [["A"], ["X"]]}, "borda")  # the document's index
    with pytest.raises(ValidationError, match="'comparisons' is missing"):
        count_document(doc, "bradley-terry")
    with pytest.raises(ValidationError, match="expected an object"):
        count_document([], "borda")


def test_preflib_tshirt_vote_with_every_ranked_method():
    doc = preflib("00012-00000001.soc.ballots.json")
    results = {method: count_document(doc, method) for method in RANKED}
    assert sum(results["borda"].scores.values()) == 30 * 11 * 10 // 2
    for method, result in results.items():
        assert sorted(i for g in result.ranking for i in g) == sorted(doc["items"]), method
    # No Condorcet winner: TSP beats every other design but ties Graph Coloring 15 to 15, so
    # the Condorcet methods must not name one (TSP still wins each of them, and Borda).
    margins = results["copeland"].details["margins"]
    i, j = doc["items"].index("TSP"), doc["items"].index("Graph Coloring")
    assert margins[i][j] == 0
    for method in ("schulze", "copeland", "ranked-pairs"):
        assert results[method].details["condorcet_winner"] is None, method
    assert all(result.winners == ["TSP"] for result in results.values())


def test_preflib_debian_2010_truncated_ballots():
    doc = preflib("00002-00000006.soi.ballots.json")
    assert sum(doc["counts"]) == 436
    for method in RANKED:
        assert count_document(doc, method).winners == ["Stefano Zacchiroli"], method


def test_preflib_debian_2010_condorcet_winner_wins_every_condorcet_method():
    """Real ballots that do have a Condorcet winner (the T-shirt vote has none)."""
    doc = preflib("00002-00000006.soi.ballots.json")
    results = {method: count_document(doc, method) for method in ("schulze", "copeland", "ranked-pairs")}
    winner = "Stefano Zacchiroli"
    margins = results["copeland"].details["margins"]
    i = doc["items"].index(winner)
    assert all(margins[i][j] > 0 for j in range(len(doc["items"])) if j != i)   # beats every other
    for method, result in results.items():
        assert result.details["condorcet_winner"] == winner, method
        assert result.winners == [winner], method


@pytest.mark.parametrize("name", sorted(METHODS))
def test_no_ballots_means_everything_ties(name):
    result = METHODS[name](["A", "B", "C"], [])
    assert result.winners == ["A", "B", "C"]
    assert result.ranking == [["A", "B", "C"]]


def test_borda_complete_rankings_equal_rankings_missing_their_last_item():
    rng = random.Random(19)
    items = [f"i{j}" for j in range(6)]
    complete = [rng.sample(items, 6) for _ in range(15)]
    truncated = [ballot[:-1] for ballot in complete]  # the last item alone below: same points
    assert count(items, complete, "borda") == count(items, truncated, "borda")


def test_the_first_bad_ballot_is_named():
    ballots = [["A", "B"], ["B", "B"], ["A", "B", "A", "B", "A"]]
    with pytest.raises(ValidationError, match="ballot 1 ranks 'B' twice"):
        validate(["A", "B"], ballots, "borda")
