"""PollForm: the facilitator's form to create a poll. Knows no store: it is given the sources
to choose from and ``on_create(spec)``, which raises a WorkbenchError to refuse."""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import translator
from workbench.polls.labels import method_names
from workbench.ui.style import full_width


class PollForm(widgets.VBox):
    """Title, items (a part of the plan, a list, or typed in), method and its parameters,
    "hidden until close" (on by default), and optional opening and closing times."""

    def __init__(self, sources: Sequence[tuple[str, str]], on_create: Callable[[dict], str],
                 language: str = "en", **kwargs):
        super().__init__(layout=full_width(), **kwargs)
        self.add_class("wb-poll-form")
        self._on_create, self.language = on_create, language
        _ = translator(language)
        def wide() -> dict:   # a Layout of its own for each field: hiding one must not hide the others
            return {"layout": full_width(), "style": {"description_width": "initial"}}
        self.title = widgets.Text(description=_("Title"), **wide())
        self.source = widgets.Dropdown(options=[*sources, (_("Items typed in (one per line)"), "typed")],
                                       description=_("Items"), **wide())
        self.lines = widgets.Textarea(placeholder=_("One item per line"), rows=5, layout=full_width(display="none"))
        self.method = widgets.Dropdown(options=[(n, m) for m, n in method_names(language).items()],
                                       value="dots", description=_("Method"), **wide())
        self.budget = widgets.BoundedIntText(value=10, min=1, max=1000, description=_("Dots per person"), **wide())
        self.max_per_item = widgets.BoundedIntText(value=3, min=1, max=1000, description=_("Most dots on one item"),
                                                   **wide())
        self.max_score = widgets.BoundedIntText(value=5, min=1, max=100, description=_("Highest score"), **wide())
        self.hidden = widgets.Checkbox(value=True, indent=False,
                                       description=_("Hide results until the poll closes (cannot be lifted once open)"))
        self.opens_at = widgets.DatetimePicker(description=_("Opens at (optional)"), **wide())
        self.closes_at = widgets.DatetimePicker(description=_("Closes at (optional)"), **wide())
        self.create_button = widgets.Button(description=_("Create the poll"), button_style="primary",
                                            layout=full_width())
        self.create_button.add_class("wb-create")
        self.message = widgets.HTML()
        self.message.add_class("wb-message")
        self.source.observe(self._show_fields, names="value")
        self.method.observe(self._show_fields, names="value")
        self.create_button.on_click(self._create)
        self.children = [self.title, self.source, self.lines, self.method, self.budget, self.max_per_item,
                         self.max_score, self.hidden, self.opens_at, self.closes_at, self.create_button,
                         self.message]
        self._show_fields()

    def _show_fields(self, *_):
        self.lines.layout.display = "flex" if self.source.value == "typed" else "none"
        for field, method in ((self.budget, "dots"), (self.max_per_item, "dots"), (self.max_score, "score")):
            field.layout.display = "flex" if self.method.value == method else "none"

    def spec(self) -> dict:
        """What the form says, as ``on_create`` receives it."""
        method = self.method.value
        params = ({"budget": self.budget.value, "max_per_item": self.max_per_item.value} if method == "dots"
                  else {"max_score": self.max_score.value} if method == "score" else {})
        return {"title": {self.language: self.title.value}, "source": self.source.value,
                "lines": self.lines.value.splitlines(), "method": method, "params": params,
                "hidden_until_close": self.hidden.value, "opens_at": self.opens_at.value,
                "closes_at": self.closes_at.value}

    def _create(self, *_):
        try:
            done = self._on_create(self.spec())
        except WorkbenchError as refusal:
            self.message.value = f'<p class="wb-error" role="alert">{html.escape(str(refusal))}</p>'
            return
        self.message.value = f"<p>{html.escape(done)}</p>"
        self.title.value = ""
