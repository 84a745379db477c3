"""Pairwise counts shared by the Condorcet methods (Schulze, Copeland, ranked pairs)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.voting.ballots import RankedBallots, encode_rankings
from workbench.voting.result import Item

_CELLS_PER_CHUNK = 6_000_000  # ballots × items² booleans compared at once (~6 MB)


def support_matrix(ranked: RankedBallots) -> np.ndarray:
    """Return ``S`` with ``S[a, b]`` = number of ballots ranking item ``a`` above item ``b``.

    One vectorised pass: ballots are compared in chunks of at most 255, so each chunk's
    counts fit in a byte before they are added up. Tied and unranked pairs count for neither.

    >>> support_matrix(encode_rankings(["A", "B", "C"], [["A", "B"], ["B", "A", "C"]])).tolist()
    [[0, 1, 2], [1, 0, 2], [0, 0, 0]]
    """
    if "support" in ranked.cache:
        return ranked.cache["support"]
    groups = ranked.groups
    n, m = groups.shape
    support = np.zeros((m, m), dtype=np.int64)
    chunk = int(max(1, min(255, _CELLS_PER_CHUNK // max(1, m * m))))
    for start in range(0, n, chunk):
        block = groups[start:start + chunk]
        above = np.less(block[:, :, None], block[:, None, :])
        support += above.view(np.uint8).sum(axis=0, dtype=np.uint8)
    support.flags.writeable = False
    ranked.cache["support"] = support
    return support


def margin_matrix(items: Sequence[Item], ballots: Sequence) -> np.ndarray:
    """Return the m×m margins ``M[a, b]`` = (ballots with a above b) − (ballots with b above a).

    Validates the ballots first (see :func:`~workbench.voting.ballots.encode_rankings`).

    >>> margin_matrix(["A", "B"], [["A", "B"], ["A", "B"], ["B", "A"]]).tolist()
    [[0, 1], [-1, 0]]
    """
    support = support_matrix(encode_rankings(items, ballots))
    return support - support.T


def condorcet_winner(items: Sequence[Item], margins: np.ndarray) -> Item | None:
    """Return the item that beats every other head to head, or None if there is none.

    >>> condorcet_winner(["A", "B"], np.array([[0, 1], [-1, 0]]))
    'A'
    """
    m = len(items)
    wins = (margins > 0).sum(axis=1)
    found = np.flatnonzero(wins == m - 1)
    return items[int(found[0])] if found.size else None

