"""Poll charts as PNG bytes: a bar chart of scores, and for ranked methods the pairwise-preference
matrix as a heatmap. Matplotlib is imported inside each function and used without pyplot
(facilitator pages and notebooks only)."""
from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence

from workbench.polls.results import PollData

DPI = 100
MOST_BARS = 30
MOST_CELLS = 20


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def _short(text: str, width: int = 48) -> str:
    return textwrap.shorten(text, width, placeholder="…")


def _win_probability(theta: float, others: Sequence[float]) -> float:
    if not others:
        return 0.5
    return sum(1 / (1 + math.exp(o - theta)) for o in others) / len(others)


def scores_png(rows: Sequence[Mapping], method: str, labels: Mapping[str, str]) -> bytes:
    """Bars of the first :data:`MOST_BARS` rows of the ranking table, best on top.

    For the pairwise survey the bars are each item's chance to win against a random other
    item, with whiskers from its strength one standard error lower to one higher."""
    from matplotlib.figure import Figure
    shown = list(rows[:MOST_BARS])
    figure = Figure(figsize=(7.5, 0.32 * len(shown) + 1.2), dpi=DPI)
    axes = figure.add_subplot()
    names = [_short(f"{r['place']}{'=' if r['tied'] else ''}. {r['title']}") for r in shown]
    if method == "bradley-terry":
        thetas = {r["key"]: r["score"] for r in rows}
        values, low, high = [], [], []
        for r in shown:
            others = [t for k, t in thetas.items() if k != r["key"]]
            values.append(100 * r["win_probability"])
            low.append(100 * (r["win_probability"] - _win_probability(r["score"] - r["standard_error"], others)))
            high.append(100 * (_win_probability(r["score"] + r["standard_error"], others) - r["win_probability"]))
        axes.barh(range(len(shown)), values, xerr=[low, high], color="#4575b4", capsize=2)
        axes.set_xlabel(labels.get("win", "chance to win against a random other item (%)"))
        axes.set_xlim(0, 100)
    else:
        values = [r["score"] if r["score"] is not None else 0 for r in shown]
        axes.barh(range(len(shown)), values, color="#4575b4")
        axes.set_xlabel(labels.get("score", "score"))
    axes.set_yticks(range(len(shown)), names, fontsize=8)
    axes.invert_yaxis()
    axes.spines[["top", "right"]].set_visible(False)
    if len(rows) > len(shown):
        axes.set_title(labels.get("top", "the first %(n)d items") % {"n": len(shown)}, fontsize=9)
    return _png(figure)


def preference_png(data: PollData, order: Sequence[str], labels: Mapping[str, str]) -> bytes:
    """Heatmap: cell (row a, column b) = share of ballots ranking a above b, for the first
    :data:`MOST_CELLS` items of ``order`` (the ranking). Blue: most prefer the row item."""
    from matplotlib.figure import Figure

    from workbench.voting import encode_rankings, support_matrix
    keys = data.keys
    support = support_matrix(encode_rankings(keys, list(data.ballots.values())))
    n = max(len(data.ballots), 1)
    shown = list(order[:MOST_CELLS])
    index = [keys.index(k) for k in shown]
    share = [[support[a, b] / n if a != b else float("nan") for b in index] for a in index]
    size = 0.38 * len(shown) + 2.4
    figure = Figure(figsize=(size + 1.5, size), dpi=DPI)
    axes = figure.add_subplot()
    image = axes.imshow(share, cmap="RdBu", vmin=0, vmax=1)
    axes.set_xticks(range(len(shown)), shown, rotation=90, fontsize=8)
    axes.set_yticks(range(len(shown)), shown, fontsize=8)
    if len(shown) <= 12:
        for i, row in enumerate(share):
            for j, value in enumerate(row):
                if i != j:
                    axes.text(j, i, f"{100 * value:.0f}", ha="center", va="center", fontsize=7,
                              color="white" if abs(value - 0.5) > 0.3 else "black")
    axes.set_xlabel(labels.get("columns", "… over this item"))
    axes.set_ylabel(labels.get("rows", "share of ballots ranking this item …"))
    figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04)
    return _png(figure)
