"""Positional and elimination methods over ranking ballots: Borda and instant runoff."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.voting.ballots import encode_rankings
from workbench.voting.registry import register
from workbench.voting.result import Item, Result, groups_by_value, make_result

_DECIMALS = 9  # fractional votes (split among tied items) are compared to this many decimals


def _tidy(values: np.ndarray) -> list:
    """Integers when every value is whole, else floats rounded to ``_DECIMALS``."""
    rounded = np.round(np.asarray(values, dtype=float), _DECIMALS)
    if np.all(rounded == np.round(rounded)):
        return [int(v) for v in rounded]
    return rounded.tolist()


@register("borda", ballot_kind="ranking", parse=encode_rankings)
def borda(items: Sequence[Item], ballots: Sequence) -> Result:
    """Borda count: with m items, first place earns m−1 points, second m−2, …, last 0.

    Partial rankings and ties: a tied group shares the average of the points of the
    positions it occupies; unranked items (tied below every ranked one) share the average of
    the leftover positions. So every ballot hands out m(m−1)/2 points, and an item's points on
    a ballot equal the number of items it is above plus half the number tied with it. The
    highest total wins; equal totals are tied. ``details``: ``ballots``, ``points_per_ballot``.

    Raises ValidationError naming the first bad ballot (or parameter) and why.

    Reference: J. C. de Borda, "Mémoire sur les élections au scrutin" (1781);
    P. Emerson, "The original Borda count and partial voting", Social Choice and Welfare 40
    (2013) 353–358; https://en.wikipedia.org/wiki/Borda_count

    >>> r = borda(["A", "B", "C", "D"], [[["A", "B"], "C"], ["D"]])
    >>> r.winners, r.scores
    (['A', 'B'], {'A': 3.5, 'B': 3.5, 'C': 2.0, 'D': 3.0})
    """
    groups = encode_rankings(items, ballots).groups
    n, m = groups.shape
    details = {"ballots": n, "points_per_ballot": m * (m - 1) // 2}
    if n and not (groups == m).any() and (groups.max(axis=1) == m - 1).all():
        # complete rankings without ties: m groups of one item each
        scores = (m - 1) * n - groups.sum(axis=0, dtype=np.int64)
        return make_result("borda", items, groups_by_value(items, scores.tolist()),
                           scores.tolist(), details)
    groups = groups.astype(np.int64)
    offsets = (np.arange(n) * (m + 1))[:, None]
    sizes = np.bincount((groups + offsets).ravel(), minlength=n * (m + 1)).reshape(n, m + 1)
    through = np.cumsum(sizes, axis=1)  # items in this group or a better one
    # twice the points: 2·(items below) + (items tied with it) = 2m − 2·through + size − 1
    doubled = (2 * m - 2 * np.take_along_axis(through, groups, axis=1)
               + np.take_along_axis(sizes, groups, axis=1) - 1).sum(axis=0)
    scores = doubled // 2 if np.all(doubled % 2 == 0) else doubled / 2
    return make_result("borda", items, groups_by_value(items, scores.tolist()), scores.tolist(),
                       details)


@register("instant-runoff", ballot_kind="ranking", parse=encode_rankings)
def instant_runoff(items: Sequence[Item], ballots: Sequence) -> Result:
    """Instant runoff (alternative vote, Hare): eliminate the least first preferences, recount.

    Definition: each ballot counts for its highest-ranked item still in the count. An item
    with more than half of the continuing ballots wins and ends the count. Otherwise every
    item tied for the fewest votes is eliminated together, and the count repeats; if that
    would eliminate every item left, those items all win (also when only one item is left it
    wins). This is pref_voting's ``instant_runoff`` without a tie-breaker.

    Partial rankings and ties: a ballot whose highest remaining items are tied splits its vote
    equally among them; a ballot whose ranked items are all eliminated is exhausted and no
    longer counted (treating its unranked items as tied at the bottom would spread it equally
    over every remaining item, which never changes who is eliminated or who wins).

    The ranking is: winners, then any other items still in the count (by their last tally),
    then the eliminated groups, last eliminated first. ``scores`` = an item's votes in the
    last round it took part in. ``details["rounds"]``: each round's tallies, continuing
    ballots and eliminated items; ``details["end"]``: "majority", "last item" or "all tied".

    Raises ValidationError naming the first bad ballot (or parameter) and why.

    Reference: https://en.wikipedia.org/wiki/Instant-runoff_voting ; W. Holliday and
    E. Pacuit, pref_voting, ``iterative_methods.instant_runoff``.

    >>> r = instant_runoff(["A", "B", "C", "D"], 4 * [["A", "B"]] + 3 * [["B"]] + [["C", "B"], ["D", "B"]])
    >>> r.winners, r.ranking, r.scores
    (['B'], [['B'], ['A'], ['C', 'D']], {'A': 4, 'B': 5, 'C': 1, 'D': 1})
    """
    groups = encode_rankings(items, ballots).groups
    winners, still_in, eliminated, scores, rounds, end = _runoff(groups)
    for record in rounds:  # positions -> item names
        votes = record["tallies"]
        record["tallies"] = dict(zip([items[i] for i in votes], _tidy(list(votes.values()))))
        record["eliminated"] = [items[i] for i in record["eliminated"]]
    others = [i for i in still_in if i not in set(winners)]
    ranking = [[items[i] for i in winners]]
    if others:
        ranking += groups_by_value([items[i] for i in others], [scores[i] for i in others],
                                   tol=10.0 ** -_DECIMALS)
    ranking += [[items[i] for i in group] for group in eliminated[::-1]]
    details = {"ballots": len(groups), "rounds": rounds, "end": end}
    return make_result("instant-runoff", items, ranking, _tidy(scores), details)


def _first_choices(groups: np.ndarray, remaining: np.ndarray, rows: np.ndarray,
                   top: np.ndarray, weight: np.ndarray) -> None:
    """Fill ``top[rows]`` (each ballot's highest group among the remaining items) and
    ``weight[rows]`` (1 / size of that group; 0 for an exhausted ballot)."""
    m = groups.shape[1]
    current = np.where(remaining, groups[rows], m)
    best = current.min(axis=1, initial=m)[:, None]
    top[rows] = (current == best) & (best < m)
    counted = top[rows].sum(axis=1)
    weight[rows] = np.where(counted > 0, 1.0 / np.maximum(counted, 1), 0.0)


def _runoff(groups: np.ndarray):
    """Run the rounds; return (winners, items left, eliminated groups, last tallies, rounds, end).

    Only the ballots whose first choice was just eliminated are looked at again.
    """
    n, m = groups.shape
    remaining = np.ones(m, dtype=bool)
    top, weight = np.zeros((n, m), dtype=bool), np.zeros(n)
    _first_choices(groups, remaining, np.arange(n), top, weight)
    tally = (top * weight[:, None]).sum(axis=0)
    scores = np.zeros(m)
    rounds, eliminated = [], []
    while True:
        alive = np.flatnonzero(remaining)
        votes = np.round(tally[alive], _DECIMALS)
        continuing = int(np.count_nonzero(weight))
        scores[alive] = tally[alive]
        rounds.append({"tallies": dict(zip(alive.tolist(), votes.tolist())),
                       "continuing": continuing, "eliminated": []})
        leader = alive[votes > continuing / 2]
        lowest = alive[votes == votes.min()]
        if leader.size or alive.size == 1 or lowest.size == alive.size:
            end = "majority" if leader.size else "last item" if alive.size == 1 else "all tied"
            winners = leader if leader.size else alive
            return winners.tolist(), alive.tolist(), eliminated, scores, rounds, end
        rounds[-1]["eliminated"] = lowest.tolist()
        eliminated.append(lowest.tolist())
        remaining[lowest] = False
        rows = np.flatnonzero(top[:, lowest].any(axis=1))
        tally -= (top[rows] * weight[rows, None]).sum(axis=0)
        _first_choices(groups, remaining, rows, top, weight)
        tally += (top[rows] * weight[rows, None]).sum(axis=0)
