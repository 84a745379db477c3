"""What every ballot widget shares: item labels with their full text one tap away, long item
lists split into sections built when opened, the submit button and its message, the CSS."""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import refusal as refusal_text, translator
from workbench.plan.model import pick
from workbench.polls.rules import PollItem
from workbench.ui.style import full_width

#: Above this many items, a ballot shows its items in sections (by goal, or by twenties).
SECTION_THRESHOLD = 20
SECTION_SIZE = 20

CSS = """
<style>
.wb-ballot .widget-button, .wb-ballot .widget-toggle-button { min-height: 44px; min-width: 44px; }
.wb-row { display: flex; flex-wrap: nowrap; align-items: center; gap: 4px; width: 100%;
  border-bottom: 1px solid #ddd; padding: 4px 0; }
.wb-row .wb-item-label { flex: 1 1 0; min-width: 0; }
.wb-score-row { flex-direction: column; align-items: stretch; }
.wb-score-row .wb-item-label { flex: 0 0 auto; }
.wb-row .widget-button { flex: 0 0 auto; }
.wb-info.widget-button { align-self: flex-start; padding: 0 6px; font-size: 14px; }
.wb-progress { color: #333; font-weight: 600; }
.wb-item-label { line-height: 1.35; overflow-wrap: anywhere; }
.wb-item-text { color: #333; font-size: 15px; background: #f6f6f6; padding: 4px 8px; width: 100%; }
.wb-count { min-width: 32px; text-align: center; font-weight: 600; font-size: 18px; }
.wb-left-count { position: sticky; top: 0; background: #fff; z-index: 2; padding: 6px 0;
  font-size: 18px; font-weight: 600; }
.wb-pair .widget-button { min-height: 96px; white-space: normal; line-height: 1.3;
  font-size: 17px; width: 100%; height: auto; padding: 10px; }
.wb-wrap.widget-button { white-space: normal; height: auto; line-height: 1.3; text-align: left; }
.wb-section.widget-button { white-space: normal; height: auto; text-align: left; font-weight: 600;
  width: 100%; }
.wb-confirm { background: #e8f5e9; padding: 8px 12px; border-radius: 4px; }
</style>
"""


def ballot_stylesheet() -> widgets.HTML:
    return widgets.HTML(CSS, layout=widgets.Layout(height="0px", margin="0"))


def icon_button(text: str, tooltip: str = "", **kwargs) -> widgets.Button:
    """A square button at least 44 px wide (a touch target)."""
    return widgets.Button(description=text, tooltip=tooltip,
                          layout=widgets.Layout(width="48px", min_width="44px"), **kwargs)


class ItemLabel(widgets.VBox):
    """An item's key and title; when the item has a longer text, a "Read" button shows it."""

    def __init__(self, item: PollItem, language: str, **kwargs):
        super().__init__(layout=widgets.Layout(flex="1 1 0", min_width="0"), **kwargs)
        self.add_class("wb-item-label")
        _ = translator(language)
        self.title = widgets.HTML(html.escape(item.label(language)))
        text = pick(item.text, language, "en") if item.text else ""
        self.text = widgets.HTML("".join(f"<div>{html.escape(line)}</div>" for line in text.split("\n")),
                                 layout=full_width(display="none"))
        self.text.add_class("wb-item-text")
        self.info_button = icon_button(_("Read"), _("Read the full text"))
        self.info_button.add_class("wb-info")
        self.info_button.layout.width = "auto"
        self.info_button.layout.display = "flex" if text else "none"
        self.info_button.on_click(self.toggle)
        self.children = [widgets.HBox([self.title, self.info_button], layout=full_width()), self.text]
        self.title.layout.flex = "1 1 0"
        self.title.layout.min_width = "0"

    def toggle(self, *_):
        self.text.layout.display = "none" if self.text.layout.display == "block" else "block"


def sections(items: Sequence[PollItem], titles: Mapping[str, str] | None = None) -> list[tuple[str, list]]:
    """Split items for display: one section when few; by key prefix ("1.2" of "1.2.5") when the
    keys have one; else by twenties."""
    if len(items) <= SECTION_THRESHOLD:
        return [("", list(items))]
    groups: dict[str, list] = {}
    for item in items:
        prefix = item.key.rpartition(".")[0]
        groups.setdefault(prefix, []).append(item)
    if "" not in groups and len(groups) > 1:
        titles = titles or {}
        return [(f"{p} {titles.get(p, '')}".strip(), group) for p, group in groups.items()]
    return [(f"{n + 1}–{min(n + SECTION_SIZE, len(items))}", list(items[n:n + SECTION_SIZE]))
            for n in range(0, len(items), SECTION_SIZE)]


class Sections(widgets.VBox):
    """Rows of items, in collapsible sections whose rows are built when first opened."""

    def __init__(self, items: Sequence[PollItem], make_row: Callable[[PollItem], widgets.Widget],
                 titles: Mapping[str, str] | None = None, **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self._make_row = make_row
        self.section_buttons: list[widgets.Button] = []
        self._panels: list[widgets.VBox] = []
        self._groups = sections(items, titles)
        if len(self._groups) == 1:
            self.children = [make_row(item) for item in self._groups[0][1]]
            return
        children = []
        for index, (title, group) in enumerate(self._groups):
            button = widgets.Button(description=f"▸ {title} ({len(group)})", layout=full_width())
            button.add_class("wb-section")
            button.on_click(lambda _, i=index: self.toggle(i))
            panel = widgets.VBox(layout=full_width(display="none"))
            self.section_buttons.append(button)
            self._panels.append(panel)
            children += [button, panel]
        self.children = children

    def toggle(self, index: int) -> None:
        panel, (title, group) = self._panels[index], self._groups[index]
        if not panel.children:
            panel.children = [self._make_row(item) for item in group]
        opening = panel.layout.display == "none"
        panel.layout.display = "flex" if opening else "none"
        self.section_buttons[index].description = f"{'▾' if opening else '▸'} {title} ({len(group)})"


class Submitter:
    """The submit button and message of a ballot: calls ``on_submit(value)``; a WorkbenchError
    it raises is shown to the person, in her language (:func:`~workbench.core.i18n.refusal`)."""

    def __init__(self, language: str, on_submit: Callable, label: str | None = None):
        _ = translator(language)
        self.language = language
        self.button = widgets.Button(description=label or _("Submit my ballot"), button_style="primary",
                                     layout=full_width())
        self.button.add_class("wb-submit")
        self.message = widgets.HTML()
        self.message.add_class("wb-message")
        self._on_submit = on_submit

    def submit(self, value) -> bool:
        try:
            self._on_submit(value)
        except WorkbenchError as refusal:
            self.say(refusal_text(refusal, self.language), error=True)
            return False
        self.message.value = ""
        return True

    def say(self, text: str, error: bool = False) -> None:
        role = ' class="wb-error" role="alert"' if error else ""
        self.message.value = f"<p{role}>{html.escape(text)}</p>"
