"""PlanTree: themes → goals → actions, collapsible, in one language, readable on a phone."""
from __future__ import annotations

import html

import ipywidgets as widgets
import traitlets

from workbench.plan.model import Goal, Plan, Theme, pick
from workbench.ui.style import full_width


class PlanTree(widgets.VBox):
    """A collapsible plan. Tapping a theme shows its goals; tapping a goal shows its actions.

    ``language`` switches every title; parts are built when first opened, so a phone only
    receives what its reader opens.
    """
    language = traitlets.Unicode("en", help="Language tag of the titles shown")
    open_refs = traitlets.List(traitlets.Unicode(), help="Refs ('1', '1.2') of the open parts")

    def __init__(self, plan: Plan, language: str = "en", count_label=None, **kwargs):
        """``count_label(kind, n)`` words a count ("5 goals"); kind is "goals" or "actions"."""
        super().__init__(layout=full_width(), **kwargs)
        self.plan = plan
        self.count_label = count_label or (lambda kind, n: f"{n} {kind}")
        self.theme_buttons: dict[str, widgets.Button] = {}
        self.goal_buttons: dict[str, widgets.Button] = {}
        self._panels: dict[str, widgets.Box] = {}
        self.language = language
        self._build()
        self.observe(self._relabel, names="language")

    def _label(self, ref: str, node, kind: str, count: int) -> str:
        mark = "▾" if ref in self.open_refs else "▸"
        return f"{mark} {ref}  {pick(node.title, self.language)} ({self.count_label(kind, count)})"

    def _build(self):
        self.children = [w for theme in self.plan.themes
                         for w in self._toggle(str(theme.number), theme, 1, self.theme_buttons)]
        self._relabel()

    def _toggle(self, ref: str, node: Theme | Goal, level: int, buttons: dict) -> list:
        """A toggle button for ``node`` and the (hidden, still empty) panel it opens."""
        button = widgets.Button(layout=full_width(), tooltip=ref)
        button.add_class("wb-toggle")
        button.add_class(f"wb-level-{level}")
        button.on_click(lambda _, r=ref, n=node: self.toggle(r, n))
        buttons[ref] = button
        self._panels[ref] = widgets.VBox(layout=full_width(display="none"))
        return [button, self._panels[ref]]

    def toggle(self, ref: str, node: Theme | Goal | None = None):
        """Open or close the theme or goal ``ref`` (building its content on first open)."""
        node = node or self._node(ref)
        panel = self._panels.get(ref)
        if panel is None:
            return
        if not panel.children:
            panel.children = self._content(ref, node)
        opening = ref not in self.open_refs
        self.open_refs = [r for r in self.open_refs if r != ref] + ([ref] if opening else [])
        panel.layout.display = "flex" if opening else "none"
        self._relabel()

    def _node(self, ref: str):
        for r, _, node in self.plan.walk():
            if r == ref:
                return node
        raise KeyError(ref)

    def _content(self, ref: str, node):
        if isinstance(node, Theme):
            return [w for goal in node.goals
                    for w in self._toggle(f"{ref}.{goal.number}", goal, 2, self.goal_buttons)]
        return [widgets.HTML(self._actions_html(ref, node), layout=full_width())]

    def _actions_html(self, ref: str, goal: Goal) -> str:
        items = "".join(
            f'<li><b>{ref}.{a.number}</b> {html.escape(pick(a.title, self.language))}</li>'
            for a in goal.actions)
        return f'<ol class="wb-actions" style="list-style:none">{items}</ol>'

    def refresh(self):
        """Relabel everything (after ``count_label`` changed with the UI language)."""
        self._relabel()

    def _relabel(self, *_):
        for theme in self.plan.themes:
            ref = str(theme.number)
            count = len(theme.goals)
            self.theme_buttons[ref].description = self._label(ref, theme, "goals", count)
            for goal in theme.goals:
                goal_ref = f"{ref}.{goal.number}"
                if goal_ref in self.goal_buttons:
                    self.goal_buttons[goal_ref].description = self._label(
                        goal_ref, goal, "actions", len(goal.actions))
                    html_box = self._panels[goal_ref].children
                    if html_box:
                        html_box[0].value = self._actions_html(goal_ref, goal)
