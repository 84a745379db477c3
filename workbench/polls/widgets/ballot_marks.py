"""ApprovalBallot (tick every item you support) and ScoreBallot (give items 0 to 5)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets
import traitlets

from workbench.core.i18n import plural_translator, translator
from workbench.polls.rules import PollItem
from workbench.polls.widgets.ballot_common import ItemLabel, Sections, Submitter
from workbench.ui.style import full_width


class ApprovalBallot(widgets.VBox):
    """One toggle per item ("I support this"); ``on_submit(value)`` receives the keys ticked."""
    value = traitlets.List(traitlets.Unicode(), help="Keys of the items ticked")

    def __init__(self, items: Sequence[PollItem], on_submit: Callable[[list], None], *, language: str = "en",
                 section_titles: Mapping[str, str] | None = None, value: Sequence[str] = (), **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-ballot")
        self.items, self.language = list(items), language
        self.toggles: dict[str, widgets.ToggleButton] = {}
        _ = translator(language)
        self.help = widgets.HTML("<p>" + _("Tick every item you support. You may tick as many as you like.")
                                 + "</p>")
        self.counter = widgets.HTML()
        self.counter.add_class("wb-left-count")
        self.rows = Sections(self.items, self._row, section_titles)
        self.submitter = Submitter(language, on_submit)
        self.submit_button = self.submitter.button
        self.submit_button.on_click(lambda _: self.submitter.submit(list(self.value)))
        self.children = [self.counter, self.help, self.rows, self.submit_button, self.submitter.message]
        self.observe(self._refresh, names="value")
        self.value = [k for k in value]
        self._refresh()

    def _row(self, item: PollItem) -> widgets.Widget:
        _ = translator(self.language)
        toggle = widgets.ToggleButton(description=_("Support"), value=item.key in self.value,
                                      layout=widgets.Layout(width="auto", min_width="96px"))
        toggle.observe(lambda change, k=item.key: self.tick(k, change["new"]), names="value")
        self.toggles[item.key] = toggle
        row = widgets.HBox([ItemLabel(item, self.language), toggle], layout=full_width())
        row.add_class("wb-row")
        return row

    def tick(self, key: str, on: bool = True) -> None:
        keys = [item.key for item in self.items]
        chosen = (set(self.value) | {key}) if on else (set(self.value) - {key})
        self.value = [k for k in keys if k in chosen]

    def _refresh(self, *_):
        _ = translator(self.language)
        n = len(self.value)
        self.counter.value = plural_translator(self.language)(
            "%(n)d item ticked", "%(n)d items ticked", n) % {"n": n}
        for key, toggle in self.toggles.items():
            toggle.value = key in self.value
            toggle.description = ("✓ " + _("Supported")) if toggle.value else _("Support")
            toggle.button_style = "success" if toggle.value else ""


class ScoreBallot(widgets.VBox):
    """A row of buttons per item: "–" (no score) and 0 … ``max_score``; ``on_submit(value)``
    receives ``{key: score}`` for the items scored."""
    value = traitlets.Dict(help="Score per item key (unscored items left out)")

    def __init__(self, items: Sequence[PollItem], on_submit: Callable[[dict], None], *, max_score: int = 5,
                 language: str = "en", section_titles: Mapping[str, str] | None = None,
                 value: Mapping | None = None, **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-ballot")
        self.items, self.language, self.max_score = list(items), language, int(max_score)
        self.choices: dict[str, widgets.ToggleButtons] = {}
        _ = translator(language)
        self.help = widgets.HTML("<p>" + _("Give each item a score from 0 (not important now) to %(top)d "
                                           "(most important). Leave “–” for items you do not want to score.")
                                 % {"top": self.max_score} + "</p>")
        self.rows = Sections(self.items, self._row, section_titles)
        self.submitter = Submitter(language, on_submit)
        self.submit_button = self.submitter.button
        self.submit_button.on_click(lambda _: self.submitter.submit(dict(self.value)))
        self.children = [self.help, self.rows, self.submit_button, self.submitter.message]
        self.value = dict(value or {})
        self.observe(self._refresh, names="value")
        self._refresh()

    def _row(self, item: PollItem) -> widgets.Widget:
        options = [("–", -1)] + [(str(n), n) for n in range(self.max_score + 1)]
        choice = widgets.ToggleButtons(options=options, value=self.value.get(item.key, -1),
                                       style={"button_width": "40px"})
        choice.observe(lambda change, k=item.key: self.give(k, change["new"]), names="value")
        self.choices[item.key] = choice
        label = ItemLabel(item, self.language)
        label.layout.flex = "0 0 auto"   # above its scores: a growing label of no height would vanish
        box = widgets.VBox([label, choice], layout=full_width())
        box.add_class("wb-row")
        box.add_class("wb-score-row")
        return box

    def give(self, key: str, score: int) -> None:
        value = dict(self.value)
        if score is None or score < 0:
            value.pop(key, None)
        else:
            value[key] = score
        self.value = value

    def _refresh(self, *_):
        for key, choice in self.choices.items():
            choice.value = self.value.get(key, -1)
