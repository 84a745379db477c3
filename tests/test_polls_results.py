"""Poll results: counting, the table, groups merged below 5 people, consensus across groups,
explanations and exports (workbench.polls.results, poll_text, poll_export, poll_charts)."""
from __future__ import annotations

import csv
import io

import pytest

from workbench.polls.exports import ballots_csv, results_csv, results_markdown
from workbench.polls.results import (
    ALL,
    OTHER,
    PollData,
    breakdown,
    consensus,
    group_labels,
    merge_small,
    places,
    region,
    result_rows,
    supported,
    tally,
)
from workbench.polls.labels import explain, method_names, tie_notes
from workbench.polls.rules import BALLOT_KINDS, PollItem

ITEMS = [PollItem(k, {"en": f"item {k} <i>"}) for k in ("A", "B", "C", "D")]


def people(groups: dict[str, int], start: int = 1) -> dict[int, dict]:
    """Participant attributes: ``{"wg1": 5, "wg2": 3}`` → 8 people in two working groups."""
    out, pid = {}, start
    for group, n in groups.items():
        for _ in range(n):
            out[pid] = {"group": group, "language": "en", "country": "TZ", "age_band": None, "gender": None}
            pid += 1
    return out


def test_every_method_is_named_and_explained_in_plain_words():
    for method in BALLOT_KINDS:
        assert method in method_names("en")
        text = explain(method, {"budget": 5, "max_per_item": 2, "max_score": 5}, "en")
        assert "share a place" in text and len(text) > 80


def test_ties_are_reported_and_the_ranked_pairs_tie_break_is_named():
    data = PollData("borda", {}, ITEMS, {1: ["A", "B"], 2: ["B", "A"]})
    result = tally(data)
    assert result.ranking[0] == ["A", "B"]
    rows = result_rows(result, ITEMS)
    assert [(r["place"], r["tied"]) for r in rows] == [(1, True), (1, True), (3, True), (3, True)]
    assert any("tied" in note for note in tie_notes(result, "en"))
    cycle = {1: ["A", "B", "C"], 2: ["B", "C", "A"], 3: ["C", "A", "B"]}
    notes = tie_notes(tally(PollData("ranked-pairs", {}, ITEMS[:3], cycle)), "en")
    assert any("Tie-break" in n for n in notes) and any("changed the result" in n for n in notes)
    assert places([["A"], ["B", "C"], ["D"]]) == {"A": 1, "B": 2, "C": 2, "D": 4}


def test_pairs_are_counted_by_bradley_terry_and_cant_decide_is_kept_apart():
    comparisons = [{"participant_id": p, "first": "A", "second": "B", "winner": w, "reason": r}
                   for p, w, r in ((1, "A", None), (2, "A", None), (3, "B", None), (4, None, "both_good"),
                                   (5, None, None))]
    data = PollData("bradley-terry", {"alpha": 1.0}, ITEMS[:2], {}, comparisons)
    result = tally(data)
    assert result.winners == ["A"] and result.details["comparisons"] == 3
    assert result.details["cant_decide"] == {"both_good": 1, "none": 1}
    assert data.voters() == [1, 2, 3]
    row = result_rows(result, ITEMS)[0]
    assert 0.5 < row["win_probability"] < 1 and row["standard_error"] > 0 and row["comparisons"] == 3


def test_small_groups_are_merged_into_other_and_never_shown_alone():
    labels = {p: "a" if p < 6 else "b" if p < 9 else "c" for p in range(11)}   # 6, 3, 2
    assert sorted(set(merge_small(labels).values())) == ["a", OTHER]
    labels = {p: "a" if p < 6 else "b" for p in range(9)}                       # 6, 3: 3 would show
    assert set(merge_small(labels).values()) == {OTHER}
    labels = {p: "abcdefg"[p % 7] for p in range(30)}                           # seven groups of 4–5
    sizes: dict[str, int] = {}
    for label in merge_small(labels).values():
        sizes[label] = sizes.get(label, 0) + 1
    assert min(sizes.values()) >= 5
    assert set(merge_small({1: "a", 2: "b"}).values()) == {OTHER}


def test_breakdown_needs_two_groups_of_five():
    ballots = {p: ["A"] if p <= 5 else ["B"] for p in range(1, 11)}
    data = PollData("approval", {}, ITEMS, ballots, (), people({"wg1": 5, "wg2": 5}))
    found = breakdown(data, "group")
    assert {g: (v["voters"], v["result"].winners) for g, v in found.items()} == {"wg1": (5, ["A"]), "wg2": (5, ["B"])}
    small = PollData("approval", {}, ITEMS, dict(list(ballots.items())[:8]), (), people({"wg1": 5, "wg2": 3}))
    assert breakdown(small, "group") == {}
    assert consensus(small, "group")["groups"] == {ALL: 8}
    assert set(group_labels(data, "region").values()) == {"Africa"}
    assert set(group_labels(data, "age_band").values()) == {"not_given"}


def test_consensus_prefers_what_every_group_supports_over_what_one_group_loves():
    # wg1 and wg2, 5 each: everyone in both groups ticks A… but only 2 of 5 in each tick B;
    # C is ticked by all of wg1 and nobody in wg2.
    ballots = {p: ["A", "C"] if p <= 5 else ["A"] for p in range(1, 11)}
    for p in (1, 2, 6, 7):
        ballots[p] = ballots[p] + ["B"]
    data = PollData("approval", {}, ITEMS, ballots, (), people({"wg1": 5, "wg2": 5}))
    found = consensus(data, "group")
    order = [row["key"] for row in found["items"]]
    assert order[0] == "A" and order.index("B") < order.index("C")
    row_c = next(r for r in found["items"] if r["key"] == "C")
    assert row_c["support"] == {"wg1": (5, 5), "wg2": (0, 5)}
    assert row_c["consensus"] == pytest.approx((6 / 7) * (1 / 7))
    assert row_c["highest"] - row_c["lowest"] > 0.5


def test_what_a_ballot_supports():
    data = PollData("borda", {}, ITEMS, {})
    assert supported(data, ["A", "B", "C", "D"]) == {"A", "B"}
    assert supported(data, ["C"]) == {"C"}
    assert supported(data, [["A", "B", "C", "D"]]) == set()
    assert supported(PollData("score", {"max_score": 5}, ITEMS), {"A": 3, "B": 2}) == {"A"}
    assert supported(PollData("dots", {}, ITEMS), {"A": 1, "B": 0}) == {"A"}


def test_regions_from_country_codes():
    assert [region(c) for c in ("TZ", "IN", "NL", "MX", "CA", "AU", "MU", "prefer_not_to_say")] == [
        "Africa", "Asia", "Europe", "Latin America and the Caribbean", "North America", "Oceania",
        "Africa", None]


def test_exports_name_nobody_and_show_ties():
    data = PollData("schulze", {}, ITEMS, {11: ["B", ["A", "C"]], 12: ["A"]})
    rows = list(csv.reader(io.StringIO(ballots_csv(data))))
    assert rows == [["participant", "item", "value"], ["11", "B", "1"], ["11", "A", "2"], ["11", "C", "2"],
                    ["12", "A", "1"]]
    result = tally(data)
    table = list(csv.DictReader(io.StringIO(results_csv(result, ITEMS))))
    assert table[0]["title"] == "A item A <i>" and set(table[0]) == {"place", "tied", "key", "title", "score"}
    poll = {"title": {"en": "Which first?"}, "method": "schulze", "params": {}}
    text = results_markdown(poll, result, ITEMS, "en", voters=2)
    assert text.startswith("# Which first?") and "Schulze" in text and "Voters: 2" in text
    assert "| place | item | score |" in text
    pairs = PollData("bradley-terry", {"alpha": 1.0}, ITEMS[:2], {},
                     [{"participant_id": 3, "first": "A", "second": "B", "winner": None, "reason": "both_bad"}])
    assert ballots_csv(pairs).splitlines() == ["participant,first,second,winner,reason", "3,A,B,,both_bad"]


def test_charts_are_png():
    from workbench.polls.charts import preference_png, scores_png
    data = PollData("schulze", {}, ITEMS, {1: ["B", "A"], 2: ["A", "C"], 3: ["B"]})
    result = tally(data)
    rows = result_rows(result, ITEMS)
    assert scores_png(rows, "schulze", {}).startswith(b"\x89PNG")
    assert preference_png(data, [r["key"] for r in rows], {}).startswith(b"\x89PNG")
    pairs = PollData("bradley-terry", {"alpha": 1.0}, ITEMS[:2], {},
                     [{"participant_id": 3, "first": "A", "second": "B", "winner": "A", "reason": None}])
    assert scores_png(result_rows(tally(pairs), ITEMS), "bradley-terry", {}).startswith(b"\x89PNG")
