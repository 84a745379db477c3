"""RankingBallot: tap items into an ordered list, then move them with ▲ ▼ (no dragging)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets
import traitlets

from workbench.core.i18n import plural_translator, translator
from workbench.polls.rules import PollItem
from workbench.polls.widgets.ballot_common import ItemLabel, Sections, Submitter, icon_button
from workbench.ui.style import full_width


class RankingBallot(widgets.VBox):
    """"Your order" on top (position, item, ▲, ▼, ✕), the items still to place below (tap
    "Add" to put one at the end of the order). Items left out rank below all placed ones.
    ``on_submit(value)`` receives the keys, most preferred first.
    """
    value = traitlets.List(traitlets.Unicode(), help="Item keys placed so far, most preferred first")

    def __init__(self, items: Sequence[PollItem], on_submit: Callable[[list], None], *,
                 language: str = "en", section_titles: Mapping[str, str] | None = None,
                 value: Sequence[str] = (), **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-ballot")
        self.items, self.language = {item.key: item for item in items}, language
        _ = translator(language)
        self.item_buttons: dict[str, widgets.Button] = {}      # "Add" in the list of items to place
        self.up_buttons: dict[str, widgets.Button] = {}
        self.down_buttons: dict[str, widgets.Button] = {}
        self.remove_buttons: dict[str, widgets.Button] = {}
        self._pool_rows: dict[str, widgets.Box] = {}
        self._order_rows: dict[str, widgets.Box] = {}
        self._places: dict[str, widgets.HTML] = {}
        self.order_heading = widgets.HTML()
        self.order = widgets.VBox(layout=full_width())
        self.order.add_class("wb-order")
        self.pool_heading = widgets.HTML("<h4>" + _("Items to place: tap “Add” in the order you prefer")
                                         + "</h4>")
        self.pool = Sections(list(items), self._pool_row, section_titles)
        self.submitter = Submitter(language, on_submit)
        self.submit_button = self.submitter.button
        self.submit_button.on_click(lambda _: self.submitter.submit(list(self.value)))
        self.children = [self.order_heading, self.order, self.submit_button, self.submitter.message,
                         self.pool_heading, self.pool]
        self.observe(self._refresh, names="value")
        self.value = [k for k in value if k in self.items]
        self._refresh()

    def _pool_row(self, item: PollItem) -> widgets.Widget:
        _ = translator(self.language)
        add = icon_button("＋", _("Add to my order"))
        add.description = _("Add")
        add.layout.width = "auto"
        add.on_click(lambda _, k=item.key: self.add(k))
        self.item_buttons[item.key] = add
        row = widgets.HBox([ItemLabel(item, self.language), add], layout=full_width())
        row.add_class("wb-row")
        self._pool_rows[item.key] = row
        row.layout.display = "none" if item.key in self.value else "flex"
        return row

    def _order_row(self, key: str) -> widgets.Box:
        if key not in self._order_rows:
            _ = translator(self.language)
            up, down = icon_button("▲", _("Move up")), icon_button("▼", _("Move down"))
            remove = icon_button("✕", _("Take out of my order"))
            up.on_click(lambda _, k=key: self.move(k, -1))
            down.on_click(lambda _, k=key: self.move(k, +1))
            remove.on_click(lambda _, k=key: self.remove(k))
            self.up_buttons[key], self.down_buttons[key], self.remove_buttons[key] = up, down, remove
            self._places[key] = widgets.HTML()
            self._places[key].add_class("wb-count")
            row = widgets.HBox([self._places[key], ItemLabel(self.items[key], self.language), up, down, remove],
                               layout=full_width())
            row.add_class("wb-row")
            self._order_rows[key] = row
        return self._order_rows[key]

    def add(self, key: str) -> None:
        if key in self.items and key not in self.value:
            self.value = [*self.value, key]

    def remove(self, key: str) -> None:
        self.value = [k for k in self.value if k != key]

    def move(self, key: str, step: int) -> None:
        """Move ``key`` one place up (−1) or down (+1)."""
        order = list(self.value)
        i = order.index(key)
        j = i + step
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
            self.value = order

    def _refresh(self, *_):
        _ = translator(self.language)
        ngettext = plural_translator(self.language)
        placed = len(self.value)
        self.order_heading.value = "<h4>" + (ngettext(
            "Your order: %(n)d item placed", "Your order: %(n)d items placed", placed) % {"n": placed}
            if placed else _("Your order is empty: add items from the list below")) + "</h4>"
        self.order.children = [self._order_row(k) for k in self.value]
        for place, key in enumerate(self.value, start=1):
            self._places[key].value = f"{place}."
            self.up_buttons[key].disabled = place == 1
            self.down_buttons[key].disabled = place == placed
        for key, row in self._pool_rows.items():
            row.layout.display = "none" if key in self.value else "flex"
