"""PairwiseBallot: two large buttons, "can't decide" (with an optional reason), a progress
line, both items' full texts one tap away, and a box to propose a new item."""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
import traitlets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import refusal as refusal_text, translator
from workbench.plan.model import pick
from workbench.polls.rules import PAIRS_GOAL, REASONS, PollItem
from workbench.polls.labels import reason_names
from workbench.polls.widgets.ballot_common import Submitter
from workbench.ui.style import full_width

Pair = tuple[PollItem, PollItem]


class PairwiseBallot(widgets.VBox):
    """Shows one pair at a time. ``on_answer(first, second, winner, reason)`` stores an answer
    (``winner`` None = can't decide) and raises a WorkbenchError to refuse; ``next_pair()``
    returns the next pair or None; ``on_propose(text)`` (optional) sends a new item."""
    answered = traitlets.Int(0, help="Pairs answered on this page")

    def __init__(self, next_pair: Callable[[], Pair | None], on_answer: Callable, *,
                 on_propose: Callable[[str], None] | None = None, answered: int = 0,
                 language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-ballot")
        self._next, self._on_answer, self._on_propose = next_pair, on_answer, on_propose
        self.language = language
        self.pair: Pair | None = None
        _ = translator(language)
        self.progress = widgets.HTML()
        self.progress.add_class("wb-progress")
        self.question = widgets.HTML("<p>" + _("Which should come first?") + "</p>")
        self.left_button = widgets.Button(layout=full_width())
        self.right_button = widgets.Button(layout=full_width())
        for button in (self.left_button, self.right_button):
            button.add_class("wb-choice")
        self.or_text = widgets.HTML(f'<p style="text-align:center">{html.escape(_("or"))}</p>')
        self.pair_box = widgets.VBox([self.left_button, self.or_text, self.right_button], layout=full_width())
        self.pair_box.add_class("wb-pair")
        self.read_button = widgets.Button(description=_("Read both in full"), layout=full_width())
        self.full_text = widgets.HTML(layout=full_width(display="none"))
        self.full_text.add_class("wb-item-text")
        self.cant_decide_button = widgets.Button(description=_("I can't decide"), layout=full_width())
        names = reason_names(language)
        self.reason_buttons = {r: widgets.Button(description=names[r], layout=full_width()) for r in REASONS}
        self.no_reason_button = widgets.Button(description=_("Skip the reason"), layout=full_width())
        self.reasons = widgets.VBox([widgets.HTML("<p>" + _("Why? (optional)") + "</p>"),
                                     *self.reason_buttons.values(), self.no_reason_button],
                                    layout=full_width(display="none"))
        self.status = Submitter(language, lambda _: None)
        self.propose_input = widgets.Textarea(placeholder=_("Your idea, in your own words"), rows=2,
                                              layout=full_width())
        self.propose_button = widgets.Button(description=_("Propose a new item"), layout=full_width())
        self.propose_box = widgets.VBox([widgets.HTML("<h4>" + _("Missing something?") + "</h4>"),
                                         self.propose_input, self.propose_button], layout=full_width())
        self.propose_box.layout.display = "flex" if on_propose else "none"
        self.left_button.on_click(lambda _: self._answer(0))
        self.right_button.on_click(lambda _: self._answer(1))
        self.read_button.on_click(self._toggle_text)
        self.cant_decide_button.on_click(lambda _: setattr(self.reasons.layout, "display", "flex"))
        for reason, button in self.reason_buttons.items():
            button.on_click(lambda _, r=reason: self._answer(None, r))
        self.no_reason_button.on_click(lambda _: self._answer(None, None))
        self.propose_button.on_click(self._propose)
        self.children = [self.progress, self.question, self.pair_box, self.read_button, self.full_text,
                         self.cant_decide_button, self.reasons, self.status.message, self.propose_box]
        self.answered = answered
        self.observe(lambda _: self._show_progress(), names="answered")
        self.show_next()

    def show_next(self) -> None:
        """Ask for the next pair and show it (or say that every pair was answered)."""
        _ = translator(self.language)
        self.pair = self._next()
        self.reasons.layout.display = "none"
        self.full_text.layout.display = "none"
        shown = self.pair is not None
        for part in (self.pair_box, self.read_button, self.cant_decide_button, self.question):
            part.layout.display = "flex" if shown else "none"
        if shown:
            self.left_button.description = self.pair[0].label(self.language)
            self.right_button.description = self.pair[1].label(self.language)
        else:
            self.status.say(_("You have answered every pair. Thank you!"))
        self._show_progress()

    def _answer(self, choice: int | None, reason: str | None = None) -> None:
        if self.pair is None:
            return
        first, second = self.pair
        winner = None if choice is None else self.pair[choice].key
        try:
            self._on_answer(first.key, second.key, winner, reason)
        except WorkbenchError as refusal:
            return self.status.say(refusal_text(refusal, self.language), error=True)
        self.status.message.value = ""
        self.answered += 1
        self.show_next()

    def _toggle_text(self, *_):
        if self.full_text.layout.display == "block" or self.pair is None:
            self.full_text.layout.display = "none"
            return
        parts = []
        for item in self.pair:
            text = pick(item.text, self.language, "en") if item.text else ""
            parts.append(f"<p><b>{html.escape(item.label(self.language))}</b></p>"
                         + "".join(f"<div>{html.escape(line)}</div>" for line in text.split("\n") if line))
        self.full_text.value = "<hr>".join(parts)
        self.full_text.layout.display = "block"

    def _show_progress(self) -> None:
        _ = translator(self.language)
        self.progress.value = html.escape(_("Pairs answered: %(n)d. About %(goal)d give a good picture; "
                                            "you may stop at any time.") % {"n": self.answered, "goal": PAIRS_GOAL})

    def _propose(self, *_):
        _ = translator(self.language)
        try:
            self._on_propose(self.propose_input.value)
        except WorkbenchError as refusal:
            return self.status.say(refusal_text(refusal, self.language), error=True)
        self.propose_input.value = ""
        self.status.say(_("Thank you: your item will join the pairs once the facilitator approves it."))
