"""PrivacyPanel: after joining, in every participant app — the return code (shown once), the
language switch, "My data" (everything stored about the person, as escaped text) and
"Withdraw and erase" with a confirmation step.

Knows no store: ``on_language(tag)`` switches the app's language (drafts are kept: the app
relabels its widgets, it does not rebuild them), ``load() -> str`` returns the person's data as
plain text, ``on_erase()`` erases them (raising a WorkbenchError to refuse).
"""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import LANGUAGES, translator
from workbench.ui.style import full_width


class PrivacyPanel(widgets.VBox):
    def __init__(self, *, on_language: Callable[[str], None], load: Callable[[], str],
                 on_erase: Callable[[], None], language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-privacy")
        self._on_language, self._load, self._on_erase = on_language, load, on_erase
        self.language = language
        self.return_note = widgets.HTML()
        self.language_choice = widgets.Dropdown(options=[(name, tag) for tag, name in LANGUAGES.items()],
                                                value=language if language in LANGUAGES else "en")
        self.language_choice.add_class("wb-language-switch")
        self.data_button = widgets.Button(icon="user")
        self.data_button.add_class("wb-my-data")
        self.data_text = widgets.HTML(layout=full_width())
        self.withdraw_button = widgets.Button(button_style="danger")
        self.confirm_text = widgets.HTML()
        self.confirm_button = widgets.Button(button_style="danger")
        self.cancel_button = widgets.Button()
        self.message = widgets.HTML()
        self.data_box = widgets.VBox([self.data_text, self.withdraw_button, self.confirm_text,
                                      widgets.HBox([self.confirm_button, self.cancel_button])], layout=full_width())
        self.data_box.layout.display = "none"
        self.language_choice.observe(self._switch, names="value")
        self.data_button.on_click(self._toggle)
        self.withdraw_button.on_click(lambda _b: self._confirming(True))
        self.cancel_button.on_click(lambda _b: self._confirming(False))
        self.confirm_button.on_click(self._erase)
        self.children = [self.return_note, widgets.HBox([self.language_choice, self.data_button]),
                         self.data_box, self.message]
        self._confirming(False)
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        _ = translator(language)
        self.language_choice.description = _("Language")
        self.data_button.description = _("My data")
        self.withdraw_button.description = _("Withdraw and erase")
        self.confirm_text.value = "<p>" + html.escape(_(
            "This erases everything you wrote and answered in this session, for good. "
            "Numbers already published are not changed.")) + "</p>"
        self.confirm_button.description = _("Yes, erase everything")
        self.cancel_button.description = _("Cancel")
        if self.data_box.layout.display != "none":
            self._show_data()

    def show_return_code(self, code: str) -> None:
        """Show the person's return code, once, with a hint to keep it."""
        _ = translator(self.language)
        self.return_note.value = ('<p class="wb-return-code" role="status">' + html.escape(_(
            "Your return code is %(code)s. Write it down or take a photo: with it you can come back "
            "to your work later, on any phone.") % {"code": code}) + "</p>")

    def _switch(self, change) -> None:
        self._on_language(change["new"])

    def _show_data(self) -> None:
        self.data_text.value = f'<pre class="wb-data" style="white-space:pre-wrap">{html.escape(self._load())}</pre>'

    def _toggle(self, _button=None) -> None:
        opening = self.data_box.layout.display == "none"
        self.data_box.layout.display = "flex" if opening else "none"
        if opening:
            self._show_data()
        self._confirming(False)

    def _confirming(self, on: bool) -> None:
        self.withdraw_button.layout.display = "none" if on else "flex"
        for part in (self.confirm_text, self.confirm_button, self.cancel_button):
            part.layout.display = "flex" if on else "none"

    def _erase(self, _button=None) -> None:
        _ = translator(self.language)
        try:
            self._on_erase()
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error" role="alert">{html.escape(str(refusal))}</p>'
            return
        self.children = [widgets.HTML('<p class="wb-ok wb-erased" role="status">' + html.escape(_(
            "Everything you gave in this session has been erased. Thank you for taking part. "
            "You can close this page.")) + "</p>")]
