"""PrivacyPanel: after joining, in every participant app — the return code (shown once), the
language switch, "My data" (her answers about each use of her words, which she may change;
everything stored about the person as a readable page in her language, which she may save as a
web page or a text file) and "Withdraw and erase" with a confirmation step.

Knows no store: ``on_language(tag)`` switches the app's language (drafts are kept: the app
relabels its widgets, it does not rebuild them), ``load() -> Mapping`` returns the person's
record (:func:`workbench.participation.store.erasure.my_record`: plain values, no ids, nobody
else's), which :mod:`workbench.participation.mydata` renders, ``on_erase()`` erases them
(raising a WorkbenchError to refuse). ``consent`` is her
latest consent answers as stored; each use shows what is done with her words now (a use her
record does not name counts as yes, see :mod:`workbench.participation.privacy`), and
``on_consent(answers)`` records a change (taking part, and yes or no to every use; raising a
WorkbenchError to refuse, and the choice goes back to what is stored). Without ``on_consent``
or a consent record the uses are not shown.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import LANGUAGES, refusal as refusal_text, translator
from workbench.participation.mydata import file_name, my_data_html, my_data_page, my_data_plain
from workbench.participation.privacy import USES, agreed
from workbench.participation.widgets.consent_uses import question_html, relabel_choice, use_choice
from workbench.ui.downloads import download_link
from workbench.ui.style import full_width


class PrivacyPanel(widgets.VBox):
    def __init__(self, *, on_language: Callable[[str], None], load: Callable[[], Mapping],
                 on_erase: Callable[[], None], language: str = "en",
                 consent: Mapping[str, bool] | None = None,
                 on_consent: Callable[[dict], None] | None = None, **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-privacy")
        self._on_language, self._load, self._on_erase = on_language, load, on_erase
        self._on_consent = on_consent
        self.language = language
        # Her answers as stored (what is done with her words now); nothing chosen without a record.
        self._stored = {use: agreed(consent, use) if consent else None for use in USES}
        self.uses_heading = widgets.HTML()
        self.use_labels = {use: widgets.HTML() for use in USES}
        self.use_buttons = {use: use_choice(translator(language), self._stored[use]) for use in USES}
        self.uses_message = widgets.HTML()
        self._quiet = False
        for use, button in self.use_buttons.items():
            button.observe(lambda change, use=use: self._change_use(use, change), names="value")
        self.uses_box = widgets.VBox([self.uses_heading,
                                      *[part for use in USES for part in (self.use_labels[use], self.use_buttons[use])],
                                      self.uses_message], layout=full_width())
        self.uses_box.add_class("wb-my-consent")
        self.uses_box.layout.display = "flex" if on_consent and consent else "none"
        self.language_choice = widgets.Dropdown(options=[(name, tag) for tag, name in LANGUAGES.items()],
                                                value=language if language in LANGUAGES else "en")
        self.language_choice.add_class("wb-language-switch")
        self.data_button = widgets.Button(icon="user")
        self.data_button.add_class("wb-my-data")
        self.data_text = widgets.HTML(layout=full_width())
        self.downloads = widgets.HTML(layout=full_width())
        self.downloads.add_class("wb-my-data-downloads")
        self.withdraw_button = widgets.Button(button_style="danger")
        self.confirm_text = widgets.HTML()
        self.confirm_button = widgets.Button(button_style="danger")
        self.cancel_button = widgets.Button()
        self.message = widgets.HTML()
        self.data_box = widgets.VBox([self.uses_box, self.data_text, self.downloads, self.withdraw_button,
                                      self.confirm_text,
                                      widgets.HBox([self.confirm_button, self.cancel_button])], layout=full_width())
        self.data_box.layout.display = "none"
        self.language_choice.observe(self._switch, names="value")
        self.data_button.on_click(self._toggle)
        self.withdraw_button.on_click(lambda _b: self._confirming(True))
        self.cancel_button.on_click(lambda _b: self._confirming(False))
        self.confirm_button.on_click(self._erase)
        self.children = [widgets.HBox([self.language_choice, self.data_button]),
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
        self.uses_heading.value = "<p><b>" + html.escape(_("What may be done with your words")) + "</b></p>"
        self._quiet = True
        try:
            for use in USES:
                self.use_labels[use].value = question_html(use, _)
                relabel_choice(self.use_buttons[use], _)
        finally:
            self._quiet = False
        if self.data_box.layout.display != "none":
            self._show_data()

    def _change_use(self, use: str, change) -> None:
        """She changed her answer about ``use``: record it, or put back what is stored."""
        if self._quiet or change["new"] == self._stored[use]:
            return
        _ = translator(self.language)
        answers = {"take_part": True, **self._stored, use: change["new"]}
        try:
            if self._on_consent is None or change["new"] is None:   # not choosable on the page: forged
                return self._put_back(use)
            self._on_consent(answers)
        except WorkbenchError as refusal:
            self._put_back(use)
            self.uses_message.value = f'<p class="wb-error" role="alert">{html.escape(refusal_text(refusal, self.language))}</p>'
            return
        self._stored[use] = bool(change["new"])
        self.uses_message.value = ('<p class="wb-ok" role="status">' + html.escape(
            _("Saved. Your answer applies from now on.")) + "</p>")
        if self.data_box.layout.display != "none":
            self._show_data()

    def _put_back(self, use: str) -> None:
        """Show the stored answer about ``use`` again (a change refused)."""
        self._quiet = True
        try:
            self.use_buttons[use].value = self._stored[use]
        finally:
            self._quiet = False

    def _switch(self, change) -> None:
        self._on_language(change["new"])

    def _show_data(self) -> None:
        """Her record, read again, as a page in her language, and the same to save."""
        _ = translator(self.language)
        record = self._load()
        self.data_text.value = my_data_html(record, self.language)
        self.downloads.value = ('<p class="wb-my-data-save">'
                                + download_link(my_data_page(record, self.language), file_name(self.language, "html"),
                                                "text/html", _("Save this page"))
                                + " · "
                                + download_link(my_data_plain(record, self.language), file_name(self.language, "txt"),
                                                "text/plain", _("Save as text"))
                                + "</p>")

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
            self.message.value = f'<p class="wb-error" role="alert">{html.escape(refusal_text(refusal, self.language))}</p>'
            return
        self.children = [widgets.HTML('<p class="wb-ok wb-erased" role="status">' + html.escape(_(
            "Everything you gave in this session has been erased. Thank you for taking part. "
            "You can close this page.")) + "</p>")]
