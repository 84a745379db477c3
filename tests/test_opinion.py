"""Tests for workbench.visioning.opinion: agreement counts, opinion groups, the export and the CSV reader."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from workbench.core.errors import ValidationError
from workbench.visioning.opinion import (
    Groups,
    NoGroups,
    agreement,
    groups_to_dict,
    opinion_groups,
    read_votes_csv,
    suppress_small_groups,
)

POLIS = Path(__file__).parent / "data" / "polis"

OWN_BLOCK = {2: [[1, -1], [-1, 1]], 3: [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]]}
# Four groups each owning one independent block need three dimensions and Pol.is maps
# opinions to two, so two pairs of them land on top of each other. Four well-separated
# groups in two dimensions: two crossed issues, blocks 0/1 are the two sides of the first,
# blocks 2/3 of the second; each group agrees with its own pair of blocks.
CROSSED = [[1, -1, 1, -1], [1, -1, -1, 1], [-1, 1, 1, -1], [-1, 1, -1, 1]]


def planted(attitudes, seed, sizes=None, seen=0.8, consensus=None):
    """Votes from planted groups: a group agrees with probability 0.85 with the blocks it
    favours (+1) and disagrees with probability 0.7 with the others, and sees each statement
    with probability ``seen``. ``consensus`` names an extra statement everyone agrees with.
    Returns (votes, {participant: planted group})."""
    rng = np.random.default_rng(seed)
    attitudes = np.array(attitudes)
    n_groups, n_blocks = attitudes.shape
    sizes = rng.integers(20, 41, n_groups) if sizes is None else sizes
    n_statements = int(rng.integers(30, 61))
    block = np.arange(n_statements) % n_blocks
    favour, against = [0.85, 0.10, 0.05], [0.15, 0.70, 0.15]
    votes, truth = [], {}
    for g, size in enumerate(sizes):
        for _ in range(size):
            participant = f"p{len(truth)}"
            truth[participant] = g
            for s in range(n_statements):
                if rng.random() < seen:
                    probs = favour if attitudes[g, block[s]] > 0 else against
                    votes.append((participant, f"s{s}", int(rng.choice([1, -1, 0], p=probs))))
            if consensus:
                votes.append((participant, consensus, 1 if rng.random() < 0.9 else 0))
    return votes, truth


def matched_share(result: Groups, truth: dict) -> float:
    """Share of participants whose group matches their planted group, under the best one-to-one
    matching of group labels (exhaustive over permutations; k is at most 5)."""
    from itertools import permutations

    planted_ids = sorted(set(truth.values()))
    table = np.zeros((result.k, len(planted_ids)), int)
    for group in result.groups:
        for participant in group.participants:
            table[group.id, planted_ids.index(truth[participant])] += 1
    size = max(table.shape)
    square = np.zeros((size, size), int)
    square[: table.shape[0], : table.shape[1]] = table
    best = max(sum(square[i, p[i]] for i in range(size)) for p in permutations(range(size)))
    return best / len(truth)


@pytest.mark.parametrize("attitudes", [OWN_BLOCK[2], OWN_BLOCK[3], CROSSED], ids=["2", "3", "4"])
@pytest.mark.parametrize("seed", [0, 1])
def test_planted_groups_are_found(attitudes, seed):
    votes, truth = planted(attitudes, seed)
    result = opinion_groups(votes, seed=seed)
    assert isinstance(result, Groups)
    assert result.k == len(attitudes)
    assert matched_share(result, truth) >= 0.9
    assert set(result.coordinates) == set(truth)


def test_representative_statements_come_from_the_groups_own_block():
    votes, truth = planted(OWN_BLOCK[3], seed=3)
    result = opinion_groups(votes)
    for group in result.groups:
        planted_group = max(set(truth.values()), key=[truth[p] for p in group.participants].count)
        top = group.representative[0]
        assert top.direction == "agree" and int(top.statement[1:]) % 3 == planted_group
        assert top.ratio > 1 and top.z_in > 1.2816 and top.z_diff > 1.2816
        assert all(r.ratio >= s.ratio for r, s in zip(group.representative, group.representative[1:]))
        assert {"agree", "disagree"} == {r.direction for r in group.representative}


def test_a_statement_every_group_agrees_with_ranks_first_in_consensus():
    votes, _ = planted(OWN_BLOCK[3], seed=4, consensus="shared")
    result = opinion_groups(votes)
    assert result.k == 3
    assert next(iter(result.consensus)) == "shared"
    assert groups_to_dict(result)["consensus"][0] == "shared"
    values = list(result.consensus.values())
    assert values == sorted(values, reverse=True)


def test_fourteen_participants_give_no_groups_with_the_reason():
    votes, _ = planted(OWN_BLOCK[2], seed=5, sizes=[7, 7])
    result = opinion_groups(votes)
    assert isinstance(result, NoGroups)
    assert result.participants_included == 14 and result.min_participants == 15
    assert "14" in result.reason and "15" in result.reason
    summary = groups_to_dict(result)
    assert summary["k"] == 0 and summary["groups"] == [] and summary["reason"] == result.reason
    assert summary["participants_included"] == 14 and len(summary["consensus"]) > 0


def test_identical_voters_give_no_groups():
    votes = [(f"p{i}", f"s{s}", 1 if s % 2 else -1) for i in range(20) for s in range(10)]
    result = opinion_groups(votes)
    assert isinstance(result, NoGroups) and "do not separate" in result.reason


def test_participants_below_min_votes_are_excluded():
    votes, _ = planted(OWN_BLOCK[2], seed=6)
    votes += [(f"few{i}", f"s{s}", 1) for i in range(3) for s in range(6)]  # 6 < 7 reactions
    result = opinion_groups(votes)
    assert set(result.excluded) == {"few0", "few1", "few2"}
    assert not {"few0", "few1", "few2"} & set(result.coordinates)
    assert all(not p.startswith("few") for g in result.groups for p in g.participants)
    assert {"few0", "few1", "few2"} <= set(opinion_groups(votes, min_votes=6).coordinates)


def test_the_same_seed_gives_the_same_groups():
    votes, _ = planted(OWN_BLOCK[3], seed=7)
    assert opinion_groups(votes, seed=3) == opinion_groups(votes, seed=3)


def test_agreement_on_a_hand_computed_five_person_case():
    votes = [
        ("ana", "bikes", 1), ("ben", "bikes", 1), ("cy", "bikes", -1), ("dee", "bikes", 0),
        ("eve", "bikes", -1), ("eve", "bikes", 1),  # eve changes her mind: the last vote counts
        ("ana", "parking", -1), ("ben", "parking", -1), ("cy", "parking", 1),
        ("ana", "trees", 1), ("ben", "trees", 1),
    ]
    bikes, parking, trees = agreement(votes)
    assert (bikes.agree, bikes.disagree, bikes.passed, bikes.reactions) == (3, 1, 1, 5)
    assert (bikes.agree_share, bikes.disagree_share, bikes.pass_share) == (0.6, 0.2, 0.2)
    assert bikes.clear_majority
    assert (parking.agree, parking.disagree, parking.passed) == (1, 2, 0)
    assert not parking.clear_majority
    assert trees.agree_share == 1.0 and not trees.clear_majority  # only 2 reactions


def test_a_pass_counts_against_a_clear_majority():
    votes = [("a", "s", 1), ("b", "s", 1), ("c", "s", 0), ("d", "s", 0)]
    assert not agreement(votes)[0].clear_majority
    assert agreement(votes[:3])[0].clear_majority


@pytest.mark.parametrize("bad, message", [
    (("ana", "s1", 2), "vote 2: vote must be 1, -1 or 0, not 2"),
    (("ana", "s1", "1"), "vote 2: vote must be 1, -1 or 0, not '1'"),
    (("", "s1", 1), "vote 2: empty participant"),
    (("ana", 1), "vote 2: expected (participant, statement, vote)"),
])
def test_malformed_votes_are_refused(bad, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        agreement([("ben", "s1", 1), bad])


def test_small_groups_are_merged_before_export():
    votes, _ = planted(OWN_BLOCK[3], seed=8, sizes=[30, 30, 4])
    result = opinion_groups(votes)
    assert sorted(len(g.participants) for g in result.groups) == [4, 30, 30]
    merged = suppress_small_groups(result)
    assert merged.k == 2 and all(len(g.participants) >= 30 for g in merged.groups)
    assert set(merged.coordinates) == set(result.coordinates)  # nobody is dropped
    summary = groups_to_dict(result)
    assert summary["k"] == 2 and all(len(g["participants"]) >= 5 for g in summary["groups"])
    json.dumps(summary)


def test_merging_that_leaves_one_group_gives_no_groups():
    votes, _ = planted(OWN_BLOCK[2], seed=9, sizes=[30, 4])
    result = opinion_groups(votes)
    assert result.k == 2
    merged = suppress_small_groups(result)
    assert isinstance(merged, NoGroups) and "fewer than two groups of at least 5" in merged.reason
    assert groups_to_dict(result)["groups"] == []


def test_read_votes_csv(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("participant,statement,vote\nana,s1,1\n ben , s1 ,-1\n\ncy,s2,0\n", encoding="utf-8")
    assert read_votes_csv(path) == [("ana", "s1", 1), ("ben", "s1", -1), ("cy", "s2", 0)]


def test_read_votes_csv_names_every_bad_row(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("participant,statement,vote\nana,s1,1\nben,s1\n\ncy,s2,yes\n,s3,1\ndee,,0\neve,s1,+1\n",
                    encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        read_votes_csv(path)
    message = str(error.value)
    for expected in ["5 bad rows", "row 3: missing column vote", "row 5: vote 'yes' is not 1, -1 or 0",
                     "row 6: empty participant", "row 7: empty statement", "row 8: vote '+1'"]:
        assert expected in message
    assert "row 2" not in message and "row 4" not in message


def test_read_votes_csv_needs_the_header(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("voter-id,comment-id,vote\n1,2,1\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="row 1: header lacks participant, statement"):
        read_votes_csv(path)


def polis_to_workbench_csv(folder: Path, target: Path) -> Path:
    """Write a Pol.is votes export as participant,statement,vote rows in time order."""
    with open(folder / "votes.csv", newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["timestamp"]))
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", "statement", "vote"])
        writer.writerows([row["voter-id"], row["comment-id"], row["vote"]] for row in rows)
    return target


def test_real_polis_conversation_matches_polis_groups(tmp_path):
    folder = POLIS / "brexit-consensus"
    votes = read_votes_csv(polis_to_workbench_csv(folder, tmp_path / "votes.csv"))
    result = opinion_groups(votes)
    with open(folder / "participants-votes.csv", newline="", encoding="utf-8") as handle:
        polis = {row["participant"]: row["group-id"] for row in csv.DictReader(handle) if row["group-id"]}
    assert result.k == 2  # Pol.is found 2 groups
    assert result.participants_included == 189  # at least 7 of the 50 statements
    both = {p: g for p, g in polis.items() if p in result.coordinates}
    assert len(both) == 189
    # Measured: 183 of 189 (96.8%) in the matching group.
    assert matched_share(result, both) >= 0.9
    assert len(agreement(votes)) == 50
