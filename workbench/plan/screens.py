"""The plan browser app: themes → goals → actions with a language switch."""
from __future__ import annotations

import html

import ipywidgets as widgets

from workbench.core.i18n import LANGUAGES, plural_translator, translator
from workbench.plan.model import pick
from workbench.ui.page import open_store, page_language, query_params
from workbench.plan.store.plans import get_plan
from workbench.plan.widgets import PlanTree
from workbench.ui.style import full_width, stylesheet


class PlanBrowser(widgets.VBox):
    """The plan browser screen: a title, a language switch and the collapsible plan."""

    def __init__(self, plan, language: str):
        super().__init__(layout=full_width())
        self.add_class("wb-app")
        self.add_class("wb-participant")
        self.plan = plan
        languages = [tag for tag in LANGUAGES if tag in plan.languages()] or plan.languages()
        self.language_switch = widgets.ToggleButtons(
            options=[(LANGUAGES.get(tag, tag), tag) for tag in languages],
            value=language if language in languages else languages[0])
        self.heading = widgets.HTML()
        self.tree = PlanTree(plan, self.language_switch.value, self._count_label)
        self.language_switch.observe(self._switch, names="value")
        self.children = [stylesheet(), self.language_switch, self.heading, self.tree]
        self._switch()

    def _count_label(self, kind: str, n: int) -> str:
        ngettext = plural_translator(self.language_switch.value)
        if kind == "goals":
            return ngettext("%(n)d goal", "%(n)d goals", n) % {"n": n}
        return ngettext("%(n)d action", "%(n)d actions", n) % {"n": n}

    def _switch(self, *_):
        language = self.language_switch.value
        _ = translator(language)
        self.language_switch.description = _("Language")
        self.tree.language = language
        self.tree.refresh()
        stated = self.plan.actions_stated
        found = self.plan.actions_found
        count = (_("%(themes)d themes, %(goals)d goals, %(actions)d actions")
                 % {"themes": len(self.plan.themes), "goals": sum(len(t.goals) for t in self.plan.themes),
                    "actions": found})
        if stated and stated != found:
            count += " " + _("(the document states %(stated)d)") % {"stated": stated}
        self.heading.value = (f"<h2>{html.escape(pick(self.plan.title, language))}</h2>"
                              f'<p class="wb-note">{html.escape(count)}</p>'
                              f'<p class="wb-intro-text">{html.escape(_("Tap a theme to see its goals, and a goal to see its actions."))}</p>')


def build(params: dict[str, str] | None = None) -> PlanBrowser:
    """Build the plan browser. ``?lang=sw`` chooses the language; ``?plan=`` a plan id."""
    params = query_params() if params is None else params
    with open_store() as store:
        plan = get_plan(store, params.get("plan"))
    return PlanBrowser(plan, page_language(params))
