"""The tracker's charts as PNG bytes: decade timeline, goal × year heatmap, theme progress,
indicator series. Matplotlib is imported inside each function (it is heavy; a page that shows
no chart never loads it) and used without pyplot, so charts never reach a global state.

Statuses are told apart by shape as well as colour (readable in grey and by colour-blind
readers).
"""
from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Mapping, Sequence

from workbench.plan.model import Plan
from workbench.tracker.rollups import cross
from workbench.tracker.rules import STATUSES, State

COLOURS = {"not started": "#9e9e9e", "on track": "#66bd63", "at risk": "#f4a30b",
           "off track": "#d7301f", "done": "#1a6e37", "dropped": "#5c5c5c"}
MARKERS = {"not started": ".", "on track": "o", "at risk": "^", "off track": "v", "done": "D",
           "dropped": "x"}
DPI = 100


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI, for an ``<img src>`` that needs no server."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _figure(width: float, height: float):
    from matplotlib.figure import Figure
    return Figure(figsize=(width, height), dpi=DPI)


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def _goal_rows(plan: Plan) -> list[tuple[str, str]]:
    """``(goal ref, theme ref)`` of every goal, in plan order."""
    return [(f"{t.number}.{g.number}", str(t.number)) for t in plan.themes for g in t.goals]


def timeline_png(plan: Plan, states: Sequence[State], as_of: dt.date, labels: Mapping[str, str],
                 texts: Mapping[str, str] | None = None) -> bytes:
    """The decade timeline: one row per goal (grouped by theme), each milestone a mark at its
    target's last day in its status's colour and shape, a bar over each goal's span of
    targets, overdue milestones ringed in red, and a line at ``as_of``."""
    from matplotlib.dates import DateFormatter, YearLocator, date2num
    texts = texts or {}
    rows = _goal_rows(plan)
    index = {ref: i for i, (ref, _) in enumerate(rows)}
    start = dt.date(min([2023] + [s.milestone.target.year for s in states]), 1, 1)
    end = dt.date(max([2033] + [s.milestone.target.year for s in states]), 12, 31)
    figure = _figure(10, 0.42 * len(rows) + 1.6)
    axes = figure.add_subplot()
    by_goal: dict[str, list[State]] = {}
    for state in states:
        by_goal.setdefault(state.milestone.goal, []).append(state)
    points: dict[str, tuple[list, list]] = {s: ([], []) for s in STATUSES}
    late_x, late_y = [], []
    for goal, found in by_goal.items():
        if goal not in index:
            continue
        row = index[goal]
        found.sort(key=lambda s: (s.milestone.target.last_day, s.milestone.key))
        days = [date2num(s.milestone.target.last_day) for s in found]
        axes.barh(row, max(days) - date2num(found[0].milestone.target.first_day) or 30,
                  left=date2num(found[0].milestone.target.first_day), height=0.8,
                  color="#e8eef5", zorder=1)
        for i, (state, day) in enumerate(zip(found, days)):
            y = row + ((i % 7) - 3) * 0.1
            points[state.status][0].append(day)
            points[state.status][1].append(y)
            if state.overdue:
                late_x.append(day)
                late_y.append(y)
    for status, (xs, ys) in points.items():
        if xs:
            axes.scatter(xs, ys, s=22, marker=MARKERS[status], color=COLOURS[status],
                         label=f"{labels[status]} ({len(xs)})", zorder=3, linewidths=1.2)
    if late_x:
        axes.scatter(late_x, late_y, s=70, facecolors="none", edgecolors="#d7301f", linewidths=1,
                     label=texts.get("overdue", "overdue") + f" ({len(late_x)})", zorder=4)
    axes.axvline(date2num(as_of), color="#333", linestyle="--", linewidth=1, zorder=2)
    axes.text(date2num(as_of), -0.9, texts.get("as_of", str(as_of)), ha="center", fontsize=8)
    for i, (ref, theme) in enumerate(rows):
        if i and rows[i - 1][1] != theme:
            axes.axhline(i - 0.5, color="#bbb", linewidth=0.8)
    axes.set_yticks(range(len(rows)), [ref for ref, _ in rows])
    axes.set_ylim(len(rows) - 0.5, -1.3)
    axes.set_xlim(date2num(start) - 45, date2num(end) + 45)
    axes.xaxis.set_major_locator(YearLocator())
    axes.xaxis.set_major_formatter(DateFormatter("%Y"))
    axes.tick_params(labelsize=8)
    axes.set_ylabel(texts.get("goal", "goal"))
    axes.grid(axis="x", color="#eee")
    if states:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=4, fontsize=8, frameon=False)
    return _png(figure)


def heatmap_png(plan: Plan, states: Sequence[State], texts: Mapping[str, str] | None = None) -> bytes:
    """Goal × target year: each cell's colour is its share done (done / (all − dropped)),
    its text "done/counted", a red "!n" where n milestones are overdue; empty cells are blank."""
    import numpy as np
    texts = texts or {}
    rows = [ref for ref, _ in _goal_rows(plan)]
    years = list(range(min([2023] + [s.milestone.target.year for s in states]),
                       max([2033] + [s.milestone.target.year for s in states]) + 1))
    cells = cross(states, "goal", "year")
    shares = np.full((len(rows), len(years)), np.nan)
    figure = _figure(10, 0.36 * len(rows) + 1.2)
    axes = figure.add_subplot()
    for (goal, year), summary in cells.items():
        if goal not in rows:
            continue
        r, c = rows.index(goal), years.index(year)
        share = summary.done_share
        counted = summary.total - summary.by_status["dropped"]
        if share is not None:
            shares[r, c] = share
        colour = "white" if share is not None and share > 0.6 else "#222"
        axes.text(c, r, f"{summary.by_status['done']}/{counted}", ha="center", va="center",
                  fontsize=7, color=colour)
        if summary.overdue:
            axes.text(c + 0.45, r - 0.28, f"!{summary.overdue}", ha="right", va="center",
                      fontsize=7, color="#d7301f", fontweight="bold")
    image = axes.imshow(np.ma.masked_invalid(shares), cmap="Greens", vmin=0, vmax=1, aspect="auto")
    axes.set_xticks(range(len(years)), [str(y) for y in years], fontsize=8)
    axes.set_yticks(range(len(rows)), rows, fontsize=8)
    axes.set_xlabel(texts.get("year", "target year"))
    axes.set_ylabel(texts.get("goal", "goal"))
    bar = figure.colorbar(image, ax=axes, fraction=0.03, pad=0.02)
    bar.set_label(texts.get("share", "share done"), fontsize=8)
    return _png(figure)


def theme_bars_png(rows: Sequence[tuple[str, float | None, float | None]],
                   texts: Mapping[str, str] | None = None) -> bytes:
    """Share done per theme at two dates: ``rows`` of ``(label, share then, share now)``."""
    texts = texts or {}
    figure = _figure(7, 0.55 * len(rows) + 1)
    axes = figure.add_subplot()
    ys = range(len(rows))
    axes.barh([y + 0.2 for y in ys], [r[1] or 0 for r in rows], height=0.38, color="#b8d8be",
              label=texts.get("then", "then"))
    axes.barh([y - 0.2 for y in ys], [r[2] or 0 for r in rows], height=0.38, color="#1a6e37",
              label=texts.get("now", "now"))
    axes.set_yticks(list(ys), [r[0] for r in rows], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    axes.set_xlabel(texts.get("share", "share done"))
    axes.legend(fontsize=8, frameon=False, loc="lower right")
    return _png(figure)


def indicators_png(series: Sequence[dict], texts: Mapping[str, str] | None = None) -> bytes:
    """Small multiples, one per indicator: ``series`` items ``{"title", "unit", "baseline",
    "target", "points": [(date, value)]}``; baseline and target drawn as dashed lines."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    texts = texts or {}
    columns = 3 if len(series) > 4 else max(1, len(series))
    lines = -(-len(series) // columns)
    figure = _figure(3.3 * columns, 2.3 * lines)
    for i, item in enumerate(series):
        axes = figure.add_subplot(lines, columns, i + 1)
        if item["points"]:
            dates, values = zip(*item["points"])
            axes.plot(dates, values, marker="o", markersize=3, color="#1a6e37")
        axes.axhline(item["baseline"], color="#999", linestyle=":", linewidth=1)
        axes.axhline(item["target"], color="#1a6e37", linestyle="--", linewidth=1)
        axes.set_title(item["title"], fontsize=8)
        axes.set_ylabel(item["unit"], fontsize=7)
        axes.xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=6))
        axes.xaxis.set_major_formatter(ConciseDateFormatter(axes.xaxis.get_major_locator()))
        axes.tick_params(labelsize=6)
    figure.tight_layout()
    return _png(figure)
