"""SessionPanel: one session's join code and link, its phase buttons, live numbers, roles.

Knows no store: ``on_phase(phase)`` and ``on_role(participant_id, role)`` act (raising a
WorkbenchError to refuse); ``show(...)`` and ``show_numbers(...)`` draw.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import translator
from workbench.plan.model import pick
from workbench.ui.style import full_width

PHASE_BUTTONS = ("gathering", "reacting", "closed")


class SessionPanel(widgets.VBox):
    """The selected session: code, link, phase, numbers, interpreters."""

    def __init__(self, *, on_phase: Callable[[str], None], on_role: Callable[[int, str], None],
                 language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self._on_phase, self._on_role, self.language = on_phase, on_role, language
        _ = translator(language)
        self.heading = widgets.HTML()
        self.numbers = widgets.HTML()
        self.numbers.add_class("wb-numbers")
        names = {"gathering": _("Gathering"), "reacting": _("Reacting"), "closed": _("Closed")}
        self.phase_buttons = {phase: widgets.Button(description=names[phase]) for phase in PHASE_BUTTONS}
        for phase, button in self.phase_buttons.items():
            button.on_click(lambda _b, p=phase: self._phase(p))
        self.people = widgets.Dropdown(description=_("Person"), layout=full_width())
        self.interpreter_button = widgets.Button(description=_("Make interpreter"))
        self.participant_button = widgets.Button(description=_("Make participant"))
        self.interpreter_button.on_click(lambda _b: self._role("interpreter"))
        self.participant_button.on_click(lambda _b: self._role("participant"))
        self.message = widgets.HTML()
        self.children = [self.heading, widgets.HBox(list(self.phase_buttons.values())), self.numbers,
                         self.message, widgets.HTML("<h4>" + html.escape(_("Interpreters")) + "</h4>"),
                         self.people, widgets.HBox([self.interpreter_button, self.participant_button])]

    def show(self, session: Mapping, link: str, participants: Sequence[Mapping]) -> None:
        """Draw ``session`` (with its participant ``link``) and offer its ``participants``."""
        _ = translator(self.language)
        code = session["code"]
        self.heading.value = (
            f"<h3>{html.escape(pick(session['title'], self.language))}</h3>"
            f'<p>{html.escape(_("Join code"))}: <b class="wb-code">{html.escape(code[:3])} {html.escape(code[3:])}</b></p>'
            f'<p>{html.escape(_("Participant link"))}: <a href="{html.escape(link)}" target="_blank">'
            f"{html.escape(link)}</a></p>")
        for phase, button in self.phase_buttons.items():
            button.button_style = "info" if phase == session["phase"] else ""
        chosen = self.people.value
        self.people.options = [(f"{p['pseudonym']} ({_('interpreter') if p['role'] == 'interpreter' else p['language']})",
                                p["id"]) for p in participants]
        ids = [p["id"] for p in participants]
        self.people.value = chosen if chosen in ids else (ids[0] if ids else None)

    def show_numbers(self, numbers: Mapping[str, int], phase: str) -> None:
        _ = translator(self.language)
        rows = [(_("Phase"), {"draft": _("Not started"), "gathering": _("Gathering"),
                              "reacting": _("Reacting"), "closed": _("Closed")}.get(phase, phase)),
                (_("Participants joined"), numbers["participants"]),
                (_("Contributions"), numbers["contributions"]),
                (_("Reactions"), numbers["reactions"]),
                (_("Break requests"), _("%(all)d (%(recent)d in the last 10 minutes)")
                 % {"all": numbers["breaks"], "recent": numbers["recent_breaks"]})]
        alert = (f'<p class="wb-alert" role="alert">{html.escape(_("Someone asked for a break."))}</p>'
                 if numbers["recent_breaks"] else "")
        if not phase:
            rows = rows[1:]
        self.numbers.value = alert + "<table>" + "".join(
            f'<tr><th>{html.escape(str(k))}</th><td data-number="{i}">{html.escape(str(v))}</td></tr>'
            for i, (k, v) in enumerate(rows)) + "</table>"

    def _phase(self, phase: str) -> None:
        try:
            self._on_phase(phase)
            self.message.value = ""
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error">{html.escape(str(refusal))}</p>'

    def _role(self, role: str) -> None:
        if self.people.value is None:
            return
        try:
            self._on_role(self.people.value, role)
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error">{html.escape(str(refusal))}</p>'
