"""Pieces of the tracker dashboard: the chart panel that gives way to a list on a phone, and
the HTML of the overall numbers, the overdue list and a milestone's update history.

Every text that came from people (titles, owners, notes, links) is escaped here, where it
becomes HTML.
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence

import ipywidgets as widgets

from workbench.plan.model import pick
from workbench.tracker.rollups import Summary
from workbench.tracker.rules import STATUSES, History, State
from workbench.tracker.labels import percent
from workbench.tracker.files import format_number
from workbench.ui.style import full_width

#: Phone first: below 640 px the charts are hidden and their lists shown instead.
TRACKER_CSS = """
<style>
@media (max-width: 640px) { .wb-wide-only { display: none !important; } }
@media (min-width: 641px) { .wb-narrow-only { display: none !important; } }
.wb-app .wb-chart img { max-width: 100%; height: auto; }
.wb-chip { display: inline-block; margin: 2px 4px 2px 0; padding: 2px 8px; border-radius: 12px;
  font-size: 14px; background: #eee; white-space: nowrap; }
.wb-s-done { background: #1a6e37; color: #fff; } .wb-s-on-track { background: #cfe8c9; }
.wb-s-at-risk { background: #fde3b3; } .wb-s-off-track { background: #f6c1b8; }
.wb-s-dropped { background: #d0d0d0; } .wb-s-not-started { background: #eee; }
.wb-big { font-size: 28px; font-weight: 600; }
.wb-list { margin: 4px 0 8px; padding-left: 20px; line-height: 1.4; }
.wb-list li { margin: 4px 0; }
.wb-level-3 { margin-left: 24px !important; width: calc(100% - 24px) !important; }
.wb-level-4 { margin-left: 36px !important; width: calc(100% - 36px) !important; font-size: 14px; }
.wb-history { margin-left: 44px; font-size: 14px; }
.wb-app textarea, .wb-app input, .wb-app select { font-size: 16px; }
.wb-app .widget-inline-hbox { height: auto; }
.wb-app .widget-inline-hbox select, .wb-app .widget-inline-hbox input { height: 44px; min-height: 44px; }
.wb-app .widget-inline-hbox .widget-label { height: auto; line-height: 1.3; white-space: normal; }
.wb-stack.widget-inline-hbox { flex-direction: column; align-items: stretch; }
.wb-stack.widget-inline-hbox > select, .wb-stack.widget-inline-hbox > input,
.wb-stack.widget-inline-hbox > textarea { flex: 0 0 auto; width: 100%; box-sizing: border-box; }
.wb-stack .widget-label { width: 100% !important; max-width: 100% !important; text-align: left;
  font-weight: 600; margin: 8px 0 4px; }
</style>
"""


def tracker_stylesheet() -> widgets.HTML:
    """The tracker's additions to the apps' stylesheet (put it once, after ``stylesheet()``)."""
    return widgets.HTML(TRACKER_CSS, layout=widgets.Layout(height="0px", margin="0"))


def chip(status: str, text: str) -> str:
    """A status badge (the colour is never the only sign: the status is written in it)."""
    return f'<span class="wb-chip wb-s-{status.replace(" ", "-")}">{html.escape(text)}</span>'


class ChartPanel(widgets.VBox):
    """A heading, a chart for wide screens and a list for narrow ones (CSS decides which)."""

    def __init__(self, title: str = "", png: bytes | None = None, narrow_html: str = "", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.heading = widgets.HTML()
        self.chart = widgets.HTML(layout=full_width())
        self.chart.add_class("wb-wide-only")
        self.chart.add_class("wb-chart")
        self.narrow = widgets.HTML(layout=full_width())
        self.narrow.add_class("wb-narrow-only")
        self.children = [self.heading, self.chart, self.narrow]
        self.show(title, png, narrow_html)

    def show(self, title: str, png: bytes | None, narrow_html: str, alt: str = "") -> None:
        from workbench.tracker.charts import data_uri
        self.heading.value = f"<h3>{html.escape(title)}</h3>"
        self.chart.value = (f'<img alt="{html.escape(alt or title)}" src="{data_uri(png)}">' if png else "")
        self.narrow.value = narrow_html


def summary_html(summary: Summary, labels: Mapping[str, str], language: str, _) -> str:
    """The overall numbers: how many milestones, the share done, counts by status, overdue."""
    chips = "".join(chip(s, f"{labels[s]} {summary.by_status[s]}") for s in STATUSES if summary.by_status[s])
    return (f'<p><span class="wb-big">{html.escape(percent(summary.done_share, language))}</span> '
            + html.escape(_("done of %(n)d milestones (dropped ones not counted)") % {"n": summary.total})
            + f"</p><p>{chips}</p><p>"
            + html.escape(_("Overdue: %(n)d") % {"n": summary.overdue}) + "</p>")


def milestone_line(state: State, labels: Mapping[str, str], language: str) -> str:
    """One milestone as escaped text: id, title, target, status, owner."""
    m = state.milestone
    return (f"<b>{html.escape(m.key)}</b> {html.escape(pick(m.title, language))} · "
            f"{html.escape(str(m.target))} · {chip(state.status, labels[state.status])} · "
            f"{html.escape(m.owner)}")


def overdue_html(late: Sequence[State], labels: Mapping[str, str], language: str, _,
                 limit: int = 60) -> str:
    """The overdue milestones as a list (the first ``limit``, then how many more)."""
    if not late:
        return "<p>" + html.escape(_("No milestone is overdue.")) + "</p>"
    items = "".join(f"<li>{milestone_line(s, labels, language)}</li>" for s in late[:limit])
    more = ("<p>" + html.escape(_("and %(n)d more") % {"n": len(late) - limit}) + "</p>"
            if len(late) > limit else "")
    return f'<ul class="wb-list wb-overdue">{items}</ul>{more}'


def history_html(history: History, as_of: dt.date, labels: Mapping[str, str], _) -> str:
    """A milestone's updates known on ``as_of``, newest first; corrected ones struck through."""
    known = history.known(as_of)
    if not known:
        return '<p class="wb-note">' + html.escape(_("No progress reported yet.")) + "</p>"
    corrected = history.corrected_ids(as_of)
    items = []
    for u in reversed(known):
        parts = [html.escape(u.date.isoformat()), chip(u.status, labels[u.status])]
        if u.value is not None:
            parts.append(html.escape(_("value %(value)s") % {"value": format_number(u.value)}))
        if u.reporter:
            parts.append(html.escape(u.reporter))
        text = " · ".join(parts)
        if u.note:
            text += f"<br>{html.escape(u.note)}"
        for link in u.evidence:
            text += f'<br><a href="{html.escape(link)}" rel="noopener" target="_blank">{html.escape(link)}</a>'
        if u.corrects is not None:
            text += "<br><i>" + html.escape(_("corrects an earlier report")) + "</i>"
        if u.id in corrected:
            text = f"<s>{text}</s> <i>" + html.escape(_("corrected")) + "</i>"
        items.append(f"<li>{text}</li>")
    return f'<ul class="wb-list wb-history">{"".join(items)}</ul>'


def year_list_html(by_year: Mapping[int, Summary], language: str, _) -> str:
    """The timeline as a list: per target year, milestones, share done, overdue."""
    items = "".join(
        f"<li><b>{year}</b>: " + html.escape(
            _("%(n)d milestones, %(share)s done, %(late)d overdue")
            % {"n": s.total, "share": percent(s.done_share, language), "late": s.overdue}) + "</li>"
        for year, s in by_year.items())
    return f'<ul class="wb-list">{items}</ul>'


def goal_list_html(by_goal: Mapping[str, Summary], titles: Mapping[str, str], language: str, _) -> str:
    """The heatmap as a list: per goal, share done and overdue."""
    items = "".join(
        f"<li><b>{html.escape(ref)}</b> {html.escape(titles.get(ref, ''))}: " + html.escape(
            _("%(share)s done (%(done)d of %(n)d), %(late)d overdue")
            % {"share": percent(s.done_share, language), "done": s.by_status["done"], "n": s.total,
               "late": s.overdue}) + "</li>"
        for ref, s in by_goal.items())
    return f'<ul class="wb-list">{items}</ul>'

