"""InterpretPanel: an interpreter (or the facilitator) translates a contribution.

Knows no store: ``on_translate(id, language, text)`` saves, raising a WorkbenchError to refuse.
Option labels are plain text (a Dropdown renders no HTML), so people's words are safe there.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import LANGUAGES, translator
from workbench.ui.style import full_width


def preview(text: str, width: int = 60) -> str:
    """One line of at most ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class InterpretPanel(widgets.VBox):
    """Pick a contribution and a language, write the translation, save."""

    def __init__(self, *, on_translate: Callable[[int, str, str], None], language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self._on_translate, self.language = on_translate, language
        self.items: dict[int, Mapping] = {}
        self.heading = widgets.HTML()
        self.contribution = widgets.Dropdown(layout=full_width())
        self.original = widgets.HTML(layout=full_width())
        self.target = widgets.Dropdown(options=[(name, tag) for tag, name in LANGUAGES.items()],
                                       value=language if language in LANGUAGES else "en")
        self.text = widgets.Textarea(rows=3, layout=full_width())
        self.save_button = widgets.Button(button_style="primary")
        self.message = widgets.HTML()
        self.contribution.observe(self._show_original, names="value")
        self.target.observe(self._show_original, names="value")
        self.save_button.on_click(self._save)
        self.children = [self.heading, self.contribution, self.original, self.target, self.text,
                         self.save_button, self.message]
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        _ = translator(language)
        self.heading.value = "<h3>" + html.escape(_("Interpret")) + "</h3>"
        self.contribution.description = _("Contribution")
        self.target.description = _("Into")
        self.text.placeholder = _("Translation")
        self.save_button.description = _("Save the translation")

    def show(self, items: Sequence[Mapping]) -> None:
        """Offer ``items`` (``id``, ``text``, ``language``, ``translations``), keeping the choice."""
        self.items = {item["id"]: item for item in items}
        chosen = self.contribution.value
        self.contribution.options = [(f"{item['id']} · {item['language']} · {preview(item['text'])}", item["id"])
                                     for item in items]
        self.contribution.value = chosen if chosen in self.items else next(iter(self.items), None)
        self._show_original()

    def _show_original(self, *_):
        item = self.items.get(self.contribution.value)
        if item is None:
            self.original.value = ""
            return
        existing = item.get("translations", {}).get(self.target.value, "")
        self.original.value = f'<blockquote class="wb-quote">{html.escape(item["text"])}</blockquote>'
        self.text.value = existing

    def _save(self, _button=None):
        _ = translator(self.language)
        if self.contribution.value is None:
            return
        try:
            self._on_translate(self.contribution.value, self.target.value, self.text.value)
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error">{html.escape(str(refusal))}</p>'
            return
        self.message.value = f'<p class="wb-ok">{html.escape(_("Translation saved."))}</p>'
