"""Input checks at the boundary, and the encodings the counting methods work on.

Every check raises :class:`~workbench.core.errors.ValidationError` naming the ballot by its index
in the list (``ballot 0`` is the first) and the reason, e.g. "ballot 2 ranks unknown item 'X'".
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np

from workbench.core.errors import ValidationError
from workbench.voting.registry import get_method
from workbench.voting.result import Item

_SEQUENCES = {list, tuple}


def index_items(items: Sequence[Item]) -> dict[Item, int]:
    """Return ``{item: position}``; raise ValidationError for an empty list, a non-item or a repeat.

    Items are strings or integers (lists are reserved for tie groups in rankings).

    >>> index_items(["A", "B"])
    {'A': 0, 'B': 1}
    """
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Sequence):
        raise ValidationError("items: expected a list of items")
    if len(items) == 0:
        raise ValidationError("items: the list is empty")
    index: dict[Item, int] = {}
    for position, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise ValidationError(f"items: {item!r} at position {position} is not a string or integer")
        if item in index:
            raise ValidationError(f"items: {item!r} is listed twice")
        index[item] = position
    return index


def check_ballot_list(ballots: Any, noun: str = "ballots") -> None:
    """Raise ValidationError unless ``ballots`` is a list (or tuple)."""
    if not isinstance(ballots, (list, tuple)):
        raise ValidationError(f"{noun}: expected a list, got {type(ballots).__name__}")


@dataclass(frozen=True)
class RankedBallots:
    """Ranking ballots encoded as tie-group numbers.

    ``groups[k, i]`` is the number of the tie group holding item ``i`` on ballot ``k``
    (0 = most preferred group); unranked items hold ``len(items)``, a group below all others.
    Counting methods accept one in place of the ballot list, so several methods can share
    one encoding (and its pairwise counts, cached in ``cache``).
    """

    items: tuple
    groups: np.ndarray
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def unranked(self) -> int:
        """The group number given to unranked items."""
        return len(self.items)


def encode_rankings(items: Sequence[Item], ballots: Sequence, **_params: Any) -> RankedBallots:
    """Check ranking ballots and encode them; raise ValidationError naming the first bad ballot.

    A ballot is a list whose elements are items or lists of tied items; items it does not
    mention tie below all those it ranks.

    ``ballots`` may also be a :class:`RankedBallots` already encoded for the same items; it
    is returned as it is.

    >>> encode_rankings(["A", "B", "C"], [["B", "A", "C"], [["A", "C"]]]).groups.tolist()
    [[1, 0, 2], [0, 3, 0]]
    """
    if isinstance(ballots, RankedBallots):
        if tuple(items) != ballots.items:
            raise ValidationError("ballots were encoded for other items")
        return ballots
    index = index_items(items)
    check_ballot_list(ballots)
    m, n = len(items), len(ballots)
    dtype = np.uint8 if m < 255 else np.int16 if m < 32767 else np.int32
    groups = np.full((n, m), m, dtype=dtype)
    if n == 0:
        return RankedBallots(tuple(items), groups)
    flat = _flat_indices(index, ballots)
    lengths = None if flat is None else np.fromiter(map(len, ballots), dtype=np.int64, count=n)
    if lengths is not None and lengths.max() <= m:  # fast path: flat lists of known items
        rows = np.repeat(np.arange(n), lengths)
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        groups[rows, flat] = (np.arange(flat.size) - starts).astype(dtype)
        repeated = np.flatnonzero(np.count_nonzero(groups != m, axis=1) != lengths)
        if repeated.size:  # an item ranked twice: let the careful path name it
            _encode_one(int(repeated[0]), ballots[int(repeated[0])], index)
        return RankedBallots(tuple(items), groups)
    for k, ballot in enumerate(ballots):  # careful path: ties, or something to refuse
        positions, numbers = _encode_one(k, ballot, index)
        groups[k, positions] = numbers
    return RankedBallots(tuple(items), groups)


def _flat_indices(index: dict[Item, int], ballots: Sequence) -> np.ndarray | None:
    """Item positions of all ballots laid end to end, or None if any ballot needs the careful path."""
    if not set(map(type, ballots)) <= _SEQUENCES:
        return None
    total = sum(map(len, ballots))
    try:
        return np.fromiter(
            map(index.__getitem__, chain.from_iterable(ballots)), dtype=np.int64, count=total
        )
    except (KeyError, TypeError):
        return None


def _encode_one(k: int, ballot: Any, index: dict[Item, int]) -> tuple[list[int], list[int]]:
    """Check one ranking ballot; return the positions of the ranked items and their group numbers."""
    if isinstance(ballot, (str, bytes)) or not isinstance(ballot, (list, tuple)):
        raise ValidationError(
            f"ballot {k} is not a ranking: expected a list of items (nested lists for ties), "
            f"got {type(ballot).__name__}"
        )
    positions: list[int] = []
    numbers: list[int] = []
    seen: set[int] = set()
    for group, entry in enumerate(ballot):
        tied = isinstance(entry, (list, tuple))
        if tied and not entry:
            raise ValidationError(f"ballot {k} has an empty tie group at place {group}")
        for item in entry if tied else (entry,):
            if isinstance(item, (list, tuple)):
                raise ValidationError(f"ballot {k} nests a list inside the tie group at place {group}")
            position = lookup(index, item, f"ballot {k} ranks")
            if position in seen:
                raise ValidationError(f"ballot {k} ranks {item!r} twice")
            seen.add(position)
            positions.append(position)
            numbers.append(group)
    return positions, numbers


def lookup(index: dict[Item, int], item: Any, where: str) -> int:
    """Return the position of ``item``; raise ValidationError saying ``where`` it was unknown."""
    try:
        return index[item]
    except (KeyError, TypeError):
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise ValidationError(f"{where} {item!r}, which is not an item") from None
        raise ValidationError(f"{where} unknown item {item!r}") from None


def parse_comparisons(
    items: Sequence[Item], comparisons: Sequence, **_params: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Check ``[winner, loser]`` pairs; return the winners' and losers' positions as arrays.

    >>> [a.tolist() for a in parse_comparisons(["A", "B"], [["A", "B"], ["B", "A"], ["A", "B"]])]
    [[0, 1, 0], [1, 0, 1]]
    """
    index = index_items(items)
    check_ballot_list(comparisons, "comparisons")
    n = len(comparisons)
    pairs = None
    if n and set(map(type, comparisons)) <= _SEQUENCES and set(map(len, comparisons)) == {2}:
        try:
            pairs = np.fromiter(
                map(index.__getitem__, chain.from_iterable(comparisons)), dtype=np.int64, count=2 * n
            ).reshape(n, 2)
        except (KeyError, TypeError):
            pairs = None
    if pairs is None:
        pairs = np.array([_one_comparison(k, c, index) for k, c in enumerate(comparisons)],
                         dtype=np.int64).reshape(n, 2)
    same = np.flatnonzero(pairs[:, 0] == pairs[:, 1])
    if same.size:
        k = int(same[0])
        raise ValidationError(f"comparison {k} compares {comparisons[k][0]!r} with itself")
    return pairs[:, 0].copy(), pairs[:, 1].copy()


def _one_comparison(k: int, pair: Any, index: dict[Item, int]) -> tuple[int, int]:
    """Check one comparison; return (winner position, loser position)."""
    if isinstance(pair, (str, bytes)) or not isinstance(pair, (list, tuple)) or len(pair) != 2:
        raise ValidationError(f"comparison {k} is not a [winner, loser] pair: {pair!r}")
    return (lookup(index, pair[0], f"comparison {k} names"),
            lookup(index, pair[1], f"comparison {k} names"))


def validate(
    items: Sequence[Item], ballots: Sequence, method: str, params: Mapping[str, Any] | None = None
) -> None:
    """Check ``items``, ``ballots`` and ``params`` for ``method`` without counting.

    Returns None; raises ValidationError naming the ballot's index and the reason.

    >>> validate(["A", "B"], [["A", "B"], ["B", "X"]], "borda")
    Traceback (most recent call last):
    ...
    workbench.core.errors.ValidationError: ballot 1 ranks unknown item 'X'
    """
    chosen = get_method(method)
    chosen.parse(items, ballots, **chosen.check_params(params))
