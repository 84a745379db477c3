"""CommentForm: a comment on one plan item — its type, the words, and "do not quote me".

Knows no store: ``on_submit(ref, type, text, quotable, comment_id)`` saves (``comment_id`` is
``None`` for a new comment, the id when editing) and raises a WorkbenchError to refuse; the
message is shown and the words stay in the box. The counter helps; the core checks the limit.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.feedback.rules import MAX_COMMENT_CHARS, TYPES
from workbench.feedback.labels import type_labels
from workbench.core.i18n import refusal as refusal_text, translator
from workbench.ui.style import full_width


class CommentForm(widgets.VBox):
    """Type buttons, a text box with a counter, a "do not quote me" box, Save and Cancel."""

    def __init__(self, on_submit: Callable[[str, str, str, bool, int | None], None], *,
                 on_close: Callable[[], None] | None = None, language: str = "en",
                 limit: int = MAX_COMMENT_CHARS, **kwargs):
        super().__init__(layout=full_width(display="none"), **kwargs)
        self.add_class("wb-comment-form")
        self._on_submit, self._on_close = on_submit, on_close or (lambda: None)
        self.language, self.limit = language, limit
        self.ref, self.comment_id = "", None
        self.heading = widgets.HTML()
        self.type_buttons = widgets.ToggleButtons(options=[(t, t) for t in TYPES], value=None,
                                                  layout=full_width())
        self.type_buttons.add_class("wb-comment-type")
        self.text = widgets.Textarea(rows=4, continuous_update=True, layout=full_width())
        self.text.add_class("wb-comment-text")
        self.counter = widgets.HTML()
        self.no_quote = widgets.Checkbox(value=False, indent=False, layout=full_width())
        self.no_quote.add_class("wb-no-quote")
        self.quote_help = widgets.HTML()
        self.submit_button = widgets.Button(button_style="primary")
        self.submit_button.add_class("wb-comment-save")
        self.cancel_button = widgets.Button()
        self.message = widgets.HTML()
        self.text.observe(self._count, names="value")
        self.submit_button.on_click(self._submit)
        self.cancel_button.on_click(lambda _: self.close_form())
        self.children = [self.heading, self.type_buttons, self.text, self.counter, self.no_quote,
                         self.quote_help, widgets.HBox([self.submit_button, self.cancel_button]), self.message]
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        _ = translator(language)
        labels = type_labels(language)
        value = self.type_buttons.value
        self.type_buttons.options = [(labels[t], t) for t in TYPES]
        self.type_buttons.value = value
        self.text.placeholder = _("Write your comment here…")
        self.no_quote.description = _("Do not quote me")
        self.quote_help.value = '<p class="wb-note">' + html.escape(_(
            "Your comment is always counted and read. If you tick this box, it is never quoted in a report.")) + "</p>"
        self.cancel_button.description = _("Cancel")
        self._relabel()

    def _relabel(self) -> None:
        _ = translator(self.language)
        self.submit_button.description = _("Save changes") if self.comment_id else _("Save comment")
        what = _("Change your comment on %(ref)s") if self.comment_id else _("Your comment on %(ref)s")
        self.heading.value = f"<h3>{html.escape(what % {'ref': self.ref})}</h3>"
        self._count()

    def _count(self, *_):
        _ = translator(self.language)
        n = len(self.text.value.strip())
        self.counter.value = (f'<span class="wb-counter{" wb-over" if n > self.limit else ""}">'
                              + html.escape(_("%(n)d of %(limit)d characters") % {"n": n, "limit": self.limit})
                              + "</span>")

    def open_for(self, ref: str, *, comment_id: int | None = None, type_: str | None = None,
                 text: str = "", quotable: bool = True) -> None:
        """Show the form for a new comment on ``ref``, or filled in to edit ``comment_id``."""
        self.ref, self.comment_id = ref, comment_id
        self.type_buttons.value = type_
        self.text.value, self.no_quote.value = text, not quotable
        self.message.value = ""
        self._relabel()
        self.layout.display = "flex"

    def close_form(self) -> None:
        self.layout.display = "none"
        self.ref, self.comment_id = "", None
        self.text.value = ""
        self._on_close()

    def _submit(self, _button=None) -> None:
        _ = translator(self.language)
        if self.type_buttons.value is None:
            self.message.value = '<p class="wb-error" role="alert">' + html.escape(
                _("Please choose: support, concern, suggestion or question.")) + "</p>"
            return
        try:
            self._on_submit(self.ref, self.type_buttons.value, self.text.value, not self.no_quote.value,
                            self.comment_id)
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error" role="alert">{html.escape(refusal_text(refusal, self.language))}</p>'
            return
        self.close_form()
