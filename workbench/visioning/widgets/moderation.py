"""The facilitator's view of contributions: a table, and a panel to hide, merge and tag them.

``contributions_table`` is the one place contributions become HTML for the facilitator (every
text escaped). ModerationPanel knows no store: its callbacks act and raise a WorkbenchError to
refuse.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import translator
from workbench.visioning.rules import is_visible
from workbench.visioning.widgets.interpret_panel import preview
from workbench.ui.style import full_width


def contributions_table(items: Sequence[Mapping], counts: Mapping[int, Mapping], sessions: Mapping[int, str],
                        language: str = "en", theme_names: Mapping[str, str] | None = None) -> str:
    """An HTML table: number, session, language, text (and translation), tags, state, reactions."""
    _ = translator(language)
    e = html.escape
    theme_names = theme_names or {}
    head = [_("No."), _("Session"), _("Language"), _("Text"), _("Tags"), _("State"),
            _("Agree"), _("Disagree"), _("Pass")]
    rows = []
    for item in items:
        translated = item.get("translations", {}).get(language) if item["language"] != language else None
        text = e(item["text"]) + (f'<br><small class="wb-translation">{e(translated)}</small>' if translated else "")
        state = (_("hidden: %(reason)s") % {"reason": item["hidden_reason"]} if item.get("hidden_reason")
                 else _("merged into %(n)d") % {"n": item["merged_into"]} if item.get("merged_into") else "")
        tags = ", ".join(theme_names.get(tag, tag) for tag in item.get("tags", []))
        count = counts.get(item["id"], {})
        css = "" if is_visible(item) else ' class="wb-set-aside"'
        rows.append(f"<tr{css}><td>{item['id']}</td><td>{e(sessions.get(item['session_id'], ''))}</td>"
                    f"<td>{e(item['language'])}</td><td class=\"wb-text\">{text}</td><td>{e(tags)}</td>"
                    f"<td>{e(state)}</td><td>{count.get('agree', 0)}</td><td>{count.get('disagree', 0)}</td>"
                    f"<td>{count.get('passed', 0)}</td></tr>")
    if not rows:
        return "<p>" + e(_("No contributions yet.")) + "</p>"
    return ('<table class="wb-table"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in head)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


class ModerationPanel(widgets.VBox):
    """Pick a contribution; hide it (with a reason) or show it; merge it into another; tag it."""

    def __init__(self, actions: Mapping[str, Callable], *, language: str = "en", **kwargs):
        """``actions`` maps ``hide(id, reason)``, ``show(id)``, ``merge(id, target)``,
        ``unmerge(id)``, ``tag(id, tag)`` and ``untag(id, tag)`` to callables."""
        super().__init__(layout=full_width(), **kwargs)
        self.actions, self.language = actions, language
        _ = translator(language)
        self.contribution = widgets.Dropdown(description=_("Contribution"), layout=full_width())
        self.reason = widgets.Text(description=_("Reason"), placeholder=_("Why it is hidden (kept in the record)"),
                                   layout=full_width())
        self.hide_button = widgets.Button(description=_("Hide"), button_style="warning")
        self.show_button = widgets.Button(description=_("Show again"))
        self.target = widgets.Dropdown(description=_("Duplicate of"), layout=full_width())
        self.merge_button = widgets.Button(description=_("Merge"))
        self.unmerge_button = widgets.Button(description=_("Undo merge"))
        self.tag = widgets.Combobox(description=_("Tag"), placeholder=_("a theme or a free tag"),
                                    ensure_option=False, layout=full_width())
        self.tag_button = widgets.Button(description=_("Add tag"))
        self.untag_button = widgets.Button(description=_("Remove tag"))
        self.message = widgets.HTML()
        wiring = [(self.hide_button, "hide", lambda: (self.reason.value,)), (self.show_button, "show", tuple),
                  (self.merge_button, "merge", lambda: (self.target.value,)), (self.unmerge_button, "unmerge", tuple),
                  (self.tag_button, "tag", lambda: (self._tag_value(),)),
                  (self.untag_button, "untag", lambda: (self._tag_value(),))]
        for button, name, extra in wiring:
            button.on_click(lambda _b, n=name, x=extra: self._act(n, *x()))
        self._theme_tags: dict[str, str] = {}
        self.children = [self.contribution, self.reason, widgets.HBox([self.hide_button, self.show_button]),
                         self.target, widgets.HBox([self.merge_button, self.unmerge_button]),
                         self.tag, widgets.HBox([self.tag_button, self.untag_button]), self.message]

    def show(self, items: Sequence[Mapping], tags: Sequence[str], theme_names: Mapping[str, str]) -> None:
        """Offer ``items`` (keeping the current choice) and the known tags (themes by name)."""
        options = [(f"{item['id']} · {preview(item['text'], 50)}", item["id"]) for item in items]
        for dropdown in (self.contribution, self.target):
            chosen = dropdown.value
            dropdown.options = options
            values = [value for _, value in options]
            dropdown.value = chosen if chosen in values else (values[0] if values else None)
        self._theme_tags = {name: tag for tag, name in theme_names.items()}
        self.tag.options = list(theme_names.values()) + [t for t in tags if t not in theme_names]

    def _tag_value(self) -> str:
        return self._theme_tags.get(self.tag.value, self.tag.value)

    def _act(self, name: str, *args) -> None:
        _ = translator(self.language)
        if self.contribution.value is None:
            return
        try:
            self.actions[name](self.contribution.value, *args)
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error">{html.escape(str(refusal))}</p>'
            return
        self.message.value = f'<p class="wb-ok">{html.escape(_("Done."))}</p>'
        if name == "hide":
            self.reason.value = ""
