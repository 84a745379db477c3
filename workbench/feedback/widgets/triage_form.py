"""TriageForm: decide on one comment — status, response, reason, where the change landed.

Knows no store: ``on_submit(comment_id, Decision)`` records the decision and raises a
WorkbenchError to refuse (the message is shown, the form keeps what was typed). The history
of earlier decisions is shown above, oldest first; nothing is overwritten.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.feedback.rules import DECISIONS, Comment, Decision
from workbench.feedback.labels import status_labels, type_labels
from workbench.core.i18n import translator
from workbench.ui.style import full_width


class TriageForm(widgets.VBox):
    """``status_buttons``, ``response``, ``reason``, ``landed_version``, ``landed_ref``,
    ``duplicate_of`` and ``submit_button`` are public so tests can fill and click them."""

    def __init__(self, on_submit: Callable[[int, Decision], None], *, language: str = "en",
                 on_close: Callable[[], None] | None = None,
                 on_new_version: Callable[[], Sequence[tuple[str, int]]] | None = None, **kwargs):
        super().__init__(layout=full_width(display="none"), **kwargs)
        self.add_class("wb-triage-form")
        self._on_submit, self._on_close, self.language = on_submit, on_close or (lambda: None), language
        self._on_new_version = on_new_version
        self.comment: Comment | None = None
        self.card, self.history, self.message = widgets.HTML(), widgets.HTML(), widgets.HTML()
        labels = status_labels(language)
        self.status_buttons = widgets.ToggleButtons(options=[(labels[s], s) for s in DECISIONS], value=None,
                                                    layout=full_width())
        self.status_buttons.add_class("wb-status")
        self.response = widgets.Textarea(rows=3, layout=full_width())
        self.response.add_class("wb-response")
        self.reason = widgets.Textarea(rows=2, layout=full_width())
        self.reason.add_class("wb-reason")
        self.landed_version = widgets.Dropdown(options=[], layout=widgets.Layout(width="auto"))
        self.landed_ref = widgets.Text(layout=widgets.Layout(width="8em"))
        self.landed_ref.add_class("wb-landed-ref")
        self.new_version_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.new_version_button.add_class("wb-new-version")
        self.new_version_button.on_click(self._new_version)
        self.landed_box = widgets.HBox([self.landed_version, self.landed_ref, self.new_version_button],
                                       layout=widgets.Layout(flex_flow="row wrap"))
        self.duplicate_of = widgets.Text(layout=widgets.Layout(width="8em"))
        self.submit_button = widgets.Button(button_style="primary")
        self.submit_button.add_class("wb-triage-save")
        self.cancel_button = widgets.Button()
        self.status_buttons.observe(lambda _: self._fields(), names="value")
        self.submit_button.on_click(self._submit)
        self.cancel_button.on_click(lambda _: self.close_form())
        self.children = [self.card, self.history, self.status_buttons, self.response, self.reason, self.landed_box,
                         self.duplicate_of, widgets.HBox([self.submit_button, self.cancel_button]), self.message]
        self._relabel()

    def _relabel(self) -> None:
        _ = translator(self.language)
        self.response.placeholder = _("Response to the author (shown in the report)")
        self.reason.placeholder = _("Reason (required to decline)")
        self.landed_version.description = _("Landed in")
        self.landed_ref.placeholder = "1.2.5"
        self.new_version_button.description = _("Start the next version (a copy to edit)")
        self.duplicate_of.placeholder = _("comment id")
        self.duplicate_of.description = _("Duplicate of")
        self.submit_button.description = _("Save decision")
        self.cancel_button.description = _("Cancel")

    def _fields(self) -> None:
        status = self.status_buttons.value
        self.reason.layout.display = "flex" if status == "declined" else "none"
        self.landed_box.layout.display = "flex" if status in ("accepted", "partly_accepted") else "none"
        self.new_version_button.layout.display = ("flex" if self._on_new_version and not self.landed_version.options
                                                  else "none")
        self.duplicate_of.layout.display = "flex" if status == "duplicate" else "none"

    def open_for(self, comment: Comment, history: Sequence[Mapping], versions: Sequence[tuple[str, int]]) -> None:
        """Show ``comment`` (escaped), its decision ``history``, and the later plan ``versions``
        ``(label, number)`` a change may land in."""
        _ = translator(self.language)
        self.comment = comment
        types, labels = type_labels(self.language), status_labels(self.language)
        quote = "" if comment.quotable else " · " + _("do not quote")
        self.card.value = (f'<p class="wb-mine"><b>{html.escape(comment.ref)}</b> · #{comment.id} · '
                           f"{html.escape(types[comment.type])} · {html.escape(comment.language)}{html.escape(quote)}"
                           f'<br><span lang="{html.escape(comment.language)}">{html.escape(comment.text)}</span></p>')
        lines = [f"<li>{html.escape(d['created_at'])}: <b>{html.escape(labels[d['status']])}</b>"
                 + (f" — {html.escape(d['response'])}" if d["response"] else "")
                 + (f" ({html.escape(d['reason'])})" if d["reason"] else "") + "</li>" for d in history]
        earlier = _("Earlier decisions")
        self.history.value = (f"<p>{html.escape(earlier)}:</p><ol class=\"wb-history\">"
                              + "".join(lines) + "</ol>") if lines else ""
        self.landed_version.options = list(versions)
        self.landed_version.value = versions[0][1] if versions else None
        self.landed_ref.value = comment.ref
        self.status_buttons.value = None
        self.response.value = self.reason.value = self.duplicate_of.value = self.message.value = ""
        self._fields()
        self.layout.display = "flex"

    def _new_version(self, _button=None) -> None:
        """No later version yet for the change to land in: start one (a copy of the reviewed one)."""
        try:
            versions = list(self._on_new_version())
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error" role="alert">{html.escape(str(refusal))}</p>'
            return
        self.landed_version.options = versions
        self.landed_version.value = versions[0][1] if versions else None
        self._fields()

    def close_form(self) -> None:
        self.layout.display = "none"
        self.comment = None
        self._on_close()

    def decision(self) -> Decision:
        """What the form says, as a :class:`Decision` (checked by the core when saved)."""
        status = self.status_buttons.value or ""
        landed = status in ("accepted", "partly_accepted")
        duplicate = self.duplicate_of.value.strip().lstrip("#")
        return Decision(status, self.response.value, self.reason.value if status == "declined" else "",
                        self.landed_version.value if landed and self.landed_ref.value.strip() else None,
                        self.landed_ref.value.strip() if landed and self.landed_version.value is not None else None,
                        int(duplicate) if status == "duplicate" and duplicate.isdigit() else None)

    def _submit(self, _button=None) -> None:
        _ = translator(self.language)
        if self.comment is None or not self.status_buttons.value:
            self.message.value = '<p class="wb-error" role="alert">' + html.escape(_("Please choose a status.")) + "</p>"
            return
        try:
            self._on_submit(self.comment.id, self.decision())
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error" role="alert">{html.escape(str(refusal))}</p>'
            return
        self.close_form()
