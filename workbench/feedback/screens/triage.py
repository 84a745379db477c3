"""The working groups' triage app (facilitator key required): comments, decisions, live counts,
the round's live sessions, the changes between versions, and the "you said, we did" report.

Access: the facilitator link printed by ``workbench serve`` (``…/triage.ipynb?…&key=…``);
without this run's key the page only says whom to ask. Counts follow the database live (an
asyncio task polling ``PRAGMA data_version``); each decision is saved in one transaction, with
the rules checked by the store, before the list shows it.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.feedback.rules import Comment, Decision
from workbench.core.i18n import LANGUAGES, translator
from workbench.plan.diff import diff_plans
from workbench.ui.live import Watcher
from workbench.ui.page import facilitator_app, open_store
from workbench.store import Store
from workbench.feedback.store.comments import (add_feedback_session, get_round, list_comments, list_feedback_sessions,
                                      list_rounds, update_session_phase)
from workbench.plan.store.versions import add_version, item_uids, list_versions
from workbench.plan.store.plans import get_plan
from workbench.feedback.store.triage import add_decision, list_decisions, triage_counts
from workbench.feedback.widgets.panels import counts_html, diff_html
from workbench.ui.downloads import download_link
from workbench.ui.style import full_width, stylesheet
from workbench.feedback.widgets.triage_form import TriageForm
from workbench.feedback.widgets.triage_list import TriageList
from workbench.ui.participant_style import participant_stylesheet

CSS = """<style>
.wb-counts caption { text-align: left; font-weight: 600; padding: 6px 0; }
.wb-counts td { text-align: right; }
.wb-triage-form { border: 2px solid #0072B2; border-radius: 6px; padding: 8px; margin: 8px 0; }
.wb-diff .old, .wb-report .old { text-decoration: line-through; color: #844; }
.wb-diff .new, .wb-report .new { color: #263; }
.wb-report { border-top: 2px solid #ccc; margin-top: 8px; overflow-wrap: anywhere; }
.wb-report blockquote { margin: 6px 0; padding: 4px 10px; border-left: 4px solid #7a5; background: #f6f9f3; }
</style>"""


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(text)}</h3>")


class TriageScreen(widgets.VBox):
    """Pick a round; triage its comments; follow the counts; run its live sessions; see the
    changes and make the report."""

    def __init__(self, store: Store, *, language: str = "en", round_name: str | None = None, live: bool = True):
        super().__init__(layout=full_width())
        self.add_class("wb-app")
        self.add_class("wb-wide")
        self.store, self.language = store, language
        _ = translator(language)
        rounds = [r["name"] for r in list_rounds(store)]
        self.round_picker = widgets.Dropdown(options=rounds, value=round_name if round_name in rounds else
                                             (rounds[-1] if rounds else None), description=_("Round"))
        self.counts = widgets.HTML()
        self.counts.add_class("wb-live-counts")
        self.sessions_box = widgets.VBox(layout=full_width())
        self.new_session_button = widgets.Button(description=_("New live session"), icon="plus")
        self.new_session_button.on_click(self._new_session)
        self.form = TriageForm(self._decide, language=language, on_close=self._reload,
                               on_new_version=self._start_next_version)
        self.list = TriageList(self._pick, language=language)
        self.message = widgets.HTML()
        self.old_version = widgets.Dropdown(description=_("From"), layout=widgets.Layout(width="auto"))
        self.new_version = widgets.Dropdown(description=_("To"), layout=widgets.Layout(width="auto"))
        self.diff_button = widgets.Button(description=_("Show changes"))
        self.diff_box = widgets.HTML()
        self.diff_box.add_class("wb-diff-box")
        self.report_language = widgets.Dropdown(options=[(n, t) for t, n in LANGUAGES.items()], value=language,
                                                layout=widgets.Layout(width="auto"))
        self.report_button = widgets.Button(description=_("Make the report"), button_style="primary")
        self.report_button.add_class("wb-report-button")
        self.report_links, self.report_box = widgets.HTML(), widgets.HTML()
        self.report_links.add_class("wb-report-links")
        self.diff_button.on_click(self.show_diff)
        self.report_button.on_click(self.make_report)
        self.round_picker.observe(lambda _: self.load_round(), names="value")
        row = widgets.Layout(flex_flow="row wrap", align_items="center", width="100%")
        self.children = [
            stylesheet(), participant_stylesheet(), widgets.HTML(CSS),
            self.round_picker,
            _heading(_("Live numbers")), self.counts,
            _heading(_("Live sessions")), self.sessions_box, self.new_session_button,
            _heading(_("Comments")), self.message, self.form, self.list,
            _heading(_("Changes between versions")),
            widgets.HBox([self.old_version, self.new_version, self.diff_button], layout=row), self.diff_box,
            _heading(_("You said, we did")), widgets.HBox([self.report_language, self.report_button], layout=row),
            self.report_links, self.report_box]
        self.load_round()
        self.watcher = Watcher(store, self.refresh, owner=self, min_gap=1.0)
        if live:
            self.watcher.start()

    # -- the round --------------------------------------------------------------------------
    def load_round(self) -> None:
        """Show the picked round: its sessions, comments, versions; counts for every round."""
        name = self.round_picker.value
        self.round = get_round(self.store, name) if name else None
        self._show_versions()
        self.diff_box.value = self.report_box.value = self.report_links.value = ""
        self.refresh()

    def _show_versions(self) -> None:
        """The versions the diff compares: the reviewed one and the next, if there is one."""
        versions = [(f"{v['number']} · {v['label']}", v["number"])
                    for v in list_versions(self.store, self.round["slug"])] if self.round else []
        self.old_version.options = self.new_version.options = versions
        if self.round:
            self.old_version.value = self.round["version"]
            self.new_version.value = min(self.round["version"] + 1, versions[-1][1])

    def refresh(self) -> None:
        """Counts and sessions (called by the watcher); the list unless a decision is being made."""
        self.counts.value = counts_html(triage_counts(self.store), self.language)
        self._show_sessions()
        if self.form.layout.display == "none":
            self._reload()

    def _reload(self) -> None:
        self.list.show(list_comments(self.store, self.round["name"]) if self.round else [])

    def _show_sessions(self) -> None:
        _ = translator(self.language)
        sessions = list_feedback_sessions(self.store, self.round["name"]) if self.round else []
        key = [(s["id"], s["phase"]) for s in sessions]
        if key == getattr(self, "_sessions_key", None):
            return
        self._sessions_key = key
        rows = []
        for s in sessions:
            action = "closed" if s["phase"] == "open" else "open"
            button = widgets.Button(description=_("Close") if action == "closed" else _("Open"),
                                    layout=widgets.Layout(width="auto"))
            button.on_click(lambda _b, sid=s["id"], phase=action: self._phase(sid, phase))
            rows.append(widgets.HBox([widgets.HTML(
                f'<span class="wb-code">{html.escape(s["code"])}</span> · {html.escape(s["phase"])}'), button]))
        for old in self.sessions_box.children:
            old.close()
        self.sessions_box.children = rows or [widgets.HTML("<p>" + html.escape(_("No live session yet.")) + "</p>")]
        self.new_session_button.disabled = self.round is None

    def _phase(self, session_id: int, phase: str) -> None:
        try:
            update_session_phase(self.store, session_id, phase)
        except WorkbenchError as refusal:
            self._say(str(refusal))
        self._show_sessions()

    def _new_session(self, _button=None) -> None:
        if self.round:
            add_feedback_session(self.store, self.round["name"])
            self._show_sessions()

    def _say(self, text: str, ok: bool = False) -> None:
        css = "wb-ok" if ok else "wb-error"
        self.message.value = f'<p class="{css}" role="status">{html.escape(text)}</p>' if text else ""

    # -- triage -----------------------------------------------------------------------------
    def _later_versions(self) -> list[tuple[str, int]]:
        """The plan versions after the reviewed one: where an accepted change may land."""
        return [(f"{v['number']} · {v['label']}", v["number"]) for v in list_versions(self.store, self.round["slug"])
                if v["number"] > self.round["version"]]

    def _start_next_version(self) -> list[tuple[str, int]]:
        """A draft copy of the reviewed version, for the accepted changes (edited later)."""
        add_version(self.store, self.round["slug"], base=self.round["version"])
        self._show_versions()
        return self._later_versions()

    def _pick(self, comment: Comment) -> None:
        self._say("")
        self.form.open_for(comment, list_decisions(self.store, comment.id), self._later_versions())

    def _decide(self, comment_id: int, decision: Decision) -> None:
        _ = translator(self.language)
        comment = add_decision(self.store, comment_id, decision)
        self._say(_("Saved: comment #%(id)d is now %(status)s.") % {"id": comment.id, "status": comment.status},
                  ok=True)
        self.counts.value = counts_html(triage_counts(self.store), self.language)

    # -- changes and report -----------------------------------------------------------------
    def show_diff(self, _button=None) -> None:
        if not self.round:
            return
        old, new = self.old_version.value, self.new_version.value
        slug = self.round["slug"]
        labels = dict((n, label) for label, n in self.old_version.options)
        diff = diff_plans(get_plan(self.store, slug, old), get_plan(self.store, slug, new),
                          item_uids(self.store, slug, old), item_uids(self.store, slug, new),
                          old_label=labels[old], new_label=labels[new])
        self.diff_box.value = diff_html(diff, self.language)

    def make_report(self, _button=None) -> None:
        """Build the report of the round: shown below, and as HTML and Markdown downloads."""
        from workbench.feedback.report import render_html, write_report
        from workbench.feedback.store.report import load_report
        _ = translator(self.language)
        if not self.round:
            return
        report = load_report(self.store, self.round["name"], self.report_language.value)
        name = f"you-said-we-did-{self.round['name']}"
        self.report_links.value = "<p>" + " · ".join([
            download_link(write_report(report, "html"), f"{name}.html", "text/html", _("Report (web page)"),
                          "wb-report-html"),
            download_link(write_report(report, "md"), f"{name}.md", "text/markdown", _("Report (Markdown)"),
                          "wb-report-md")]) + "</p>"
        self.report_box.value = render_html(report, fragment=True)


def build(params: dict[str, str] | None = None) -> widgets.VBox:
    """The triage app. ``?key=`` the facilitator key (required), ``?round=`` a round, ``?lang=``."""
    return facilitator_app(params, lambda found, language: TriageScreen(
        open_store(), language=language, round_name=found.get("round")))
