"""The participant's feedback app: join a feedback session, walk the draft plan, comment.

Light on purpose (a phone, a weak connection, one kernel per person): ipywidgets, the store and
the feedback rules only; no pandas, numpy or matplotlib. Joining is the shared JoinPanel. Every
comment is saved by the store, which checks the rules in its transaction (session open, round
not closed, the item exists in the reviewed version), before the page says "saved".
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from workbench.feedback.rules import Comment
from workbench.core.i18n import translator
from workbench.plan.model import pick
from workbench.participation.screens import ParticipantScreen
from workbench.ui.live import Watcher
from workbench.ui.page import open_store, page_language, query_params, remembered_codes
from workbench.store import Store
from workbench.feedback.store.comments import (add_comment, find_feedback_session, get_feedback_session, list_comments,
                                      remove_comment, update_comment)
from workbench.plan.store.plans import get_plan
from workbench.feedback.widgets.comment_form import CommentForm
from workbench.feedback.widgets.walk import FeedbackWalk
from workbench.feedback.widgets.my_comments import MyComments
from workbench.ui.style import full_width
from workbench.ui.participant_style import participant_stylesheet

CSS = """<style>
.wb-item h3 { margin: 4px 0; line-height: 1.3; }
.wb-original { margin: 8px 0; padding: 8px 10px; border-left: 4px solid #999; background: #f4f4f4; }
.wb-comment-form { border: 2px solid #0072B2; border-radius: 6px; padding: 8px; margin: 8px 0; }
.wb-kind-action.widget-button { font-weight: normal; }
.wb-answer { color: #1b6e2e; }
</style>"""


class FeedbackScreen(ParticipantScreen):
    """Before joining: the JoinPanel. After: the plan walk with a comment form, and the
    reader's own comments (edit, withdraw while the session is open)."""

    def __init__(self, store: Store, *, code: str = "", language: str = "en", remembered: dict | None = None,
                 live: bool = True):
        super().__init__(store, code=code, language=language, remembered=remembered,
                         styles=(participant_stylesheet(), widgets.HTML(CSS)))
        self.session: dict | None = None
        self.can_comment = False
        self.children = [*self.head, self.intro, self.join]
        self.start(code)
        self.watcher = Watcher(store, self.refresh, owner=self, min_gap=1.0)
        if live:
            self.watcher.start()

    # -- joining ----------------------------------------------------------------------------
    def intro_text(self, language: str) -> str:
        """What the app is for (above the join panel)."""
        _ = translator(language)
        return _("Join with the code your facilitator gave you. Read the draft plan theme by theme and "
                 "comment on any theme, goal or action: support, concern, suggestion or question. You may "
                 "mark any comment “do not quote me”, and edit or withdraw your comments while the "
                 "session is open.")

    def find_session(self, code: str) -> dict:
        return find_feedback_session(self.store, code)

    def enter(self, session: dict) -> None:
        self.session = get_feedback_session(self.store, session["id"])
        round_ = self.session["round"]
        self.plan = get_plan(self.store, round_["slug"], round_["version"])
        self._build_view()

    def relabel(self, language: str) -> None:
        """Switch to ``language`` keeping what is typed in the comment form."""
        self.walk.set_language(language)
        self.form.set_language(language)
        self.mine.language = language   # MyComments redraws in it at the next show()
        self._show_phase()
        self.refresh()

    def _build_view(self) -> None:
        _ = translator(self.language)
        self.header, self.phase_note, self.saved = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.saved.add_class("wb-saved")
        self.nav = widgets.ToggleButtons(options=[(_("The plan"), "plan"), (_("Your comments"), "mine")],
                                         value="plan", layout=full_width())
        self.nav.add_class("wb-nav")
        self.walk = FeedbackWalk(self.plan, self._open_form, language=self.language)
        self.form = CommentForm(self._save, on_close=self._form_closed, language=self.language)
        self.mine = MyComments(self._edit, self._withdraw, language=self.language)
        self.nav.observe(lambda _: self._show_tab(), names="value")
        self.children = [*self.head, self.header, self.phase_note, self.nav, self.saved, self.form, self.walk,
                         self.mine]
        self._show_tab()
        self.refresh(force=True)

    # -- following the session --------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Follow the session's phase and the round; show the reader's comments (watcher)."""
        if self.participant is None:
            return
        self.session = get_feedback_session(self.store, self.session["id"])
        can = self.session["phase"] == "open" and not self.session["round"]["closed"]
        changed = force or can != self.can_comment
        self.can_comment = can
        if changed:
            self._show_phase()
            if not can and self.form.layout.display != "none":
                self.form.close_form()
        mine = list_comments(self.store, participant_id=self.participant["id"])
        counts: dict[str, int] = {}
        for c in mine:
            counts[c.ref] = counts.get(c.ref, 0) + 1
        if changed or counts != self.walk.mine:
            self.walk.set_mine(counts, can)
        self.mine.show(mine, can)
        _ = translator(self.language)
        options = ((_("The plan"), "plan"), (_("Your comments (%(n)d)") % {"n": len(mine)}, "mine"))
        if tuple(self.nav.options) != options:
            value = self.nav.value
            self.nav.options = options
            self.nav.value = value

    def _show_phase(self) -> None:
        _ = translator(self.language)
        title = pick(self.session["title"], self.language)
        self.header.value = (f"<h2>{html.escape(title)}</h2><p class=\"wb-note\">"
                             + html.escape(_("You are %(name)s.") % {"name": self.participant["pseudonym"]})
                             + "</p>")
        if self.can_comment:
            note = _("Read the draft plan and comment on any theme, goal or action: support, concern, "
                     "suggestion or question. You may edit or withdraw your comments while the session is open.")
        elif self.session["round"]["closed"]:
            note = _("This feedback round is closed. Thank you! The answers will appear in the report.")
        else:
            note = _("Comments are closed for now. Thank you for taking part!")
        self.phase_note.value = f'<p role="status">{html.escape(note)}</p>'

    def _show_tab(self) -> None:
        plan = self.nav.value == "plan"
        self.walk.layout.display = "flex" if plan and self.form.layout.display == "none" else "none"
        self.mine.layout.display = "none" if plan else "flex"

    # -- commenting -------------------------------------------------------------------------
    def _open_form(self, ref: str) -> None:
        self.saved.value = ""
        self.form.open_for(ref)
        self.walk.layout.display = "none"

    def _form_closed(self) -> None:
        self._show_tab()

    def _save(self, ref: str, type_: str, text: str, quotable: bool, comment_id: int | None) -> None:
        _ = translator(self.language)
        if comment_id is None:
            add_comment(self.store, self.participant["id"], ref, type_, text, quotable=quotable)
            done = _("Saved: your comment on %(ref)s. Thank you!") % {"ref": ref}
        else:
            update_comment(self.store, comment_id, self.participant["id"], text=text, type_=type_,
                           quotable=quotable)
            done = _("Your changes are saved.")
        self.saved.value = f'<p class="wb-ok" role="status">{html.escape(done)}</p>'
        self.refresh()

    def _edit(self, comment: Comment) -> None:
        self.nav.value = "plan"
        self.walk.go(comment.ref)
        self.saved.value = ""
        self.form.open_for(comment.ref, comment_id=comment.id, type_=comment.type, text=comment.text,
                           quotable=comment.quotable)
        self._show_tab()

    def _withdraw(self, comment_id: int) -> None:
        remove_comment(self.store, comment_id, self.participant["id"])
        self.refresh()


def build(params: dict[str, str] | None = None) -> FeedbackScreen:
    """The participant app. ``?code=`` fills in the join code, ``?lang=`` chooses the language."""
    params = query_params() if params is None else params
    return FeedbackScreen(open_store(), code=params.get("code", ""), remembered=remembered_codes(),
                          language=page_language(params))
