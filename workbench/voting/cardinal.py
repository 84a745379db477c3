"""Methods where each ballot gives items amounts: dots (cumulative), approval and score."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Real
from typing import Any

import numpy as np

from workbench.core.errors import ValidationError
from workbench.voting.ballots import check_ballot_list, index_items, lookup
from workbench.voting.registry import register
from workbench.voting.result import Item, Result, groups_by_value, make_result


def _whole(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _mapping(k: int, ballot: Any, what: str) -> Mapping:
    if not isinstance(ballot, Mapping):
        raise ValidationError(f"ballot {k} is not {what}, got {type(ballot).__name__}")
    return ballot


def parse_dots(items: Sequence[Item], ballots: Sequence, *, budget: int = 10,
               max_per_item: int | None = None, **_params: Any) -> np.ndarray:
    """Check dot ballots (objects item → whole number of dots); return an n×m array of dots."""
    index = index_items(items)
    check_ballot_list(ballots)
    if not _whole(budget) or isinstance(budget, bool) or budget < 1:
        raise ValidationError(f"budget must be a whole number of dots, at least 1 (got {budget!r})")
    cap = budget if max_per_item is None else max_per_item
    if not _whole(cap) or isinstance(cap, bool) or cap < 1:
        raise ValidationError(f"max_per_item must be a whole number, at least 1 (got {cap!r})")
    dots = np.zeros((len(ballots), len(items)), dtype=np.int64)
    for k, ballot in enumerate(ballots):
        for item, amount in _mapping(k, ballot, "an object item -> dots").items():
            i = lookup(index, item, f"ballot {k} puts dots on")
            if not _number(amount) or not _whole(amount):
                raise ValidationError(f"ballot {k} gives {item!r} {amount!r} dots: dots must be whole numbers")
            if amount < 0:
                raise ValidationError(f"ballot {k} gives {item!r} {amount!r} dots: dots cannot be negative")
            if amount > cap:
                raise ValidationError(f"ballot {k} puts {amount!r} dots on {item!r}, more than the {cap} allowed per item")
            dots[k, i] = int(amount)
        if dots[k].sum() > budget:
            raise ValidationError(f"ballot {k} spends {int(dots[k].sum())} dots, more than the budget of {budget}")
    return dots


@register("dots", ballot_kind="dots", parse=parse_dots)
def dots(items: Sequence[Item], ballots: Sequence, *, budget: int = 10,
         max_per_item: int | None = None) -> Result:
    """Dot voting (cumulative voting): each person spreads up to ``budget`` dots over the items.

    Definition: a ballot is an object item → whole number of dots, at most ``max_per_item`` on
    one item (default: the whole budget) and at most ``budget`` in all; unspent dots are
    allowed. An item's score is its total dots; the most dots win; equal totals are tied.
    ``details``: ``ballots``, ``dots_spent`` (= the sum of the scores), ``budget``,
    ``max_per_item``.

    Raises ValidationError naming the first bad ballot (or parameter) and why.

    Reference: https://en.wikipedia.org/wiki/Cumulative_voting ;
    https://en.wikipedia.org/wiki/Dot-voting

    >>> r = dots(["A", "B", "C"], [{"A": 2, "B": 1}, {"C": 3}, {"A": 1}], budget=3, max_per_item=3)
    >>> r.winners, r.scores, r.details["dots_spent"]
    (['A', 'C'], {'A': 3, 'B': 1, 'C': 3}, 7)
    """
    spent = parse_dots(items, ballots, budget=budget, max_per_item=max_per_item)
    totals = spent.sum(axis=0)
    details = {"ballots": len(ballots), "dots_spent": int(totals.sum()), "budget": budget,
               "max_per_item": budget if max_per_item is None else max_per_item}
    return make_result("dots", items, groups_by_value(items, totals.tolist()), totals.tolist(), details)


def parse_approvals(items: Sequence[Item], ballots: Sequence, **_params: Any) -> np.ndarray:
    """Check approval ballots (lists of approved items); return an n×m boolean array."""
    index = index_items(items)
    check_ballot_list(ballots)
    approved = np.zeros((len(ballots), len(items)), dtype=bool)
    for k, ballot in enumerate(ballots):
        if isinstance(ballot, (str, bytes, Mapping)) or not isinstance(ballot, (list, tuple, set, frozenset)):
            raise ValidationError(f"ballot {k} is not a list of approved items, got {type(ballot).__name__}")
        for item in ballot:
            i = lookup(index, item, f"ballot {k} approves")
            if approved[k, i]:
                raise ValidationError(f"ballot {k} approves {item!r} twice")
            approved[k, i] = True
    return approved


@register("approval", ballot_kind="approval", parse=parse_approvals)
def approval(items: Sequence[Item], ballots: Sequence) -> Result:
    """Approval voting: each person approves any number of items; most approvals win.

    Definition: a ballot is a list of approved items (empty = approves nothing). Score = the
    number of ballots approving the item; equal counts are tied. ``details``: ``ballots``,
    ``share`` (approvals / ballots, 0 when there are no ballots).

    Raises ValidationError naming the first bad ballot (or parameter) and why.

    Reference: S. J. Brams and P. C. Fishburn, "Approval voting", American Political Science
    Review 72 (1978) 831–847; https://en.wikipedia.org/wiki/Approval_voting

    >>> r = approval(["A", "B", "C"], [["A", "B"], ["B"], []])
    >>> r.winners, r.ranking, r.scores
    (['B'], [['B'], ['A'], ['C']], {'A': 1, 'B': 2, 'C': 0})
    """
    counts = parse_approvals(items, ballots).sum(axis=0)
    n = len(ballots)
    share = {item: (int(c) / n if n else 0.0) for item, c in zip(items, counts)}
    return make_result("approval", items, groups_by_value(items, counts.tolist()), counts.tolist(),
                       {"ballots": n, "share": share})


def parse_scores(items: Sequence[Item], ballots: Sequence, *, max_score: int = 5,
                 unscored_as_zero: bool = False, **_params: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check score ballots (objects item → 0…max_score); return (n×m scores, n×m given-mask)."""
    index = index_items(items)
    check_ballot_list(ballots)
    if not isinstance(unscored_as_zero, bool):
        raise ValidationError(f"unscored_as_zero must be true or false (got {unscored_as_zero!r})")
    if not _number(max_score) or max_score <= 0:
        raise ValidationError(f"max_score must be a positive number (got {max_score!r})")
    values = np.zeros((len(ballots), len(items)))
    given = np.zeros((len(ballots), len(items)), dtype=bool)
    for k, ballot in enumerate(ballots):
        for item, value in _mapping(k, ballot, "an object item -> score").items():
            i = lookup(index, item, f"ballot {k} scores")
            if not _number(value):
                raise ValidationError(f"ballot {k} gives {item!r} the score {value!r}, which is not a number")
            if not 0 <= value <= max_score:
                raise ValidationError(f"ballot {k} gives {item!r} the score {value!r}, outside 0–{max_score}")
            values[k, i], given[k, i] = value, True
    return values, given


@register("score", ballot_kind="score", parse=parse_scores)
def score(items: Sequence[Item], ballots: Sequence, *, max_score: int = 5,
          unscored_as_zero: bool = False) -> Result:
    """Score voting (range voting): each person scores items 0…``max_score``; highest mean wins.

    Definition: a ballot is an object item → score. An item's score is the mean of the scores
    it received; items a ballot leaves out are not counted (not 0) unless
    ``unscored_as_zero=True``. Means are compared to 9 decimals; equal means are tied; an
    item nobody scored has score None and is ranked last. ``details``: ``counts`` (number of
    scores per item), ``totals``, ``ballots``, ``unscored_as_zero``, ``max_score``.

    Raises ValidationError naming the first bad ballot (or parameter) and why.

    Reference: https://en.wikipedia.org/wiki/Score_voting ; W. D. Smith, "Range voting" (2000),
    https://rangevoting.org/WarrenSmithPages/homepage/rangevote.pdf

    >>> ballots = [{"A": 5, "B": 4}, {"A": 1}, {"B": 5}]
    >>> r = score(["A", "B", "C"], ballots)
    >>> r.winners, r.ranking, r.scores, r.details["counts"]
    (['B'], [['B'], ['A'], ['C']], {'A': 3.0, 'B': 4.5, 'C': None}, {'A': 2, 'B': 2, 'C': 0})
    >>> score(["A", "B", "C"], ballots, unscored_as_zero=True).scores
    {'A': 2.0, 'B': 3.0, 'C': 0.0}
    """
    values, given = parse_scores(items, ballots, max_score=max_score,
                                 unscored_as_zero=unscored_as_zero)
    totals = values.sum(axis=0)
    counts = np.full(len(items), len(ballots)) if unscored_as_zero else given.sum(axis=0)
    means = [float(t / c) if c else None for t, c in zip(totals, counts)]
    details = {"ballots": len(ballots), "counts": dict(zip(items, counts.tolist())),
               "totals": dict(zip(items, totals.tolist())),
               "unscored_as_zero": unscored_as_zero, "max_score": max_score}
    ranking = groups_by_value(items, means, tol=1e-9)
    return make_result("score", items, ranking, means, details)
