"""The facilitator console: one page with the process as its stages and what is live now.

Open it with the facilitator link ``workbench serve`` printed (``console.ipynb?…&key=…``) or a
personal one (``workbench facilitator add NAME``). The top shows what participants can join
right now, with their join codes; below, one button per stage (visioning → working groups →
feedback → plan versions → tracker → people and data) opens that stage's panel. A panel is
built the first time its stage is opened and follows the database while it is shown.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from workbench.console.links import Links
from workbench.core.i18n import translator
from workbench.participation.store.sessions import live_sessions
from workbench.plan.model import pick
from workbench.store import Store
from workbench.ui.live import Watcher
from workbench.ui.page import facilitator_app, open_store
from workbench.ui.style import full_width, stylesheet

#: The stages, in the order of the process.
STAGES = ("visioning", "groups", "feedback", "versions", "tracker", "people")

CSS = """<style>
.wb-console .wb-stages .widget-toggle-button { min-width: 9em; width: auto; }
.wb-console table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
.wb-console th, .wb-console td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #ddd;
  vertical-align: top; overflow-wrap: anywhere; }
.wb-console .wb-code { font-family: monospace; font-size: 1.1em; letter-spacing: .1em; font-weight: 700; }
.wb-console .wb-live-now { border: 2px solid #1b6e2e; border-radius: 6px; padding: 6px 10px; margin: 6px 0; }
.wb-console .wb-live-now h3 { margin: 2px 0 6px; }
.wb-console a.wb-console-link { font-weight: 600; color: #0b5394; text-decoration: underline; }
</style>"""


def stage_names(language: str) -> dict[str, str]:
    """The stages' names in ``language``."""
    _ = translator(language)
    return {"visioning": _("1 · Visioning"), "groups": _("2 · Working groups"), "feedback": _("3 · Feedback"),
            "versions": _("4 · Plan versions"), "tracker": _("5 · Tracker"), "people": _("People and data")}


def phase_names(language: str) -> dict[str, str]:
    """Every session phase (visioning, polls, feedback) in ``language``."""
    _ = translator(language)
    return {"draft": _("Not started"), "gathering": _("Gathering ideas"), "reacting": _("Reacting"),
            "open": _("Open"), "closed": _("Closed")}


def table_html(headers: list[str], rows: list[list[str]]) -> str:
    """An HTML table; the cells are HTML already (escape what a person typed before)."""
    head = "".join(f"<th scope=\"col\">{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def code_html(code: str) -> str:
    return f'<span class="wb-code">{html.escape(code)}</span>'


#: The participant app of each kind of session.
APP_OF_KIND = {"visioning": "visioning", "feedback": "feedback", "poll": "vote"}


def live_now_html(store: Store, language: str, links: Links) -> str:
    """What participants can join right now: one line per live session, with its join code,
    its participants' link and how many have joined."""
    import json
    _ = translator(language)
    kinds = {"visioning": _("Visioning"), "feedback": _("Feedback"), "poll": _("Poll")}
    phases = phase_names(language)
    rows = []
    for s in live_sessions(store):
        title = pick(json.loads(s["title"]) if isinstance(s["title"], str) else s["title"], language, "en")
        app = APP_OF_KIND.get(s["kind"])
        code = links.anchor(s["code"], app, facilitator=False, css="wb-console-link wb-code", code=s["code"]) \
            if app else code_html(s["code"])
        rows.append([html.escape(kinds.get(s["kind"], s["kind"])), html.escape(title), code,
                     html.escape(phases.get(s["phase"], s["phase"])), str(s["people"])])
    body = (table_html([_("Activity"), _("Title"), _("Join code"), _("Phase"), _("People")], rows) if rows else
            "<p>" + html.escape(_("Nothing is open to participants right now.")) + "</p>")
    return (f'<div class="wb-live-now" role="status"><h3>{html.escape(_("Live now"))}</h3>{body}'
            f'<p class="wb-note">{html.escape(_("Participants type the join code on the home page, or open the link."))}'
            "</p></div>")


class ConsoleScreen(widgets.VBox):
    """What is live now on top; one button per stage; the open stage's panel below."""

    def __init__(self, store: Store, *, language: str = "en", links: Links | None = None,
                 stage: str = "visioning", live: bool = True):
        super().__init__(layout=full_width())
        self.add_class("wb-app")
        self.add_class("wb-wide")
        self.add_class("wb-console")
        self.store, self.language = store, language
        self.links = links or Links(language=language)
        _ = translator(language)
        names = stage_names(language)
        self.live_now = widgets.HTML()
        self.live_now.add_class("wb-console-live")
        self.stages = widgets.ToggleButtons(options=[(names[s], s) for s in STAGES],
                                            value=stage if stage in STAGES else STAGES[0],
                                            layout=widgets.Layout(width="100%"), style={"button_width": "auto"})
        self.stages.add_class("wb-stages")
        self.body = widgets.VBox(layout=full_width())
        self.panels: dict[str, widgets.Widget] = {}
        self.stages.observe(lambda change: self.show(change["new"]), names="value")
        title = widgets.HTML("<h2>" + html.escape(_("Facilitator console")) + "</h2>")
        self.children = [stylesheet(), widgets.HTML(CSS), title, self.live_now, self.stages, self.body]
        self.show(self.stages.value)
        self.refresh_live()
        self.watcher = Watcher(store, self.refresh, owner=self, min_gap=1.0)
        if live:
            self.watcher.start()

    def panel(self, stage: str) -> widgets.Widget:
        """The panel of ``stage``, built the first time it is asked for."""
        if stage not in self.panels:
            self.panels[stage] = make_panel(stage, self.store, self.language, self.links)
        return self.panels[stage]

    def show(self, stage: str) -> None:
        panel = self.panel(stage)
        self.body.children = [panel]
        panel.refresh()

    def refresh_live(self) -> None:
        self.live_now.value = live_now_html(self.store, self.language, self.links)

    def refresh(self) -> None:
        """Another kernel wrote: redraw what is live and the open panel."""
        self.refresh_live()
        self.panel(self.stages.value).refresh()


def make_panel(stage: str, store: Store, language: str, links: Links) -> widgets.Widget:
    """Build the panel of ``stage`` (each stage's module is imported when it is first opened)."""
    if stage == "visioning":
        from workbench.console.visioning import VisioningPanel as Panel
    elif stage == "groups":
        from workbench.console.groups import GroupsPanel as Panel
    elif stage == "feedback":
        from workbench.console.feedback import FeedbackPanel as Panel
    elif stage == "versions":
        from workbench.console.versions import VersionsPanel as Panel
    elif stage == "tracker":
        from workbench.console.tracker import TrackerPanel as Panel
    elif stage == "people":
        from workbench.console.people import PeoplePanel as Panel
    else:
        raise ValueError(f"unknown stage {stage!r}; expected one of {', '.join(STAGES)}")
    return Panel(store, language=language, links=links)


def build(params: dict[str, str] | None = None) -> widgets.Widget:
    """The console app. ``?key=`` a facilitator key (required), ``?lang=``, ``?stage=`` a stage
    to open (one of :data:`STAGES`)."""
    return facilitator_app(params, lambda found, language: ConsoleScreen(
        open_store(), language=language, stage=found.get("stage", STAGES[0]),
        links=Links(key=found.get("key", ""), language=language, token=found.get("token", ""))))
