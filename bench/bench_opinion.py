"""Time workbench.visioning.opinion on 500 participants × 200 statements against a baseline run beside it.

Run: python3 bench/bench_opinion.py

The data are seeded planted groups (3 groups, each agreeing with its own block of statements)
with about 60% of the statements seen by each participant. The baseline is one scikit-learn
KMeans(n_clusters=3, n_init=10) fit on the raw vote matrix with unseen cells filled by the column
mean: what clustering costs with no PCA, no choice of k, no representative statements.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_time

from workbench.visioning.opinion import agreement, opinion_groups  # noqa: E402

PARTICIPANTS, STATEMENTS, GROUPS, SEEN, REPEATS = 500, 200, 3, 0.6, 5


def planted_votes(seed: int = 0) -> list[tuple[str, str, int]]:
    """Seeded votes: each group agrees (0.85) with its own block, disagrees (0.7) with the rest."""
    rng = np.random.default_rng(seed)
    group = rng.integers(0, GROUPS, PARTICIPANTS)
    block = np.arange(STATEMENTS) % GROUPS
    own = group[:, None] == block[None, :]
    draw = rng.random((PARTICIPANTS, STATEMENTS))
    vote = np.where(own, np.select([draw < 0.85, draw < 0.95], [1, -1], 0),
                    np.select([draw < 0.15, draw < 0.85], [1, -1], 0))
    seen = rng.random((PARTICIPANTS, STATEMENTS)) < SEEN
    return [(f"p{i}", f"s{j}", int(vote[i, j])) for i, j in zip(*np.nonzero(seen))]


def filled_matrix(votes) -> np.ndarray:
    """The raw participant × statement matrix, unseen cells filled with the column mean."""
    matrix = np.full((PARTICIPANTS, STATEMENTS), np.nan)
    for participant, statement, vote in votes:
        matrix[int(participant[1:]), int(statement[1:])] = vote
    return np.where(np.isnan(matrix), np.nanmean(matrix, 0), matrix)


def main() -> None:
    from sklearn.cluster import KMeans

    votes = planted_votes()
    matrix = filled_matrix(votes)
    opinion_groups(votes)  # warm up: imports scikit-learn, fills caches
    baseline = median_time(lambda: KMeans(n_clusters=3, n_init=10, random_state=0).fit(matrix), REPEATS)
    groups = median_time(lambda: opinion_groups(votes), REPEATS)
    counts = median_time(lambda: agreement(votes), REPEATS)
    result = opinion_groups(votes)
    print(f"{PARTICIPANTS} participants x {STATEMENTS} statements, {len(votes)} votes "
          f"({len(votes) / PARTICIPANTS / STATEMENTS:.0%} seen), {GROUPS} planted groups; "
          f"median of {REPEATS}")
    print(f"baseline KMeans(k=3).fit on the filled matrix: {baseline * 1000:8.1f} ms   1.00x")
    print(f"opinion_groups (found k={result.k}):            {groups * 1000:8.1f} ms "
          f"{groups / baseline:6.2f}x")
    print(f"agreement:                                   {counts * 1000:8.1f} ms "
          f"{counts / baseline:6.2f}x")


if __name__ == "__main__":
    main()
