"""The console's working-groups stage: the polls, their phase, voters and whether their results
are shown to participants; creating, opening, closing and publishing a poll, the working
groups' links and the results are in the polls app, which this panel links to (per poll)."""
from __future__ import annotations

import html

import ipywidgets as widgets

from workbench.console.links import Links
from workbench.console.screen import code_html, phase_names, table_html
from workbench.core.i18n import translator
from workbench.plan.model import pick
from workbench.polls.labels import method_names
from workbench.polls.store.ballots import count_voters
from workbench.polls.store.polls import list_polls
from workbench.store import Store
from workbench.ui.style import full_width


class GroupsPanel(widgets.VBox):
    """Every poll in one table, each with its link into the polls app."""

    def __init__(self, store: Store, *, language: str = "en", links: Links | None = None):
        super().__init__(layout=full_width())
        self.add_class("wb-console-groups")
        self.store, self.language, self.links = store, language, links or Links(language=language)
        _ = translator(language)
        self.new_link = widgets.HTML("<p>" + self.links.anchor(
            _("Create a poll, open and close it, give each working group its link, publish the results"),
            "polls") + "</p>")
        self.polls = widgets.HTML()
        self.polls.add_class("wb-groups-polls")
        self.children = [self.new_link, widgets.HTML("<h3>" + html.escape(_("Polls")) + "</h3>"), self.polls]

    def refresh(self) -> None:
        _ = translator(self.language)
        phases, methods = phase_names(self.language), method_names(self.language)
        rows = []
        for poll in list_polls(self.store):
            shown = _("shown to participants") if poll["results_published"] else _("not shown")
            rows.append([self.links.anchor(pick(poll["title"], self.language, "en"), "polls", poll=str(poll["id"])),
                         code_html(poll["code"]), html.escape(methods.get(poll["method"], poll["method"])),
                         html.escape(phases.get(poll["phase"], poll["phase"])),
                         str(count_voters(self.store, poll["id"])), html.escape(shown)])
        self.polls.value = (table_html([_("Poll"), _("Join code"), _("Method"), _("Phase"), _("Voters"), _("Results")],
                                   rows) if rows else "<p>" + html.escape(_("No poll yet.")) + "</p>")
