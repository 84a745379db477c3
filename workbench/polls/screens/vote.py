"""The vote app (participants): join the poll → its ballot → confirmation → review and change.

Link: ``vote.ipynb?code=K7QX4R&lang=sw`` (the code may also be typed). A facilitator may add
``&group=wg3`` to the link sent to a working group: the participant is then counted in that
group in the results' breakdowns (nothing else is asked or shown). Every ballot is checked by
the core when it is written, whatever this page sent; the page follows the poll live, so a poll
closed by the facilitator (or by its closing time) says so at once.

This page loads no pandas or plotting library; numpy (through the counting methods' ballot
parser) is loaded only when the first ballot is checked.
"""
from __future__ import annotations

import html
import random
from collections.abc import Mapping

import ipywidgets as widgets

from workbench.core.errors import RuleError, ValidationError, WorkbenchError
from workbench.core.i18n import N_, format_moment, translator
from workbench.participation.privacy import SMALL_GROUP
from workbench.participation.screens import ParticipantScreen
from workbench.plan.model import pick
from workbench.polls.rules import BALLOT_KINDS, check_group_name
from workbench.ui.live import Watcher
from workbench.ui.page import open_store, page_language, query_params, remembered_codes
from workbench.store import Store
from workbench.polls.store.ballots import (add_comparison, cast_ballot, count_comparisons, get_ballot, pair_for,
                                          published_results, set_group)
from workbench.polls.store.polls import add_proposal, find_poll, list_items, sync_phase
from workbench.polls.widgets.ballot_common import ballot_stylesheet
from workbench.ui.style import full_width


class VoteScreen(ParticipantScreen):
    """Joining, then the poll's ballot; knows the store through the functions it calls."""

    def __init__(self, store: Store, *, code: str = "", language: str = "en", remembered: dict | None = None,
                 group: str | None = None, rng: random.Random | None = None):
        super().__init__(store, code=code, language=language, remembered=remembered, styles=(ballot_stylesheet(),))
        self.group, self.rng = group, rng or random.Random()
        self.poll: dict | None = None
        self.notice = widgets.HTML()
        self.notice.add_class("wb-notice")
        self.body = widgets.VBox(layout=full_width())
        self.ballot: widgets.Widget | None = None
        self.change_button = widgets.Button(layout=full_width())
        self.change_button.add_class("wb-change")
        self.change_button.on_click(lambda _: self._show_ballot())
        self.children = [*self.head, self.intro, self.join, self.notice, self.body]
        self.watcher = Watcher(store, self.refresh, self, interval=1.0, every=5.0)
        self.start(code)

    # -- joining ----------------------------------------------------------------------------
    def intro_text(self, language: str) -> str:
        """What the app is for (above the join panel)."""
        _ = translator(language)
        return _("Your working group's poll: join with your code, then give your dots, put items in "
                 "order, or choose between pairs. You can change your ballot until the poll closes.")

    def find_session(self, code: str) -> Mapping:
        poll = find_poll(self.store, code)
        return sync_phase(self.store, poll["id"])

    def session_id(self, session: Mapping) -> int:
        return session["session_id"]

    def on_joined(self, participant: dict) -> None:
        if self.group:
            set_group(self.store, participant["id"], self.group)

    def enter(self, session: Mapping) -> None:
        """In: the ballot, or (back after a reload or a restart) her saved ballot, to change."""
        self.poll = dict(session)
        saved = None
        if BALLOT_KINDS[self.poll["method"]] != "comparison":
            saved = get_ballot(self.store, self.poll["id"], self.participant["id"])
        if saved is None:
            self._show_ballot()
        else:
            self._confirm({"ballot": saved})
            self.refresh()
        self.watcher.start()
        import workbench.voting  # noqa: F401  (the ballot parser, loaded while the person reads)

    def relabel(self, language: str) -> None:
        """Switch to ``language``; the ballot being filled in keeps its marks."""
        draft = getattr(self.ballot, "value", None)
        self._show_ballot()
        if draft is not None and hasattr(self.ballot, "value"):
            import traitlets
            try:
                self.ballot.value = draft
            except traitlets.TraitError:   # a ballot that cannot take it back starts from the saved one
                self._show_ballot()

    # -- the ballot -------------------------------------------------------------------------
    def _items(self):
        return list_items(self.store, self.poll["id"])

    def _section_titles(self, items) -> dict[str, str]:
        if len(items) <= 20 or self.poll["source"].get("kind") not in ("plan", "theme"):
            return {}
        from workbench.plan.store.plans import get_plan
        try:
            plan = get_plan(self.store, self.poll["source"].get("plan"))
        except WorkbenchError:
            return {}
        return {ref: pick(node.title, self.language) for ref, kind, node in plan.walk() if kind == "goal"}

    def _show_ballot(self) -> None:
        from workbench.polls.widgets.ballot_dots import DotsBallot
        from workbench.polls.widgets.ballot_marks import ApprovalBallot, ScoreBallot
        from workbench.polls.widgets.ballot_pairwise import PairwiseBallot
        from workbench.polls.widgets.ballot_ranking import RankingBallot
        poll, language = self.poll, self.language
        kind, params = BALLOT_KINDS[poll["method"]], poll["params"]
        if kind == "comparison":
            self.ballot = PairwiseBallot(self._next_pair, self._answer, on_propose=self._propose,
                                         answered=count_comparisons(self.store, poll["id"], self.participant["id"]),
                                         language=language)
        else:
            items, value = self._items(), get_ballot(self.store, poll["id"], self.participant["id"])
            titles = self._section_titles(items)
            common = {"language": language, "section_titles": titles}
            if kind == "dots":
                self.ballot = DotsBallot(items, self._submit, budget=params["budget"],
                                         max_per_item=params.get("max_per_item"), value=value, **common)
            elif kind == "ranking":
                self.ballot = RankingBallot(items, self._submit, value=value or (), **common)
            elif kind == "approval":
                self.ballot = ApprovalBallot(items, self._submit, value=value or (), **common)
            else:
                self.ballot = ScoreBallot(items, self._submit, max_score=params.get("max_score", 5),
                                          value=value, **common)
        self.body.children = [self.ballot]
        self.refresh()

    def _refusal(self, refusal: RuleError) -> RuleError:
        """The refusal that says the poll's phase when that is why; else as it is (the ballot
        shows it in the reader's language)."""
        phase = sync_phase(self.store, self.poll["id"])["phase"]
        if phase == "closed":
            return RuleError(N_("This poll is closed: ballots are no longer accepted."))
        if phase == "draft":
            return RuleError(N_("This poll has not opened yet."))
        return refusal

    def _submit(self, value) -> None:
        try:
            saved = cast_ballot(self.store, self.poll["id"], self.participant["id"], value)
        except RuleError as refusal:
            raise self._refusal(refusal) from None
        self._confirm(saved)

    def _confirm(self, saved: dict) -> None:
        _ = translator(self.language)
        by_key = {item.key: item for item in self._items()}
        ballot = saved["ballot"]
        if isinstance(ballot, dict):
            lines = [f"{by_key[k].label(self.language)}: {v}" for k, v in ballot.items() if k in by_key]
        else:
            lines = [by_key[k].label(self.language) for k in ballot if k in by_key]
        tag = "ol" if BALLOT_KINDS[self.poll["method"]] == "ranking" else "ul"
        listing = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        words = _("Your ballot is saved. You can change it until the poll closes.")
        self.confirmation = widgets.HTML(
            f'<div class="wb-confirm" role="status"><p><b>✓ {html.escape(words)}</b></p>'
            f"<{tag}>{listing}</{tag}></div>", layout=full_width())
        self.change_button.description = _("Review or change my ballot")
        self.body.children = [self.confirmation, self.change_button]

    def _next_pair(self):
        items = {item.key: item for item in self._items()}
        pair = pair_for(self.store, self.poll["id"], self.participant["id"], self.rng)
        return None if pair is None else (items[pair[0]], items[pair[1]])

    def _answer(self, first: str, second: str, winner: str | None, reason: str | None) -> None:
        try:
            add_comparison(self.store, self.poll["id"], self.participant["id"], first, second, winner, reason)
        except RuleError as refusal:
            raise self._refusal(refusal) from None

    def _propose(self, text: str) -> None:
        add_proposal(self.store, self.poll["id"], self.participant["id"], text, self.language)

    # -- following the poll ---------------------------------------------------------------
    def refresh(self) -> None:
        """Show the poll's phase (and closing time); after it closes, no ballot can be sent."""
        if self.poll is None:
            return
        _ = translator(self.language)
        self.poll = poll = sync_phase(self.store, self.poll["id"])
        if poll["phase"] == "closed":
            text = _("This poll is closed: ballots are no longer accepted. Thank you for taking part!")
            self.change_button.layout.display = "none"
            shown = self._show_results()
            if not shown:
                text += " " + (_("The results will be shown here when the facilitator publishes them.")
                               if not poll["results_published"] else
                               _("Results are not shown when fewer than %(n)d people voted.") % {"n": SMALL_GROUP})
            self.notice.value = f'<p class="wb-confirm" role="status">{html.escape(text)}</p>'
            if shown:
                self.watcher.stop()   # nothing more will change for this person
        elif poll["closes_at"]:
            when = format_moment(poll["closes_at"], self.language)
            self.notice.value = "<p class=\"wb-note\">" + html.escape(
                _("The poll closes at %(time)s.") % {"time": when}) + "</p>"


    def _show_results(self) -> bool:
        """The published results of the closed poll in place of the ballot; False if none."""
        try:
            data, result = published_results(self.store, self.poll["id"])
        except RuleError:
            if self.ballot is not None and self.ballot in self.body.children:
                self.body.children = []
            return False
        from workbench.polls.results import result_rows
        from workbench.polls.widgets.results_view import participant_results_html
        rows = result_rows(result, data.items, self.language)
        self.body.children = [widgets.HTML(participant_results_html(self.poll, rows, self.language),
                                           layout=full_width())]
        return True


def build(params: dict[str, str] | None = None) -> widgets.VBox:
    """Build the vote app. ``?code=`` the join code, ``?lang=``, ``?group=`` the working group."""
    params = query_params() if params is None else params
    language = page_language(params)
    group, note = params.get("group"), ""
    if group:
        try:
            check_group_name(group)
        except ValidationError:
            group = None
            note = translator(language)("This link's group name is not valid; you can still vote. "
                                        "Please tell your facilitator.")
    screen = VoteScreen(open_store(), code=params.get("code", ""), remembered=remembered_codes(),
                        language=language, group=group)
    if note:
        screen.notice.value = f'<p class="wb-error">{html.escape(note)}</p>'
    return screen

