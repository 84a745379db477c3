"""TriageList: a round's comments by theme/goal/action, filtered, a page at a time.

Knows no store: ``show(comments)`` gives it the round's comments (in plan order); the filters
(type, language, status, theme) and paging work on them; ``on_pick(comment)`` opens the triage
form. Everything people typed is escaped.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets

from workbench.feedback.rules import STATUSES, TYPES, Comment
from workbench.feedback.labels import status_labels, type_labels
from workbench.core.i18n import translator
from workbench.ui.lifecycle import close_tree
from workbench.ui.style import full_width

PAGE = 20


class TriageList(widgets.VBox):
    """``filter_type``, ``filter_language``, ``filter_status``, ``filter_theme``,
    ``prev_button``/``next_button`` and ``triage_buttons`` (by comment id) are public."""

    def __init__(self, on_pick: Callable[[Comment], None], *, language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-triage-list")
        self._on_pick, self.language = on_pick, language
        self.comments: list[Comment] = []
        self.page = 0
        _ = translator(language)
        everything = (_("all"), "")
        types, statuses = type_labels(language), status_labels(language)
        small = widgets.Layout(width="auto")
        self.filter_type = widgets.Dropdown(options=[everything] + [(types[t], t) for t in TYPES], value="",
                                            description=_("Type"), layout=small)
        self.filter_status = widgets.Dropdown(options=[everything] + [(statuses[s], s) for s in STATUSES],
                                              value="", description=_("Status"), layout=small)
        self.filter_language = widgets.Dropdown(options=[everything], value="", description=_("Language"),
                                                layout=small)
        self.filter_theme = widgets.Dropdown(options=[everything], value="", description=_("Theme"), layout=small)
        for box in (self.filter_type, self.filter_status, self.filter_language, self.filter_theme):
            box.observe(lambda _: self._first_page(), names="value")
        self.prev_button, self.next_button = widgets.Button(icon="arrow-left"), widgets.Button(icon="arrow-right")
        self.prev_button.on_click(lambda _: self._turn(-1))
        self.next_button.on_click(lambda _: self._turn(1))
        self.position = widgets.HTML()
        self.rows = widgets.VBox(layout=full_width())
        self.triage_buttons: dict[int, widgets.Button] = {}
        self.children = [widgets.HBox([self.filter_type, self.filter_status, self.filter_language,
                                       self.filter_theme], layout=widgets.Layout(flex_flow="row wrap")),
                         self.position, self.rows, widgets.HBox([self.prev_button, self.next_button])]

    def show(self, comments: Sequence[Comment]) -> None:
        """Give the list the round's comments (keeps the filters and, if possible, the page)."""
        self.comments = list(comments)
        _ = translator(self.language)
        languages = sorted({c.language for c in self.comments} | ({self.filter_language.value} - {""}))
        themes = sorted({c.theme for c in self.comments} | ({self.filter_theme.value} - {""}), key=int)
        for box, values in ((self.filter_language, languages), (self.filter_theme, themes)):
            options = [(_("all"), "")] + [(v, v) for v in values]
            if list(box.options) != options:
                value = box.value
                box.options = options
                box.value = value
        self._render()

    def filtered(self) -> list[Comment]:
        """The comments the filters let through, in plan order."""
        wanted = {"type": self.filter_type.value, "status": self.filter_status.value,
                  "language": self.filter_language.value, "theme": self.filter_theme.value}
        return [c for c in self.comments if all(not v or getattr(c, k) == v for k, v in wanted.items())]

    def _first_page(self) -> None:
        self.page = 0
        self._render()

    def _turn(self, step: int) -> None:
        self.page += step
        self._render()

    def _render(self) -> None:
        _ = translator(self.language)
        shown = self.filtered()
        pages = max(1, -(-len(shown) // PAGE))
        self.page = min(max(self.page, 0), pages - 1)
        part = shown[self.page * PAGE:(self.page + 1) * PAGE]
        self.position.value = '<p class="wb-note">' + html.escape(
            _("%(shown)d of %(all)d comments · page %(page)d of %(pages)d")
            % {"shown": len(shown), "all": len(self.comments), "page": self.page + 1, "pages": pages}) + "</p>"
        self.prev_button.disabled, self.next_button.disabled = self.page == 0, self.page >= pages - 1
        types, statuses = type_labels(self.language), status_labels(self.language)
        for row in self.rows.children:
            close_tree(row)
        self.triage_buttons, rows = {}, []
        for c in part:
            quote = "" if c.quotable else " · " + _("do not quote")
            answer = f'<br><small class="wb-answer">{html.escape(c.response)}</small>' if c.response else ""
            text = widgets.HTML(
                f'<p class="wb-mine" data-comment="{c.id}"><b>{html.escape(c.ref)}</b> · #{c.id} · '
                f"{html.escape(types[c.type])} · {html.escape(c.language)} · {html.escape(c.source)}"
                f"{html.escape(quote)} · <b>{html.escape(statuses[c.status])}</b><br>"
                f'<span lang="{html.escape(c.language)}">{html.escape(c.text)}</span>{answer}</p>',
                layout=full_width())
            button = widgets.Button(description=_("Triage"), tooltip=f"#{c.id}", layout=widgets.Layout(width="auto"))
            button.add_class("wb-triage-button")
            button.on_click(lambda _b, comment=c: self._on_pick(comment))
            self.triage_buttons[c.id] = button
            rows.append(widgets.VBox([text, button], layout=full_width()))
        self.rows.children = rows
