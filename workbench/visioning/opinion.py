"""Agreement and opinion groups from agree / disagree / pass reactions to statements.

Votes are ``(participant, statement, vote)`` triples, ``vote`` being 1 (agree), -1 (disagree)
or 0 (pass), in the order they were cast: a later vote by the same participant on the same
statement replaces the earlier one. Participants and statements keep the order in which they
first appear.

``agreement`` counts reactions per statement and works for any number of people.
``opinion_groups`` follows the Pol.is math (github.com/compdemocracy/polis, ``math/src/polismath``):
who is "in the conversation" (``conversation.clj``, ``:in-conv``: at least min(7, statements)
votes), a participant × statement matrix with unseen cells filled by the column mean, 2-D PCA
with the sparsity-aware projection (``pca.clj``, ``sparsity-aware-project-ptpt``), k-means
into at most 100 base clusters and then of those into k groups, k = 2..min(5, 2 + bases // 12)
chosen by silhouette (``:base-clusters``, ``:group-clusterings``, ``max-k-fn``), representative
statements (``repness.clj``, ``conv-repness`` / ``passes-by-test?``, tests from ``stats.clj``)
and the group-informed consensus (``conversation.clj``, ``:group-aware-consensus``).
Differences: PCA by SVD over the included participants only (Pol.is: power iteration over
everyone); scikit-learn's k-means; no smoothing of k over time; fewer than
``min_participants`` is "no groups" (Pol.is tops up with its most active voters); all
statements passing both tests are kept, sorted by ratio (Pol.is: at most 5, by
ratio × z × p × z, with a fallback "best" statement).

scikit-learn is imported inside the clustering step only, so importing this module stays light.
"""
from __future__ import annotations

import csv
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np

from workbench.core.errors import ValidationError
from workbench.participation.privacy import SMALL_GROUP

AGREE, DISAGREE, PASS = 1, -1, 0
Z_90 = 1.2816
"""One-sided 90% critical value of the normal distribution, Pol.is's ``z-sig-90?``."""
MAX_K = 5
BASE_K = 100


@dataclass(frozen=True)
class StatementAgreement:
    """How the people who reacted to one statement reacted.

    Shares are of ``reactions`` = agree + disagree + pass. ``clear_majority`` is true when
    more than half of those reactions are "agree" (a pass counts against) and there are at
    least ``min_reactions`` (3 by default) reactions.
    """

    statement: Hashable
    agree: int
    disagree: int
    passed: int
    reactions: int
    agree_share: float
    disagree_share: float
    pass_share: float
    clear_majority: bool


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement on which a group differs from everyone else, in ``direction``.

    ``p_in`` = (agrees in group + 1) / (reactions in group + 2) for "agree" (disagrees for
    "disagree"), ``p_out`` the same over all other groups, ``ratio`` = p_in / p_out;
    ``z_in`` tests p_in > 0.5 and ``z_diff`` tests p_in > p_out (both > 1.2816 to be kept).
    """

    statement: Hashable
    direction: str
    p_in: float
    p_out: float
    ratio: float
    z_in: float
    z_diff: float


@dataclass(frozen=True)
class OpinionGroup:
    """One opinion group: its members, its centre in the 2-D map and what sets it apart."""

    id: int
    participants: tuple
    center: tuple[float, float]
    representative: tuple[RepresentativeStatement, ...]


@dataclass(frozen=True)
class Groups:
    """Opinion groups found among the participants who voted enough.

    ``groups`` are numbered from 0, largest first. ``coordinates`` maps each included
    participant to its (x, y) point for a scatter plot. ``consensus`` maps every statement to
    its group-informed consensus, highest first. ``silhouette`` is the chosen clustering's,
    over the base-cluster centres (over participants after ``suppress_small_groups``).
    ``matrix`` holds the included participants'
    votes (rows in the order of ``participants``, columns of ``statements``; NaN = unseen).
    """

    groups: tuple[OpinionGroup, ...]
    coordinates: dict
    consensus: dict
    silhouette: float
    participants: tuple
    statements: tuple
    excluded: tuple
    min_votes: int
    min_participants: int
    matrix: np.ndarray = field(repr=False, compare=False)

    @property
    def k(self) -> int:
        return len(self.groups)

    @property
    def participants_included(self) -> int:
        return len(self.participants)


@dataclass(frozen=True)
class NoGroups:
    """Why no opinion groups were formed, with the numbers; ``consensus`` treats everyone as one group."""

    reason: str
    participants_included: int
    participants_total: int
    min_participants: int
    min_votes: int
    consensus: dict

    k = 0


@dataclass(frozen=True)
class _Table:
    participants: tuple
    statements: tuple
    matrix: np.ndarray  # float, 1 / -1 / 0, NaN where unseen


def _tabulate(votes: Iterable) -> _Table:
    """Validate the votes and keep the last vote per participant and statement."""
    latest: dict = {}
    for number, item in enumerate(votes, start=1):
        try:
            participant, statement, vote = item
        except (TypeError, ValueError):
            raise ValidationError(f"vote {number}: expected (participant, statement, vote), got {item!r}") from None
        if isinstance(vote, bool) or vote not in (AGREE, DISAGREE, PASS):
            raise ValidationError(f"vote {number}: vote must be 1, -1 or 0, not {vote!r}")
        for name, value in (("participant", participant), ("statement", statement)):
            if value is None or value == "":
                raise ValidationError(f"vote {number}: empty {name}")
        latest[(participant, statement)] = int(vote)
    participants = tuple(dict.fromkeys(p for p, _ in latest))
    statements = tuple(dict.fromkeys(s for _, s in latest))
    row = {p: i for i, p in enumerate(participants)}
    col = {s: j for j, s in enumerate(statements)}
    matrix = np.full((len(participants), len(statements)), np.nan)
    for (participant, statement), vote in latest.items():
        matrix[row[participant], col[statement]] = vote
    return _Table(participants, statements, matrix)


def _counts(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Agrees, disagrees and reactions (agree + disagree + pass) per column."""
    return (matrix == AGREE).sum(0), (matrix == DISAGREE).sum(0), (~np.isnan(matrix)).sum(0)


def agreement(votes: Iterable, *, min_reactions: int = 3) -> list[StatementAgreement]:
    """Count the reactions to every statement, in the order statements first appear.

    Raises ValidationError for a malformed vote.

    >>> votes = [("ana", "s1", 1), ("ben", "s1", 1), ("cy", "s1", 0), ("cy", "s1", 1)]
    >>> a = agreement(votes)[0]
    >>> (a.agree, a.disagree, a.passed, a.agree_share, a.clear_majority)
    (3, 0, 0, 1.0, True)
    """
    table = _tabulate(votes)
    agrees, disagrees, reactions = _counts(table.matrix)
    result = []
    for j, statement in enumerate(table.statements):
        n, a, d = int(reactions[j]), int(agrees[j]), int(disagrees[j])
        result.append(StatementAgreement(
            statement, a, d, n - a - d, n, a / n, d / n, (n - a - d) / n,
            clear_majority=n >= min_reactions and a > n / 2,
        ))
    return result


def opinion_groups(votes: Iterable, *, min_participants: int = 15, min_votes: int | None = None,
                   seed: int = 0) -> Groups | NoGroups:
    """Find opinion groups the way Pol.is does (see the module docstring for the steps).

    Participants who reacted to at least ``min_votes`` statements (default min(7, number of
    statements)) are included; with fewer than ``min_participants`` of them, or votes that do
    not separate, returns NoGroups saying why. Raises ValidationError for a malformed vote or
    a negative threshold.

    >>> opinion_groups([("ana", "s1", 1), ("ben", "s1", -1)]).reason
    'only 2 participants reacted to enough statements (at least 1); 15 are needed'
    """
    if min_participants < 1 or (min_votes is not None and min_votes < 0):
        raise ValidationError("min_participants must be at least 1 and min_votes at least 0")
    table = _tabulate(votes)
    threshold = min(7, len(table.statements)) if min_votes is None else min_votes
    keep = (~np.isnan(table.matrix)).sum(1) >= threshold
    n = int(keep.sum())

    def no_groups(reason: str) -> NoGroups:
        return NoGroups(reason, n, len(table.participants), min_participants, threshold,
                        _consensus(table.matrix, np.zeros(len(table.participants), int), table.statements))

    if n < min_participants:
        return no_groups(f"only {n} participants reacted to enough statements (at least {threshold}); "
                         f"{min_participants} are needed")
    matrix = table.matrix[keep]
    coords = _project(matrix)
    found = _cluster(coords, seed)
    if found is None:
        return no_groups(f"the votes of the {n} included participants do not separate into groups")
    labels, silhouette = found
    participants = tuple(p for p, kept in zip(table.participants, keep) if kept)
    excluded = tuple(p for p, kept in zip(table.participants, keep) if not kept)
    return _describe(participants, table.statements, matrix, coords, labels, silhouette,
                     excluded, (threshold, min_participants))


def _project(matrix: np.ndarray) -> np.ndarray:
    """2-D PCA of the mean-filled matrix, with Pol.is's sparsity-aware scaling of each row."""
    seen = ~np.isnan(matrix)
    n_seen = seen.sum(0)
    means = np.divide(np.nansum(matrix, 0), n_seen, out=np.zeros(matrix.shape[1]), where=n_seen > 0)
    centered = np.where(seen, matrix - means, 0.0)  # filling with the mean, then centering
    _, _, vt = np.linalg.svd(centered, full_matrices=False)
    comps = np.zeros((2, matrix.shape[1]))
    comps[: min(2, len(vt))] = vt[:2]
    pivots = comps[np.arange(2), np.abs(comps).argmax(1)]
    comps *= np.where(pivots < 0, -1.0, 1.0)[:, None]  # a fixed sign, for stable pictures
    scale = np.sqrt(matrix.shape[1] / np.maximum(seen.sum(1), 1))
    return centered @ comps.T * scale[:, None]


def _cluster(coords: np.ndarray, seed: int) -> tuple[np.ndarray, float] | None:
    """Pol.is's two-level k-means: participants into at most 100 base clusters, then the base
    centres (weighted by size) into k = 2..min(5, 2 + bases // 12) groups, keeping the best
    silhouette over the base centres (ties: the smaller k). Returns per-participant labels."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    distinct = np.unique(coords.round(9), axis=0)
    if len(distinct) <= BASE_K:
        centers, base = distinct, _nearest(coords, distinct)
    else:
        fitted = KMeans(n_clusters=BASE_K, n_init=3, random_state=seed).fit(coords)
        centers, base = fitted.cluster_centers_, fitted.labels_
    weights = np.bincount(base, minlength=len(centers))
    best = None
    for k in range(2, min(MAX_K, 2 + len(centers) // 12, len(centers) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(centers, sample_weight=weights)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(centers, labels))
        if best is None or score > best[1]:
            best = (labels[base], score)
    return best


def _nearest(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Index of the nearest centre for every point."""
    return np.linalg.norm(points[:, None, :] - centers[None, :, :], axis=2).argmin(1)


def _describe(participants, statements, matrix, coords, labels, silhouette, excluded, thresholds) -> Groups:
    """Build Groups from cluster labels: groups numbered largest first, repness, consensus."""
    ids, first, sizes = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(ids)), key=lambda i: (-sizes[i], first[i]))
    labels = np.searchsorted(ids, labels)
    labels = np.argsort(order)[labels]  # renumber: 0 is the largest group
    groups = []
    for g in range(len(ids)):
        members = labels == g
        center = coords[members].mean(0)
        groups.append(OpinionGroup(
            g, tuple(p for p, m in zip(participants, members) if m),
            (float(center[0]), float(center[1])), _representative(matrix, members, statements),
        ))
    coordinates = {p: (float(x), float(y)) for p, (x, y) in zip(participants, coords)}
    return Groups(tuple(groups), coordinates, _consensus(matrix, labels, statements), silhouette,
                  participants, statements, excluded, *thresholds, matrix)


def _prop_test(successes, trials):
    """Pol.is ``prop-test``: z for "the proportion is above 1/2", with +1 pseudo-counts."""
    return 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def _two_prop_test(succ_in, succ_out, n_in, n_out):
    """Pol.is ``two-prop-test``: z for "in-group proportion above out-group", +1 pseudo-counts."""
    succ_in, succ_out, n_in, n_out = succ_in + 1, succ_out + 1, n_in + 1, n_out + 1
    pooled = (succ_in + succ_out) / (n_in + n_out)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / n_out))
    diff = succ_in / n_in - succ_out / n_out
    return np.divide(diff, spread, out=np.zeros_like(diff, dtype=float), where=spread > 0)


def _representative(matrix: np.ndarray, members: np.ndarray, statements: tuple) -> tuple:
    """Statements passing both z-tests for agree or disagree, highest ratio first."""
    agree_in, disagree_in, n_in = _counts(matrix[members])
    agree_out, disagree_out, n_out = _counts(matrix[~members])
    found = []
    for direction, s_in, s_out in (("agree", agree_in, agree_out), ("disagree", disagree_in, disagree_out)):
        p_in, p_out = (s_in + 1) / (n_in + 2), (s_out + 1) / (n_out + 2)
        z_in, z_diff = _prop_test(s_in, n_in), _two_prop_test(s_in, s_out, n_in, n_out)
        for j in np.flatnonzero((z_in > Z_90) & (z_diff > Z_90)):
            found.append(RepresentativeStatement(
                statements[j], direction, float(p_in[j]), float(p_out[j]),
                float(p_in[j] / p_out[j]), float(z_in[j]), float(z_diff[j]),
            ))
    return tuple(sorted(found, key=lambda r: (-r.ratio, -r.z_diff)))


def _consensus(matrix: np.ndarray, labels: np.ndarray, statements: tuple) -> dict:
    """Group-informed consensus: product over groups of (agrees + 1) / (reactions + 2), highest first."""
    product = np.ones(len(statements))
    for g in np.unique(labels):
        agrees, _, reactions = _counts(matrix[labels == g])
        product *= (agrees + 1) / (reactions + 2)
    order = sorted(range(len(statements)), key=lambda j: -product[j])  # stable: ties keep order
    return {statements[j]: float(product[j]) for j in order}


def suppress_small_groups(groups: Groups | NoGroups, min_size: int = SMALL_GROUP) -> Groups | NoGroups:
    """Merge every group of fewer than ``min_size`` people into the others; used by exports.

    Nobody is dropped: each member of a small group joins the remaining group whose centre is
    nearest to them in the 2-D map; representative statements, consensus and silhouette (over
    participants) are recomputed. If fewer than two groups of ``min_size`` remain, returns NoGroups.
    """
    if isinstance(groups, NoGroups) or all(len(g.participants) >= min_size for g in groups.groups):
        return groups
    coords = np.array([groups.coordinates[p] for p in groups.participants])
    big = [g for g in groups.groups if len(g.participants) >= min_size]
    if len(big) < 2:
        n = groups.participants_included
        return NoGroups(
            f"fewer than two groups of at least {min_size} people among the {n} included participants",
            n, n + len(groups.excluded), groups.min_participants, groups.min_votes,
            _consensus(groups.matrix, np.zeros(n, int), groups.statements))
    centers = np.array([g.center for g in big])
    labels = _nearest(coords, centers)
    member_of = {p: i for i, g in enumerate(big) for p in g.participants}
    labels = np.array([member_of.get(p, label) for p, label in zip(groups.participants, labels)])
    from sklearn.metrics import silhouette_score

    return _describe(groups.participants, groups.statements, groups.matrix, coords, labels,
                     float(silhouette_score(coords, labels)), groups.excluded,
                     (groups.min_votes, groups.min_participants))


def groups_to_dict(result: Groups | NoGroups) -> dict:
    """A JSON-ready summary for exports, after ``suppress_small_groups`` (no group under 5 people).

    Shape: ``{"participants_included", "k", "groups": [{"participants", "representative",
    "representative_detail"}], "consensus"}`` (statements, highest group-informed consensus
    first); with no groups, ``k`` is 0, ``groups`` empty and ``reason`` says why.
    """
    result = suppress_small_groups(result)
    summary = {"participants_included": result.participants_included, "k": result.k,
               "groups": [], "consensus": list(result.consensus)}
    if isinstance(result, NoGroups):
        summary["reason"] = result.reason
        return summary
    for group in result.groups:
        summary["groups"].append({
            "participants": list(group.participants),
            "representative": [r.statement for r in group.representative],
            "representative_detail": [
                {"statement": r.statement, "direction": r.direction,
                 "p_in": r.p_in, "p_out": r.p_out, "ratio": r.ratio}
                for r in group.representative
            ],
        })
    return summary


def read_votes_csv(path) -> list[tuple[str, str, int]]:
    """Read ``participant,statement,vote`` rows (vote 1, -1 or 0), in file order.

    Surrounding spaces are trimmed; nothing else is guessed. Raises ValidationError listing
    every bad row by its spreadsheet row number (the header is row 1) and reason.
    """
    required = ("participant", "statement", "vote")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header = [name.strip() for name in rows[0]] if rows else []
    missing = [name for name in required if name not in header]
    if missing:
        raise ValidationError(f"{path} row 1: header lacks {', '.join(missing)} "
                              f"(expected participant,statement,vote)")
    where = [header.index(name) for name in required]
    votes, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        problem = _row_problem(row, where)
        if problem:
            problems.append(f"row {number}: {problem}")
        else:
            participant, statement, vote = (row[i].strip() for i in where)
            votes.append((participant, statement, int(vote)))
    if problems:
        raise ValidationError(f"{path}: {len(problems)} bad rows: " + "; ".join(problems))
    return votes


def _row_problem(row: list[str], where: list[int]) -> str | None:
    names = ("participant", "statement", "vote")
    absent = [name for name, i in zip(names, where) if i >= len(row)]
    if absent:
        return f"missing column {', '.join(absent)}"
    participant, statement, vote = (row[i].strip() for i in where)
    if not participant:
        return "empty participant"
    if not statement:
        return "empty statement"
    if vote not in ("1", "-1", "0"):
        return f"vote {vote!r} is not 1, -1 or 0"
    return None
