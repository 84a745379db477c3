"""The console's visioning stage: the sessions and their numbers, the vision drafts and their
exports; creating and running sessions, moderating and drafting the vision are done in the
visioning facilitator app, which this panel links to."""
from __future__ import annotations

import html
import re
from types import SimpleNamespace

import ipywidgets as widgets

from workbench.console.links import Links
from workbench.console.screen import code_html, phase_names, table_html
from workbench.core.i18n import translator
from workbench.participation.store.sessions import count_participants
from workbench.plan.model import pick
from workbench.store import Store
from workbench.ui.downloads import download_link
from workbench.ui.style import full_width
from workbench.visioning.screens.vision import vision_actions
from workbench.visioning.store.contributions import count_by
from workbench.visioning.store.drafts import list_vision_drafts
from workbench.visioning.store.sessions import list_visioning_sessions


class VisioningPanel(widgets.VBox):
    """Sessions (code, phase, people, ideas), the link to run them, the drafts to download."""

    def __init__(self, store: Store, *, language: str = "en", links: Links | None = None):
        super().__init__(layout=full_width())
        self.add_class("wb-console-visioning")
        self.store, self.language, self.links = store, language, links or Links(language=language)
        _ = translator(language)
        self.run_link = widgets.HTML("<p>" + self.links.anchor(
            _("Create and run visioning sessions (phases, moderation, agreement, opinion groups, the vision draft)"),
            "facilitator") + "</p>")
        self.sessions = widgets.HTML()
        self.sessions.add_class("wb-visioning-sessions")
        self.drafts = widgets.HTML()
        self.drafts.add_class("wb-visioning-drafts")
        self.children = [self.run_link, widgets.HTML("<h3>" + html.escape(_("Sessions")) + "</h3>"), self.sessions,
                         widgets.HTML("<h3>" + html.escape(_("The shared vision")) + "</h3>"), self.drafts]

    def refresh(self) -> None:
        _ = translator(self.language)
        phases = phase_names(self.language)
        sessions = list_visioning_sessions(self.store)
        ideas = count_by(self.store, "session_id", [s["id"] for s in sessions]) if sessions else {}
        rows = [[html.escape(pick(s["title"], self.language, "en")),
                 self.links.anchor(s["code"], "visioning", facilitator=False, css="wb-console-link wb-code",
                                   code=s["code"]) if s["phase"] != "closed" else code_html(s["code"]),
                 html.escape(phases.get(s["phase"], s["phase"])), str(count_participants(self.store, s["id"])),
                 str(ideas.get(s["id"], 0))] for s in sessions]
        self.sessions.value = (table_html([_("Title"), _("Join code"), _("Phase"), _("People"), _("Ideas")], rows)
                               if rows else "<p>" + html.escape(_("No visioning session yet.")) + "</p>")
        self.drafts.value = self._drafts_html()

    def _drafts_html(self) -> str:
        """The latest version of each vision draft, with its Markdown and web-page exports."""
        _ = translator(self.language)
        latest: dict[str, dict] = {}
        for draft in list_vision_drafts(self.store):
            if draft["version"] >= latest.get(draft["name"], {}).get("version", 0):
                latest[draft["name"]] = draft
        if not latest:
            return "<p>" + html.escape(_("No vision draft yet: write it in the “Vision draft” tab of the visioning app.")) + "</p>"
        export = vision_actions(SimpleNamespace(store=self.store, language=self.language, session_ids=None))["export"]
        rows = []
        for name, draft in latest.items():
            markdown, page = export(draft["id"])
            stem = "vision-" + "-".join(re.findall(r"\w+", name.lower())) + f"-v{draft['version']}"
            rows.append([html.escape(name), str(draft["version"]), html.escape(draft["created_at"][:16]),
                         download_link(page, f"{stem}.html", "text/html", _("Web page"), "wb-download wb-vision-html")
                         + " · " + download_link(markdown, f"{stem}.md", "text/markdown", "Markdown")])
        return table_html([_("Draft"), _("Version"), _("Saved"), _("Download")], rows)
