"""Bradley–Terry strengths from pairwise comparisons ``[winner, loser]``."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from workbench.core.errors import ValidationError
from workbench.voting.ballots import parse_comparisons
from workbench.voting.registry import register
from workbench.voting.result import Item, Result, groups_by_value, make_result

REGULARISATION = (
    "MAP under independent Gamma(alpha, alpha) priors on the strengths exp(theta_i) "
    "(prior mean 1): penalty alpha * sum(exp(theta_i) - theta_i); "
    "same estimator as choix.mm_pairwise(alpha) and choix.ilsr_pairwise(alpha / m)"
)


def _parse(items: Sequence[Item], comparisons: Sequence, *, alpha: float = 1.0,
           **_params: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check ``alpha`` and the comparisons; return winners' and losers' positions."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < np.inf:
        raise ValidationError(f"alpha must be a positive number (got {alpha!r})")
    return parse_comparisons(items, comparisons)


def fit(wins: np.ndarray, alpha: float, *, tol: float = 1e-10,
        max_iter: int = 100) -> tuple[np.ndarray, np.ndarray, int]:
    """Fit log-strengths to ``wins[i, j]`` (times i beat j) by damped Newton steps.

    Minimises ``sum_ij wins[i, j]·log(1 + exp(θj − θi)) + alpha·sum_i (exp(θi) − θi)``, which
    is strictly convex for ``alpha > 0``. Returns (θ, Hessian at θ, Newton iterations).

    >>> theta, _, _ = fit(np.array([[0, 3], [1, 0]]), 1.0)
    >>> [round(float(t), 4) for t in theta], round(float(np.exp(theta).mean()), 6)
    ([0.2877, -0.4055], 1.0)
    """
    m = len(wins)
    wins = np.asarray(wins, dtype=float)
    games = wins + wins.T
    won = wins.sum(axis=1)
    theta = np.zeros(m)

    def objective(t: np.ndarray) -> float:
        return float((wins * np.logaddexp(0.0, t[None, :] - t[:, None])).sum()
                     + alpha * (np.exp(t) - t).sum())

    for iteration in range(1, max_iter + 1):
        p = 0.5 * (1.0 + np.tanh(0.5 * (theta[:, None] - theta[None, :])))  # P(i beats j)
        gradient = (games * p).sum(axis=1) - won + alpha * (np.exp(theta) - 1.0)
        curvature = games * p * (1.0 - p)
        hessian = -curvature
        hessian[np.diag_indices(m)] += curvature.sum(axis=1) + alpha * np.exp(theta)
        step = np.linalg.solve(hessian, gradient)
        size, before = 1.0, objective(theta)
        while objective(theta - size * step) > before - 1e-4 * size * (gradient @ step) and size > 1e-8:
            size /= 2
        theta = theta - size * step
        if np.max(np.abs(size * step)) < tol:
            break
    p = 0.5 * (1.0 + np.tanh(0.5 * (theta[:, None] - theta[None, :])))
    curvature = games * p * (1.0 - p)
    hessian = -curvature
    hessian[np.diag_indices(m)] += curvature.sum(axis=1) + alpha * np.exp(theta)
    return theta, hessian, iteration


@register("bradley-terry", ballot_kind="comparison", parse=_parse)
def bradley_terry(items: Sequence[Item], ballots: Sequence, *, alpha: float = 1.0) -> Result:
    """Bradley–Terry model: P(i beats j) = wᵢ / (wᵢ + wⱼ), fitted to ``[winner, loser]`` pairs.

    Definition: strengths wᵢ = exp(θᵢ) maximise the likelihood of the comparisons times a
    small prior that keeps items with only wins (or only losses) finite: independent
    Gamma(α, α) priors on the wᵢ (mean 1, an average item), i.e. the penalty
    α·Σ(wᵢ − θᵢ), α = ``alpha`` (default 1). In Hunter's MM update
    wᵢ ← (winsᵢ + α) / (Σⱼ nᵢⱼ/(wᵢ + wⱼ) + α) it adds α to both the wins and the
    denominator, and at the estimate the mean strength is exactly 1. This is the estimator of
    ``choix.mm_pairwise(alpha=α)`` and ``choix.ilsr_pairwise(alpha=α/m)``. It is found by
    Newton's method on the aggregated win counts (m×m), so the cost barely depends on the
    number of comparisons.

    ``scores``: θᵢ centred to mean 0 (log-strengths; differences are log-odds). ``details``:
    ``standard_error`` of each centred θᵢ, from the inverse Hessian of the penalised negative
    log-likelihood at the estimate (C·H⁻¹·C with C the centring matrix); ``win_probability``:
    the mean over the other items j of P(i beats j); ``wins``, ``losses``, ``comparisons``,
    ``alpha``, ``iterations``, ``regularisation``. Scores within 1e-9 are reported as tied.
    There are no partial rankings here: every comparison is one win and one loss.

    Raises ValidationError naming the first bad comparison (or parameter) and why.

    References: R. A. Bradley and M. E. Terry, "Rank analysis of incomplete block designs I",
    Biometrika 39 (1952) 324–345; D. R. Hunter, "MM algorithms for generalized Bradley–Terry
    models", Annals of Statistics 32 (2004) 384–406; L. Maystre and M. Grossglauser, "Fast and
    accurate inference of Plackett–Luce models", NeurIPS 2015 (choix);
    https://en.wikipedia.org/wiki/Bradley%E2%80%93Terry_model

    >>> r = bradley_terry(["A", "B", "C"], [["A", "B"], ["A", "B"], ["B", "C"], ["B", "C"], ["A", "C"]])
    >>> r.winners, {k: round(v, 3) for k, v in r.scores.items()}
    (['A'], {'A': 0.819, 'B': 0.098, 'C': -0.917})
    >>> {k: round(v, 3) for k, v in r.details["win_probability"].items()}
    {'A': 0.761, 'B': 0.531, 'C': 0.208}
    """
    winners, losers = _parse(items, ballots, alpha=alpha)
    m = len(items)
    wins = np.bincount(winners * m + losers, minlength=m * m).reshape(m, m)
    theta, hessian, iterations = fit(wins, float(alpha))
    centred = theta - theta.mean()
    centring = np.eye(m) - 1.0 / m
    covariance = centring @ np.linalg.inv(hessian) @ centring
    p = 0.5 * (1.0 + np.tanh(0.5 * (centred[:, None] - centred[None, :])))
    beat_random = (p.sum(axis=1) - 0.5) / (m - 1) if m > 1 else np.full(m, 0.5)
    details = {
        "alpha": alpha,
        "comparisons": int(winners.size),
        "wins": dict(zip(items, wins.sum(axis=1).tolist())),
        "losses": dict(zip(items, wins.sum(axis=0).tolist())),
        "standard_error": dict(zip(items, np.sqrt(np.clip(np.diag(covariance), 0, None)).tolist())),
        "win_probability": dict(zip(items, beat_random.tolist())),
        "iterations": iterations,
        "regularisation": REGULARISATION,
    }
    ranking = groups_by_value(items, centred.tolist(), tol=1e-9)
    return make_result("bradley-terry", items, ranking, centred.tolist(), details)
