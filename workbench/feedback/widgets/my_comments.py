"""MyComments: the reader's own comments, each with Edit and Withdraw while the round is open.

Knows no store: ``on_edit(comment)`` opens the comment form filled in; ``on_withdraw(id)``
withdraws (raising a WorkbenchError to refuse). Withdrawing asks for a second tap.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.feedback.rules import Comment
from workbench.feedback.labels import status_labels, type_labels
from workbench.core.i18n import refusal as refusal_text, translator
from workbench.ui.lifecycle import close_tree
from workbench.ui.style import full_width


class MyComments(widgets.VBox):
    """A list of comments; ``edit_buttons`` and ``withdraw_buttons`` by comment id."""

    def __init__(self, on_edit: Callable[[Comment], None], on_withdraw: Callable[[int], None], *,
                 language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-my-comments")
        self._on_edit, self._on_withdraw, self.language = on_edit, on_withdraw, language
        self.comments: list[Comment] = []
        self.can_change = True
        self._confirming: int | None = None
        self.heading, self.message = widgets.HTML(), widgets.HTML()
        self.rows = widgets.VBox(layout=full_width())
        self.edit_buttons: dict[int, widgets.Button] = {}
        self.withdraw_buttons: dict[int, widgets.Button] = {}
        self.children = [self.heading, self.message, self.rows]
        self.show([])

    def show(self, comments: Sequence[Comment], can_change: bool | None = None,
             language: str | None = None) -> None:
        """Show ``comments`` (the reader's, not withdrawn); ``can_change`` while the round is open."""
        comments = list(comments)
        key = (comments, self.can_change if can_change is None else can_change, language or self.language)
        if key == getattr(self, "_shown", None):
            return
        self._shown = key
        self.comments, self.can_change, self.language = key
        _ = translator(self.language)
        self.heading.value = "<h3>" + html.escape(_("Your comments (%(n)d)") % {"n": len(comments)}) + "</h3>"
        for row in self.rows.children:
            close_tree(row)
        types, statuses = type_labels(self.language), status_labels(self.language)
        self.edit_buttons, self.withdraw_buttons, rows = {}, {}, []
        for c in comments:
            quote = "" if c.quotable else " · " + _("do not quote me")
            answer = ""
            if c.status != "new":
                answer = (f'<br><small class="wb-answer">{html.escape(statuses[c.status])}'
                          + (f": {html.escape(c.response)}" if c.response else "") + "</small>")
            card = widgets.HTML(f'<p class="wb-mine"><b>{html.escape(c.ref)}</b> · {html.escape(types[c.type])}'
                                f'{html.escape(quote)}<br><span lang="{html.escape(c.language)}">'
                                f"{html.escape(c.text)}</span>{answer}</p>", layout=full_width())
            edit = widgets.Button(description=_("Edit"))
            withdraw = widgets.Button(description=_("Withdraw"))
            edit.on_click(lambda _b, comment=c: self._on_edit(comment))
            withdraw.on_click(lambda _b, cid=c.id: self.withdraw(cid))
            self.edit_buttons[c.id], self.withdraw_buttons[c.id] = edit, withdraw
            buttons = widgets.HBox([edit, withdraw], layout=widgets.Layout(
                display="flex" if self.can_change else "none"))
            rows.append(widgets.VBox([card, buttons], layout=full_width()))
        self.rows.children = rows

    def withdraw(self, comment_id: int) -> None:
        """First tap asks to confirm; the second withdraws."""
        _ = translator(self.language)
        if self._confirming != comment_id:
            self._confirming = comment_id
            self.withdraw_buttons[comment_id].description = _("Tap again to withdraw")
            return
        self._confirming = None
        try:
            self._on_withdraw(comment_id)
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error" role="alert">{html.escape(refusal_text(refusal, self.language))}</p>'
            return
        self.message.value = '<p class="wb-ok" role="status">' + html.escape(
            _("Withdrawn: your words were deleted.")) + "</p>"
