"""Condorcet methods over the pairwise margins: Schulze, Copeland and ranked pairs.

All three read ranking ballots the same way: a ballot counts for "a over b" when it ranks
``a`` in a higher group than ``b``; a pair tied on the ballot (same group, or both unranked)
counts for neither. Unranked items tie below all ranked ones, so a ranked item beats every
unranked one on that ballot.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.voting.ballots import RankedBallots, encode_rankings
from workbench.voting.pairwise import condorcet_winner, support_matrix
from workbench.voting.registry import register
from workbench.voting.result import Item, Result, groups_by_value, layers, make_result


def _margins(items: Sequence[Item], ballots: Sequence) -> tuple[RankedBallots, np.ndarray, dict]:
    """Encode the ballots; return them, the margin matrix and the details every method reports."""
    ranked = encode_rankings(items, ballots)
    support = support_matrix(ranked)
    margins = support - support.T
    details = {
        "ballots": ranked.groups.shape[0],
        "condorcet_winner": condorcet_winner(items, margins),
        "margins": margins.tolist(),
    }
    return ranked, margins, details


def strongest_paths(margins: np.ndarray) -> np.ndarray:
    """Return ``P[a, b]``: the strength of the strongest path from a to b (Floyd–Warshall).

    A link a→b exists when the margin is positive and has that strength; a path is as strong
    as its weakest link; 0 means no path (and the diagonal is 0).

    >>> strongest_paths(np.array([[0, 3, -1], [-3, 0, 3], [1, -3, 0]])).tolist()
    [[0, 3, 3], [1, 0, 3], [1, 1, 0]]
    """
    paths = np.where(margins > 0, margins, 0).astype(np.int64)
    for k in range(len(paths)):
        np.maximum(paths, np.minimum(paths[:, k:k + 1], paths[k:k + 1, :]), out=paths)
    np.fill_diagonal(paths, 0)
    return paths


@register("schulze", ballot_kind="ranking", parse=encode_rankings)
def schulze(items: Sequence[Item], ballots: Sequence) -> Result:
    """Schulze method (beat path), with path strength measured by the margin.

    Definition: a link a→b exists when more ballots put a above b than b above a, with strength
    the margin; a path's strength is its weakest link; ``p[a, b]`` is the strongest path from a
    to b. Item a beats b when ``p[a, b] > p[b, a]``; winners are the items nobody beats. The
    relation is transitive (Schulze 2011, §4.1), so the ranking lists the unbeaten items first,
    then those beaten only by them, and so on; items in one group beat each other neither way.
    ``scores`` = how many items each beats. Partial rankings and ties: see the module docstring.
    ``details``: ``strongest_paths`` (row = from), ``margins``, ``condorcet_winner``, ``ballots``.

    Raises ValidationError naming the first bad ballot (or parameter) and why.

    Reference: M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
    Condorcet-consistent single-winner election method", Social Choice and Welfare 36 (2011)
    267–303; https://en.wikipedia.org/wiki/Schulze_method

    >>> r = schulze(["A", "B", "C"], 3 * [["A", "B", "C"]] + 2 * [["B", "C", "A"]] + 2 * [["C", "A", "B"]])
    >>> r.winners, r.ranking, r.scores
    (['A'], [['A'], ['B'], ['C']], {'A': 2, 'B': 1, 'C': 0})
    """
    _, margins, details = _margins(items, ballots)
    paths = strongest_paths(margins)
    beats = paths > paths.T
    details["strongest_paths"] = paths.tolist()
    return make_result("schulze", items, layers(items, beats), beats.sum(axis=1), details)


@register("copeland", ballot_kind="ranking", parse=encode_rankings)
def copeland(items: Sequence[Item], ballots: Sequence) -> Result:
    """Copeland's method: head-to-head wins minus head-to-head losses.

    Definition: item a wins against b when more ballots put a above b than b above a; a
    pairwise tie counts as neither. Score = wins − losses; the highest score wins; equal scores
    are tied in the ranking. Partial rankings and ties: see the module docstring. ``details``:
    ``wins``, ``losses``, ``margins``, ``condorcet_winner``, ``ballots``.

    Raises ValidationError naming the first bad ballot (or parameter) and why.

    Reference: A. H. Copeland, "A 'reasonable' social welfare function", Seminar on
    Mathematics in Social Sciences, University of Michigan (1951);
    https://en.wikipedia.org/wiki/Copeland%27s_method

    >>> r = copeland(["A", "B", "C"], [["A", "B", "C"], ["B", "C", "A"], ["C", "A", "B"]])
    >>> r.winners, r.scores
    (['A', 'B', 'C'], {'A': 0, 'B': 0, 'C': 0})
    """
    _, margins, details = _margins(items, ballots)
    wins, losses = (margins > 0).sum(axis=1), (margins < 0).sum(axis=1)
    scores = wins - losses
    details["wins"] = dict(zip(items, wins.tolist()))
    details["losses"] = dict(zip(items, losses.tolist()))
    return make_result("copeland", items, groups_by_value(items, scores.tolist()), scores, details)


@register("ranked-pairs", ballot_kind="ranking", parse=encode_rankings)
def ranked_pairs(items: Sequence[Item], ballots: Sequence) -> Result:
    """Ranked pairs (Tideman): lock in head-to-head wins from the largest margin down.

    Definition: take the pairs (a, b) with a positive margin for a over b, largest margin
    first; lock each in unless it would close a cycle with pairs already locked. The locked
    pairs form an order; winners are the items with nothing locked above them, and the ranking
    lists them in layers (items with a zero margin and no locked path between them stay tied).
    ``scores`` = how many items are locked below each item.

    Tie-break: pairs with equal margins are taken in the order of ``items`` — by the winner's
    position, then the loser's (the convention of pref_voting's ``ranked_pairs_tb`` with
    ``tie_breaker=items``). ``details["tie_break_used"]`` is True when that order could change
    the result (an equal-margin pair was skipped because of another pair of the same margin);
    ``details["skipped"]`` lists the pairs dropped as [winner, loser, margin]. Partial rankings
    and ties: see the module docstring.

    Raises ValidationError naming the first bad ballot (or parameter) and why.

    Reference: T. N. Tideman, "Independence of clones as a criterion for voting rules",
    Social Choice and Welfare 4 (1987) 185–206; https://en.wikipedia.org/wiki/Ranked_pairs

    >>> r = ranked_pairs(["A", "B", "C"], 3 * [["A", "B", "C"]] + 2 * [["B", "C", "A"]] + 2 * [["C", "A", "B"]])
    >>> r.winners, r.ranking, r.details["skipped"], r.details["tie_break_used"]
    (['A'], [['A'], ['B'], ['C']], [['C', 'A', 1]], False)
    """
    _, margins, details = _margins(items, ballots)
    reach, skipped, tie_break_used = _lock_pairs(margins)
    details["tie_break"] = "equal margins: pairs in the order of items (winner, then loser)"
    details["tie_break_used"] = tie_break_used
    details["skipped"] = [[items[a], items[b], int(margins[a, b])] for a, b in skipped]
    return make_result("ranked-pairs", items, layers(items, reach), reach.sum(axis=1), details)


def transitive_closure(relation: np.ndarray) -> np.ndarray:
    """Return the transitive closure of a boolean relation (Warshall's algorithm).

    >>> transitive_closure(np.array([[0, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=bool)).astype(int).tolist()
    [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
    """
    reach = relation.copy()
    for k in range(len(reach)):
        reach[reach[:, k]] |= reach[k]
    return reach


def _lock_pairs(margins: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]], bool]:
    """Return the locked order's transitive closure, the skipped pairs and whether the
    tie-break between equal margins could have mattered.

    A pair can only be skipped when its items lie on a cycle of majority wins, i.e. in one
    strongly connected component of the majority relation, and only pairs inside that
    component decide it; pairs between components are always locked. So the locking loop
    runs over the pairs inside components only, in the same order.
    """
    majority = margins > 0
    cyclic = transitive_closure(majority)
    cyclic &= cyclic.T
    reach, skipped, tie_break_used = _lock_in_order(np.where(cyclic, margins, 0))
    return transitive_closure(reach | (majority & ~cyclic)), skipped, tie_break_used


def _lock_in_order(margins: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]], bool]:
    """The locking loop over all positive-margin pairs; returns as :func:`_lock_pairs`."""
    m = len(margins)
    winners, losers = np.nonzero(margins > 0)
    strength = margins[winners, losers]
    order = np.lexsort((losers, winners, -strength))  # largest margin, then items order
    winners, losers, strength = winners[order], losers[order], strength[order]
    reach = np.zeros((m, m), dtype=bool)  # reach[x, y]: a locked path leads from x to y
    skipped: list[tuple[int, int]] = []
    tie_break_used = False
    bounds = np.flatnonzero(np.diff(strength)) + 1
    for group in np.split(np.arange(len(strength)), bounds):
        doomed = reach[losers[group], winners[group]].copy()  # skipped whatever the order
        for j, dead in zip(group.tolist(), doomed.tolist()):
            a, b = int(winners[j]), int(losers[j])
            if reach[b, a]:
                skipped.append((a, b))
                tie_break_used = tie_break_used or not dead
            elif not reach[a, b]:
                sources = reach[:, a].copy()
                sources[a] = True
                targets = reach[b].copy()
                targets[b] = True
                reach[sources] |= targets
    return reach, skipped, tie_break_used
