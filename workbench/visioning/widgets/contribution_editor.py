"""ContributionEditor: write answers to a session's prompts; edit or withdraw one's own.

Knows no store: ``on_add(prompt, text)``, ``on_edit(id, text)`` and ``on_withdraw(id)`` do the
work and raise a WorkbenchError to refuse (the message is shown). The counter is a help, not
the rule: the limit is checked again by the core when the text is saved.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import refusal as refusal_text, translator
from workbench.plan.model import pick
from workbench.visioning.rules import MAX_CONTRIBUTION_CHARS
from workbench.ui.lifecycle import close_tree
from workbench.ui.style import full_width


class ContributionEditor(widgets.VBox):
    """A prompt, a text box with a counter, an Add button, and the author's own contributions."""

    def __init__(self, prompts: Sequence[Mapping[str, str]], *, on_add: Callable[[int, str], None],
                 on_edit: Callable[[int, str], None], on_withdraw: Callable[[int], None],
                 language: str = "en", limit: int = MAX_CONTRIBUTION_CHARS, **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.prompts, self.language, self.limit = list(prompts), language, limit
        self._on_add, self._on_edit, self._on_withdraw = on_add, on_edit, on_withdraw
        self.editing: int | None = None
        self._confirming: int | None = None
        self.prompt_choice = widgets.ToggleButtons(layout=full_width())
        self.prompt_text = widgets.HTML()
        self.text = widgets.Textarea(continuous_update=True, rows=3, layout=full_width())
        self.text.add_class("wb-contribution-input")
        self.counter = widgets.HTML()
        self.add_button = widgets.Button(button_style="primary")
        self.cancel_button = widgets.Button(layout=widgets.Layout(display="none"))
        self.message = widgets.HTML()
        self.mine_heading = widgets.HTML()
        self.mine = widgets.VBox(layout=full_width())
        self.edit_buttons: dict[int, widgets.Button] = {}
        self.withdraw_buttons: dict[int, widgets.Button] = {}
        self.items: list[Mapping] = []
        self.text.observe(self._count, names="value")
        self.prompt_choice.observe(self._show_prompt, names="value")
        self.add_button.on_click(self._submit)
        self.cancel_button.on_click(lambda _: self._stop_editing())
        self.children = [self.prompt_choice, self.prompt_text, self.text, self.counter,
                         widgets.HBox([self.add_button, self.cancel_button]), self.message,
                         self.mine_heading, self.mine]
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        _ = translator(language)
        many = len(self.prompts) > 1
        self.prompt_choice.options = [(_("Prompt %(n)d") % {"n": i + 1}, i) for i in range(len(self.prompts))]
        self.prompt_choice.layout.display = "flex" if many else "none"
        self.text.placeholder = _("Write here…")
        self.cancel_button.description = _("Cancel")
        self.mine_heading.value = f"<h3>{html.escape(_('What you wrote'))}</h3>"
        self._show_prompt()
        self._count()
        items, self.items = self.items, []
        self.show(items)

    def _show_prompt(self, *_):
        index = self.prompt_choice.value or 0
        if self.prompts:
            self.prompt_text.value = f'<p class="wb-prompt">{html.escape(pick(self.prompts[index], self.language))}</p>'

    def _count(self, *_):
        _ = translator(self.language)
        n = len(self.text.value.strip())
        over = n > self.limit
        self.counter.value = (f'<span class="wb-counter{" wb-over" if over else ""}">'
                              + html.escape(_("%(n)d of %(limit)d characters") % {"n": n, "limit": self.limit})
                              + "</span>")
        self.add_button.description = _("Save changes") if self.editing else _("Add")

    def _say(self, text: str, error: bool = False) -> None:
        css = "wb-error" if error else "wb-ok"
        self.message.value = f'<p class="{css}" role="status">{html.escape(text)}</p>'

    def _submit(self, _button=None):
        _ = translator(self.language)
        try:
            if self.editing is not None:
                self._on_edit(self.editing, self.text.value)
                done = _("Your changes are saved.")
            else:
                self._on_add(self.prompt_choice.value or 0, self.text.value)
                done = _("Saved. You may add another.")
        except WorkbenchError as refusal:
            return self._say(refusal_text(refusal, self.language), error=True)
        self._stop_editing()
        self._say(done)

    def _stop_editing(self):
        self.editing = None
        self.text.value = ""
        self.cancel_button.layout.display = "none"
        self._count()

    def start_editing(self, contribution_id: int) -> None:
        item = next(i for i in self.items if i["id"] == contribution_id)
        self.editing = contribution_id
        self.prompt_choice.value = item.get("prompt", 0) if self.prompts else None
        self.text.value = item["text"]
        self.cancel_button.layout.display = "flex"
        self._count()

    def withdraw(self, contribution_id: int) -> None:
        """First tap asks to confirm; the second withdraws."""
        _ = translator(self.language)
        if self._confirming != contribution_id:
            self._confirming = contribution_id
            self.withdraw_buttons[contribution_id].description = _("Tap again to withdraw")
            return
        self._confirming = None
        try:
            self._on_withdraw(contribution_id)
        except WorkbenchError as refusal:
            return self._say(refusal_text(refusal, self.language), error=True)
        self._say(_("Withdrawn: your words were deleted."))

    def show(self, items: Sequence[Mapping]) -> None:
        """Show the author's contributions (``id``, ``text``, ``prompt``, optional ``note``)."""
        _ = translator(self.language)
        if [dict(i) for i in items] == [dict(i) for i in self.items] and self.mine.children:
            return
        self.items = list(items)
        for row in self.mine.children:
            close_tree(row)
        self.edit_buttons, self.withdraw_buttons, rows = {}, {}, []
        for item in self.items:
            edit = widgets.Button(description=_("Edit"))
            withdraw = widgets.Button(description=_("Withdraw"))
            edit.on_click(lambda _b, cid=item["id"]: self.start_editing(cid))
            withdraw.on_click(lambda _b, cid=item["id"]: self.withdraw(cid))
            self.edit_buttons[item["id"]], self.withdraw_buttons[item["id"]] = edit, withdraw
            note = f'<br><small class="wb-note">{html.escape(item["note"])}</small>' if item.get("note") else ""
            rows.append(widgets.VBox([widgets.HTML(f'<p class="wb-mine">{html.escape(item["text"])}{note}</p>'),
                                      widgets.HBox([edit, withdraw])], layout=full_width()))
        self.mine.children = rows
