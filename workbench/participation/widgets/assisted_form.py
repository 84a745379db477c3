"""AssistedForm (facilitator): add a participant who has no device or joins by phone call.

The facilitator reads the consent text aloud, records the person's answers as they said them
(taking part, and yes or no to each use of their words: none is chosen in advance, and each must
be answered, for every new person) and how they agreed, and gets the
person's pseudonym and return code to give them. Entries are then made in the participant app
with that return code (on the facilitator's or interpreter's device) and are marked as assisted
there. Knows no store: ``on_add(pseudonym, language, consent, how) -> return code``.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from workbench.participation.codes import new_pseudonym
from workbench.core.errors import WorkbenchError
from workbench.core.i18n import LANGUAGES, refusal, translator
from workbench.participation.privacy import USES
from workbench.participation.widgets.consent_uses import missing_text, unanswered, use_choice
from workbench.ui.style import full_width


class AssistedForm(widgets.VBox):
    def __init__(self, on_add: Callable[[str, str, dict, str], str], *, language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self._on_add = on_add
        _ = translator(language)
        self.pseudonym = widgets.Text(value=new_pseudonym(language=language), description=_("Pseudonym"), layout=full_width())
        self.language = widgets.Dropdown(options=[(name, tag) for tag, name in LANGUAGES.items()],
                                         description=_("Language"))
        self.take_part = widgets.Checkbox(value=False, description=_("They agreed to take part"), indent=False)
        labels = {"quote": _("Quoted in reports"), "translate": _("Translated"),
                  "share_numbers": _("Counted in shared numbers")}
        self.uses = {use: use_choice(_) for use in USES}
        for use, choice in self.uses.items():
            choice.description = labels[use]
        self.how = widgets.Text(placeholder=_("How they agreed (by phone, in person, language)"), layout=full_width())
        self.add_button = widgets.Button(description=_("Add an assisted participant"), button_style="primary")
        self.result = widgets.HTML()
        self.add_button.on_click(self._add)
        self.children = [self.pseudonym, self.language, self.take_part, *self.uses.values(), self.how,
                         self.add_button, self.result]
        self._ = _
        self.language_shown = language

    def _add(self, _button=None) -> None:
        _ = self._
        missing = unanswered(self.uses)
        if missing:
            self.result.value = f'<p class="wb-error" role="alert">{html.escape(missing_text(missing, _))}</p>'
            return
        consent = {"take_part": bool(self.take_part.value), **{u: bool(b.value) for u, b in self.uses.items()}}
        try:
            code = self._on_add(self.pseudonym.value, self.language.value, consent, self.how.value)
        except WorkbenchError as error:
            self.result.value = f'<p class="wb-error" role="alert">{html.escape(refusal(error, self.language_shown))}</p>'
            return
        self.result.value = '<p class="wb-ok wb-return-code" role="status">' + html.escape(_(
            "Added %(name)s. Their return code is %(code)s: give it to them, and use it in the "
            "participant app to enter what they say.") % {"name": self.pseudonym.value, "code": code}) + "</p>"
        self.pseudonym.value, self.how.value, self.take_part.value = new_pseudonym(language=self.language.value), "", False
        for choice in self.uses.values():   # the next person answers for herself
            choice.value = None
