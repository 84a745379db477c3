"""ResultsView: a poll's ranking table, how the method counts, charts (drawn when asked), the
breakdown by participant groups, consensus across groups, and downloads. Facilitator pages
only (it may load matplotlib). Knows no store: it is given the counted data."""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as widgets

from workbench.core.i18n import translator
from workbench.polls.exports import ballots_csv, results_csv, results_markdown
from workbench.polls.results import PollData, breakdown, consensus, places, result_rows
from workbench.polls.labels import (attribute_names, consensus_explanation, explain, group_name,
                                 method_names, tie_notes)
from workbench.polls.rules import RANKED_METHODS
from workbench.ui.downloads import download_link
from workbench.ui.style import full_width

TABLE_CSS = """<style>
.wb-results table { border-collapse: collapse; width: 100%; font-size: 14px; }
.wb-results th, .wb-results td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left;
  vertical-align: top; }
.wb-results td.n { text-align: right; white-space: nowrap; }
.wb-results .wb-scroll { overflow-x: auto; width: 100%; }
.wb-results img { max-width: 100%; height: auto; }
</style>"""
DIVIDES = 0.3  # a gap this large between the lowest and highest group share marks a dividing item


def _fmt(value, percent: bool = False) -> str:
    if value is None:
        return "–"
    if percent:
        return f"{100 * value:.0f}%"
    return f"{value:.3g}" if isinstance(value, float) else str(value)


class ResultsView(widgets.VBox):
    """Everything about one poll's counted result, in ``language``."""

    def __init__(self, poll: Mapping, data: PollData, result, language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-results")
        self.poll, self.data, self.result, self.language = poll, data, result, language
        _ = translator(language)
        self.rows = result_rows(result, data.items, language)
        self.summary = widgets.HTML(self._summary())
        self.table = widgets.HTML(self._table())
        self.table.add_class("wb-ranking")
        self.charts_button = widgets.Button(description=_("Show charts"), layout=full_width())
        self.charts = widgets.HTML(layout=full_width())
        self.charts_button.on_click(self.show_charts)
        names = attribute_names(language)
        self.attribute = widgets.Dropdown(options=[(names[a], a) for a in names],
                                          value=self._default_attribute(), description=_("Groups by"))
        self.breakdown = widgets.HTML(layout=full_width())
        self.breakdown.add_class("wb-breakdown")
        self.consensus = widgets.HTML(layout=full_width())
        self.consensus.add_class("wb-consensus")
        self.downloads = widgets.HTML(self._downloads())
        self.attribute.observe(lambda _: self.show_groups(), names="value")
        self.children = [widgets.HTML(TABLE_CSS), self.summary, self.table, self.charts_button, self.charts,
                         widgets.HTML("<h3>" + html.escape(_("Results by group")) + "</h3>"),
                         self.attribute, self.breakdown, self.consensus, self.downloads]
        self.show_groups()

    def _default_attribute(self) -> str:
        given = {a for values in self.data.attributes.values() for a, v in values.items() if v}
        return "group" if "group" in given else "language"

    def _summary(self) -> str:
        _ = translator(self.language)
        method = self.poll["method"]
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in tie_notes(self.result, self.language))
        voters = len(self.data.voters())
        return (f"<h3>{html.escape(method_names(self.language)[method])}</h3>"
                f"<p>{html.escape(explain(method, self.poll['params'], self.language))}</p>"
                f"<p>{html.escape(_('Voters: %(n)d') % {'n': voters})}</p>"
                + (f"<ul>{notes}</ul>" if notes else ""))

    def _table(self) -> str:
        _ = translator(self.language)
        bt = self.poll["method"] == "bradley-terry"
        head = [_("Place"), _("Item"), _("Score")] + ([_("Chance to win"), "±"] if bt else [])
        body = []
        for row in self.rows:
            cells = [f"{row['place']}{'=' if row['tied'] else ''}", html.escape(row["title"]), _fmt(row["score"])]
            if bt:
                cells += [_fmt(row["win_probability"], True), _fmt(row["standard_error"])]
            body.append("<tr>" + "".join(f'<td class="{"n" if i != 1 else ""}">{c}</td>'
                                         for i, c in enumerate(cells)) + "</tr>")
        header = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        return f'<div class="wb-scroll"><table><tr>{header}</tr>{"".join(body)}</table></div>'

    def show_charts(self, *_):
        """Draw the bar chart (and, for rankings, the preference heatmap) once."""
        from workbench.polls.charts import preference_png, scores_png
        from workbench.tracker.charts import data_uri
        _ = translator(self.language)
        labels = {"score": _("score"), "win": _("chance to win against a random other item (%)"),
                  "top": _("the first %(n)d items"), "rows": _("share of ballots ranking this item …"),
                  "columns": _("… above this item")}
        images = [("wb-chart-scores", scores_png(self.rows, self.poll["method"], labels), _("Scores"))]
        if self.poll["method"] in RANKED_METHODS and self.data.ballots:
            order = [row["key"] for row in self.rows]
            images.append(("wb-chart-heatmap", preference_png(self.data, order, labels),
                           _("Head to head: share of ballots ranking the row item above the column item")))
        self.charts.value = "".join(f'<figure class="{cls}"><img alt="{html.escape(alt)}" src="{data_uri(png)}">'
                                    f"<figcaption>{html.escape(alt)}</figcaption></figure>"
                                    for cls, png, alt in images)
        self.charts_button.layout.display = "none"

    def show_groups(self) -> None:
        """Fill the breakdown and consensus tables for the chosen attribute."""
        _ = translator(self.language)
        attribute, language = self.attribute.value, self.language
        groups = breakdown(self.data, attribute)
        found = consensus(self.data, attribute)
        names = {g: group_name(g, attribute, language) for g in found["groups"]}
        titles = {row["key"]: row["title"] for row in self.rows}
        if groups:
            top = [row["key"] for row in self.rows[:15]]
            header = "".join(f"<th>{html.escape(names[g])} ({groups[g]['voters']})</th>" for g in groups)
            placed = {g: places(result["result"].ranking) for g, result in groups.items()}
            body = "".join(f"<tr><td>{html.escape(titles[k])}</td>" + "".join(
                f'<td class="n">{placed[g].get(k, "–")}</td>' for g in groups) + "</tr>" for k in top)
            intro = _("Place of each item in each group (the overall first %(n)d items). Groups under "
                      "5 people are merged into “other”.") % {"n": len(top)}
            self.breakdown.value = (f"<p>{html.escape(intro)}</p><div class=\"wb-scroll\"><table><tr>"
                                    f"<th>{html.escape(_('Item'))}</th>{header}</tr>{body}</table></div>")
        else:
            self.breakdown.value = "<p>" + html.escape(_(
                "The groups are too small to show separately: a group needs at least 5 voters, and "
                "there must be two such groups.")) + "</p>"
        head = "".join(f"<th>{html.escape(names.get(g, g))}</th>" for g in found["groups"])
        rows = []
        for row in found["items"]:
            mark = " ⚠ " + _("divides") if row["highest"] - row["lowest"] >= DIVIDES else ""
            rows.append(f"<tr><td>{html.escape(titles.get(row['key'], row['key']))}{html.escape(mark)}</td>"
                        f'<td class="n">{row["consensus"]:.3f}</td>'
                        + "".join(f'<td class="n">{s}/{n}</td>' for s, n in row["support"].values()) + "</tr>")
        self.consensus.value = (f"<h3>{html.escape(_('Consensus across groups'))}</h3>"
                                f"<p>{html.escape(consensus_explanation(language))}</p>"
                                f"<div class=\"wb-scroll\"><table><tr><th>{html.escape(_('Item'))}</th>"
                                f"<th>{html.escape(_('Consensus'))}</th>{head}</tr>{''.join(rows)}</table></div>")

    def _downloads(self) -> str:
        _ = translator(self.language)
        stem = f"poll-{self.poll['id']}"
        links = [
            download_link(ballots_csv(self.data), f"{stem}-ballots.csv", "text/csv", _("Ballots (CSV)")),
            download_link(results_csv(self.result, self.data.items, self.language), f"{stem}-results.csv",
                          "text/csv", _("Results (CSV)")),
            download_link(results_markdown(self.poll, self.result, self.data.items, self.language,
                                           voters=len(self.data.voters())), f"{stem}-results.md",
                          "text/markdown", _("Results (Markdown)")),
        ]
        return f"<h3>{html.escape(_('Downloads'))}</h3><p>" + " · ".join(links) + "</p>"


def participant_results_html(poll: Mapping, rows: Sequence[Mapping], language: str) -> str:
    """A closed poll's published results, as its participants see them: the places, the items,
    their scores, and how the method counts in plain words; no ballot and no group."""
    _ = translator(language)
    items = "".join(
        f'<li value="{row["place"]}"><b>{html.escape(row["title"])}</b>'
        + (f' <span class="wb-note">({_("tied")})</span>' if row["tied"] else "")
        + (f' <span class="wb-note">— {html.escape(_fmt(row["score"]))}</span>' if row.get("score") is not None else "")
        + "</li>" for row in rows)
    return (f'<div class="wb-results" role="region" aria-label="{html.escape(_("Results"))}">'
            f'<h3>{html.escape(_("Results"))}</h3>'
            f'<p class="wb-note">{html.escape(explain(poll["method"], poll["params"], language))}</p>'
            f"<ol>{items}</ol></div>")
