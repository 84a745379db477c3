"""DotsBallot: spread a budget of dots over the items with + and − buttons."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets
import traitlets

from workbench.core.i18n import plural_translator, translator
from workbench.polls.rules import PollItem
from workbench.polls.widgets.ballot_common import ItemLabel, Sections, Submitter, icon_button
from workbench.ui.style import full_width


class DotsBallot(widgets.VBox):
    """One row per item: its label, −, the dots on it, +; the dots left are shown on top.

    The buttons stop at the budget and the per-item cap, as a help: the core checks the ballot
    again when it is written. ``on_submit(value)`` receives ``{key: dots}`` (items with 0 left out).
    """
    value = traitlets.Dict(help="Dots per item key (items without dots left out)")

    def __init__(self, items: Sequence[PollItem], on_submit: Callable[[dict], None], *, budget: int,
                 max_per_item: int | None = None, language: str = "en",
                 section_titles: Mapping[str, str] | None = None, value: Mapping | None = None, **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-ballot")
        self.items, self.language = list(items), language
        self.budget, self.cap = budget, max_per_item or budget
        self.plus_buttons: dict[str, widgets.Button] = {}
        self.minus_buttons: dict[str, widgets.Button] = {}
        self.counts: dict[str, widgets.HTML] = {}
        _ = translator(language)
        self.left = widgets.HTML()
        self.left.add_class("wb-left-count")
        self.help = widgets.HTML("<p>" + _("Tap + to give an item a dot, − to take it back. "
                                           "At most %(cap)d dots on one item.") % {"cap": self.cap} + "</p>")
        self.rows = Sections(self.items, self._row, section_titles)
        self.submitter = Submitter(language, on_submit)
        self.submit_button = self.submitter.button
        self.submit_button.on_click(lambda _: self.submitter.submit(dict(self.value)))
        self.children = [self.left, self.help, self.rows, self.submit_button, self.submitter.message]
        self.observe(self._refresh, names="value")
        self.value = {k: v for k, v in (value or {}).items() if v}
        self._refresh()

    @property
    def spent(self) -> int:
        return sum(self.value.values())

    def _row(self, item: PollItem) -> widgets.Widget:
        _ = translator(self.language)
        minus = icon_button("−", _("Take a dot back"))
        plus = icon_button("+", _("Give a dot"))
        count = widgets.HTML()
        count.add_class("wb-count")
        minus.on_click(lambda _, k=item.key: self.change(k, -1))
        plus.on_click(lambda _, k=item.key: self.change(k, +1))
        self.minus_buttons[item.key], self.plus_buttons[item.key], self.counts[item.key] = minus, plus, count
        row = widgets.HBox([ItemLabel(item, self.language), minus, count, plus], layout=full_width())
        row.add_class("wb-row")
        self._refresh_row(item.key)
        return row

    def change(self, key: str, step: int) -> None:
        """Add (+1) or take back (−1) a dot on ``key``, within the budget and the cap."""
        now = self.value.get(key, 0)
        new = now + step
        if new < 0 or new > self.cap or (step > 0 and self.spent >= self.budget):
            return
        value = dict(self.value)
        value[key] = new
        self.value = {k: v for k, v in value.items() if v}

    def _refresh_row(self, key: str) -> None:
        if key not in self.counts:
            return
        dots = self.value.get(key, 0)
        self.counts[key].value = str(dots)
        self.minus_buttons[key].disabled = dots == 0
        self.plus_buttons[key].disabled = dots >= self.cap or self.spent >= self.budget

    def _refresh(self, *_):
        ngettext = plural_translator(self.language)
        left = self.budget - self.spent
        self.left.value = ngettext("%(n)d dot left of %(total)d", "%(n)d dots left of %(total)d", left) % {
            "n": left, "total": self.budget}
        for key in self.counts:
            self._refresh_row(key)
