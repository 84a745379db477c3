"""InterpretPanel: an interpreter (or the facilitator) translates a contribution.

Above the form, what readers asked to have translated: most requested first, with the languages
asked for and how many readers asked (never who); those come first in the choice too, and
choosing one picks its most requested language. Knows no store: ``on_translate(id, language,
text)`` saves, raising a WorkbenchError to refuse. Option labels are plain text (a Dropdown
renders no HTML), so people's words are safe there.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import LANGUAGES, plural_translator, refusal as refusal_text, translator
from workbench.ui.style import full_width


def preview(text: str, width: int = 60) -> str:
    """One line of at most ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


#: How many waiting contributions the list shows (the rest are counted, and first in the choice).
WAITING_SHOWN = 10


class InterpretPanel(widgets.VBox):
    """Pick a contribution and a language, write the translation, save."""

    def __init__(self, *, on_translate: Callable[[int, str, str], None], language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self._on_translate, self.language = on_translate, language
        self.items: dict[int, Mapping] = {}
        self.waiting: dict[int, Mapping] = {}
        self._quiet = False
        self.heading = widgets.HTML()
        self.waiting_list = widgets.HTML(layout=full_width())
        self.waiting_list.add_class("wb-waiting")
        self.contribution = widgets.Dropdown(layout=full_width())
        self.original = widgets.HTML(layout=full_width())
        self.target = widgets.Dropdown(options=[(name, tag) for tag, name in LANGUAGES.items()],
                                       value=language if language in LANGUAGES else "en")
        self.text = widgets.Textarea(rows=3, layout=full_width())
        self.save_button = widgets.Button(button_style="primary")
        self.message = widgets.HTML()
        self.contribution.observe(self._pick_target, names="value")
        self.contribution.observe(self._show_original, names="value")
        self.target.observe(self._show_original, names="value")
        self.save_button.on_click(self._save)
        self.children = [self.heading, self.waiting_list, self.contribution, self.original, self.target,
                         self.text, self.save_button, self.message]
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        _ = translator(language)
        self.heading.value = "<h3>" + html.escape(_("Interpret")) + "</h3>"
        self.contribution.description = _("Contribution")
        self.target.description = _("Into")
        self.text.placeholder = _("Translation")
        self.save_button.description = _("Save the translation")
        self._show_waiting()

    def show(self, items: Sequence[Mapping], waiting: Sequence[Mapping] = ()) -> None:
        """Offer ``items`` (``id``, ``text``, ``language``, ``translations``), keeping the choice.
        ``waiting`` (``id``, ``language``, ``text``, ``requests``: {language: readers who asked},
        ``waiting``: their sum), most requested first: listed above, and first in the choice
        (those not among ``items`` are left out)."""
        self.items = {item["id"]: item for item in items}
        self.waiting = {item["id"]: item for item in waiting if item["id"] in self.items}
        order = [*self.waiting, *(cid for cid in self.items if cid not in self.waiting)]
        chosen = self.contribution.value
        keep = chosen if chosen in self.items else next(iter(order), None)
        options = [(self._label(self.items[cid]), cid) for cid in order]
        self._quiet = True     # new options pass through their first one: not a choice
        try:
            if list(self.contribution.options) != options:
                self.contribution.options = options
            self.contribution.value = keep
        finally:
            self._quiet = False
        if keep != chosen:
            self._pick_target()
            self._show_original()
        else:                  # the same choice: what is being typed stays (the list follows live)
            self._show_original(keep_text=True)
        self._show_waiting()

    def _label(self, item: Mapping) -> str:
        asked = self.waiting.get(item["id"], {}).get("requests", {})
        wanted = f" → {', '.join(asked)}" if asked else ""
        return f"{item['id']} · {item['language']}{wanted} · {preview(item['text'])}"

    def _show_waiting(self) -> None:
        _, ngettext = translator(self.language), plural_translator(self.language)
        waiting = list(self.waiting.values())
        title = "<h4>" + html.escape(_("Waiting for a translation")) + "</h4>"
        if not waiting:
            self.waiting_list.value = title + '<p class="wb-note">' + html.escape(
                _("Nothing is waiting for a translation.")) + "</p>"
            return
        rows = []
        for item in waiting[:WAITING_SHOWN]:
            asked = ", ".join(f"{LANGUAGES.get(tag, tag)} ({n})" for tag, n in item["requests"].items())
            count = ngettext("%(n)d request", "%(n)d requests", item["waiting"]) % {"n": item["waiting"]}
            rows.append(f'<li><b>{html.escape(count)}</b> · {html.escape(asked)}<br>'
                        f'<span class="wb-note">{item["id"]} · {html.escape(item["language"])} · '
                        f'</span><span lang="{html.escape(item["language"])}">'
                        f'{html.escape(preview(item["text"]))}</span></li>')
        more = len(waiting) - WAITING_SHOWN
        after = ('<p class="wb-note">' + html.escape(ngettext(
            "%(n)d more is waiting.", "%(n)d more are waiting.", more) % {"n": more}) + "</p>" if more > 0 else "")
        self.waiting_list.value = f"{title}<ol>{''.join(rows)}</ol>{after}"

    def _pick_target(self, _change=None) -> None:
        """Choosing a waiting contribution picks its most requested language (unless the one
        chosen is asked for too)."""
        if self._quiet:
            return
        asked = self.waiting.get(self.contribution.value, {}).get("requests", {})
        if asked and self.target.value not in asked:
            first = next(iter(asked))
            if first in [tag for _name, tag in self.target.options]:
                self.target.value = first

    def _show_original(self, *_change, keep_text: bool = False):
        """The chosen contribution's words; and in the box, its translation into the chosen
        language if there is one (not when ``keep_text``: the box keeps what is typed)."""
        if self._quiet:
            return
        item = self.items.get(self.contribution.value)
        if item is None:
            self.original.value = ""
            return
        self.original.value = (f'<blockquote class="wb-quote" lang="{html.escape(item["language"])}">'
                               f'{html.escape(item["text"])}</blockquote>')
        if not keep_text:
            self.text.value = item.get("translations", {}).get(self.target.value, "")

    def _save(self, _button=None):
        _ = translator(self.language)
        if self.contribution.value is None:
            return
        try:
            self._on_translate(self.contribution.value, self.target.value, self.text.value)
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error">{html.escape(refusal_text(refusal, self.language))}</p>'
            return
        self.message.value = f'<p class="wb-ok">{html.escape(_("Translation saved."))}</p>'
