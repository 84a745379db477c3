"""The facilitator's app: sessions and phases, live numbers, moderation, where people agree,
opinion groups, suggested themes, and the vision draft — over one session or all of them.

Only someone with this run's facilitator key opens it (``?key=``). Heavy work (agreement,
groups, themes) runs when its tab is opened or refreshed; the live numbers follow the database
through a :class:`~workbench.ui.live.Watcher`.
"""
from __future__ import annotations

import html
import logging
import os
import time

import ipywidgets as widgets

from workbench.core.errors import NotFound, WorkbenchError
from workbench.core.i18n import translator
from workbench.plan.model import pick
from workbench.visioning.screens import results
from workbench.visioning.screens.vision import vision_actions, vision_items
from workbench.ui.live import Watcher
from workbench.ui.page import facilitator_app, open_store
from workbench.store import Store
from workbench.visioning.store.contributions import (
    add_translation,
    count_by,
    list_contributions,
    waiting_for_translation,
)
from workbench.visioning.store.moderation import (
    add_tag,
    hide_contribution,
    merge_contribution,
    remove_tag,
    show_contribution,
    tag_counts,
    unmerge_contribution,
)
from workbench.participation.store.participants import list_participants, update_role
from workbench.plan.store.plans import get_plan
from workbench.visioning.store.drafts import list_vision_drafts
from workbench.visioning.store.sessions import add_visioning_session, list_visioning_sessions, live_numbers, update_phase
from workbench.participation.widgets.demographics_view import DemographicsView
from workbench.visioning.widgets.interpret_panel import InterpretPanel
from workbench.ui.lifecycle import close_tree
from workbench.visioning.widgets.moderation import ModerationPanel, contributions_table
from workbench.visioning.widgets.session_form import SessionForm
from workbench.visioning.widgets.session_panel import SessionPanel
from workbench.ui.style import full_width, stylesheet
from workbench.visioning.widgets.vision_editor import VisionEditor
from workbench.ui.participant_style import participant_stylesheet

TABS = ("sessions", "contributions", "agreement", "groups", "themes", "vision", "people")
TABLE_GAP = 2.0


def participant_link(code: str, token: str = "") -> str:
    """The visioning app's link for a session, from the page's own address when Voila gave it."""
    host, port = os.environ.get("SERVER_NAME", ""), os.environ.get("SERVER_PORT", "")
    script = os.environ.get("SCRIPT_NAME", "")
    base = script.rsplit("/", 1)[0] + "/" if "/" in script else ""
    origin = f"http://{host}{':' + port if port else ''}" if host else ""
    query = f"?token={token}&code={code}" if token else f"?code={code}"
    return f"{origin}{base}visioning.ipynb{query}"


log = logging.getLogger(__name__)

class FacilitatorScreen(widgets.VBox):
    """Filters (session, language, tag) over six tabs."""

    def __init__(self, store: Store, *, language: str = "en", token: str = "", live: bool = True):
        super().__init__(layout=full_width())
        self.add_class("wb-app")
        self.add_class("wb-wide")
        self.store, self.language, self.token = store, language, token
        _ = translator(language)
        self.theme_names = self._theme_names()
        self.session_filter = widgets.Dropdown(description=_("Session"))
        self.session_filter.add_class("wb-session-filter")
        self.language_filter = widgets.Dropdown(description=_("Language"))
        self.tag_filter = widgets.Dropdown(description=_("Tag"))
        self.form = SessionForm(on_create=self._create, language=language)
        self.panel = SessionPanel(on_phase=self._phase, on_role=self._role, language=language)
        self.new_session = widgets.Accordion(children=[self.form], titles=(_("New session"),))
        from workbench.participation.widgets.assisted_form import AssistedForm   # assisted participation
        self.assisted = widgets.Accordion(children=[AssistedForm(self._add_assisted, language=language)],
                                          titles=(_("Add an assisted participant"),))
        self.table = widgets.HTML(layout=full_width())
        # This kernel's own writes do not change its data_version: redraw right after each.
        self.moderation = ModerationPanel({
            "hide": self._then_redraw(lambda cid, reason: hide_contribution(self.store, cid, reason)),
            "show": self._then_redraw(lambda cid: show_contribution(self.store, cid)),
            "merge": self._then_redraw(lambda cid, target: merge_contribution(self.store, cid, target)),
            "unmerge": self._then_redraw(lambda cid: unmerge_contribution(self.store, cid)),
            "tag": self._then_redraw(lambda cid, tag: add_tag(self.store, cid, tag)),
            "untag": self._then_redraw(lambda cid, tag: remove_tag(self.store, cid, tag))}, language=language)
        self.interpret = InterpretPanel(on_translate=self._then_redraw(
            lambda cid, lang, text: add_translation(self.store, cid, lang, text)), language=language)
        self.agreement = widgets.HTML(layout=full_width())
        self.groups_html = widgets.HTML(layout=full_width())
        self.groups_image = widgets.Image(format="png", layout=widgets.Layout(display="none", max_width="100%"))
        self.themes_box = widgets.VBox(layout=full_width())
        self.vision = VisionEditor(vision_actions(self), language=language)
        self.people = DemographicsView(lambda: self.refresh_tab("people"), language=language)
        self.refresh_buttons = {name: widgets.Button(description=_("Refresh"), icon="refresh")
                                for name in ("agreement", "groups", "themes")}
        for name, button in self.refresh_buttons.items():
            button.on_click(lambda _b, n=name: self.refresh_tab(n))
        self.tabs = widgets.Tab(children=[
            widgets.VBox([self.panel, self.new_session, self.assisted]),
            widgets.VBox([self.table, self.moderation, self.interpret]),
            widgets.VBox([self.refresh_buttons["agreement"], self.agreement]),
            widgets.VBox([self.refresh_buttons["groups"], self.groups_html, self.groups_image]),
            widgets.VBox([self.refresh_buttons["themes"], self.themes_box]),
            self.vision, self.people])
        self.tabs.titles = (_("Sessions"), _("Contributions"), _("Where people agree"), _("Opinion groups"),
                            _("Suggested themes"), _("Vision draft"), _("Who took part"))
        self.tabs.observe(lambda _c: self.refresh_tab(), names="selected_index")
        for dropdown in (self.session_filter, self.language_filter, self.tag_filter):
            dropdown.observe(lambda _c: self.refresh(), names="value")
        self.children = [stylesheet(), participant_stylesheet(), widgets.HTML(f"<h2>{html.escape(_('Visioning: facilitator'))}</h2>"),
                         widgets.HBox([self.session_filter, self.language_filter, self.tag_filter]), self.tabs]
        self._table_at = 0.0
        self.refresh()
        self.watcher = Watcher(store, self.refresh_live, owner=self, min_gap=0.5, every=5.0)
        if live:
            self.watcher.start()

    def _add_assisted(self, pseudonym: str, language: str, consent: dict, how: str) -> str:
        """Join a person on their behalf in the chosen session; return their return code."""
        from workbench.core.errors import ValidationError
        from workbench.participation.rules import JoinAnswers
        from workbench.participation.store.return_codes import add_assisted_participant
        if not self.session_filter.value:
            raise ValidationError(translator(self.language)("Choose a session first."))
        version = self.store.db.execute("SELECT consent_version FROM sessions WHERE id = ?",
                                        [self.session_filter.value]).fetchone()[0]
        _person, code = add_assisted_participant(self.store, self.session_filter.value,
                                                 JoinAnswers(pseudonym, language, version, consent),
                                                 helper="facilitator", how=how)
        return code

    def _then_redraw(self, action):
        def run(*args):
            action(*args)
            self._update_filters()
            self._refresh_table()
        return run

    # -- filters ----------------------------------------------------------------------------
    def _theme_names(self) -> dict[str, str]:
        try:
            plan = get_plan(self.store)
        except NotFound:
            return {}
        return {f"theme:{t.number}": f"{t.number} · {pick(t.title, self.language)}" for t in plan.themes}

    @property
    def session_ids(self) -> list[int] | None:
        """The session chosen, or None for all ("All" is 0: a Dropdown cannot show None)."""
        return [self.session_filter.value] if self.session_filter.value else None

    def contributions(self, visible_only: bool = True) -> list[dict]:
        """The contributions the filters select."""
        return list_contributions(self.store, self.session_ids, visible_only=visible_only,
                                  language=self.language_filter.value or None, tag=self.tag_filter.value or None)

    def _update_filters(self) -> None:
        _ = translator(self.language)
        sessions = list_visioning_sessions(self.store)
        self.sessions = {s["id"]: s for s in sessions}
        languages = sorted(count_by(self.store, "language"))
        tags = list(tag_counts(self.store))
        for dropdown, everything, options in (
                (self.session_filter, 0, [(pick(s["title"], self.language), s["id"]) for s in sessions]),
                (self.language_filter, "", [(tag, tag) for tag in languages]),
                (self.tag_filter, "", [(self.theme_names.get(t, t), t) for t in tags])):
            wanted = [(_("All"), everything), *options]
            if list(dropdown.options) != wanted:
                chosen = dropdown.value
                dropdown.options = wanted
                dropdown.value = chosen if chosen in [v for _, v in wanted] else everything

    # -- refreshing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Everything the filters affect (after a filter change or a write of this kernel)."""
        self._update_filters()
        self.refresh_live(force=True)
        self.refresh_tab()

    def refresh_live(self, force: bool = False) -> None:
        """The numbers (called by the watcher at most every 0.5 s) and, if shown, the table."""
        _ = translator(self.language)
        self._update_filters()
        session = self.sessions.get(self.session_filter.value)
        if session is not None:
            session = self.sessions[session["id"]] = {**session, **self._fresh(session["id"])}
            self.panel.show(session, participant_link(session["code"], self.token),
                            list_participants(self.store, session["id"]))
        else:
            self.panel.heading.value = "<p>" + html.escape(_(
                "All sessions together. Choose a session above to see its join code and switch its phase.")) + "</p>"
        self.panel.show_numbers(live_numbers(self.store, self.session_ids),
                                session["phase"] if session else "")
        if TABS[self.tabs.selected_index or 0] == "contributions" and (
                force or time.monotonic() - self._table_at >= TABLE_GAP):
            self._refresh_table()

    def _fresh(self, session_id: int) -> dict:
        row = self.store.db.execute("SELECT phase FROM sessions WHERE id = ?", [session_id]).fetchone()
        return {"phase": row[0]}

    def _refresh_table(self) -> None:
        items = [c for c in self.contributions(visible_only=False) if not c["withdrawn_at"]]
        counts = results.reaction_counts(self.store, self.session_ids)
        titles = {sid: pick(s["title"], self.language) for sid, s in self.sessions.items()}
        self.table.value = contributions_table(items, counts, titles, self.language, self.theme_names)
        self.moderation.show(items, list(tag_counts(self.store)), self.theme_names)
        from workbench.participation.store.return_codes import refusers   # authors who said no to translation
        refused = refusers(self.store, "translate")
        self.interpret.show([c for c in items if c["participant_id"] not in refused],
                            waiting_for_translation(self.store, self.session_ids))
        self._table_at = time.monotonic()

    def refresh_tab(self, name: str | None = None) -> None:
        """Recompute the tab ``name`` (default: the one shown)."""
        name = name or TABS[self.tabs.selected_index or 0]
        if name == "contributions":
            self._refresh_table()
        elif name == "agreement":
            counts = results.reaction_counts(self.store, self.session_ids)
            self.agreement.value = results.agreement_html(self.contributions(), counts, self.language)
        elif name == "groups":
            self.groups_html.value = "<p>" + html.escape(translator(self.language)("Computing…")) + "</p>"
            try:
                text, image = results.opinion_groups_view(self.store, self.session_ids, self.language)
            except Exception as failure:   # a missing library, a bug: say so instead of "Computing…" forever
                text, image = self._failed(failure), None
            self.groups_html.value = text
            self.groups_image.value = image or b""
            self.groups_image.layout.display = "flex" if image else "none"
        elif name == "themes":
            try:
                self._show_themes()
            except Exception as failure:
                self.themes_box.children = [widgets.HTML(self._failed(failure))]
        elif name == "vision":
            self.vision.show(vision_items(self), list_vision_drafts(self.store))
        elif name == "people":
            from workbench.participation import demographics   # matplotlib only when the tab is opened
            self.people.show(demographics.summary(self.store, self.session_ids),
                             demographics.map_png(self.store, self.session_ids),
                             demographics.country_names(self.language))

    def _failed(self, failure: Exception) -> str:
        """The words shown when a computation failed (logged with its traceback)."""
        log.exception("facilitator view failed")
        _ = translator(self.language)
        text = _("This could not be computed: %(error)s") % {"error": f"{type(failure).__name__}: {failure}"}
        return f'<p class="wb-error" role="alert">{html.escape(text)}</p>'

    def _show_themes(self) -> None:
        _ = translator(self.language)
        rows = []
        texts = {c["id"]: c for c in self.contributions()}
        for theme in results.themes_for(self.store, self.session_ids):
            label = widgets.Text(value=theme.label, layout=widgets.Layout(width="60%"))
            accept = widgets.Button(description=_("Tag these %(n)d") % {"n": len(theme.contribution_ids)})
            accept.on_click(lambda _b, t=theme, w=label: self._accept_theme(t, w.value))
            said = "".join(f"<li>{html.escape(texts[c]['text'])}</li>" for c in theme.contribution_ids if c in texts)
            rows.append(widgets.VBox([widgets.HBox([label, accept]), widgets.HTML(f"<ul>{said}</ul>")]))
        empty = widgets.HTML("<p>" + html.escape(_("No similar contributions found yet.")) + "</p>")
        for old in self.themes_box.children:
            close_tree(old)
        self.themes_box.children = rows or [empty]

    def _accept_theme(self, theme, label: str) -> None:
        for cid in theme.contribution_ids:
            add_tag(self.store, cid, label)
        self._update_filters()
        self.refresh_tab("themes")

    # -- actions ----------------------------------------------------------------------------
    def _create(self, title: dict, prompts: list, consent: dict) -> None:
        session = add_visioning_session(self.store, title, prompts, consent)
        self._update_filters()
        self.session_filter.value = session["id"]

    def _phase(self, phase: str) -> None:
        if not self.session_filter.value:
            raise WorkbenchError(translator(self.language)("Choose a session first."))
        update_phase(self.store, self.session_filter.value, phase)
        self.refresh_live(force=True)

    def _role(self, participant_id: int, role: str) -> None:
        update_role(self.store, participant_id, role)
        self.refresh_live(force=True)


def build(params: dict[str, str] | None = None) -> widgets.Widget:
    """The facilitator app; ``?key=`` must be this run's facilitator key, ``?lang=`` sets the language."""
    return facilitator_app(params, lambda found, language: FacilitatorScreen(
        open_store(), language=language, token=found.get("token", "")))
