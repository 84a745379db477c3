"""DemographicsForm: the optional questions (country, languages, age band, gender).

Every question may be left unanswered or answered "prefer not to say". Country and language
names come in the reader's language; they are loaded when the form is first shown.
"""
from __future__ import annotations

import ipywidgets as widgets

from workbench.core.i18n import translator
from workbench.participation.rules import AGE_BANDS, PREFER_NOT, Demographics, countries, spoken_languages
from workbench.ui.style import full_width


class DemographicsForm(widgets.VBox):
    """Four optional questions; ``value()`` returns the answers as :class:`Demographics`."""

    def __init__(self, language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.language = language
        self.intro = widgets.HTML()
        self.country = widgets.Dropdown(layout=full_width())
        self.spoken = widgets.TagsInput(allowed_tags=[], allow_duplicates=False, layout=full_width())
        self.spoken_not = widgets.Checkbox(indent=False)
        self.age_band = widgets.Dropdown(layout=full_width())
        self.gender = widgets.Dropdown(layout=full_width())
        self.labels = [widgets.HTML() for _ in range(4)]
        self.children = [self.intro, self.labels[0], self.country, self.labels[1], self.spoken,
                         self.spoken_not, self.labels[2], self.age_band, self.labels[3], self.gender]
        self._language_tags: dict[str, str] = {}
        self._loaded = None
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
        self._language_tags = {f"{name} ({tag})": tag for name, tag in spoken_languages(language)}
        self.spoken.allowed_tags = list(self._language_tags)
        self.spoken.placeholder = _("Type a language")
        self.spoken_not.description = _("Prefer not to say")
        self.age_band.options = [unanswered, prefer_not, *[(band, band) for band in AGE_BANDS]]
        genders = [(_("Woman"), "woman"), (_("Man"), "man"), (_("Non-binary"), "non_binary"),
                   (_("Another gender"), "another")]
        self.gender.options = [unanswered, prefer_not, *genders]
        for widget, value in kept.items():   # a language change keeps the answers given
            widget.value = value if value in [v for _, v in widget.options] else ""

    def value(self) -> Demographics:
        """The answers given so far."""
        if self.spoken_not.value:
            languages = PREFER_NOT
        else:
            languages = tuple(self._language_tags[name] for name in self.spoken.value
                              if name in self._language_tags) or None
        return Demographics(self.country.value or None, languages, self.age_band.value or None,
                            self.gender.value or None)
