"""UpdateForm: an owner picks one of their milestones, sets status and value, writes a note and
submits. Knows nothing about storage: ``on_submit(entries)`` saves (or raises
:class:`~workbench.core.errors.WorkbenchError`, shown to the person) and ``history(milestone)``
gives the milestone's updates so far."""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import traitlets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import translator
from workbench.plan.model import pick
from workbench.tracker.rules import STATUSES, History, Milestone, Update
from workbench.tracker.labels import status_labels
from workbench.tracker.files import format_number
from workbench.ui.style import full_width
from workbench.tracker.widgets.panels import history_html


class UpdateForm(widgets.VBox):
    """The progress-update form. ``value`` holds the entries as typed."""
    value = traitlets.Dict(help="The form's entries: milestone, date, status, value, note, reporter, "
                                "evidence, corrects")

    def __init__(self, milestones: Sequence[Milestone], on_submit: Callable[[dict], str],
                 history: Callable[[Milestone], Sequence[Update]] = lambda m: (),
                 language: str = "en", today: dt.date | None = None, **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self._ = _ = translator(language)
        self.language, self._on_submit, self._history = language, on_submit, history
        self.milestones = {m.key: m for m in milestones}
        self.labels = status_labels(language)
        owners = sorted({m.owner for m in milestones}, key=str.casefold)
        self.owner_picker = self._input(widgets.Dropdown(options=owners), "wb-owner", _("Owner"))
        self.milestone_picker = self._input(widgets.Dropdown(), "wb-milestone", _("Milestone"))
        self.status_picker = self._input(widgets.Dropdown(options=[(self.labels[s], s) for s in STATUSES]),
                                         "wb-status", _("Status"))
        self.value_input = self._input(widgets.Text(placeholder=_("a number, e.g. 12")), "wb-value", "")
        self.date_input = self._input(widgets.Text(value=(today or dt.date.today()).isoformat(),
                                                   placeholder="YYYY-MM-DD"), "wb-date", _("Date of this report"))
        self.reporter_input = self._input(widgets.Text(), "wb-reporter", _("Reported by (role or organisation)"))
        self.note_input = self._input(widgets.Textarea(rows=3), "wb-note-input",
                                      _("Note (needed when a done milestone changes status)"))
        self.evidence_input = self._input(widgets.Textarea(rows=2, placeholder="https://…"), "wb-evidence",
                                          _("Evidence links (optional, one per line)"))
        self.corrects_picker = self._input(widgets.Dropdown(), "wb-corrects", _("This report corrects"))
        self.submit_button = widgets.Button(description=_("Submit"), button_style="primary",
                                            layout=full_width())
        self.submit_button.add_class("wb-submit")
        self.message = widgets.HTML(layout=full_width())
        self.message.add_class("wb-message")
        self.history_box = widgets.HTML(layout=full_width())
        self.value_box = widgets.VBox([self.value_input], layout=full_width())
        self.children = [
            self.owner_picker, self.milestone_picker, self.status_picker, self.value_box, self.date_input,
            self.reporter_input, self.note_input, self.evidence_input, self.corrects_picker,
            self.submit_button, self.message,
            widgets.HTML("<h3>" + html.escape(_("Reports so far")) + "</h3>"), self.history_box]
        self.owner_picker.observe(self._pick_owner, names="value")
        self.milestone_picker.observe(self._pick_milestone, names="value")
        for entry in (self.status_picker, self.value_input, self.date_input, self.reporter_input,
                      self.note_input, self.evidence_input, self.corrects_picker):
            entry.observe(self._collect, names="value")
        self.submit_button.on_click(self._submit)
        self._pick_owner()

    @staticmethod
    def _input(widget: widgets.Widget, css_class: str, label: str) -> widgets.Widget:
        """Give ``widget`` its label (shown above it, and its accessible name) and full width."""
        widget.layout = full_width()
        widget.description = label
        widget.style.description_width = "initial"
        widget.add_class(css_class)
        widget.add_class("wb-stack")
        return widget

    @property
    def milestone(self) -> Milestone | None:
        return self.milestones.get(self.milestone_picker.value)

    def _pick_owner(self, *_):
        owner = self.owner_picker.value
        options = [(f"{m.key} · {pick(m.title, self.language)} · {m.target}", m.key)
                   for m in self.milestones.values() if m.owner == owner]
        self.reporter_input.value = owner or ""
        self.milestone_picker.options = options     # the value observer refreshes the rest
        self.milestone_picker.value = options[0][1] if options else None

    def _pick_milestone(self, *_):
        m = self.milestone
        indicator = m.indicator if m else None
        self.value_box.layout.display = "flex" if indicator else "none"
        self.value_input.value = ""
        if indicator:
            self.value_input.description = self._("Value (%(unit)s; baseline %(baseline)s, target %(target)s)") % {
                "unit": indicator.unit, "baseline": format_number(indicator.baseline),
                "target": format_number(indicator.target)}
        self.refresh_history()

    def refresh_history(self) -> None:
        """Reload the picked milestone's reports (after a submit, or when it changes)."""
        m = self.milestone
        updates = list(self._history(m)) if m else []
        found = History(updates)
        self.history_box.value = history_html(found, dt.date.max, self.labels, self._)
        corrected = found.corrected_ids()
        current = self.status_picker.value
        latest = found.latest(dt.date.max)
        self.corrects_picker.options = [(self._("nothing: a new report"), 0)] + [
            (f"{u.date.isoformat()} · {self.labels[u.status]}", u.id)
            for u in reversed(found.updates) if u.id not in corrected]
        self.corrects_picker.value = 0
        self.status_picker.value = latest.status if latest else current
        self._collect()

    def _collect(self, *_):
        self.value = {"milestone": self.milestone_picker.value, "date": self.date_input.value,
                      "status": self.status_picker.value, "value": self.value_input.value,
                      "note": self.note_input.value, "reporter": self.reporter_input.value,
                      "evidence": self.evidence_input.value, "corrects": self.corrects_picker.value or None}

    def _submit(self, *_):
        self._collect()
        if self.milestone is None:
            self._say(self._("Pick a milestone first."), ok=False)
            return
        try:
            confirmation = self._on_submit(dict(self.value))
        except WorkbenchError as error:   # the boundary: tell the person, change nothing
            self._say(self._("Not saved: %(problem)s") % {"problem": error}, ok=False)
            return
        self.note_input.value = self.evidence_input.value = self.value_input.value = ""
        self.refresh_history()
        self._say(confirmation, ok=True)

    def _say(self, text: str, ok: bool) -> None:
        self.message.value = f'<p class="{"wb-ok" if ok else "wb-error"}">{html.escape(text)}</p>'
