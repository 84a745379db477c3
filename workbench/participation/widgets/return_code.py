"""ReturnCodeCard: right after joining, at the top of the page, the person's return code, a
"copy" button, what the code is for, and her choice to be remembered on this phone.

Remembering is off by default (phones are shared): with it on, the page keeps the return code
in a cookie of this phone for the length of a meeting day, and a reload or a dropped connection
brings her back without typing anything; off, nothing is kept and the code is how she comes back.
``on_remember(bool)`` receives each change of that choice.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from workbench.core.i18n import translator
from workbench.ui.style import full_width

CSS = """<style>
.wb-return-card { border: 2px solid #0b5394; border-radius: 6px; padding: 2px 10px; margin: 4px 0 6px; }
.wb-return-card p { margin: 4px 0; line-height: 1.35; }
.wb-return-card .wb-return-code-value { font: 700 1.25em monospace; letter-spacing: .1em; margin-right: 8px; }
.wb-return-card button.wb-copy { min-height: 44px; min-width: 64px; font-size: 16px; vertical-align: middle; }
.wb-return-card .wb-remember, .wb-return-card .wb-remember .widget-label-basic { height: auto; }
.wb-return-card .wb-remember .widget-label-basic span { white-space: normal; overflow: visible; line-height: 1.3;
  font-size: 16px; }
</style>"""


class ReturnCodeCard(widgets.VBox):
    """The return code, a copy button, one plain sentence, and "remember me on this phone"."""

    def __init__(self, code: str, on_remember: Callable[[bool], None], *, language: str = "en"):
        super().__init__(layout=full_width())
        self.add_class("wb-return-card")
        self.code, self._on_remember = code, on_remember
        self.text = widgets.HTML(layout=full_width())
        self.text.add_class("wb-return-code")
        self.remember = widgets.Checkbox(value=False, indent=False, layout=full_width())
        self.remember.add_class("wb-remember")
        self.remember.observe(lambda change: self._on_remember(bool(change["new"])), names="value")
        self.children = [widgets.HTML(CSS), self.text, self.remember]
        self.relabel(language)

    def relabel(self, language: str) -> None:
        _ = translator(language)
        code = "".join(ch for ch in self.code if ch.isalnum() or ch == "-")   # never anything but the code
        sentence = _("Your return code is %(code)s. Write it down or take a photo: with it you can come back "
                     "to your work later, on any phone.") % {"code": code}
        copy, copied = _("Copy"), _("Copied")
        self.text.value = (
            f'<p role="status">{html.escape(sentence)}</p>'
            f'<p><span class="wb-return-code-value">{html.escape(code)}</span>'
            f'<button type="button" class="wb-copy" data-done="{html.escape(copied)}" '
            # execCommand works on plain http too (the clipboard API needs https)
            f"onclick=\"const t = document.createElement('textarea'); t.value = '{code}'; "
            f"document.body.appendChild(t); t.select(); document.execCommand('copy'); t.remove(); "
            f'this.textContent = this.dataset.done;">{html.escape(copy)}</button></p>')
        self.remember.description = _("Remember me on this phone (only if no one else uses it)")
