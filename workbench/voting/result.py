"""The one result shape every counting method returns, and helpers to build its ranking."""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Item = Hashable


@dataclass(frozen=True)
class Result:
    """What a counting method found.

    ``winners`` is always ``ranking[0]``; ``ranking`` is a list of tied groups, best first,
    each group in the order of the ``items`` given; ``scores`` maps every item to a number
    (``None`` only where a method says so); ``details`` holds method-specific extras.

    >>> Result("approval", ["A"], [["A"], ["B"]], {"A": 2, "B": 1}).to_dict()["ranking"]
    [['A'], ['B']]
    """

    method: str
    winners: list
    ranking: list[list]
    scores: dict
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Return the result as plain JSON-ready Python data (numpy numbers converted)."""
        return {
            "method": self.method,
            "winners": _plain(self.winners),
            "ranking": _plain(self.ranking),
            "scores": _plain(self.scores),
            "details": _plain(self.details),
        }


def _plain(value: Any) -> Any:
    """Convert numpy scalars/arrays and tuples inside ``value`` to built-in Python types."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def groups_by_value(
    items: Sequence[Item], values: Sequence[float | None], *, tol: float = 0.0
) -> list[list]:
    """Group ``items`` by ``values``, highest first; values within ``tol`` of a group's best tie.

    ``None`` values come last, tied together. Within a group items keep their given order.

    >>> groups_by_value(["A", "B", "C", "D"], [1, 3, 1, None])
    [['B'], ['A', 'C'], ['D']]
    """
    known = [i for i, v in enumerate(values) if v is not None]
    order = sorted(known, key=lambda i: (-float(values[i]), i))
    groups: list[list] = []
    best = None
    for i in order:
        value = float(values[i])
        if groups and best - value <= tol:
            groups[-1].append(i)
        else:
            groups.append([i])
            best = value
    missing = [i for i, v in enumerate(values) if v is None]
    if missing:
        groups.append(missing)
    return [[items[i] for i in sorted(group)] for group in groups]


def layers(items: Sequence[Item], beats: np.ndarray) -> list[list]:
    """Rank by a strict partial order: first the items nobody beats, then the next layer, ….

    ``beats[a, b]`` is True when item ``a`` is above item ``b``; the relation must be
    transitive and irreflexive (a strict partial order, such as a transitive closure of an
    acyclic relation). Items in the same layer are incomparable and reported as tied.

    >>> layers(["A", "B", "C"], np.array([[0, 1, 1], [0, 0, 0], [0, 0, 0]], dtype=bool))
    [['A'], ['B', 'C']]
    """
    m = len(items)
    above = beats.sum(axis=0)  # transitive: whoever beats x is beaten by fewer items than x
    depth = np.zeros(m, dtype=np.int64)
    for x in np.argsort(above, kind="stable").tolist():
        if above[x]:
            depth[x] = depth[beats[:, x]].max() + 1
    groups: list[list] = [[] for _ in range(int(depth.max()) + 1 if m else 0)]
    for i, d in enumerate(depth.tolist()):
        groups[d].append(items[i])
    return groups


def make_result(
    method: str, items: Sequence[Item], ranking: list[list], scores: Sequence, details: dict
) -> Result:
    """Assemble a :class:`Result` whose winners are the first group of ``ranking``."""
    return Result(
        method=method,
        winners=list(ranking[0]) if ranking else [],
        ranking=ranking,
        scores={item: _plain(score) for item, score in zip(items, scores)},
        details=details,
    )
