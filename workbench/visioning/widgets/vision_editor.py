"""VisionEditor: pick contributions into a draft of the shared vision, edit it, keep versions,
export it.

Knows no store: ``compose(ids) -> text`` drafts from the picks, ``save(name, text, ids) -> draft``
stores a version, ``load(draft_id) -> draft`` (with ``text`` and ``sources``) reads one back, and
``export(draft_id) -> (markdown, html)`` renders it; each may raise a WorkbenchError.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import translator
from workbench.visioning.widgets.interpret_panel import preview
from workbench.ui.downloads import download_link
from workbench.ui.style import full_width


class VisionEditor(widgets.VBox):
    """Picks → composed text → edited → saved as version N → exported."""

    def __init__(self, actions: Mapping[str, Callable], *, language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.actions, self.language = actions, language
        _ = translator(language)
        self.picks = widgets.SelectMultiple(description=_("Picks"), rows=10, layout=full_width())
        self.compose_button = widgets.Button(description=_("Compose from the picks"))
        self.name = widgets.Text(value=_("Shared vision"), description=_("Name"), layout=full_width())
        self.text = widgets.Textarea(rows=14, layout=full_width())
        self.save_button = widgets.Button(description=_("Save as a new version"), button_style="primary")
        self.versions = widgets.Dropdown(description=_("Versions"), layout=full_width())
        self.load_button = widgets.Button(description=_("Open this version"))
        self.exports = widgets.HTML()
        self.message = widgets.HTML()
        self.compose_button.on_click(self._compose)
        self.save_button.on_click(self._save)
        self.load_button.on_click(self._load)
        self.picks.add_class("wb-vision-picks")
        self.name.add_class("wb-vision-name")
        self.text.add_class("wb-vision-text")
        self.exports.add_class("wb-vision-exports")
        help_text = _("Pick the contributions the vision draws on (those a clear majority agrees with come "
                      "first), compose, then edit the text freely. Every save keeps a new version.")
        self.children = [widgets.HTML(f'<p class="wb-note">{html.escape(help_text)}</p>'), self.picks,
                         self.compose_button, self.name, self.text, self.save_button, self.message,
                         self.versions, self.load_button, self.exports]

    def show(self, items: Sequence[Mapping], drafts: Sequence[Mapping]) -> None:
        """Offer ``items`` to pick (``id``, ``text``, optional ``star``) and the saved ``drafts``."""
        chosen = set(self.picks.value)
        options = [(("★ " if item.get("star") else "") + f"{item['id']} · {preview(item['text'], 70)}", item["id"])
                   for item in items]
        self.picks.options = options
        self.picks.value = tuple(v for _, v in options if v in chosen)
        current = self.versions.value
        self.versions.options = [(f"{d['name']} · v{d['version']} · {d['created_at']}", d["id"]) for d in drafts]
        ids = [d["id"] for d in drafts]
        self.versions.value = current if current in ids else (ids[0] if ids else None)

    def _run(self, name: str, *args):
        try:
            return self.actions[name](*args)
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error">{html.escape(str(refusal))}</p>'
            return None

    def _compose(self, _button=None):
        text = self._run("compose", list(self.picks.value))
        if text is not None:
            self.text.value = text

    def _save(self, _button=None):
        _ = translator(self.language)
        draft = self._run("save", self.name.value, self.text.value, list(self.picks.value))
        if draft is not None:
            self.message.value = f'<p class="wb-ok">{html.escape(_("Saved as version %(n)d.") % {"n": draft["version"]})}</p>'
            self._show_exports(draft)

    def _load(self, _button=None):
        if self.versions.value is None:
            return
        draft = self._run("load", self.versions.value)
        if draft is not None:
            self.name.value, self.text.value = draft["name"], draft["text"]
            known = {value for _, value in self.picks.options}
            self.picks.value = tuple(cid for cid in draft["sources"] if cid in known)
            self._show_exports(draft)

    def _show_exports(self, draft: Mapping) -> None:
        _ = translator(self.language)
        rendered = self._run("export", draft["id"])
        if rendered is None:
            return
        markdown, page = rendered
        stem = f"vision-v{draft['version']}"
        self.exports.value = (f"<p>{html.escape(_('Export version %(n)d:') % {'n': draft['version']})} "
                              + download_link(markdown, f"{stem}.md", "text/markdown", "Markdown") + " · "
                              + download_link(page, f"{stem}.html", "text/html", "HTML") + "</p>")
