"""Cross-checks of workbench.voting against pref_voting and choix on seeded random data.

What is compared, and where the definitions differ:
- borda, copeland: winners and scores (pref_voting's ``borda_scores`` / ``copeland_scores``
  with (1, 0, −1) are the same numbers).
- schulze: winners, against pref_voting's ``beat_path`` (margins as path strength).
- instant-runoff: winners, against pref_voting's ``instant_runoff`` without a tie-breaker,
  which — like ours — eliminates every item tied for fewest first places at once and lets
  the items win together when all that are left tie. Compared on every profile.
- ranked-pairs: ours breaks ties between equal positive margins by ``items`` order and does
  not lock zero margins (pairwise ties stay tied). pref_voting's ``ranked_pairs_tb`` with the
  same tie-breaker also orders the zero-margin pairs, so it always names one winner: we check
  it is one of ours (and equal when ours is unique). When our ``tie_break_used`` is False,
  the outcome does not depend on the order of equal margins, so our winners must equal
  pref_voting's ``ranked_pairs`` (the union over every tie-breaking order); profiles where
  pref_voting gives up (``ranked_pairs_with_test`` returns None) are skipped for that part.
- bradley-terry: scores equal ``choix.mm_pairwise(alpha=α)`` and ``choix.ilsr_pairwise(
  alpha=α/m)`` after centring, to 1e-4 (see ``workbench.voting.bradley_terry``).
"""
from __future__ import annotations

import json
from pathlib import Path

import choix  # both references are in the `test` extra: a missing one is an error, not a skip
import numpy as np
import pytest
from pref_voting.c1_methods import copeland as pv_copeland
from pref_voting.iterative_methods import instant_runoff as pv_instant_runoff
from pref_voting.margin_based_methods import (
    beat_path as pv_beat_path,
)
from pref_voting.margin_based_methods import (
    ranked_pairs_tb as pv_ranked_pairs_tb,
)
from pref_voting.margin_based_methods import (
    ranked_pairs_with_test as pv_ranked_pairs_all,
)
from pref_voting.profiles import Profile
from pref_voting.scoring_methods import borda as pv_borda

from workbench.voting import count, count_document

DATA = Path(__file__).parent / "data" / "voting"


def random_profiles(count_: int = 30, seed: int = 2024):
    """Seeded complete-ranking profiles of 3–7 items × 5–40 voters, as (m, int rankings)."""
    rng = np.random.default_rng(seed)
    for _ in range(count_):
        m, n = int(rng.integers(3, 8)), int(rng.integers(5, 41))
        yield m, [rng.permutation(m).tolist() for _ in range(n)]


PROFILES = list(random_profiles())


def ours(m: int, rankings: list[list[int]], method: str):
    return count(list(range(m)), rankings, method)


@pytest.mark.parametrize("m, rankings", PROFILES)
def test_scoring_and_condorcet_methods_match_pref_voting(m, rankings):
    profile = Profile(rankings)
    borda = ours(m, rankings, "borda")
    assert borda.winners == pv_borda(profile)
    assert borda.scores == {c: int(s) for c, s in profile.borda_scores().items()}
    copeland = ours(m, rankings, "copeland")
    assert copeland.winners == pv_copeland(profile)
    assert copeland.scores == {c: int(s) for c, s in profile.copeland_scores().items()}
    assert ours(m, rankings, "schulze").winners == pv_beat_path(profile)
    assert ours(m, rankings, "instant-runoff").winners == pv_instant_runoff(profile)


@pytest.mark.parametrize("m, rankings", PROFILES)
def test_ranked_pairs_matches_pref_voting(m, rankings):
    profile = Profile(rankings)
    result = ours(m, rankings, "ranked-pairs")
    (single,) = pv_ranked_pairs_tb(profile, tie_breaker=list(range(m)))
    assert single in result.winners
    if len(result.winners) == 1:
        assert result.winners == [single]
    if not result.details["tie_break_used"]:
        every_order = pv_ranked_pairs_all(profile)
        if every_order is not None:
            assert result.winners == every_order


def test_crosscheck_profiles_exercise_the_edge_cases():
    """The random profiles do include elimination ties and tie-break-dependent ranked pairs."""
    rounds = [r for m, rk in PROFILES for r in ours(m, rk, "instant-runoff").details["rounds"]]
    assert any(len(r["eliminated"]) > 1 for r in rounds)
    assert any(ours(m, rk, "ranked-pairs").details["tie_break_used"] for m, rk in PROFILES)
    assert any(len(ours(m, rk, "schulze").winners) > 1 for m, rk in PROFILES)


def test_preflib_tshirt_vote_matches_pref_voting():
    raw = json.loads((DATA / "00012-00000001.soc.ballots.json").read_text())
    names = raw["candidates"]
    profile = Profile([[names.index(c) for c in r] for r in raw["rankings"]], raw["counts"])
    doc = {"items": names, "ballots": raw["rankings"], "counts": raw["counts"]}
    expected = {
        "borda": pv_borda(profile), "copeland": pv_copeland(profile),
        "schulze": pv_beat_path(profile), "instant-runoff": pv_instant_runoff(profile),
        "ranked-pairs": pv_ranked_pairs_tb(profile, tie_breaker=list(range(len(names)))),
    }
    for method, winners in expected.items():
        assert count_document(doc, method).winners == [names[c] for c in winners], method


def bradley_terry_data(m: int, n: int, seed: int) -> list[list[int]]:
    """``n`` comparisons among ``m`` items drawn from a Bradley–Terry model."""
    rng = np.random.default_rng(seed)
    strength = rng.normal(0, 1.0, m)
    a = rng.integers(0, m, n)
    b = (a + rng.integers(1, m, n)) % m
    a_wins = rng.random(n) < 1 / (1 + np.exp(strength[b] - strength[a]))
    return np.where(a_wins[:, None], np.c_[a, b], np.c_[b, a]).tolist()


@pytest.mark.parametrize("m, n, alpha, seed", [(4, 12, 1.0, 1), (8, 60, 0.5, 2),
                                               (20, 400, 1.0, 3), (30, 2000, 0.1, 4)])
def test_bradley_terry_matches_choix(m, n, alpha, seed):
    data = bradley_terry_data(m, n, seed)
    result = count(list(range(m)), data, "bradley-terry", {"alpha": alpha})
    theta = np.array([result.scores[i] for i in range(m)])
    for reference in (choix.mm_pairwise(m, data, alpha=alpha, tol=1e-12),
                      choix.ilsr_pairwise(m, data, alpha=alpha / m, tol=1e-12)):
        assert np.max(np.abs(theta - (reference - reference.mean()))) < 1e-4


def test_bradley_terry_with_an_unbeaten_item_matches_choix():
    data = [[0, 1]] * 6 + [[0, 2]] * 4 + [[1, 2], [2, 1], [1, 2]]
    result = count([0, 1, 2], data, "bradley-terry", {"alpha": 1.0})
    reference = choix.mm_pairwise(3, data, alpha=1.0, tol=1e-12)
    theta = np.array([result.scores[i] for i in range(3)])
    assert np.max(np.abs(theta - (reference - reference.mean()))) < 1e-4


# -- the command line agrees with the references ------------------------------------------
def run_count(tmp_path, doc: dict, method: str, *params: str) -> dict:
    from click.testing import CliRunner

    from workbench.cli import main
    path = tmp_path / "ballots.json"
    path.write_text(json.dumps(doc))
    result = CliRunner().invoke(main, ["count", str(path), "--method", method, "--json",
                                       *[arg for p in params for arg in ("-p", p)]])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("m, rankings", PROFILES[:10])
def test_workbench_count_matches_pref_voting(tmp_path, m, rankings):
    names = [f"item {i}" for i in range(m)]
    doc = {"items": names, "ballots": [[names[c] for c in r] for r in rankings]}
    profile = Profile(rankings)
    for method, reference in (("borda", pv_borda), ("copeland", pv_copeland),
                              ("schulze", pv_beat_path), ("instant-runoff", pv_instant_runoff)):
        shown = run_count(tmp_path, doc, method)
        assert shown["winners"] == [names[c] for c in reference(profile)], method
        assert set(shown) == {"method", "winners", "ranking", "scores"}


def test_workbench_count_bradley_terry_matches_choix(tmp_path):
    m, data = 8, bradley_terry_data(8, 60, 2)
    shown = run_count(tmp_path, {"items": list(range(m)), "comparisons": data}, "bradley-terry",
                      "alpha=0.5")
    reference = choix.mm_pairwise(m, data, alpha=0.5, tol=1e-12)
    theta = np.array([shown["scores"][str(i)] for i in range(m)])
    assert np.max(np.abs(theta - (reference - reference.mean()))) < 1e-4


def test_workbench_count_refuses_a_bad_ballot_with_its_index(tmp_path):
    from click.testing import CliRunner

    from workbench.cli import main
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"items": ["A", "B"], "ballots": [["A", "B"], ["A", "A"]]}))
    result = CliRunner().invoke(main, ["count", str(path), "--method", "borda"])
    assert result.exit_code == 1
    assert "ballot 1" in result.output and "'A'" in result.output
    assert len(result.output.strip().splitlines()) == 1
