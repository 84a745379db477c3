"""DemographicsForm: the optional questions (country, languages, age band, gender).

Every question may be left unanswered or answered "prefer not to say". Country names come in
the reader's language; they are loaded when the form is first shown.

Languages are typed freely (a TagsInput with ``allowed_tags`` would silently drop anything but
an exact pick, "Kiswahili, Kiingereza" among them): each answer is read by
:func:`~workbench.participation.rules.split_spoken` as she types, the languages it recognises
are shown by their names in her language and the rest is kept as she typed it, with a line
saying which is which. ``value()`` hands what was typed to the core, which sorts it the same way.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from workbench.core.errors import ValidationError
from workbench.core.i18n import translator
from workbench.participation.rules import (
    AGE_BANDS,
    MAX_OTHER_LANGUAGE_CHARS,
    PREFER_NOT,
    Demographics,
    countries,
    language_name,
    split_spoken,
)
from workbench.ui.style import full_width


class DemographicsForm(widgets.VBox):
    """Four optional questions; ``value()`` returns the answers as :class:`Demographics`."""

    def __init__(self, language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.language = language
        self.intro = widgets.HTML()
        self.country = widgets.Dropdown(layout=full_width())
        # allowed_tags=[]: any text is kept (names are recognised in Python, not in the browser)
        self.spoken = widgets.TagsInput(allowed_tags=[], allow_duplicates=False, layout=full_width())
        self.spoken.add_class("wb-spoken")
        self.spoken_understood = widgets.HTML(layout=full_width())
        self.spoken_not = widgets.Checkbox(indent=False)
        self.age_band = widgets.Dropdown(layout=full_width())
        self.gender = widgets.Dropdown(layout=full_width())
        self.labels = [widgets.HTML() for _ in range(4)]
        self.children = [self.intro, self.labels[0], self.country, self.labels[1], self.spoken,
                         self.spoken_understood, self.spoken_not, self.labels[2], self.age_band,
                         self.labels[3], self.gender]
        self._loaded = None
        self._rewriting = False
        self.spoken.observe(self._understand, names="value")
        for widget in (self.country, self.age_band, self.gender):
            widget.add_class("wb-labelled")

    def load(self, language: str) -> None:
        """(Re)build the choices in ``language`` (cheap when already built in it)."""
        if self._loaded == language:
            return
        self.language, self._loaded = language, language
        _ = translator(language)
        # "" stands for "not answered": a Dropdown shows a None value as an empty box
        unanswered, prefer_not = (_("(no answer)"), ""), (_("Prefer not to say"), PREFER_NOT)
        self.intro.value = ("<p>" + _("These questions are optional. The answers are only counted "
                                       "together with everyone else's, never shown next to your pseudonym.")
                            + "</p>")
        for label, text in zip(self.labels, (_("Country you live in"), _("Languages you speak"),
                                             _("Age"), _("Gender"))):
            label.value = f"<b>{text}</b>"
        for widget, text in ((self.country, _("Country you live in")), (self.age_band, _("Age")),
                             (self.gender, _("Gender"))):
            widget.description = text   # the select's accessible name (shown by the label above)
        kept = {w: w.value or "" for w in (self.country, self.age_band, self.gender)}
        self.country.options = [unanswered, prefer_not, *countries(language)]
        self.spoken.placeholder = _("Type a language")
        self._understand()
        self.spoken_not.description = _("Prefer not to say")
        self.age_band.options = [unanswered, prefer_not, *[(band, band) for band in AGE_BANDS]]
        genders = [(_("Woman"), "woman"), (_("Man"), "man"), (_("Non-binary"), "non_binary"),
                   (_("Another gender"), "another")]
        self.gender.options = [unanswered, prefer_not, *genders]
        for widget, value in kept.items():   # a language change keeps the answers given
            widget.value = value if value in [v for _, v in widget.options] else ""

    def _understand(self, _change=None) -> None:
        """Show what the languages typed were understood as: each recognised language becomes
        a tag of its own, named in the reader's language; the rest stays as typed."""
        _ = translator(self.language)
        try:
            tags, texts = split_spoken(self.spoken.value)
        except ValidationError:
            self.spoken_understood.value = '<p class="wb-error" role="alert">' + html.escape(_(
                "Please write each language in at most %(n)d characters.")
                % {"n": MAX_OTHER_LANGUAGE_CHARS}) + "</p>"
            return
        names = [language_name(tag, self.language) for tag in tags]
        shown = [*names, *texts]
        if list(self.spoken.value) != shown and not self._rewriting:
            self._rewriting = True             # observed again, once: then shown as it is
            try:
                self.spoken.value = shown
            finally:
                self._rewriting = False
            return
        lines = []
        if names:
            lines.append(_("Understood: %(languages)s.") % {"languages": ", ".join(names)})
        if texts:
            lines.append(_("Kept as you typed it, counted only as “another language”: %(languages)s.")
                         % {"languages": ", ".join(texts)})
        self.spoken_understood.value = "".join(
            f'<p class="wb-note" role="status">{html.escape(line)}</p>' for line in lines)

    def value(self) -> Demographics:
        """The answers given so far (languages as typed: the core recognises them)."""
        languages = PREFER_NOT if self.spoken_not.value else tuple(self.spoken.value) or None
        return Demographics(self.country.value or None, languages, self.age_band.value or None,
                            self.gender.value or None)
