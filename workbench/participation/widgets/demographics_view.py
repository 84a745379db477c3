"""DemographicsView: who took part, in aggregate only (facilitator). Receives the suppressed
summary of :func:`workbench.participation.demographics.summary` and the map as PNG bytes; never a store."""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as widgets

from workbench.participation.demographics import DIMENSIONS, FEWER, OTHER_LANGUAGE, UNANSWERED
from workbench.core.i18n import translator
from workbench.participation.rules import PREFER_NOT
from workbench.ui.style import full_width


def _labels(language: str) -> dict:
    _ = translator(language)
    return {"title": {"country": _("Country you live in"), "region": _("Region"),
                      "language": _("Languages you speak"), "age_band": _("Age"), "gender": _("Gender")},
            "value": {"woman": _("Woman"), "man": _("Man"), "non_binary": _("Non-binary"),
                      "another": _("Another gender"), PREFER_NOT: _("Prefer not to say"),
                      UNANSWERED: _("(no answer)"), FEWER: _("fewer than 5"),
                      OTHER_LANGUAGE: _("Another language")}}


def summary_html(summary: Mapping, language: str, names: Mapping[str, str] | None = None) -> str:
    """The summary as escaped HTML tables, one per demographic (never combined)."""
    _ = translator(language)
    labels, names = _labels(language), names or {}
    shown = labels["value"].get
    total = summary["total"]
    parts = ["<p>" + html.escape(_("Participants: %(n)s") % {"n": shown(total, total)}) + "</p>",
             '<p class="wb-note">' + html.escape(_("Groups under 5 people are shown as “fewer than 5”, "
                                                   "and questions are never combined.")) + "</p>"]
    for dimension in DIMENSIONS:
        rows = "".join(f"<tr><td>{html.escape(str(shown(key, names.get(key, key))))}</td>"
                       f"<td>{html.escape(str(shown(n, n)))}</td></tr>"
                       for key, n in summary[dimension].items())
        parts.append(f"<h4>{html.escape(labels['title'][dimension])}</h4><table>{rows}</table>")
    return "".join(parts)


class DemographicsView(widgets.VBox):
    """A refresh button, the tables and the world map (one dot per country)."""

    def __init__(self, on_refresh: Callable[[], None], language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.language = language
        self.refresh_button = widgets.Button(description=translator(language)("Refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _b: on_refresh())
        self.tables = widgets.HTML(layout=full_width())
        self.map = widgets.Image(format="png", layout=widgets.Layout(display="none", max_width="100%"))
        self.children = [self.refresh_button, self.map, self.tables]

    def show(self, summary: Mapping, map_png: bytes | None, names: Mapping[str, str] | None = None) -> None:
        self.tables.value = summary_html(summary, self.language, names)
        self.map.value = map_png or b""
        self.map.layout.display = "flex" if map_png else "none"
