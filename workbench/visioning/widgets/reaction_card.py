"""ReactionCard: one contribution at a time, answered agree / disagree / pass.

Shows the reader's-language translation when there is one, with the original one tap away.
When there is none, the original is shown with a short note saying why: a translation was
asked for, or its author asked not to be translated. Knows no store: ``on_react(id, vote)``
saves (raising a WorkbenchError to refuse), ``on_back()`` asks for the previous contribution so
that an answer can be changed.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import LANGUAGES, refusal as refusal_text, translator
from workbench.visioning.rules import AGREE, DISAGREE, PASS
from workbench.ui.style import full_width


class ReactionCard(widgets.VBox):
    """The contribution shown (``item``: ``id``, ``text``, ``language``, optional ``translation``,
    ``vote`` and ``note``: ``"requested"`` or ``"refused"`` when it is shown untranslated in
    another language than the reader's), three answer buttons, a way back, and how many were
    answered."""

    def __init__(self, *, on_react: Callable[[int, int], None], on_back: Callable[[], None],
                 language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self._on_react, self._on_back, self.language = on_react, on_back, language
        self.item: Mapping | None = None
        self.answered = 0
        self.showing_original = False
        self.heading = widgets.HTML()
        self.text = widgets.HTML(layout=full_width())
        self.text.add_class("wb-card")
        self.original_button = widgets.Button(layout=widgets.Layout(display="none"))
        self.agree_button = widgets.Button(button_style="success")
        self.disagree_button = widgets.Button(button_style="danger")
        self.pass_button = widgets.Button()
        self.back_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.progress = widgets.HTML()
        self.message = widgets.HTML()
        for button, vote in ((self.agree_button, AGREE), (self.disagree_button, DISAGREE), (self.pass_button, PASS)):
            button.on_click(lambda _b, v=vote: self.react(v))
        self.original_button.on_click(self._toggle_original)
        self.back_button.on_click(lambda _b: self._on_back())
        self.answers = widgets.HBox([self.agree_button, self.disagree_button, self.pass_button])
        self.answers.add_class("wb-answers")
        self.children = [self.heading, self.text, self.original_button, self.answers,
                         self.message, widgets.HBox([self.back_button]), self.progress]
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        _ = translator(language)
        self.heading.value = "<h3>" + html.escape(_("What do you think?")) + "</h3>"
        self.agree_button.description = _("Agree")
        self.disagree_button.description = _("Disagree")
        self.pass_button.description = _("Pass")
        self.back_button.description = _("Change my previous answer")
        self._render()

    def show(self, item: Mapping | None, answered: int | None = None) -> None:
        """Show ``item`` (None: nothing left to answer for now)."""
        self.item, self.showing_original = item, False
        if answered is not None:
            self.answered = answered
        self.message.value = ""
        self._render()

    def _toggle_original(self, _button=None):
        self.showing_original = not self.showing_original
        self._render()

    def _render(self):
        _ = translator(self.language)
        self.progress.value = ('<p class="wb-note">' + html.escape(
            _("You have answered %(n)d.") % {"n": self.answered}) + "</p>")
        item = self.item
        self.answers.layout.display = "none" if item is None else "flex"
        if item is None:
            self.text.value = "<p>" + html.escape(_(
                "You have seen every contribution for now. New ones will appear here.")) + "</p>"
            self.original_button.layout.display = "none"
            return
        translated = item.get("translation")
        original_shown = self.showing_original or not translated
        shown = item["text"] if original_shown else translated
        original = LANGUAGES.get(item["language"], item["language"])
        was = {AGREE: _("Agree"), DISAGREE: _("Disagree"), PASS: _("Pass")}.get(item.get("vote"))
        earlier = (f'<p class="wb-note">{html.escape(_("Your answer was: %(vote)s") % {"vote": was})}</p>'
                   if was else "")
        notes = {"requested": _("A translation has been requested. This is the original, in %(language)s."),
                 "refused": _("Its author asked not to be translated. This is the original, in %(language)s.")}
        note = notes.get(item.get("note")) if not translated else None
        why = (f'<p class="wb-note wb-translation-note">{html.escape(note % {"language": original})}</p>'
               if note else "")
        lang = (f' lang="{html.escape(item["language"])}"' if original_shown and item["language"] != self.language
                else "")   # read aloud in its own language by screen readers
        self.text.value = f'{why}<blockquote class="wb-quote"{lang}>{html.escape(shown)}</blockquote>{earlier}'
        self.original_button.layout.display = "flex" if translated else "none"
        self.original_button.description = (_("Show the translation") if self.showing_original
                                             else _("Show the original (%(language)s)") % {"language": original})

    def react(self, vote: int) -> None:
        if self.item is None:
            return
        try:
            self._on_react(self.item["id"], vote)
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error" role="alert">{html.escape(refusal_text(refusal, self.language))}</p>'
