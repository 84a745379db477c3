"""Benchmark workbench.voting against pref_voting and choix on the same seeded data.

    python3 bench/bench_voting.py [--repeat 3] [--skip-mm]

Ranked methods: 145 items × 5,000 complete rankings drawn from a Plackett–Luce model with
random utilities. "From ballots": ours counts ballots of item names, validating them;
pref_voting's whole path is Profile construction + the method call (the sum of the best of
each). "Count only": pref_voting's method call on a built Profile (which computed its pairwise
tally when it was built) against ours on encoded ballots whose pairwise counts are cached
likewise; the header shows what building each costs.
Bradley–Terry: 100,000 comparisons among 145 items from a Bradley–Terry model with random
strengths, against choix's fitters with the same regularisation (mm: alpha, ilsr/lsr: alpha/m).
Every reference library is warmed up once on small data first (pref_voting JIT-compiles
with numba), untimed. Times are the best of ``--repeat`` runs; ours and the reference run in
turns, so both see the same machine load.
"""
from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import best, race

import choix
from pref_voting.c1_methods import copeland as pv_copeland
from pref_voting.iterative_methods import instant_runoff as pv_instant_runoff
from pref_voting.margin_based_methods import beat_path, ranked_pairs_tb
from pref_voting.profiles import Profile
from pref_voting.scoring_methods import borda as pv_borda

from workbench.voting import RankedBallots, count, encode_rankings, support_matrix

PREFLIB = Path(__file__).resolve().parents[2] / "shared" / "data" / "preflib"
ALPHA = 1.0


def reference_methods(m: int) -> dict:
    """pref_voting's function for each of our ranked methods (same definitions)."""
    return {
        "borda": pv_borda,
        "copeland": pv_copeland,
        "schulze": beat_path,  # margins as path strength
        "ranked-pairs": lambda p: ranked_pairs_tb(p, tie_breaker=list(range(m))),
        "instant-runoff": pv_instant_runoff,  # all tied-lowest eliminated together
    }


def ranked_profile(m: int, n: int, seed: int) -> tuple[list[str], list[list[int]]]:
    rng = np.random.default_rng(seed)
    utility = rng.normal(0.0, 0.3, m)
    orders = np.argsort(-(utility + rng.gumbel(size=(n, m))), axis=1)
    return [f"T{i // 20 + 1}.G{i // 5 % 4 + 1}.A{i}" for i in range(m)], orders.tolist()


def comparisons(m: int, n: int, seed: int) -> list[list[int]]:
    rng = np.random.default_rng(seed)
    strength = rng.normal(0.0, 1.0, m)
    a = rng.integers(0, m, n)
    b = (a + rng.integers(1, m, n)) % m
    a_wins = rng.random(n) < 1.0 / (1.0 + np.exp(strength[b] - strength[a]))
    return np.where(a_wins[:, None], np.c_[a, b], np.c_[b, a]).tolist()


def warm_up() -> None:
    small = [list(np.random.default_rng(0).permutation(5)) for _ in range(20)]
    profile = Profile(small)
    for function in reference_methods(5).values():
        function(profile)
    data = comparisons(5, 50, 0)
    for fit in (choix.ilsr_pairwise, choix.mm_pairwise, choix.lsr_pairwise):
        fit(5, data, alpha=0.1)


def row(name: str, ours: float, reference: float, agree: str, note: str) -> None:
    print(f"| {name:<30} | {ours:8.4f} | {reference:11.4f} | {reference / ours:14.1f}× | {agree:<5} | {note}")


def header(title: str) -> None:
    print(f"\n{title}\n| {'method':<30} | {'ours s':>8} | {'reference s':>11} | "
          f"{'ratio (ref/ours)':>15} | same? | reference")
    print(f"|{'-' * 32}|{'-' * 10}|{'-' * 13}|{'-' * 17}|{'-' * 7}|{'-' * 40}")


def bench_ranked(title: str, items: list, rankings: list[list[int]], counts: list[int] | None,
                 repeat: int) -> None:
    m = len(items)
    ballots = [[items[i] for i in r] for r in rankings]
    doc_ballots = [b for b, c in zip(ballots, counts or [1] * len(ballots)) for _ in range(c)]
    profile_time, profile = best(repeat, Profile, rankings, counts)
    encode_time, encoded = best(repeat, encode_rankings, items, doc_ballots)
    support_time, _ = best(repeat, lambda: support_matrix(RankedBallots(encoded.items, encoded.groups)))
    support_matrix(encoded)  # cached on the encoding, as pref_voting's Profile keeps its tally
    header(f"{title}\nbuilding: pref_voting Profile {profile_time:.4f} s; ours: encoding "
           f"{encode_time:.4f} s + pairwise counts {support_time:.4f} s")
    for method, reference in reference_methods(m).items():
        (ref_time, ref_winners), (our_time, result), (count_time, _) = race(
            repeat, partial(reference, profile), partial(count, items, doc_ballots, method),
            partial(count, items, encoded, method))
        agree = "yes" if result.winners == [items[c] for c in ref_winners] else "NO"
        if method == "ranked-pairs" and len(ref_winners) == 1:
            agree = "yes" if items[ref_winners[0]] in result.winners else "NO"
        row(f"{method} (from ballots)", our_time, profile_time + ref_time, agree,
            "pref_voting Profile + method")
        row(f"{method} (count only)", count_time, ref_time, agree, "pref_voting method on built Profile")
        if method == "ranked-pairs":
            print(f"| ranked-pairs: tie_break_used={result.details['tie_break_used']}, "
                  f"Condorcet winner={result.details['condorcet_winner']!r} "
                  "(pref_voting returns early when one exists; ours ranks every item)")


def bench_bradley_terry(m: int, n: int, repeat: int, skip_mm: bool) -> None:
    data = comparisons(m, n, 7)
    items = [f"item{i}" for i in range(m)]
    pairs = [[items[w], items[l]] for w, l in data]
    header(f"Bradley–Terry: {m} items, {n:,} comparisons, alpha={ALPHA}")
    fitters = [("ilsr_pairwise", choix.ilsr_pairwise, ALPHA / m, "same estimator"),
               ("lsr_pairwise", choix.lsr_pairwise, ALPHA / m, "one spectral step: NOT the MAP"),
               ("mm_pairwise", choix.mm_pairwise, ALPHA, "same estimator")]
    ours = partial(count, items, pairs, "bradley-terry", {"alpha": ALPHA})
    for name, fit, alpha, note in fitters:
        if skip_mm and name == "mm_pairwise":
            continue
        (our_time, result), (ref_time, params) = race(repeat, ours,
                                                      partial(fit, m, data, alpha=alpha))
        theta = np.array([result.scores[i] for i in items])
        gap = np.max(np.abs(theta - (params - params.mean())))
        agree = "yes" if gap < 1e-4 else "no"
        row(f"bradley-terry vs {name}", our_time, ref_time, agree, f"{note}; max |Δθ| {gap:.1e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument("--skip-mm", action="store_true", help="skip choix.mm_pairwise (slow)")
    args = parser.parse_args()
    warm_up()
    items, rankings = ranked_profile(145, 5000, seed=42)
    bench_ranked("Ranked methods: 145 items × 5,000 complete rankings", items, rankings, None,
                 args.repeat)
    bench_bradley_terry(145, 100_000, args.repeat, args.skip_mm)
    movehub = PREFLIB / "00050-00000001.soc.ballots.json"
    if movehub.exists():
        raw = json.loads(movehub.read_text())
        names = raw["candidates"]
        index = {c: i for i, c in enumerate(names)}
        bench_ranked(f"PrefLib 00050-00000001 (Movehub city rankings, {len(names)} items × "
                     f"{sum(raw['counts'])} rankings)", names,
                     [[index[c] for c in r] for r in raw["rankings"]], raw["counts"], args.repeat)


if __name__ == "__main__":
    main()
