"""SessionForm: a new visioning session's title, prompts and consent text, in several languages.

One section per language; fill the ones you have. Prompts are one per line, the same line
number being the same prompt in every language. ``on_create(title, prompts, consent)`` receives
``{language: text}`` maps (prompts: a list of them) and raises a WorkbenchError to refuse.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import LANGUAGES, translator
from workbench.participation.rules import default_consent
from workbench.ui.style import full_width


class SessionForm(widgets.VBox):
    """Create a session: per-language title, prompts (one per line) and consent text."""

    def __init__(self, *, on_create: Callable[[dict, list, dict], None], language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self._on_create, self.language = on_create, language
        _ = translator(language)
        self.titles, self.prompts, self.consents = {}, {}, {}
        sections = []
        for tag in LANGUAGES:
            first = tag == language
            self.titles[tag] = widgets.Text(description=_("Title"), layout=full_width())
            self.titles[tag].add_class(f"wb-session-title-{tag}")
            self.prompts[tag] = widgets.Textarea(
                description=_("Prompts"), rows=2, layout=full_width(),
                value=translator(tag)("In ten years, survivors will be …") if first else "")
            self.consents[tag] = widgets.Textarea(description=_("Consent"), rows=8, layout=full_width(),
                                                  value=default_consent(tag) if first else "")
            sections.append(widgets.VBox([self.titles[tag], self.prompts[tag], self.consents[tag]]))
        self.languages = widgets.Accordion(children=sections, titles=tuple(LANGUAGES.values()),
                                           selected_index=list(LANGUAGES).index(language)
                                           if language in LANGUAGES else 0)
        self.help = widgets.HTML("<p class=\"wb-note\">" + html.escape(_(
            "Fill in the languages you have. One prompt per line; line 1 is the same prompt in every "
            "language.")) + "</p>")
        self.create_button = widgets.Button(description=_("Create the session"), button_style="primary")
        self.create_button.add_class("wb-session-create")
        self.message = widgets.HTML()
        self.create_button.on_click(self._create)
        self.children = [self.help, self.languages, self.create_button, self.message]

    def values(self) -> tuple[dict, list, dict]:
        """``(title, prompts, consent)`` as typed, empty languages left out."""
        title = {tag: w.value for tag, w in self.titles.items() if w.value.strip()}
        consent = {tag: w.value for tag, w in self.consents.items() if w.value.strip()}
        lines = {tag: [line for line in w.value.splitlines() if line.strip()] for tag, w in self.prompts.items()}
        count = max((len(v) for v in lines.values()), default=0)
        prompts = [{tag: v[i] for tag, v in lines.items() if i < len(v)} for i in range(count)]
        return title, prompts, consent

    def _create(self, _button=None):
        _ = translator(self.language)
        try:
            self._on_create(*self.values())
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error">{html.escape(str(refusal))}</p>'
            return
        self.message.value = f'<p class="wb-ok">{html.escape(_("Session created."))}</p>'
        for widget in self.titles.values():
            widget.value = ""
