"""TrackerDrillDown: theme → goal → action → milestone, each with its numbers; a milestone
opens its update history. Parts are built when first opened, so a phone receives only what
its reader opens."""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

import ipywidgets as widgets
import traitlets

from workbench.core.i18n import translator
from workbench.plan.model import Plan, pick
from workbench.tracker.rollups import Summary, rollup, summarize
from workbench.tracker.rules import State, Tracker
from workbench.tracker.labels import percent, status_labels
from workbench.ui.style import full_width
from workbench.tracker.widgets.panels import history_html


class TrackerDrillDown(widgets.VBox):
    """The plan's themes with their progress; tap to open goals, actions, milestones, history.

    ``buttons`` maps each ref (``'1'``, ``'1.2'``, ``'1.2.5'``, or ``'m:'`` + a milestone id)
    to its button.
    """
    open_refs = traitlets.List(traitlets.Unicode(), help="Refs of the open parts, in opening order")

    def __init__(self, plan: Plan, tracker: Tracker, states: Sequence[State], as_of: dt.date,
                 language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.plan, self.tracker, self.as_of, self.language = plan, tracker, as_of, language
        self._ = translator(language)
        self.labels = status_labels(language)
        self.states = {s.milestone.key: s for s in states}
        self.summaries: dict[str, Summary] = {}
        for level in ("theme", "goal", "action"):
            self.summaries.update(rollup(states, level))
        self.buttons: dict[str, widgets.Button] = {}
        self._panels: dict[str, widgets.Box] = {}
        self._titles: dict[str, dict] = {}
        self.children = [w for theme in plan.themes
                         for w in self._row(str(theme.number), theme.title, 1)]

    def _row(self, ref: str, title, level: int) -> list[widgets.Widget]:
        button = widgets.Button(layout=full_width(), tooltip=ref)
        button.add_class("wb-toggle")
        button.add_class(f"wb-level-{level}")
        button.on_click(lambda _, r=ref: self.toggle(r))
        self.buttons[ref] = button
        panel = widgets.VBox(layout=full_width(display="none"))
        self._panels[ref] = panel
        self._titles[ref] = title
        self._label(ref)
        return [button, panel]

    def _label(self, ref: str) -> None:
        mark = "▾" if ref in self.open_refs else "▸"
        if ref.startswith("m:"):
            state = self.states[ref[2:]]
            m = state.milestone
            target = self._("target %(target)s") % {"target": str(m.target)}
            late = " · " + self._("overdue") if state.overdue else ""
            text = (f"{mark} {m.key}  {pick(m.title, self.language)} — {self.labels[state.status]}"
                    f" · {target}{late}")
        else:
            summary = self.summaries.get(ref) or summarize(())
            numbers = (self._("%(share)s done of %(n)d") % {"share": percent(summary.done_share, self.language),
                                                             "n": summary.total}
                       if summary.total else self._("no milestones"))
            if summary.overdue:
                numbers += " · " + self._("%(n)d overdue") % {"n": summary.overdue}
            text = f"{mark} {ref}  {pick(self._titles[ref], self.language)} — {numbers}"
        self.buttons[ref].description = text

    def toggle(self, ref: str) -> None:
        """Open or close the part ``ref`` (a theme, goal or action ref, or a milestone id)."""
        panel = self._panels[ref]
        if not panel.children:
            panel.children = self._content(ref)
        opening = ref not in self.open_refs
        self.open_refs = [r for r in self.open_refs if r != ref] + ([ref] if opening else [])
        panel.layout.display = "flex" if opening else "none"
        self._label(ref)

    def _content(self, ref: str) -> list[widgets.Widget]:
        if ref.startswith("m:"):
            state = self.states[ref[2:]]
            m, indicator = state.milestone, state.milestone.indicator
            found = [widgets.HTML(history_html(self.tracker.history(m), self.as_of, self.labels, self._),
                                  layout=full_width())]
            if indicator:
                text = self._("%(unit)s: %(value)s (baseline %(baseline)s, target %(target)s) — "
                              "%(share)s of the way") % {
                    "unit": indicator.unit, "value": "–" if state.value is None else f"{state.value:g}",
                    "baseline": f"{indicator.baseline:g}", "target": f"{indicator.target:g}",
                    "share": percent(state.progress, self.language)}
                found.insert(0, widgets.HTML(f'<p class="wb-history">{html.escape(text)}</p>'))
            return found
        node = self._node(ref)
        out = []
        if ref.count(".") == 2:   # an action: its milestones
            for state in self.states.values():
                if state.milestone.action == ref:
                    out += self._row(f"m:{state.milestone.key}", state.milestone.title, 4)
            if not out:
                none = html.escape(self._("no milestones"))
                out = [widgets.HTML(f'<p class="wb-history">{none}</p>')]
            return out
        children = node.goals if ref.count(".") == 0 else node.actions
        for child in children:
            out += self._row(f"{ref}.{child.number}", child.title, ref.count(".") + 2)
        return out

    def _node(self, ref: str):
        for r, _, node in self.plan.walk():
            if r == ref:
                return node
        raise KeyError(ref)
