"""The tracker dashboard, for everyone: where the plan stands on a date, in the reader's language.

The overall numbers, the decade timeline (milestones by goal and theme), the goal × year
heatmap, the overdue list, a drill-down theme → goal → action → milestone → reports, and the
annual review to download. On a phone the charts give way to lists. ``?as_of=2025-12-31``
shows the plan as it stood on that date (default: today); ``?lang=sw`` the language.
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import LANGUAGES, translator
from workbench.plan.model import Plan, pick
from workbench.tracker.rollups import overdue, rollup, summarize
from workbench.ui.downloads import download_link
from workbench.ui.page import open_store, page_language, query_params
from workbench.plan.store.plans import get_plan
from workbench.tracker.store.milestones import load_tracker
from workbench.tracker.rules import Tracker, parse_date
from workbench.tracker.labels import date_text, status_labels
from workbench.ui.style import full_width, stylesheet
from workbench.tracker.widgets.drill import TrackerDrillDown
from workbench.tracker.widgets.panels import (ChartPanel, goal_list_html, overdue_html, summary_html,
                                              tracker_stylesheet, year_list_html)


def year_before(date: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February).

    >>> year_before(dt.date(2025, 12, 31)), year_before(dt.date(2024, 2, 29))
    (datetime.date(2024, 12, 31), datetime.date(2023, 2, 28))
    """
    return date.replace(year=date.year - 1, day=min(date.day, 28) if date.month == 2 else date.day)


class TrackerDashboard(widgets.VBox):
    """The dashboard. ``load()`` returns a fresh :class:`Tracker` (read when the page opens and
    at every "Show"); ``as_of_input`` + ``show_button`` change the date; ``review_button``
    makes the annual review since ``since_input``."""

    def __init__(self, plan: Plan, load: Callable[[], Tracker], language: str = "en",
                 as_of: dt.date | None = None, since: dt.date | None = None):
        super().__init__(layout=full_width())
        self.add_class("wb-app")
        self.plan, self._load = plan, load
        as_of = as_of or dt.date.today()
        labelled = {"style": {"description_width": "initial"}, "layout": widgets.Layout(width="auto")}
        self.language_picker = widgets.Dropdown(options=[(name, tag) for tag, name in LANGUAGES.items()],
                                                value=language, **labelled)
        self.as_of_input = widgets.Text(value=as_of.isoformat(), placeholder="YYYY-MM-DD", **labelled)
        self.as_of_input.add_class("wb-as-of")
        self.show_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.message = widgets.HTML()
        self.heading, self.summary, self.overdue_box = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.summary.add_class("wb-summary")
        self.overdue_box.add_class("wb-overdue-box")
        self.timeline, self.heatmap = ChartPanel(), ChartPanel()
        self.timeline.add_class("wb-timeline")
        self.heatmap.add_class("wb-heatmap")
        self.drill_box = widgets.VBox(layout=full_width())
        self.drill = None
        self.since_input = widgets.Text(value=(since or year_before(as_of)).isoformat(),
                                        placeholder="YYYY-MM-DD", **labelled)
        self.since_input.add_class("wb-since")
        self.review_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.review_button.add_class("wb-review-button")
        self.review_links = widgets.HTML()
        self.review_links.add_class("wb-review-links")
        self.titles = [widgets.HTML() for _ in range(4)]
        row = widgets.Layout(flex_flow="row wrap", align_items="center", width="100%")
        self.children = [
            stylesheet(), tracker_stylesheet(), self.heading,
            widgets.HBox([self.language_picker, self.as_of_input, self.show_button], layout=row),
            self.message, self.summary, self.timeline, self.heatmap,
            self.titles[0], self.overdue_box, self.titles[1], self.drill_box, self.titles[2],
            widgets.HBox([self.since_input, self.review_button], layout=row), self.review_links]
        self.show_button.on_click(self.refresh)
        self.review_button.on_click(self.make_review)
        self.language_picker.observe(self.refresh, names="value")
        self.refresh()

    @property
    def language(self) -> str:
        return self.language_picker.value

    def _say(self, text: str = "") -> None:
        self.message.value = f'<p class="wb-error">{html.escape(text)}</p>' if text else ""

    def refresh(self, *_) -> None:
        """Read the database again and show everything as of the date in ``as_of_input``."""
        _ = translator(self.language)
        self.show_button.description = _("Show")
        self.language_picker.description = _("Language")
        self.as_of_input.description = _("As of")
        self.since_input.description = _("Since")
        self.review_button.description = _("Make the annual review")
        try:
            self.as_of = parse_date(self.as_of_input.value, "as of")
        except WorkbenchError as error:
            self._say(str(error))
            return
        self._say()
        self.tracker = self._load()
        states = self.tracker.snapshot(self.as_of)
        labels, lang = status_labels(self.language), self.language
        when = date_text(self.as_of, lang)
        intro = _("Where the plan stands: milestones by theme and year, what is done, what is overdue, "
                  "and the reports behind them. Tap a theme to go down to goals, actions and milestones.")
        self.heading.value = (f"<h2>{html.escape(pick(self.plan.title, lang))}</h2>"
                              f'<p class="wb-intro-text">{html.escape(intro)}</p><p>'
                              + html.escape(_("Where the plan stood on %(date)s.") % {"date": when}) + "</p>")
        self.summary.value = summary_html(summarize(states), labels, lang, _)
        texts = {"overdue": _("overdue"), "goal": _("goal"), "year": _("target year"),
                 "share": _("share done"), "as_of": when}
        from workbench.tracker.charts import heatmap_png, timeline_png
        titles = {ref: pick(g.title, lang) for ref, kind, g in self.plan.walk() if kind == "goal"}
        self.timeline.show(_("Decade timeline: milestones by goal and target date"),
                           timeline_png(self.plan, states, self.as_of, labels, texts),
                           year_list_html(rollup(states, "year"), lang, _))
        self.heatmap.show(_("Share done by goal and target year"), heatmap_png(self.plan, states, texts),
                          goal_list_html(rollup(states, "goal"), titles, lang, _))
        headings = [_("Overdue"), _("Themes, goals, actions and milestones"), _("Annual review")]
        for widget, text in zip(self.titles, headings):
            widget.value = f"<h3>{html.escape(text)}</h3>"
        self.overdue_box.value = overdue_html(overdue(states), labels, lang, _)
        self.drill = TrackerDrillDown(self.plan, self.tracker, states, self.as_of, lang)
        self.drill_box.children = [self.drill]
        self.review_links.value = ""

    def make_review(self, *_) -> None:
        """Build the annual review (as of the shown date, since ``since_input``) as download links."""
        from workbench.tracker.review import build_review, write_review
        _ = translator(self.language)
        try:
            since = parse_date(self.since_input.value, "since")
            review = build_review(self.plan, self.tracker, self.as_of, since, self.language)
        except WorkbenchError as error:
            self.review_links.value = f'<p class="wb-error">{html.escape(str(error))}</p>'
            return
        links = []
        for fmt, mime, label in (("html", "text/html", _("Review (web page)")),
                                 ("md", "text/markdown", _("Review (Markdown)"))):
            text = write_review(review, fmt, charts=(fmt == "html"))
            links.append(download_link(text, f"review-{self.as_of.isoformat()}.{fmt}", mime, label,
                                       css=f"wb-review-{fmt}"))
        self.review_links.value = "<p>" + " · ".join(links) + "</p>"


def build(params: dict[str, str] | None = None) -> TrackerDashboard:
    """Build the dashboard. ``?as_of=YYYY-MM-DD`` (default today), ``?since=`` for the review,
    ``?lang=``, ``?plan=`` a plan id."""
    params = query_params() if params is None else params
    language = page_language(params)
    dates = {}
    for name in ("as_of", "since"):
        try:
            dates[name] = parse_date(params[name]) if params.get(name) else None
        except WorkbenchError:
            dates[name] = None
    with open_store() as store:
        plan = get_plan(store, params.get("plan"))

    def load() -> Tracker:
        with open_store() as store:
            return load_tracker(store, plan.slug)[1]
    return TrackerDashboard(plan, load, language, dates["as_of"], dates["since"])
