"""Counting votes: pure functions, one signature and one result shape for every method.

Each method is ``method(items, ballots, **params) -> Result`` and is registered under its CLI
name in :data:`METHODS`; :func:`count` and :func:`count_document` pick one by name, and
:func:`validate` checks input without counting. Ties are reported, never broken silently.

>>> sorted(METHODS)  # doctest: +NORMALIZE_WHITESPACE
['approval', 'borda', 'bradley-terry', 'copeland', 'dots', 'instant-runoff', 'ranked-pairs',
 'schulze', 'score']
>>> count(["A", "B", "C"], [["A", "B", "C"], ["B", "A", "C"], ["A", "C", "B"]], "schulze").winners
['A']
"""
from __future__ import annotations

from workbench.voting.ballots import RankedBallots, encode_rankings, validate
from workbench.voting.bradley_terry import bradley_terry
from workbench.voting.cardinal import approval, dots, score
from workbench.voting.condorcet import copeland, ranked_pairs, schulze, strongest_paths
from workbench.voting.document import count, count_document
from workbench.voting.pairwise import condorcet_winner, margin_matrix, support_matrix
from workbench.voting.ranked import borda, instant_runoff
from workbench.voting.registry import METHODS, Method, register
from workbench.voting.result import Result

__all__ = [
    "METHODS",
    "Method",
    "RankedBallots",
    "Result",
    "approval",
    "borda",
    "bradley_terry",
    "condorcet_winner",
    "copeland",
    "count",
    "count_document",
    "dots",
    "encode_rankings",
    "instant_runoff",
    "margin_matrix",
    "ranked_pairs",
    "register",
    "schulze",
    "score",
    "strongest_paths",
    "support_matrix",
    "validate",
]
