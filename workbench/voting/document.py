"""Counting from a JSON-like document, the form the CLI reads."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from workbench.core.errors import ValidationError
from workbench.voting.registry import get_method
from workbench.voting.result import Result


def count(items: Sequence, ballots: Sequence, method: str,
          params: Mapping[str, Any] | None = None) -> Result:
    """Count ``ballots`` over ``items`` with the registered ``method`` and its ``params``.

    Raises ValidationError for an unknown method, an unknown parameter or a bad ballot.

    >>> count(["A", "B"], [["A"], ["B"]], "approval").ranking
    [['A', 'B']]
    """
    chosen = get_method(method)
    return chosen(items, ballots, **chosen.check_params(params))


def count_document(doc: Mapping, method: str, params: Mapping[str, Any] | None = None) -> Result:
    """Count a document ``{"items": [...], "ballots": [...]}`` with ``method``.

    Ballots are rankings (lists, nested lists for ties), lists of approved items, or objects
    item → number (score, dots), as the method expects. For ``bradley-terry`` the document is
    ``{"items": [...], "comparisons": [[winner, loser], ...]}``. An optional ``"counts"``
    list, parallel to the ballots (or comparisons), says how many people cast each one.
    Raises ValidationError when the document, the method, a parameter or a ballot is wrong.

    >>> count_document({"items": ["A", "B", "C"], "ballots": [["A", ["B", "C"]], ["C"]],
    ...                 "counts": [2, 1]}, "borda").scores
    {'A': 4.5, 'B': 1.5, 'C': 3.0}
    """
    chosen = get_method(method)
    if not isinstance(doc, Mapping):
        raise ValidationError(f"document: expected an object, got {type(doc).__name__}")
    key = "comparisons" if chosen.ballot_kind == "comparison" else "ballots"
    for needed in ("items", key):
        if needed not in doc:
            raise ValidationError(f"document: {needed!r} is missing (method {method!r} needs it)")
    ballots, checked = doc[key], chosen.check_params(params)
    if "counts" in doc:  # check the distinct ballots first, so messages use the document's indices
        chosen.parse(doc["items"], ballots, **checked)
        ballots = _expand(ballots, doc["counts"], key)
    return chosen(doc["items"], ballots, **checked)


def _expand(ballots: Any, counts: Any, key: str) -> list:
    """Repeat each ballot as many times as its count says."""
    if not isinstance(ballots, (list, tuple)) or not isinstance(counts, (list, tuple)):
        raise ValidationError(f"document: {key!r} and 'counts' must be lists")
    if len(counts) != len(ballots):
        raise ValidationError(
            f"document: 'counts' has {len(counts)} entries but {key!r} has {len(ballots)}")
    expanded: list = []
    for k, (ballot, times) in enumerate(zip(ballots, counts)):
        if isinstance(times, bool) or not isinstance(times, int) or times < 0:
            raise ValidationError(f"document: counts[{k}] must be a whole number ≥ 0 (got {times!r})")
        expanded.extend([ballot] * times)
    return expanded
