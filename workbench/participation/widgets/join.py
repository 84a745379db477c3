"""JoinPanel: join code → language → pseudonym → consent → optional demographics.

Used unchanged by every participant app (visioning, feedback, vote). It knows no store: the
app passes ``lookup(code) -> session`` (raising a WorkbenchError for a wrong or closed code) and
``on_join(session, JoinAnswers)`` (raising a WorkbenchError if the store refuses). A session is
a dict with ``title`` and ``consent`` ({language: text}) and ``consent_version``.

The consent step asks yes or no to each use of the person's words (:data:`workbench.participation.privacy.USES`:
quoting, translating, counting in numbers shared with partners), recorded with the consent.
None is chosen for her: each starts with no answer, and "I agree to take part" stays disabled,
with a note naming what is not answered yet, until she has answered every one (a forged tap on
it does nothing; the store refuses answers that leave out a use). With
``on_resume(session, return_code)`` the language step offers "I have a return code": the app
finds the same participant again; with ``remembered`` (join code → return code, what this phone
remembers) a person coming back is found again at once, without retyping (a code that no longer
works is ignored: she joins as usual).
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as widgets
import traitlets

from workbench.participation.codes import new_pseudonym
from workbench.core.errors import NotFound, ValidationError, WorkbenchError
from workbench.core.i18n import LANGUAGES, refusal as refusal_text, translator
from workbench.plan.model import pick
from workbench.participation.rules import Demographics, JoinAnswers, PseudonymRefused
from workbench.participation.privacy import USES
from workbench.participation.widgets.consent_uses import (
    missing_note,
    missing_text,
    question_html,
    relabel_choice,
    unanswered,
    use_choice,
)
from workbench.participation.widgets.demographics_form import DemographicsForm
from workbench.ui.style import full_width

STEPS = ("code", "language", "resume", "pseudonym", "consent", "demographics", "done")
#: The widgets of each step, made when the step is first needed (shown, or one of its widgets
#: used): a page that opens on the code or language step sends ~30 widgets, not ~140.
STEP_WIDGETS = {
    "language": ("language_buttons", "language_button", "return_button"),
    "resume": ("return_input", "resume_button", "resume_back_button"),
    "pseudonym": ("pseudonym_input", "suggest_button", "pseudonym_button"),
    "consent": ("consent_text", "agree_button", "decline_button", "use_labels", "use_buttons", "consent_note"),
    "demographics": ("demographics", "join_button", "skip_button"),
}
_STEP_OF = {name: step for step, names in STEP_WIDGETS.items() for name in names}


class JoinPanel(widgets.VBox):
    """The steps of joining a session, one screen at a time; ``step`` names the one shown."""
    step = traitlets.Unicode("code", help="The step shown: " + ", ".join(STEPS))
    language = traitlets.Unicode("en", help="The language chosen (and of this panel)")

    def __init__(self, lookup: Callable[[str], Mapping], on_join: Callable[[Mapping, JoinAnswers], None], *,
                 code: str = "", language: str = "en", suggest: Callable[..., str] = new_pseudonym,
                 on_resume: Callable[[Mapping, str], None] | None = None,
                 remembered: Mapping[str, str] | None = None, **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self._lookup, self._on_join, self._suggest = lookup, on_join, suggest
        self._on_resume = on_resume
        self._remembered = dict(remembered or {})
        self._pages: dict[str, list] = {}
        self.session: Mapping | None = None
        self.heading = widgets.HTML()
        self.message = widgets.HTML()
        self.message.add_class("wb-message")
        self.texts: dict[str, widgets.HTML] = {name: widgets.HTML() for name in STEPS}
        self.code_input = widgets.Text(value=code, layout=full_width())
        self.code_button = widgets.Button(button_style="primary")
        self._pages["code"] = [self.texts["code"], self.code_input, self.code_button]
        self._pages["done"] = [self.texts["done"]]
        # Each button acts only on its own step: a late tap on a button already replaced (or a
        # message forged in the browser) cannot skip a step, least of all the consent.
        self.code_button.on_click(self._on("code", self._check_code))
        self.language = language if language in LANGUAGES else "en"
        self.observe(self._relabel, names="language")
        self.observe(self._show, names="step")
        self._relabel()
        self._show()

    def __getattr__(self, name: str):
        """A widget of a step not built yet: build the step's widgets, then return it."""
        step, pages = _STEP_OF.get(name), self.__dict__.get("_pages")
        if step is None or pages is None or step in pages:
            raise AttributeError(name)
        self._build(step)
        return self.__dict__[name]

    def _build(self, step: str) -> list:
        """The widgets of ``step`` (made, wired and labelled the first time)."""
        if step in self._pages:
            return self._pages[step]
        if step == "language":
            self.language_buttons = widgets.ToggleButtons(
                options=[(name, tag) for tag, name in LANGUAGES.items()], value=self.language)
            self.language_button = widgets.Button(button_style="primary")
            self.return_button = widgets.Button()
            self.return_button.layout.display = "flex" if self._on_resume else "none"
            self.language_button.on_click(self._on("language", lambda: self._go("pseudonym")))
            self.return_button.on_click(self._on("language", lambda: self._go("resume")))
            self.language_buttons.observe(lambda change: setattr(self, "language", change["new"]), names="value")
            page = [self.texts["language"], self.language_buttons, self.language_button, self.return_button]
        elif step == "resume":
            self.return_input = widgets.Text(layout=full_width(), placeholder="K7QX-4RMA")
            self.resume_button = widgets.Button(button_style="primary")
            self.resume_back_button = widgets.Button()
            self.resume_button.on_click(self._on("resume", self._resume))
            self.resume_back_button.on_click(self._on("resume", lambda: self._go("language")))
            page = [self.texts["resume"], self.return_input,
                    widgets.HBox([self.resume_button, self.resume_back_button])]
        elif step == "pseudonym":
            self.pseudonym_input = widgets.Text(value=self._suggest(language=self.language), layout=full_width())
            self.suggest_button = widgets.Button()
            self.pseudonym_button = widgets.Button(button_style="primary")
            self.suggest_button.on_click(self._on("pseudonym", lambda: setattr(
                self.pseudonym_input, "value", self._suggest(language=self.language))))
            self.pseudonym_button.on_click(self._on("pseudonym", self._check_pseudonym))
            page = [self.texts["pseudonym"], self.pseudonym_input,
                    widgets.HBox([self.suggest_button, self.pseudonym_button])]
        elif step == "consent":
            self.consent_text = widgets.HTML(layout=full_width())
            self.consent_text.add_class("wb-consent")
            self.agree_button = widgets.Button(button_style="primary")
            self.decline_button = widgets.Button()
            self.use_labels = {use: widgets.HTML() for use in USES}
            # No answer is chosen for her: each use starts empty (see the module doc).
            self.use_buttons = {use: use_choice(translator(self.language)) for use in USES}
            self.consent_note = widgets.HTML()
            for button in self.use_buttons.values():
                button.observe(self._update_agree, names="value")
            self.agree_button.on_click(self._on("consent", self._agree))
            self.decline_button.on_click(self._on("consent", self._decline))
            page = [self.texts["consent"], self.consent_text,
                    *[part for use in USES for part in (self.use_labels[use], self.use_buttons[use])],
                    self.consent_note, widgets.HBox([self.agree_button, self.decline_button])]
        else:
            self.demographics = DemographicsForm(self.language)
            self.join_button = widgets.Button(button_style="primary")
            self.skip_button = widgets.Button()
            self.join_button.on_click(self._on("demographics", lambda: self._join(with_demographics=True)))
            self.skip_button.on_click(self._on("demographics", lambda: self._join(with_demographics=False)))
            page = [self.demographics, widgets.HBox([self.join_button, self.skip_button])]
        self._pages[step] = page
        self._relabel()
        return page

    # -- steps ------------------------------------------------------------------------------
    def _on(self, step: str, action):
        def handler(_button=None):
            if self.step == step:
                action()
        return handler

    def _go(self, step: str, message: str = "") -> None:
        self.message.value = message
        self.step = step

    def _show(self, *_):
        page = self._build(self.step)
        if self.step == "demographics":
            self.demographics.load(self.language)
        self.children = [self.heading, *page, self.message]

    def _say(self, text: str) -> None:
        self.message.value = f'<p class="wb-error" role="alert">{html.escape(text)}</p>'

    def _check_code(self):
        _ = translator(self.language)
        try:
            session = self._lookup(self.code_input.value)
        except ValidationError:
            return self._say(_("A join code has 6 letters and digits, like K7QX4R. Please check it."))
        except NotFound:
            return self._say(_("No session has this code. Please check it with your facilitator."))
        if session["phase"] == "closed":
            return self._say(_("This session is closed. Thank you for your interest."))
        if session["phase"] == "draft":
            return self._say(_("This session has not started yet. Please try again when it starts."))
        self.session = session
        self._relabel()
        if self._resume_remembered(session):
            return
        self._go("language")

    def _resume_remembered(self, session: Mapping) -> bool:
        """Find the person again with the return code this phone remembers for the session."""
        code = self._remembered.pop(str(session.get("code", "")).upper(), None)
        if not code or self._on_resume is None:
            return False
        try:
            self._on_resume(session, code)
        except WorkbenchError:
            return False
        self._relabel()
        self.texts["done"].value = "<p>" + html.escape(translator(self.language)("Welcome back!")) + "</p>"
        self._go("done")
        return True

    def _check_pseudonym(self):
        _ = translator(self.language)
        if len(" ".join(self.pseudonym_input.value.split())) < 2:
            return self._say(_("Please choose a pseudonym of at least 2 characters."))
        self._go("consent")

    def _update_agree(self, *_args) -> None:
        """Enable "I agree to take part" once every use is answered; until then a note says
        which are not."""
        missing = unanswered(self.use_buttons)
        self.agree_button.disabled = bool(missing)
        self.consent_note.value = missing_note(missing, translator(self.language))
        if not missing and self.step == "consent":
            self.message.value = ""

    def _agree(self):
        missing = unanswered(self.use_buttons)
        if missing:     # a tap the disabled button cannot make (forged): stay, and say why
            return self._say(missing_text(missing, translator(self.language)))
        self._go("demographics")

    def _decline(self):
        _ = translator(self.language)
        self.texts["done"].value = "<p>" + html.escape(_(
            "You have not joined. Nothing about you was saved. You can close this page.")) + "</p>"
        self._go("done")

    def _resume(self):
        _ = translator(self.language)
        try:
            self._on_resume(self.session, self.return_input.value)
        except ValidationError:
            return self._say(_("A return code has 8 letters and digits, like K7QX-4RMA. Please check it."))
        except NotFound:
            return self._say(_("This return code is not right for this session. Please check it."))
        except WorkbenchError as refusal:
            return self._say(refusal_text(refusal, self.language))
        self.texts["done"].value = "<p>" + html.escape(_("Welcome back!")) + "</p>"
        self._go("done")

    def consent_answers(self) -> dict:
        """Taking part, and yes or no to each use of the person's words she answered (one
        not answered is left out, never taken as yes or no: the store refuses such answers)."""
        return {"take_part": True, **{use: bool(self.use_buttons[use].value) for use in USES
                                      if self.use_buttons[use].value is not None}}

    def answers(self, with_demographics: bool = True) -> JoinAnswers:
        """What the person answered, as the store takes it."""
        return JoinAnswers(self.pseudonym_input.value, self.language,
                           int(self.session["consent_version"]), self.consent_answers(),
                           self.demographics.value() if with_demographics else Demographics())

    def _join(self, with_demographics: bool):
        try:
            self._on_join(self.session, self.answers(with_demographics))
        except PseudonymRefused:
            self._go("pseudonym")
            return self._say(translator(self.language)(
                "Someone in this session already uses this pseudonym, or it is too short or too long. "
                "Please choose another."))
        except WorkbenchError as refusal:
            return self._say(refusal_text(refusal, self.language))
        _ = translator(self.language)
        self.texts["done"].value = "<p>" + html.escape(_("Welcome, %(name)s!") % {
            "name": " ".join(self.pseudonym_input.value.split())}) + "</p>"
        self._go("done")

    # -- words ------------------------------------------------------------------------------
    def _relabel(self, *_args):
        _ = translator(self.language)
        built = self._pages
        title = pick(self.session["title"], self.language) if self.session else ""
        self.heading.value = f"<h2>{html.escape(title or _('Join a session'))}</h2>"
        self.texts["code"].value = "<p>" + html.escape(_("Type the join code your facilitator gave you.")) + "</p>"
        self.code_input.placeholder = "K7QX4R"
        self.code_button.description = _("Continue")
        self.texts["language"].value = "<p>" + html.escape(_("Choose your language.")) + "</p>"
        self.texts["pseudonym"].value = "<p>" + html.escape(_(
            "This is the name others will see. We suggest one; you may change it. "
            "Please do not use your real name.")) + "</p>"
        self.texts["consent"].value = "<p><b>" + html.escape(_("Before you take part, please read:")) + "</b></p>"
        self.texts["resume"].value = "<p>" + html.escape(_("Type the return code you were given.")) + "</p>"
        if "language" in built:
            self.language_button.description = _("Continue")
            self.return_button.description = _("I have a return code")
        if "pseudonym" in built:
            self.suggest_button.description = _("Another suggestion")
            self.pseudonym_button.description = _("Continue")
        if "consent" in built:
            consent = pick(self.session["consent"], self.language) if self.session else ""
            self.consent_text.value = "".join(f"<p>{html.escape(p)}</p>" for p in consent.split("\n") if p.strip())
            self.agree_button.description = _("I agree to take part")
            self.decline_button.description = _("I do not agree")
            for use in USES:
                self.use_labels[use].value = question_html(use, _)
                relabel_choice(self.use_buttons[use], _)
            self._update_agree()
        if "resume" in built:
            self.resume_button.description = _("Continue")
            self.resume_back_button.description = _("Back")
        if "demographics" in built:
            self.join_button.description = _("Join")
            self.skip_button.description = _("Skip these questions")
            if self.step == "demographics":
                self.demographics.load(self.language)
