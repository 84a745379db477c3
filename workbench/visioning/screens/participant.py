"""The participant's visioning app: join, contribute, react, take a break — live.

Light on purpose (a phone, a weak connection, one kernel per person): ipywidgets, the store and
the visioning rules only; no pandas, numpy, matplotlib or scikit-learn. Every action goes to the
store, which checks the rule inside its transaction; the widgets only mirror the rules.
"""
from __future__ import annotations

import html
import time

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import refusal as refusal_text, translator
from workbench.participation.screens import ParticipantScreen
from workbench.plan.model import pick
from workbench.ui.live import Watcher
from workbench.ui.page import open_store, page_language, query_params, remembered_codes
from workbench.store import Store
from workbench.visioning.store.contributions import (
    REFUSED,
    REQUESTED,
    TRANSLATED,
    add_contribution,
    add_translation,
    get_contribution,
    list_contributions,
    request_translation,
    translations_of,
    update_contribution,
    waiting_for_translation,
    withdraw_contribution,
)
from workbench.participation.store.participants import get_participant
from workbench.visioning.store.reactions import add_reaction, my_reactions, next_to_react
from workbench.participation.store.return_codes import refusers
from workbench.visioning.store.sessions import add_break, find_visioning_session, get_phase, get_visioning_session
from workbench.visioning.rules import break_allowed, is_visible
from workbench.visioning.widgets.contribution_editor import ContributionEditor
from workbench.visioning.widgets.interpret_panel import InterpretPanel
from workbench.visioning.widgets.reaction_card import ReactionCard
from workbench.ui.participant_style import participant_stylesheet


class VisioningScreen(ParticipantScreen):
    """Before joining: the JoinPanel. After: the prompt and editor, the reaction card (in the
    reacting phase), the break button, and for interpreters the interpret panel."""

    def __init__(self, store: Store, *, code: str = "", language: str = "en", remembered: dict | None = None,
                 live: bool = True):
        super().__init__(store, code=code, language=language, remembered=remembered,
                         styles=(participant_stylesheet(),))
        self.session: dict | None = None
        self.phase = self.role = None
        self.history: list[int] = []   # contributions answered, most recent last
        self._last_break: float | None = None
        self.children = [*self.head, self.intro, self.join]
        self.start(code)
        self.watcher = Watcher(store, self.refresh, owner=self)
        if live:
            self.watcher.start()

    # -- joining ----------------------------------------------------------------------------
    def intro_text(self, language: str) -> str:
        """What the app is for (above the join panel)."""
        _ = translator(language)
        return _("Join your session with the code your facilitator gave you, write what survivors will "
                 "be in ten years, and say what you think of other people's ideas. You may pass any "
                 "question and take a break at any time.")

    def find_session(self, code: str) -> dict:
        return find_visioning_session(self.store, code)

    def enter(self, session: dict) -> None:
        """In (joined, or back with a return code): the same participant, language and contributions."""
        self.session = get_visioning_session(self.store, session["id"])
        self._build_view()

    def relabel(self, language: str) -> None:
        """Relabel everything in ``language``; what is being typed stays."""
        for part in (self.editor, self.card, self.interpret):
            part.set_language(language)
        self.break_button.description = translator(language)("Take a break")
        self._show_phase()
        self._show_mine()
        if self.card.item is not None:
            self.card.show(self._card_item(get_contribution(self.store, self.card.item["id"]),
                                           self.card.item.get("vote")))

    def _build_view(self) -> None:
        _ = translator(self.language)
        self.header = widgets.HTML()
        self.phase_note = widgets.HTML()
        self.phase_note.add_class("wb-phase")
        self.editor = ContributionEditor(self.session["prompts"], on_add=self._add, on_edit=self._edit,
                                         on_withdraw=self._withdraw, language=self.language)
        self.card = ReactionCard(on_react=self._react, on_back=self._back, language=self.language)
        self.interpret = InterpretPanel(on_translate=self._translate, language=self.language)
        self.break_button = widgets.Button(description=_("Take a break"), icon="pause")
        self.break_button.add_class("wb-break")
        self.break_message = widgets.HTML()
        self.break_button.on_click(self._take_break)
        self.children = [*self.head, self.header, self.phase_note, self.card, self.editor,
                         self.interpret, self.break_button, self.break_message]
        self.refresh(force=True)

    # -- following the session --------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Follow the phase, the role and the facilitator's moderation (called by the watcher)."""
        if self.participant is None:
            return
        phase = get_phase(self.store, self.session["id"])
        role = get_participant(self.store, self.participant["id"])["role"]
        changed = force or phase != self.phase or role != self.role
        self.phase, self.role = phase, role
        if changed:
            self._show_phase()
        self._show_mine()
        shown = self.card.item
        if shown is not None and not is_visible(get_contribution(self.store, shown["id"])):
            shown = None   # the facilitator set it aside (or its author withdrew it) meanwhile
        if self.phase == "reacting" and (changed or shown is None):
            self._next_card()
        elif shown is not None and self.card.item.get("note") == "requested" and translations_of(
                self.store, [shown["id"]]).get(shown["id"], {}).get(self.language):
            # the interpreter translated it meanwhile: show the translation now
            self.card.show(self._card_item(get_contribution(self.store, shown["id"]), self.card.item.get("vote")))
        if self.role == "interpreter":
            self._show_interpret()

    def _show_interpret(self) -> None:
        """What the interpreter may translate, and what readers are waiting for."""
        refused = refusers(self.store, "translate")   # their authors said no to translation
        self.interpret.show([c for c in list_contributions(self.store, [self.session["id"]])
                             if c["participant_id"] not in refused],
                            waiting_for_translation(self.store, [self.session["id"]]))

    def _show_phase(self) -> None:
        _ = translator(self.language)
        title = pick(self.session["title"], self.language)
        self.header.value = (f"<h2>{html.escape(title)}</h2><p class=\"wb-note\">"
                             + html.escape(_("You are %(name)s.") % {"name": self.participant["pseudonym"]})
                             + "</p>" + ('<p class="wb-note wb-assisted">' + html.escape(_(
                                 "Someone helped you take part: what they entered for you is under My data."))
                                 + "</p>" if self.participant.get("assisted_by") else ""))
        notes = {"gathering": _("Write your ideas. You may add several, and edit or withdraw your own."),
                 "reacting": _("Read other people's ideas one at a time: agree, disagree or pass. "
                               "You may still add your own."),
                 "closed": _("This session is closed. Thank you for taking part!"),
                 "draft": _("The session has not started yet.")}
        self.phase_note.value = f'<p role="status">{html.escape(notes.get(self.phase, ""))}</p>'
        writing = self.phase in ("gathering", "reacting")
        self.editor.layout.display = "flex" if writing else "none"
        self.card.layout.display = "flex" if self.phase == "reacting" else "none"
        self.interpret.layout.display = "flex" if self.role == "interpreter" and writing else "none"
        self.break_button.layout.display = "none" if self.phase == "closed" else "flex"

    def _show_mine(self) -> None:
        _ = translator(self.language)
        mine = list_contributions(self.store, [self.session["id"]], participant_id=self.participant["id"],
                                  visible_only=False)
        items = []
        for item in mine:
            if item["withdrawn_at"]:
                continue
            note = _("Set aside by the facilitator.") if not is_visible(item) else ""
            items.append({"id": item["id"], "text": item["text"], "prompt": item["prompt"], "note": note})
        self.editor.show(items)

    # -- writing ----------------------------------------------------------------------------
    def _add(self, prompt: int, text: str) -> None:
        add_contribution(self.store, self.participant["id"], text, prompt=prompt)
        self._show_mine()

    def _edit(self, contribution_id: int, text: str) -> None:
        update_contribution(self.store, contribution_id, self.participant["id"], text)
        self._show_mine()

    def _withdraw(self, contribution_id: int) -> None:
        withdraw_contribution(self.store, contribution_id, self.participant["id"])
        self._show_mine()

    def _translate(self, contribution_id: int, language: str, text: str) -> None:
        add_translation(self.store, contribution_id, language, text, translator_id=self.participant["id"])
        self._show_interpret()   # this kernel's own write does not wake its watcher

    # -- reacting ---------------------------------------------------------------------------
    def _card_item(self, contribution: dict, vote: int | None = None) -> dict:
        """The card's item; in another language with no translation into hers, a translation is
        asked for (the store records it once, unless its author said no to translation)."""
        translation = translations_of(self.store, [contribution["id"]]).get(contribution["id"], {})
        other = contribution["language"] != self.language
        translated = translation.get(self.language) if other else None
        note = None
        if other and not translated:
            try:
                found = request_translation(self.store, contribution["id"], self.participant["id"])
            except WorkbenchError:    # set aside meanwhile: the next refresh replaces the card
                found = None
            if found == TRANSLATED:   # translated a moment ago
                translated = translations_of(self.store, [contribution["id"]])[contribution["id"]].get(self.language)
            note = {REQUESTED: "requested", REFUSED: "refused"}.get(found)
        return {"id": contribution["id"], "text": contribution["text"], "language": contribution["language"],
                "translation": translated, "vote": vote, "note": note}

    def _next_card(self) -> None:
        found = next_to_react(self.store, self.participant["id"])
        answered = len(my_reactions(self.store, self.participant["id"]))
        self.card.show(None if found is None else self._card_item(found), answered)

    def _react(self, contribution_id: int, vote: int) -> None:
        add_reaction(self.store, self.participant["id"], contribution_id, vote)
        if contribution_id in self.history:
            self.history.remove(contribution_id)
        self.history.append(contribution_id)
        self._next_card()

    def _back(self) -> None:
        """Show the most recently answered contribution again, with the answer given."""
        votes = my_reactions(self.store, self.participant["id"])
        current = self.card.item["id"] if self.card.item else None
        earlier = [cid for cid in self.history if cid != current]
        if not earlier:
            return
        contribution = get_contribution(self.store, earlier[-1])
        self.history.remove(earlier[-1])
        self.card.show(self._card_item(contribution, votes.get(contribution["id"])), len(votes))

    # -- breaks -----------------------------------------------------------------------------
    def _take_break(self, _button=None) -> None:
        _ = translator(self.language)
        now = time.monotonic()
        try:
            if break_allowed(self._last_break, now):
                add_break(self.store, self.session["id"])
                self._last_break = now
        except WorkbenchError as refusal:
            self.break_message.value = f'<p class="wb-error">{html.escape(refusal_text(refusal, self.language))}</p>'
            return
        self.break_message.value = '<p class="wb-ok" role="status">' + html.escape(_(
            "The facilitator has been told that someone needs a pause; not who. "
            "Take the time you need.")) + "</p>"


def build(params: dict[str, str] | None = None) -> VisioningScreen:
    """The participant app. ``?code=`` fills in the join code, ``?lang=`` chooses the language."""
    params = query_params() if params is None else params
    return VisioningScreen(open_store(), code=params.get("code", ""), remembered=remembered_codes(),
                           language=page_language(params))
