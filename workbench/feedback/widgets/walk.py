"""FeedbackWalk: walk a plan theme → goal → action, one level per screen, and comment on any item.

Titles and texts are shown in the reader's language; the original (the language the plan was
written in) is one tap away on every item. Knows no store: ``on_comment(ref)`` opens the
comment form for the item shown.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as widgets
import traitlets

from workbench.core.i18n import LANGUAGES, translator
from workbench.plan.model import Plan, Text
from workbench.ui.style import full_width


def _in(text: Text, language: str) -> tuple[str, str]:
    """(text, the language it is in): ``language`` if there, else English, else the first there."""
    for tag in (language, "en"):
        if text.get(tag):
            return text[tag], tag
    for tag, value in text.items():
        if value:
            return value, tag
    return "", language


class FeedbackWalk(widgets.VBox):
    """The item shown (``ref``; ``""`` for the list of themes), its children as buttons, and a
    "Comment on this" button. ``child_buttons``, ``up_button``, ``comment_button`` and
    ``original_toggle`` are public so tests can click them."""
    ref = traitlets.Unicode("", help="Ref of the item shown ('' = the themes)")

    def __init__(self, plan: Plan, on_comment: Callable[[str], None], *, language: str = "en",
                 original: str | None = None, **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.plan, self._on_comment, self.language = plan, on_comment, language
        self.original = original or next(iter(plan.languages()), language)
        self.nodes = {ref: (kind, node) for ref, kind, node in plan.walk()}
        self.mine: Mapping[str, int] = {}
        self.can_comment = True
        self.crumbs = widgets.HTML()
        self.card = widgets.HTML(layout=full_width())
        self.card.add_class("wb-item")
        self.original_toggle = widgets.ToggleButton(value=False, layout=widgets.Layout(width="auto"))
        self.original_toggle.add_class("wb-original-toggle")
        self.comment_button = widgets.Button(button_style="primary", icon="comment")
        self.comment_button.add_class("wb-comment-button")
        self.up_button = widgets.Button(icon="arrow-left")
        self.up_button.add_class("wb-up")
        self.children_box = widgets.VBox(layout=full_width())
        self.child_buttons: dict[str, widgets.Button] = {}
        self.comment_button.on_click(lambda _: self._on_comment(self.ref))
        self.up_button.on_click(lambda _: self.go(self.ref.rpartition(".")[0]))
        self.original_toggle.observe(lambda _: self._render(), names="value")
        self.observe(lambda _: self._render(), names="ref")
        self.children = [self.crumbs, self.up_button, self.card, self.original_toggle, self.comment_button,
                         self.children_box]
        self._render()

    def go(self, ref: str) -> None:
        """Show item ``ref`` ('' for the themes)."""
        if ref and ref not in self.nodes:
            raise KeyError(ref)
        self.ref = ref

    def set_language(self, language: str) -> None:
        self.language = language
        self._render()

    def set_mine(self, mine: Mapping[str, int], can_comment: bool = True) -> None:
        """How many comments the reader has on each ref, and whether they may comment now."""
        self.mine, self.can_comment = dict(mine), can_comment
        self._render()

    def _title(self, ref: str) -> str:
        return _in(self.nodes[ref][1].title, self.language)[0]

    def _render(self) -> None:
        _ = translator(self.language)
        ref = self.ref
        path = [r for r in (ref.split(".")[0], ".".join(ref.split(".")[:2]), ref) if r]
        self.crumbs.value = '<p class="wb-note">' + " › ".join(
            [html.escape(_("The plan"))] + [html.escape(r) for r in dict.fromkeys(path)]) + "</p>"
        self.up_button.description = _("Back")
        self.up_button.layout.display = "flex" if ref else "none"
        self.comment_button.description = _("Comment on this")
        self.comment_button.layout.display = "flex" if ref and self.can_comment else "none"
        self.original_toggle.description = _("Show the original (%(language)s)") % {
            "language": LANGUAGES.get(self.original, self.original)}
        self.card.value = self._card_html(ref) if ref else (
            "<p>" + html.escape(_("Choose a theme, then a goal, then an action. "
                                  "You can comment on any of them.")) + "</p>")
        self.original_toggle.layout.display = "flex" if ref and self.language != self.original else "none"
        self._show_children(ref)

    def _card_html(self, ref: str) -> str:
        _ = translator(self.language)
        kind, node = self.nodes[ref]
        names = {"theme": _("Theme"), "goal": _("Goal"), "action": _("Action")}
        title, title_lang = _in(node.title, self.language)
        text, text_lang = _in(node.text, self.language)
        out = [f'<p class="wb-note">{html.escape(names[kind])} {html.escape(ref)}</p>',
               f'<h3 lang="{html.escape(title_lang)}">{html.escape(title)}</h3>']
        if text:
            if text_lang != self.language:
                out.append('<p class="wb-note">' + html.escape(_("Only in %(language)s:") % {
                    "language": LANGUAGES.get(text_lang, text_lang)}) + "</p>")
            out.append(f'<p class="wb-text" lang="{html.escape(text_lang)}">{html.escape(text)}</p>')
        if self.original_toggle.value and self.language != self.original:
            parts = [f"<p><b>{html.escape(node.title[self.original])}</b></p>"
                     if title_lang != self.original and node.title.get(self.original) else "",
                     f"<p>{html.escape(node.text[self.original])}</p>"
                     if text_lang != self.original and node.text.get(self.original) else ""]
            body = "".join(parts) or "<p>" + html.escape(_("What you read above is the original.")) + "</p>"
            out.append(f'<div class="wb-original" lang="{html.escape(self.original)}">{body}</div>')
        n = self.mine.get(ref, 0)
        if n:
            out.append('<p class="wb-ok">' + html.escape(_("You have commented on this (%(n)d).") % {"n": n})
                       + "</p>")
        return "".join(out)

    def _show_children(self, ref: str) -> None:
        """One button per child of ``ref``. When the children are the ones already shown (a
        refresh, a new language), the buttons are relabelled in place: a tap on a button that
        was just replaced would be lost."""
        kids = [r for r in self.nodes if r.rpartition(".")[0] == ref and r != ref] if ref else \
            [r for r in self.nodes if "." not in r]
        labels = {child: f"{child}  {self._title(child)}"
                  + (" ●" if any(r == child or r.startswith(child + ".") for r in self.mine) else "")
                  for child in kids}
        if list(self.child_buttons) == kids:
            for child, button in self.child_buttons.items():
                button.description = labels[child]
            return
        buttons = []
        self.child_buttons = {}
        for child in kids:
            button = widgets.Button(description=labels[child], layout=full_width(), tooltip=child)
            button.add_class("wb-toggle")
            button.add_class(f"wb-kind-{self.nodes[child][0]}")
            button.on_click(lambda _b, r=child: self.go(r))
            self.child_buttons[child] = button
            buttons.append(button)
        for old in self.children_box.children:
            old.close()
        self.children_box.children = buttons
